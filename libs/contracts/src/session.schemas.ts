import { uuid } from './ids';
import { z } from 'zod';
import { ROLES } from './roles';
import { StorableText } from './storable-text';
import { UserSchema } from './users.schemas';

export const LoginSchema = z.strictObject({
  username: StorableText.trim().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(256).refine((v) => v.isWellFormed(), 'must be valid Unicode (it holds half of a surrogate pair)'),
});
export type Login = z.infer<typeof LoginSchema>;

export const LoginResultSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  csrf_token: z.string(),
  user: UserSchema,
});
export type LoginResult = z.infer<typeof LoginResultSchema>;

/** What the gateway learns about a token's user on every request: the live state, not the token's. */
export const SessionUserSchema = z.object({
  id: uuid(),
  username: z.string(),
  role: z.enum(ROLES),
  assigned_es_server_id: z.string().nullable(),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

/** Ask whether a token's session is live. `jti` is checked against the revoked tokens when present. */
export const VerifySessionSchema = z.object({ user_id: uuid(), issued_at_ms: z.number().int(), jti: uuid().optional(), session_version: z.number().int().nonnegative().optional() });

/** The caller's own access token, whole: auth-service checks its signature and owner before revoking it. */
export const LogoutSchema = z.object({ access_token: z.string().min(1).max(8192) });
export const LogoutResultSchema = z.object({
  /** False when the token had nothing to revoke: already expired, or issued without a `jti`. */
  revoked: z.boolean(),
});
/** Every session of the account ended: every token issued before is refused, this one too. */
export const LogoutAllResultSchema = z.object({ ended: z.literal(true) });

export const JwkSchema = z.object({
  kty: z.literal('RSA'),
  kid: z.string(),
  use: z.literal('sig'),
  alg: z.literal('RS256'),
  n: z.string(),
  e: z.string(),
});
export const JwksSchema = z.object({ keys: z.array(JwkSchema) });
export type Jwks = z.infer<typeof JwksSchema>;

/** Claims of our access tokens. `csrf` binds the CSRF header to this very token. */
export interface AccessTokenClaims {
  sub: string;
  username: string;
  role: (typeof ROLES)[number];
  csrf: string;
  /** Issue time in milliseconds: `iat` has whole seconds, too coarse to order a token and a password change. */
  iat_ms: number;
  /**
   * The account's session cut-off (`tokens_valid_after` in ms, 0 for none) as the login read it with
   * the password: a password change or deactivation moves it, so a sign-in that read the old
   * password a moment before the change committed gets a token that is refused, whenever it was issued.
   * Absent on tokens issued before it existed (their issue time is compared instead).
   */
  sv?: number;
  /** Names this token so logout can revoke it alone. Absent on tokens issued before logout could revoke. */
  jti?: string;
  iat: number;
  exp: number;
}

import type { AccessTokenClaims, Caller, SessionUser } from '@intake/contracts';

/** The signed-in user attached to a request: live state from auth-service, not the token's claims. */
export type AuthUser = SessionUser;

export const AUTH_COOKIE = 'intake_token';
export const CSRF_COOKIE = 'intake_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function callerOf(user: AuthUser): Caller {
  return { userId: user.id, role: user.role };
}

/** What a session check reads from a token: whose it is, when it was issued, and its id (for logout). */
export type SessionClaims = Pick<AccessTokenClaims, 'sub' | 'iat' | 'iat_ms' | 'jti' | 'sv'>;

/**
 * Looks up a token's user on every request, so deactivation, deletion, role changes and logout apply
 * at once. It takes the claims, not a user id, so no caller can forget the token's `jti`.
 */
export interface SessionVerifier {
  verify(claims: SessionClaims): Promise<SessionUser>;
}
export const SESSION_VERIFIER = Symbol('SESSION_VERIFIER');

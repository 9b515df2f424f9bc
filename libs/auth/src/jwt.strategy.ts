import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { type AccessTokenClaims, AppError } from '@intake/contracts';
import type { Request } from 'express';
import { decode } from 'jsonwebtoken';
import { timingSafeEqual } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AUTH_COOKIE, type AuthUser, CSRF_HEADER, SESSION_VERIFIER, type SessionClaims, type SessionVerifier } from './auth-user';
import { JwksKeyStore } from './jwks-key-store';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const fromBearer = ExtractJwt.fromAuthHeaderAsBearerToken();

function tokenFromCookie(req: Request): string | null {
  const cookies = (req as Request & { cookies?: Record<string, string> }).cookies;
  return cookies?.[AUTH_COOKIE] ?? null;
}

/** Where a request's access token is read from: the Bearer header first, else the cookie. */
export const accessTokenOf: (req: Request) => string | null = ExtractJwt.fromExtractors([fromBearer, tokenFromCookie]);

/** Where JwtStrategy leaves the claims it verified, for handlers that need more than the user. */
const VERIFIED_CLAIMS = Symbol('verifiedClaims');
type WithClaims = Request & { [VERIFIED_CLAIMS]?: AccessTokenClaims };

/** The verified claims of the token this request was authenticated with (e.g. `exp`, for a long-lived stream). */
export function verifiedClaimsOf(req: Request): AccessTokenClaims | null {
  return (req as WithClaims)[VERIFIED_CLAIMS] ?? null;
}

/** The issue time auth-service compares with the account's last password change. */
export function issuedAtMsOf(claims: Pick<SessionClaims, 'iat' | 'iat_ms'>): number {
  return claims.iat_ms ?? claims.iat * 1000;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** RS256 only: `none`, HS256 with the public key as secret, and every other algorithm are refused. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(JwksKeyStore) keys: JwksKeyStore,
    @Inject(SESSION_VERIFIER) private readonly sessions: SessionVerifier,
  ) {
    super({
      jwtFromRequest: accessTokenOf,
      algorithms: ['RS256'],
      ignoreExpiration: false,
      passReqToCallback: true,
      secretOrKeyProvider: (_req: Request, rawJwt: string, done: (err: unknown, key?: string) => void) => {
        const header = decode(rawJwt, { complete: true })?.header;
        if (!header) return done(new AppError('UNAUTHENTICATED', 'The token is malformed: it is not a JWT; sign in again'));
        if (header.alg !== 'RS256') return done(new AppError('UNAUTHENTICATED', 'Token algorithm must be RS256'));
        keys.getKey(header.kid).then(
          // jsonwebtoken 9 verifies with a KeyObject as it is (a PEM it parses anew on every request, which
          // costs more than the verification); passport-jwt passes it through, only its types say string.
          (key) => done(null, key as unknown as string),
          (error: unknown) => done(error),
        );
      },
    });
  }

  async validate(req: Request, claims: AccessTokenClaims): Promise<AuthUser> {
    // auth-service signs every token with an expiry; one without would never end (verify only checks one that is there).
    if (typeof claims.exp !== 'number') throw new AppError('UNAUTHENTICATED', 'The token has no expiry; sign in again');
    // Any other Authorization header (Basic, garbage) falls back to the cookie, so it needs CSRF too.
    const fromCookie = !fromBearer(req);
    if (fromCookie && !SAFE_METHODS.has(req.method)) {
      const header = req.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !claims.csrf || !sameSecret(header, claims.csrf)) {
        throw new AppError('CSRF_TOKEN_INVALID', `Cookie-authenticated ${req.method} requests need the ${CSRF_HEADER} header from login`);
      }
    }
    const user = await this.sessions.verify(claims);
    (req as WithClaims)[VERIFIED_CLAIMS] = claims;
    return user;
  }
}

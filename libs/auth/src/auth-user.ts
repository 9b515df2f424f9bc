import type { Caller, SessionUser } from '@intake/contracts';

/** The signed-in user attached to a request: live state from auth-service, not the token's claims. */
export type AuthUser = SessionUser;

export const AUTH_COOKIE = 'intake_token';
export const CSRF_COOKIE = 'intake_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function callerOf(user: AuthUser): Caller {
  return { userId: user.id, role: user.role };
}

/** Looks up a token's user on every request, so deactivation, deletion and role changes apply at once. */
export interface SessionVerifier {
  verify(userId: string, issuedAtMs: number): Promise<SessionUser>;
}
export const SESSION_VERIFIER = Symbol('SESSION_VERIFIER');

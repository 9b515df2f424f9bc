import { Injectable } from '@nestjs/common';
import { AppError, type Caller, type Jwks, type LoginResult, type SessionUser } from '@intake/contracts';
import { PasswordHasher } from '../users/password-hasher';
import { toUserDto, type UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { LoginLockout } from './login-lockout';
import { RevokedTokensRepository } from './revoked-tokens.repository';
import { TokenSigner } from './token-signer';

const BAD_CREDENTIALS = 'Invalid username or password';

@Injectable()
export class SessionService {
  constructor(
    private readonly users: UsersRepository,
    private readonly lockout: LoginLockout,
    private readonly hasher: PasswordHasher,
    private readonly signer: TokenSigner,
    private readonly revokedTokens: RevokedTokensRepository,
  ) {}

  async login(username: string, password: string, ip: string | null): Promise<LoginResult> {
    const user = await this.users.findForLogin(username);
    // Lower case can be longer than what was typed (İ lowers to two characters): cut to the column's length.
    const subject = { userId: user?.id ?? null, usernameKey: username.toLowerCase().slice(0, 254), ip };
    const valid = await this.lockout.guard(subject, async () => {
      // Verified even for an unknown name (against a decoy hash), so both take as long.
      const matches = await this.hasher.verify(user?.passwordHash ?? null, password);
      return Boolean(user) && matches;
    });
    if (!user || !valid) throw new AppError('INVALID_CREDENTIALS', BAD_CREDENTIALS);
    // Checked after the password so a guess cannot learn which accounts exist but are disabled.
    if (!user.isActive) throw new AppError('INVALID_CREDENTIALS', 'This account is deactivated; ask an administrator');
    await this.users.touchLastLogin(user.id);
    const { token, csrf } = this.signer.issue(sessionUserOf(user), cutOf(user));
    const fresh = (await this.users.findById(user.id)) ?? user;
    return { access_token: token, token_type: 'Bearer', expires_in: this.signer.expiresInSeconds, csrf_token: csrf, user: toUserDto(fresh) };
  }

  /**
   * `jti` is absent on tokens issued before logout could revoke them: those live until they expire.
   * `sessionVersion` (the cut-off the login read) must still be the account's: compared with the
   * issue time instead, a sign-in racing a password change could read the old password before the
   * change committed and issue its token after the new cut-off.
   */
  async verify(userId: string, issuedAtMs: number, jti: string | null, sessionVersion?: number): Promise<SessionUser> {
    const { user, revoked } = await this.users.findForSession(userId, jti);
    if (!user) throw new AppError('UNAUTHENTICATED', 'The account of this token no longer exists');
    if (!user.isActive) throw new AppError('UNAUTHENTICATED', 'The account of this token is deactivated');
    const ended = sessionVersion === undefined ? user.tokensValidAfter !== null && issuedAtMs < user.tokensValidAfter.getTime() : sessionVersion !== cutOf(user);
    if (ended) {
      throw new AppError('UNAUTHENTICATED', 'This session ended when the password was changed, the account deactivated or signed out everywhere; sign in again');
    }
    if (revoked) throw new AppError('UNAUTHENTICATED', 'This session was ended by logging out; sign in again');
    return sessionUserOf(user);
  }

  /**
   * Ends the session of one token, which must be the caller's own: the token itself is sent (not
   * just its id), so nobody can end a session whose token they do not hold.
   */
  async logout(caller: Caller, accessToken: string): Promise<{ revoked: boolean }> {
    const claims = this.signer.read(accessToken);
    if (!claims) return { revoked: false }; // expired: already refused everywhere
    if (claims.sub !== caller.userId) throw new AppError('FORBIDDEN', 'Only the user a token was issued to can end its session');
    if (!claims.jti) return { revoked: false };
    await this.revokedTokens.revoke({ jti: claims.jti, userId: claims.sub, expiresAt: new Date(claims.exp * 1000) });
    return { revoked: true };
  }

  /** A lost laptop, a shared computer left signed in: moves the account's session cut-off, as a new password does. */
  async logoutAll(caller: Caller): Promise<{ ended: true }> {
    await this.users.update(caller.userId, { endSessions: true });
    return { ended: true };
  }

  jwks(): Jwks {
    return this.signer.jwks;
  }
}

/** The account's session cut-off in ms, 0 for none. */
const cutOf = (user: Pick<UserEntity, 'tokensValidAfter'>): number => user.tokensValidAfter?.getTime() ?? 0;

function sessionUserOf(user: Pick<UserEntity, 'id' | 'username' | 'role' | 'assignedEsServerId'>): SessionUser {
  return { id: user.id, username: user.username, role: user.role, assigned_es_server_id: user.assignedEsServerId };
}

import { Injectable } from '@nestjs/common';
import { AppError, type Jwks, type LoginResult, type SessionUser } from '@intake/contracts';
import { PasswordHasher } from '../users/password-hasher';
import { toUserDto, type UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { LoginLockout } from './login-lockout';
import { TokenSigner } from './token-signer';

const BAD_CREDENTIALS = 'Invalid username or password';

@Injectable()
export class SessionService {
  constructor(
    private readonly users: UsersRepository,
    private readonly lockout: LoginLockout,
    private readonly hasher: PasswordHasher,
    private readonly signer: TokenSigner,
  ) {}

  async login(username: string, password: string, ip: string | null): Promise<LoginResult> {
    const user = await this.users.findForLogin(username);
    const subject = { userId: user?.id ?? null, usernameKey: username.toLowerCase(), ip };
    const valid = await this.lockout.guard(subject, async () => {
      // Verified even for an unknown name (against a decoy hash), so both take as long.
      const matches = await this.hasher.verify(user?.passwordHash ?? null, password);
      return Boolean(user) && matches;
    });
    if (!user || !valid) throw new AppError('INVALID_CREDENTIALS', BAD_CREDENTIALS);
    // Checked after the password so a guess cannot learn which accounts exist but are disabled.
    if (!user.isActive) throw new AppError('INVALID_CREDENTIALS', 'This account is deactivated; ask an administrator');
    await this.users.touchLastLogin(user.id);
    const { token, csrf } = this.signer.issue(sessionUserOf(user));
    const fresh = (await this.users.findById(user.id)) ?? user;
    return { access_token: token, token_type: 'Bearer', expires_in: this.signer.expiresInSeconds, csrf_token: csrf, user: toUserDto(fresh) };
  }

  async verify(userId: string, issuedAtMs: number): Promise<SessionUser> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'The account of this token no longer exists');
    if (!user.isActive) throw new AppError('UNAUTHENTICATED', 'The account of this token is deactivated');
    if (user.tokensValidAfter && issuedAtMs < user.tokensValidAfter.getTime()) {
      throw new AppError('UNAUTHENTICATED', 'This session ended when the password was changed; sign in again');
    }
    return sessionUserOf(user);
  }

  jwks(): Jwks {
    return this.signer.jwks;
  }

}

function sessionUserOf(user: UserEntity): SessionUser {
  return { id: user.id, username: user.username, role: user.role, assigned_es_server_id: user.assignedEsServerId };
}

import { Inject, Injectable } from '@nestjs/common';
import { AppError, type Jwks, type LoginResult, type SessionUser } from '@intake/contracts';
import { AUTH_CONFIG, type AuthServiceConfig } from '../config';
import { PasswordHasher } from '../users/password-hasher';
import { toUserDto, type UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { TokenSigner } from './token-signer';

const BAD_CREDENTIALS = 'Invalid username or password';

@Injectable()
export class SessionService {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthServiceConfig,
    private readonly users: UsersRepository,
    private readonly attempts: LoginAttemptsRepository,
    private readonly hasher: PasswordHasher,
    private readonly signer: TokenSigner,
  ) {}

  async login(username: string, password: string, ip: string | null): Promise<LoginResult> {
    const user = await this.users.findForLogin(username);
    const usernameKey = username.toLowerCase();
    if (user) await this.refuseWhileLocked(user.id);
    const valid = await this.hasher.verify(user?.passwordHash ?? null, password);
    if (!user || !valid) {
      await this.attempts.record({ userId: user?.id ?? null, usernameKey, succeeded: false, ip });
      throw new AppError('INVALID_CREDENTIALS', BAD_CREDENTIALS);
    }
    // Checked after the password so a guess cannot learn which accounts exist but are disabled.
    if (!user.isActive) throw new AppError('INVALID_CREDENTIALS', 'This account is deactivated; ask an administrator');
    await this.attempts.record({ userId: user.id, usernameKey, succeeded: true, ip });
    await this.users.touchLastLogin(user.id);
    const { token, csrf } = this.signer.issue(sessionUserOf(user));
    const fresh = (await this.users.findById(user.id)) ?? user;
    return { access_token: token, token_type: 'Bearer', expires_in: this.signer.expiresInSeconds, csrf_token: csrf, user: toUserDto(fresh) };
  }

  async verify(userId: string): Promise<SessionUser> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'The account of this token no longer exists');
    if (!user.isActive) throw new AppError('UNAUTHENTICATED', 'The account of this token is deactivated');
    return sessionUserOf(user);
  }

  jwks(): Jwks {
    return this.signer.jwks;
  }

  private async refuseWhileLocked(userId: string): Promise<void> {
    const { maxFailures, windowSeconds } = this.config.lockout;
    const failures = await this.attempts.recentFailures(userId, windowSeconds);
    if (failures.length < maxFailures) return;
    const unlockAt = failures[failures.length - maxFailures].getTime() + windowSeconds * 1000;
    const retryAfter = Math.max(1, Math.ceil((unlockAt - Date.now()) / 1000));
    throw new AppError('ACCOUNT_LOCKED', `Too many failed logins; try again in ${retryAfter} s`, { retry_after_seconds: retryAfter });
  }
}

function sessionUserOf(user: UserEntity): SessionUser {
  return { id: user.id, username: user.username, role: user.role, assigned_es_server_id: user.assignedEsServerId };
}

import { Injectable } from '@nestjs/common';
import { AppError } from '@intake/contracts';
import { LoginLockout } from '../session/login-lockout';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

/**
 * The signed-in user's own password, asked again before a change a borrowed session must not make
 * alone (the password, a sign-in name). Wrong guesses count like failed logins, so a stolen session
 * cannot brute-force the password here.
 */
@Injectable()
export class CurrentPassword {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly lockout: LoginLockout,
  ) {}

  /** `purpose` names what needs it, in the message when the password is missing: "change the email". */
  async confirm(userId: string, given: string | undefined, purpose: string): Promise<void> {
    if (!given) {
      throw new AppError('VALIDATION_FAILED', `current_password is required to ${purpose}`, { fields: [{ field: 'current_password', message: 'is required' }] });
    }
    const current = await this.users.findPasswordHash(userId);
    const subject = { userId, usernameKey: '(password change)', ip: null, signedIn: true };
    if (!(await this.lockout.guard(subject, () => this.hasher.verify(current, given)))) {
      throw new AppError('VALIDATION_FAILED', 'current_password is wrong', { fields: [{ field: 'current_password', message: 'is wrong' }] });
    }
  }
}

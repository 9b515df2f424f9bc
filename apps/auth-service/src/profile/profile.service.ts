import { Injectable } from '@nestjs/common';
import { AppError, type Caller, type Profile, type UpdateProfile } from '@intake/contracts';
import { isForeignKeyViolation, isUniqueViolation } from '@intake/db';
import { CurrentPassword } from '../users/current-password';
import { PasswordHasher } from '../users/password-hasher';
import { PasswordStrength } from '../users/password-strength';
import { toUserDto } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { type ProfileFields, ProfileRepository } from './profile.repository';

/** A user's own account details and personal data; the caller is always the subject. */
@Injectable()
export class ProfileService {
  constructor(
    private readonly users: UsersRepository,
    private readonly profiles: ProfileRepository,
    private readonly hasher: PasswordHasher,
    private readonly strength: PasswordStrength,
    private readonly currentPassword: CurrentPassword,
  ) {}

  async get(caller: Caller): Promise<Profile> {
    const user = await this.users.findById(caller.userId);
    if (!user) throw new AppError('USER_NOT_FOUND', 'Your account no longer exists');
    const profile = await this.profiles.find(caller.userId);
    return {
      ...toUserDto(user),
      phone: profile?.phone ?? null,
      job_title: profile?.jobTitle ?? null,
      department: profile?.department ?? null,
      locale: profile?.locale ?? null,
      timezone: profile?.timezone ?? null,
    };
  }

  async update(caller: Caller, input: UpdateProfile): Promise<Profile> {
    const user = await this.users.findById(caller.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Your account no longer exists');
    // A sign-in name like the username: a borrowed session must not move it (nor learn which addresses are taken).
    const newEmail = input.email !== undefined && input.email.toLowerCase() !== user.email.toLowerCase();
    if (newEmail || input.new_password) await this.currentPassword.confirm(caller.userId, input.current_password, newEmail ? 'change the email' : 'change the password');
    let passwordHash: string | undefined;
    if (input.new_password) {
      // Judged once the current password is known right: the estimate costs CPU a stolen session should not get to spend.
      this.strength.assertStrong(input.new_password, 'new_password', {
        username: user.username,
        email: input.email ?? user.email,
        fullName: input.full_name ?? user.fullName,
      });
      passwordHash = await this.hasher.hash(input.new_password);
    }
    const fields: ProfileFields = {
      phone: input.phone,
      jobTitle: input.job_title,
      department: input.department,
      locale: input.locale,
      timezone: input.timezone,
    };
    const profile = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as ProfileFields;
    const account = Object.fromEntries(
      Object.entries({ fullName: input.full_name, email: input.email, passwordHash, passwordChangeDue: passwordHash ? false : undefined, endSessions: passwordHash ? true : undefined }).filter(
        ([, v]) => v !== undefined,
      ),
    );
    try {
      await this.users.transaction(async (manager) => {
        await this.users.update(caller.userId, account, manager);
        await this.profiles.upsert(caller.userId, profile, manager);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) throw new AppError('USER_EXISTS', 'email is already in use', { field: 'email' });
      // The account was deleted while this change was under way: its session is over.
      if (isForeignKeyViolation(error)) throw new AppError('UNAUTHENTICATED', 'Your account no longer exists');
      throw error;
    }
    return this.get(caller);
  }
}

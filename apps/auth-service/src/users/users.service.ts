import { Injectable } from '@nestjs/common';
import { AppError, type Caller, type CreateUser, type UpdateUserFields, type User } from '@intake/contracts';
import { isUniqueViolation } from '@intake/db';
import type { EntityManager } from 'typeorm';
import { CurrentPassword } from './current-password';
import { PasswordHasher } from './password-hasher';
import { PasswordStrength } from './password-strength';
import { toUserDto, type UserEntity } from './user.entity';
import { LoginLockout } from '../session/login-lockout';
import { type NewUser, type UserChanges, UsersRepository } from './users.repository';

/**
 * What a borrowed admin session must not change on another admin's account alone: whatever lets it
 * sign in as them, lock them out or take their access (the full name is harmless).
 */
const ADMIN_ACCOUNT_FIELDS = ['username', 'email', 'password', 'role', 'is_active', 'assigned_es_server_id', 'end_sessions'] as const;

/** About 330 bytes each in the users list: 2,000 answer in some 660 KB, within one NATS message. */
export const MAX_USERS = 2000;

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly strength: PasswordStrength,
    private readonly lockout: LoginLockout,
    private readonly currentPassword: CurrentPassword,
  ) {}

  async list(): Promise<User[]> {
    return (await this.users.findAll()).map(toUserDto);
  }

  /** Admins read anyone; everyone else only themselves. */
  async get(caller: Caller, id: string): Promise<User> {
    if (caller.role !== 'admin' && caller.userId !== id) {
      // As any other id that is not theirs: which ids are users is no one else's business.
      throw new AppError('USER_NOT_FOUND', `User ${id} does not exist`);
    }
    return toUserDto(await this.require(id));
  }

  async create(caller: Caller, input: CreateUser): Promise<User> {
    // The users list is one answer: past this many it would no longer fit a NATS message and the users page would fail for everyone.
    if ((await this.users.count()) >= MAX_USERS) {
      throw new AppError('CONFLICT', `Intake holds at most ${MAX_USERS.toLocaleString('en')} users; delete accounts no longer used before creating more`);
    }
    this.strength.assertStrong(input.password, 'password', { username: input.username, email: input.email, fullName: input.full_name });
    if (input.assigned_es_server_id) assertPinnable(input.role);
    if (input.role === 'admin') await this.currentPassword.confirm(caller.userId, input.current_password, 'make an admin');
    const passwordHash = await this.hasher.hash(input.password);
    const user = await this.withUniqueErrors(() =>
      this.users.create({
        username: input.username,
        email: input.email,
        fullName: input.full_name,
        role: input.role,
        isActive: input.is_active,
        assignedEsServerId: input.assigned_es_server_id,
        passwordHash,
        // Chosen by the admin: the user is asked to choose their own.
        passwordChangeDue: true,
      }),
    );
    return toUserDto(user);
  }

  async update(caller: Caller, id: string, changes: UpdateUserFields): Promise<User> {
    // One's own password changes on the profile, with the current one: a stolen session must not be enough.
    if (changes.password !== undefined && caller.userId === id) {
      throw new AppError('FORBIDDEN', 'Change your own password on your account page (your name at the top of the web app), or with PUT /api/profile and current_password and new_password; not here');
    }
    const current = await this.require(id);
    if (caller.userId === id) {
      // Sign-in names, as on the profile: a borrowed session must not move them (nor learn which are taken).
      const renamed = changes.username !== undefined && changes.username.toLowerCase() !== current.username.toLowerCase();
      const newEmail = changes.email !== undefined && changes.email.toLowerCase() !== current.email.toLowerCase();
      const what = renamed && newEmail ? 'your username and email' : renamed ? 'your username' : 'your email';
      if (renamed || newEmail) await this.currentPassword.confirm(id, changes.current_password, `change ${what}`);
    }
    if (changes.password) {
      const personal = { username: changes.username ?? current.username, email: changes.email ?? current.email, fullName: changes.full_name ?? current.fullName };
      this.strength.assertStrong(changes.password, 'password', personal);
    }
    const patch: Partial<NewUser> = {
      username: changes.username,
      email: changes.email,
      fullName: changes.full_name,
      role: changes.role,
      isActive: changes.is_active,
      assignedEsServerId: changes.assigned_es_server_id,
      passwordHash: changes.password ? await this.hasher.hash(changes.password) : undefined,
      passwordChangeDue: changes.password ? true : undefined,
    };
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as UserChanges;
    // A new pin goes to an operator or reader only. One kept through a promotion sleeps (power users and admins use every
    // target) and wakes on a demotion: dropped, it would leave the demoted user's grants on every target.
    if (defined.assignedEsServerId) assertPinnable(defined.role ?? current.role);
    // A new password ends the sessions opened with the old one and lifts a lockout; a deactivation
    // ends every session for good (an account made active again signs in anew, its old tokens stay dead).
    if (defined.passwordHash || (defined.isActive === false && current.isActive) || changes.end_sessions) defined.endSessions = true;
    // Asked last, once the change is known to be valid: a refusal for another reason must not cost a password.
    if (caller.userId !== id && defined.role === 'admin' && current.role !== 'admin') {
      await this.currentPassword.confirm(caller.userId, changes.current_password, `make ${current.username} an admin`);
    } else if (caller.userId !== id && current.role === 'admin' && ADMIN_ACCOUNT_FIELDS.some((field) => changes[field] !== undefined)) {
      await this.currentPassword.confirm(caller.userId, changes.current_password, `change the account of another admin (${current.username})`);
    }
    const staysAdmin = (defined.role ?? current.role) === 'admin' && (defined.isActive ?? current.isActive);
    const losesAdmin = current.role === 'admin' && current.isActive && !staysAdmin;
    if (losesAdmin && caller.userId === id) throw new AppError('LAST_ADMIN', 'You cannot remove your own admin access');
    await this.withUniqueErrors(() =>
      this.users.transaction(async (manager) => {
        await this.checkAdmins(caller, id, losesAdmin, manager, current.role);
        await this.users.update(id, defined, manager);
        if (defined.passwordHash) await this.lockout.reset(id, manager);
      }),
    );
    return toUserDto(await this.require(id));
  }

  async delete(caller: Caller, id: string, currentPassword?: string): Promise<void> {
    if (caller.userId === id) throw new AppError('CONFLICT', 'You cannot delete your own account');
    const current = await this.require(id);
    if (current.role === 'admin') await this.currentPassword.confirm(caller.userId, currentPassword, `delete another admin (${current.username})`);
    await this.users.transaction(async (manager) => {
      await this.checkAdmins(caller, id, current.role === 'admin', manager, current.role);
      await this.users.delete(id, manager);
    });
  }

  /**
   * In the change's transaction: the caller is still an active admin (a request sent before another
   * admin demoted or deactivated them changes nothing, not even their own account back), and when
   * the change takes an admin away, another active one stays; and the user's role is still the one
   * the change was judged by (`roleSeen`): made an admin meanwhile, the change may need the password
   * it was not asked for.
   */
  private async checkAdmins(caller: Caller, id: string, takesAdmin: boolean, manager: EntityManager, roleSeen: string) {
    const locked = await this.users.lockAdminsAnd([caller.userId, id], manager);
    const self = locked.find((row) => row.id === caller.userId);
    if (self?.role !== 'admin' || !self.is_active) throw new AppError('FORBIDDEN', 'Only an active admin may change users');
    const target = locked.find((row) => row.id === id);
    if (target && target.role !== roleSeen) throw new AppError('CONFLICT', `This user's role changed to ${target.role} meanwhile; look at the account again and retry`);
    if (takesAdmin && !locked.some((row) => row.id !== id && row.role === 'admin' && row.is_active)) {
      throw new AppError('LAST_ADMIN', 'This is the last active admin; make another user admin first');
    }
  }

  private async require(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw new AppError('USER_NOT_FOUND', `User ${id} does not exist`);
    return user;
  }

  private async withUniqueErrors<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error, 'users_username_key')) throw new AppError('USER_EXISTS', 'username is already taken', { field: 'username' });
      if (isUniqueViolation(error, 'users_email_key')) throw new AppError('USER_EXISTS', 'email is already in use', { field: 'email' });
      throw error;
    }
  }
}

/** The roles a pin to one import target narrows: power users and admins use every target. */
const PINNED_ROLES: ReadonlySet<string> = new Set(['operator', 'reader']);

function assertPinnable(role: string): void {
  if (!PINNED_ROLES.has(role)) {
    throw new AppError('VALIDATION_FAILED', `assigned_es_server_id: only operators and readers are pinned to one import target; ${role === 'admin' ? 'an admin' : 'a power user'} uses every target`);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { UserEntity } from './user.entity';

export type NewUser = Pick<UserEntity, 'username' | 'email' | 'fullName' | 'role' | 'isActive' | 'assignedEsServerId' | 'passwordHash'>;
export type UserChanges = Partial<NewUser & Pick<UserEntity, 'tokensValidAfter'>>;

@Injectable()
export class UsersRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(UserEntity);
  }

  findAll(): Promise<UserEntity[]> {
    return this.repo().find({ order: { username: 'ASC' } });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo().findOneBy({ id });
  }

  /**
   * The user behind a token and whether its `jti` was revoked, in one query: every authenticated
   * request asks this, so the revocation check rides on the primary-key lookup (and the jti's).
   */
  async findForSession(id: string, jti: string | null): Promise<{ user: UserEntity | null; revoked: boolean }> {
    const { entities, raw } = await this.repo()
      .createQueryBuilder('u')
      .addSelect('EXISTS (SELECT 1 FROM auth.revoked_tokens r WHERE r.jti = :jti)', 'revoked')
      .where('u.id = :id', { id, jti })
      .getRawAndEntities<{ revoked: boolean }>();
    return { user: entities[0] ?? null, revoked: raw[0]?.revoked === true };
  }

  /** By username or email, case-insensitively, with the password hash. */
  findForLogin(login: string): Promise<UserEntity | null> {
    return this.repo()
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = lower(:login) OR lower(u.email) = lower(:login)', { login })
      .orderBy('lower(u.username) = lower(:login)', 'DESC')
      .getOne();
  }

  async findPasswordHash(id: string): Promise<string | null> {
    const row = await this.repo().createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id }).getOne();
    return row?.passwordHash ?? null;
  }

  create(user: NewUser): Promise<UserEntity> {
    return this.repo().save(this.repo().create(user));
  }

  async update(id: string, changes: UserChanges, manager?: EntityManager): Promise<void> {
    if (Object.keys(changes).length) await this.repo(manager).update({ id }, changes);
  }

  async touchLastLogin(id: string): Promise<void> {
    await this.repo().update({ id }, { lastLoginAt: () => 'now()' } as never);
  }

  async delete(id: string, manager?: EntityManager): Promise<boolean> {
    const result = await this.repo(manager).delete({ id });
    return (result.affected ?? 0) > 0;
  }

  count(): Promise<number> {
    return this.repo().count();
  }

  /**
   * Active admins other than `excludeId`. Locks them and `excludeId` in id order, so two admins
   * demoting each other queue up instead of deadlocking, and the last one is never removed.
   */
  async countOtherActiveAdmins(excludeId: string, manager: EntityManager): Promise<number> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM auth.users WHERE (role = 'admin' AND is_active) OR id = $1 ORDER BY id FOR UPDATE`,
      [excludeId],
    );
    return rows.filter((r) => r.id !== excludeId).length;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { PreparedStatement } from '@intake/db';
import { DataSource, type EntityManager } from 'typeorm';
import { UserEntity } from './user.entity';

export type NewUser = Pick<UserEntity, 'username' | 'email' | 'fullName' | 'role' | 'isActive' | 'assignedEsServerId' | 'passwordHash'> & { passwordChangeDue?: boolean };
/** `endSessions`: moves the account's session cut-off (see SessionService.verify). */
export type UserChanges = Partial<NewUser> & { endSessions?: true };
/** What a session check needs of a user. */
export type SessionRecord = Pick<UserEntity, 'id' | 'username' | 'role' | 'isActive' | 'assignedEsServerId' | 'tokensValidAfter'>;

const FIND_FOR_SESSION = new PreparedStatement<SessionRecord & { revoked: boolean }>(
  'auth_find_for_session',
  `SELECT u.id, u.username, u.role, u.is_active AS "isActive", u.assigned_es_server_id AS "assignedEsServerId", u.tokens_valid_after AS "tokensValidAfter",
     EXISTS (SELECT 1 FROM auth.revoked_tokens r WHERE r.jti = $2) AS revoked
   FROM auth.users u WHERE u.id = $1`,
);

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

  /** The users pinned to a target (`assigned_es_server_id`), in username order. */
  pinnedTo(targetId: string): Promise<UserEntity[]> {
    return this.repo().find({ where: { assignedEsServerId: targetId }, order: { username: 'ASC' } });
  }

  /**
   * The user behind a token and whether its `jti` was revoked, in one query: every authenticated
   * request asks this (twice, gateway and doc-service), so the revocation check rides on the
   * primary-key lookup, and the statement is prepared rather than built by TypeORM each time.
   */
  async findForSession(id: string, jti: string | null): Promise<{ user: SessionRecord | null; revoked: boolean }> {
    const { rows } = await FIND_FOR_SESSION.run(this.dataSource, [id, jti]);
    const row = rows[0];
    if (!row) return { user: null, revoked: false };
    const { revoked, ...user } = row;
    return { user, revoked };
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
    const { endSessions, ...values } = changes;
    // Always later than the cut-off before, so a token that carries the old one is refused even within the same millisecond.
    const cut = endSessions ? { tokensValidAfter: () => "GREATEST(now(), tokens_valid_after + interval '1 millisecond')" } : {};
    if (Object.keys(changes).length) await this.repo(manager).update({ id }, { ...values, ...cut } as never);
  }

  async touchLastLogin(id: string): Promise<void> {
    await this.repo().update({ id }, { lastLoginAt: () => 'now()' } as never);
  }

  /** Deletes the user and records the id as deleted (in `manager`'s transaction, when given). */
  async delete(id: string, manager?: EntityManager): Promise<boolean> {
    const result = await this.repo(manager).delete({ id });
    if (!result.affected) return false;
    await (manager ?? this.repo().manager).query('INSERT INTO auth.deleted_users (id) VALUES ($1) ON CONFLICT DO NOTHING', [id]);
    return true;
  }

  /** Of `ids`, those of deleted users not there again (a row put back from a backup is a user again). */
  async deletedAmong(ids: string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.repo().manager.query(
      'SELECT d.id FROM auth.deleted_users d WHERE d.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM auth.users u WHERE u.id = d.id)',
      [ids],
    );
    return rows.map((row) => row.id);
  }

  count(): Promise<number> {
    return this.repo().count();
  }

  /**
   * Active admins other than `excludeId`. Locks them and `excludeId` in id order, so two admins
   * demoting each other queue up instead of deadlocking, and the last one is never removed.
   */
  /**
   * Locks the active admins and the given users (in id order, so two changes never wait on each
   * other crosswise) until the transaction ends, and answers their role and whether active.
   */
  async lockAdminsAnd(ids: string[], manager: EntityManager): Promise<{ id: string; role: string; is_active: boolean }[]> {
    return manager.query(`SELECT id, role, is_active FROM auth.users WHERE (role = 'admin' AND is_active) OR id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}

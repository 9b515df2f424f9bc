import { Injectable } from '@nestjs/common';
import {
  AppError,
  GRANTS_NOTHING,
  type Caller,
  type CheckAccess,
  type CheckAccessResult,
  type CreateIndexAccess,
  type IndexAccess,
  type UpdateIndexAccess,
} from '@intake/contracts';
import { isCheckViolation, isForeignKeyViolation, isUniqueViolation } from '@intake/db';
import { UsersRepository } from '../users/users.repository';
import { type AccessGrantEntity, toIndexAccessDto } from './access-grant.entity';
import { type AccessGrantChanges, AccessGrantsRepository } from './access-grants.repository';
import { decideAccess, withinPin } from './access-decision';

const UNIQUE_INDEX = 'access_grants_user_target_pattern_key';
/** 200 grants of the longest patterns answer in about 100 KB, far within one NATS message. */
export const MAX_GRANTS_PER_USER = 200;

@Injectable()
export class AccessGrantsService {
  constructor(
    private readonly grants: AccessGrantsRepository,
    private readonly users: UsersRepository,
  ) {}

  async create(caller: Caller, input: CreateIndexAccess): Promise<IndexAccess> {
    if (!(await this.users.findById(input.user_id))) throw new AppError('USER_NOT_FOUND', `User ${input.user_id} does not exist`);
    const grant = await this.uniquely(input.index_pattern, () =>
      this.grants.createWithin({
        userId: input.user_id,
        targetId: input.es_server_id,
        pattern: input.index_pattern,
        canRead: input.can_read,
        canWrite: input.can_write,
        canCreate: input.can_create,
        createdBy: caller.userId,
      }, MAX_GRANTS_PER_USER),
    );
    // A cap keeps every list of a user's grants within one answer (with thousands it no longer fit, and the user could not import).
    if (!grant) throw new AppError('CONFLICT', `This user already holds ${MAX_GRANTS_PER_USER} grants, the most one user may: widen a pattern (logs-*) or delete grants no longer needed`);
    return toIndexAccessDto(grant);
  }

  /** Admins read anyone's grants; everyone else only their own. */
  async listForUser(caller: Caller, userId: string): Promise<IndexAccess[]> {
    if (caller.role !== 'admin' && caller.userId !== userId) throw new AppError('USER_NOT_FOUND', `User ${userId} does not exist`);
    if (!(await this.users.findById(userId))) throw new AppError('USER_NOT_FOUND', `User ${userId} does not exist`);
    return (await this.grants.forUser(userId)).map(toIndexAccessDto);
  }

  /** What import-service decides by: the caller's own grants, narrowed to its pinned target if it has one. */
  async effective(caller: Caller): Promise<IndexAccess[]> {
    const user = await this.users.findById(caller.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Your account no longer exists');
    return withinPin(user.assignedEsServerId, (await this.grants.forUser(user.id)).map(toIndexAccessDto));
  }

  async update({ id, changes }: UpdateIndexAccess): Promise<IndexAccess> {
    const current = await this.require(id);
    const patch: AccessGrantChanges = {
      targetId: changes.es_server_id,
      pattern: changes.index_pattern,
      canRead: changes.can_read,
      canWrite: changes.can_write,
      canCreate: changes.can_create,
    };
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (!(patch.canRead ?? current.canRead) && !(patch.canWrite ?? current.canWrite) && !(patch.canCreate ?? current.canCreate)) throw new AppError('VALIDATION_FAILED', GRANTS_NOTHING);
    await this.uniquely(changes.index_pattern ?? current.pattern, () => this.grants.update(id, defined));
    return toIndexAccessDto(await this.require(id));
  }

  /**
   * A target is being removed: its grants go. Users pinned to it would be left pinned to nothing
   * (shut out of every target, silently), and unpinning them would open every target to them: the
   * removal is refused until an administrator pins them elsewhere.
   */
  async deleteForTarget(targetId: string): Promise<number> {
    const pinned = (await this.users.pinnedTo(targetId)).map((u) => u.username);
    if (pinned.length) {
      const who = pinned.length > 5 ? `${pinned.slice(0, 5).join(', ')} and ${pinned.length - 5} more` : pinned.join(', ');
      throw new AppError('CONFLICT', `${who} ${pinned.length === 1 ? 'is' : 'are'} pinned to this import target: pin ${pinned.length === 1 ? 'them' : 'each'} to another target, or to none, before removing it`);
    }
    return this.grants.deleteForTarget(targetId);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.grants.delete(id))) throw new AppError('GRANT_NOT_FOUND', `Grant ${id} does not exist`);
  }

  async check(caller: Caller, input: CheckAccess): Promise<CheckAccessResult> {
    const user = await this.users.findById(caller.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Your account no longer exists');
    const grants = user.role === 'operator' || user.role === 'reader' ? await this.grants.forUser(user.id) : [];
    const { allowed, reason } = decideAccess({
      role: user.role,
      assignedServerId: user.assignedEsServerId,
      grants,
      indexName: input.index_name,
      serverId: input.es_server_id,
      action: input.action,
    });
    return { has_access: allowed, role: user.role, action: input.action, index_name: input.index_name, es_server_id: input.es_server_id, reason };
  }

  private async require(id: string): Promise<AccessGrantEntity> {
    const grant = await this.grants.findById(id);
    if (!grant) throw new AppError('GRANT_NOT_FOUND', `Grant ${id} does not exist`);
    return grant;
  }

  private async uniquely<T>(pattern: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new AppError('USER_NOT_FOUND', 'That user does not exist (any more)');
      // Another change to the same grant, saved meanwhile, took away what this one left.
      if (isCheckViolation(error, 'access_grants_allow_something')) throw new AppError('VALIDATION_FAILED', GRANTS_NOTHING);
      if (isUniqueViolation(error, UNIQUE_INDEX)) {
        throw new AppError('GRANT_EXISTS', `This user already has a grant for pattern '${pattern}' on that import target`, { field: 'index_pattern' });
      }
      throw error;
    }
  }
}

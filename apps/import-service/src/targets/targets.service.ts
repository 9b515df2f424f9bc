import { Injectable } from '@nestjs/common';
import { AppError, type Caller, type CreateImportTarget, type ImportTarget, type UpdateImportTarget } from '@intake/contracts';
import { isUniqueViolation } from '@intake/db';
import { NocoBasePools } from '../nocobase/nocobase-pools';
import { CallerGrants } from './caller-grants';
import {
  type NocoBaseConnection,
  nocoBaseSettingsDto,
  patchNocoBaseSettings,
  readNocoBaseSettings,
  sendsPasswordElsewhere,
  splitNocoBaseSettings,
} from './nocobase-target';
import { canSeeTarget, type TargetGrant } from './target-access';
import { TargetSecrets } from './target-secrets';
import type { TargetEntity } from './target.entity';
import { type TargetChanges, TargetsRepository } from './targets.repository';

const NAME_INDEX = 'targets_name_key';

/** A target the caller may see, with the caller's grants (empty for admins and power users). */
export interface VisibleTarget {
  target: TargetEntity;
  grants: TargetGrant[];
}

@Injectable()
export class TargetsService {
  constructor(
    private readonly targets: TargetsRepository,
    private readonly secrets: TargetSecrets,
    private readonly grants: CallerGrants,
    private readonly pools: NocoBasePools,
  ) {}

  async list(caller: Caller): Promise<ImportTarget[]> {
    const grants = await this.grants.of(caller);
    const all = await this.targets.list();
    return all.filter((t) => canSeeTarget(caller, t.id, grants)).map((t) => this.toDto(t, caller.role === 'admin'));
  }

  async get(caller: Caller, id: string): Promise<ImportTarget> {
    return this.toDto((await this.requireVisible(caller, id)).target, caller.role === 'admin');
  }

  async create(caller: Caller, input: CreateImportTarget): Promise<ImportTarget> {
    const { settings, password } = splitNocoBaseSettings(input.settings);
    const target = await this.uniquely(input.name, () =>
      this.targets.create({ kind: input.kind, name: input.name, settings, secrets: this.secrets.seal({ password }), createdBy: caller.userId }),
    );
    return this.toDto(target, true);
  }

  async update({ id, changes }: UpdateImportTarget): Promise<ImportTarget> {
    const current = await this.require(id);
    const patch: TargetChanges = {};
    if (changes.name !== undefined) patch.name = changes.name;
    if (changes.settings) {
      const stored = readNocoBaseSettings(current.settings);
      const { settings, password } = patchNocoBaseSettings(stored, changes.settings);
      if (password === undefined && sendsPasswordElsewhere(stored, settings) && this.openSecrets(current).password) {
        const message = 'settings.password: enter the password again to use it at another address (or without TLS): the stored one goes only where it was entered for';
        throw new AppError('VALIDATION_FAILED', message, { fields: [{ field: 'settings.password', message: 'must be entered again' }] });
      }
      patch.settings = settings;
      if (password !== undefined) patch.secrets = this.secrets.seal({ ...this.openSecrets(current), password });
    }
    await this.uniquely(changes.name ?? current.name, () => this.targets.update(id, patch));
    await this.pools.evict(id);
    return this.toDto(await this.require(id), true);
  }

  /** Its grants go first (in auth-service): a failure there leaves the target and its grants as they were, to retry. */
  async delete(caller: Caller, id: string): Promise<void> {
    if (!(await this.targets.findById(id))) throw new AppError('TARGET_NOT_FOUND', `Import target ${id} does not exist`);
    await this.grants.dropFor(caller, id);
    if (!(await this.targets.delete(id))) throw new AppError('TARGET_NOT_FOUND', `Import target ${id} does not exist`);
    await this.pools.evict(id);
  }

  /** The target if the caller may see it; otherwise the same 404 as for a target that does not exist. */
  async requireVisible(caller: Caller, id: string): Promise<VisibleTarget> {
    const grants = await this.grants.of(caller);
    const target = await this.targets.findById(id);
    if (!target || !canSeeTarget(caller, id, grants)) throw new AppError('TARGET_NOT_FOUND', `Import target ${id} does not exist`);
    return { target, grants };
  }

  /** Connection settings of a NocoBase target, with its password decrypted. */
  nocoBaseConnection(target: TargetEntity): NocoBaseConnection {
    if (target.kind !== 'nocobase') throw new AppError('VALIDATION_FAILED', `Import target ${target.name} is not a NocoBase database`);
    let password: string;
    try {
      password = this.secrets.open(target.secrets).password ?? '';
    } catch {
      throw new AppError('TARGET_UNREACHABLE', `The stored password of ${target.name} cannot be decrypted with this SECRETS_KEY; enter it again`);
    }
    return { ...readNocoBaseSettings(target.settings), targetId: target.id, password };
  }

  /** `withSettings`: host, database, user and masked password, for administrators only (nobody else needs them). */
  private toDto(t: TargetEntity, withSettings: boolean): ImportTarget {
    const settings = withSettings ? nocoBaseSettingsDto(readNocoBaseSettings(t.settings), this.secrets.masked(t.secrets, 'password')) : null;
    return {
      id: t.id,
      kind: t.kind,
      name: t.name,
      settings,
      created_by: t.createdBy,
      created_at: t.createdAt.toISOString(),
      updated_at: t.updatedAt.toISOString(),
    };
  }

  private openSecrets(t: TargetEntity): Record<string, string> {
    try {
      return this.secrets.open(t.secrets);
    } catch {
      return {};
    }
  }

  /** The target whoever asks, for work the system does on it for a job (an all-or-nothing job's undo); 404 when gone. */
  async require(id: string): Promise<TargetEntity> {
    const target = await this.targets.findById(id);
    if (!target) throw new AppError('TARGET_NOT_FOUND', `Import target ${id} does not exist`);
    return target;
  }

  private async uniquely<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error, NAME_INDEX)) {
        throw new AppError('TARGET_EXISTS', `An import target named '${name}' already exists`, { field: 'name' });
      }
      throw error;
    }
  }
}

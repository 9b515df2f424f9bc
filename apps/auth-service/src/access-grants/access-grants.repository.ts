import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessGrantEntity } from './access-grant.entity';

export type NewAccessGrant = Pick<AccessGrantEntity, 'userId' | 'targetId' | 'pattern' | 'canRead' | 'canWrite' | 'canCreate' | 'createdBy'>;
export type AccessGrantChanges = Partial<Pick<AccessGrantEntity, 'targetId' | 'pattern' | 'canRead' | 'canWrite' | 'canCreate'>>;

@Injectable()
export class AccessGrantsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(AccessGrantEntity);
  }

  forUser(userId: string): Promise<AccessGrantEntity[]> {
    return this.repo.find({ where: { userId }, order: { pattern: 'ASC', createdAt: 'ASC' } });
  }

  findById(id: string): Promise<AccessGrantEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Saves the grant unless the user holds `most` already (null then); counted under a per-user lock, so parallel creations cannot pass it. */
  createWithin(grant: NewAccessGrant, most: number): Promise<AccessGrantEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`intake:grants:${grant.userId}`]);
      const repo = manager.getRepository(AccessGrantEntity);
      if ((await repo.countBy({ userId: grant.userId })) >= most) return null;
      return repo.save(repo.create(grant));
    });
  }

  async update(id: string, changes: AccessGrantChanges): Promise<void> {
    if (Object.keys(changes).length) await this.repo.update({ id }, changes);
  }

  async deleteForTarget(targetId: string): Promise<number> {
    return (await this.repo.delete({ targetId })).affected ?? 0;
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.repo.delete({ id })).affected ?? 0) > 0;
  }
}

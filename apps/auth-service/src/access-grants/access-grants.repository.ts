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

  create(grant: NewAccessGrant): Promise<AccessGrantEntity> {
    return this.repo.save(this.repo.create(grant));
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

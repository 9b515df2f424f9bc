import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ProfileEntity } from './profile.entity';

export type ProfileFields = Partial<Pick<ProfileEntity, 'phone' | 'jobTitle' | 'department' | 'locale' | 'timezone'>>;

@Injectable()
export class ProfileRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  find(userId: string): Promise<ProfileEntity | null> {
    return this.dataSource.getRepository(ProfileEntity).findOneBy({ userId });
  }

  async upsert(userId: string, fields: ProfileFields, manager: EntityManager): Promise<void> {
    if (!Object.keys(fields).length) return;
    await manager.getRepository(ProfileEntity).upsert({ userId, ...fields, updatedAt: new Date() }, ['userId']);
  }
}

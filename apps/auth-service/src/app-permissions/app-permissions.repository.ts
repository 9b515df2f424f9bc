import { Inject, Injectable } from '@nestjs/common';
import type { AppKey } from '@intake/contracts';
import { DataSource } from 'typeorm';
import { AppPermissionEntity } from './app-permission.entity';

@Injectable()
export class AppPermissionsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(AppPermissionEntity);
  }

  list(userId?: string): Promise<AppPermissionEntity[]> {
    return this.repo.find({ where: userId ? { userId } : {}, order: { userId: 'ASC', appKey: 'ASC' } });
  }

  find(userId: string, appKey: AppKey): Promise<AppPermissionEntity | null> {
    return this.repo.findOneBy({ userId, appKey });
  }

  /** Inserts unless present; granting twice is harmless. */
  async grant(userId: string, appKey: AppKey, grantedBy: string): Promise<AppPermissionEntity> {
    await this.repo.createQueryBuilder().insert().values({ userId, appKey, grantedBy }).orIgnore().execute();
    return (await this.find(userId, appKey)) as AppPermissionEntity;
  }

  async revoke(userId: string, appKey: AppKey): Promise<boolean> {
    const result = await this.repo.delete({ userId, appKey });
    return (result.affected ?? 0) > 0;
  }
}

import type { AppKey, AppPermission } from '@intake/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'user_app_permissions' })
export class AppPermissionEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ name: 'app_key', type: 'varchar', length: 32 })
  appKey!: AppKey;

  @Column({ name: 'granted_by', type: 'uuid', nullable: true })
  grantedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export function toAppPermissionDto(p: AppPermissionEntity): AppPermission {
  return { user_id: p.userId, app_key: p.appKey, granted_by: p.grantedBy, created_at: p.createdAt.toISOString() };
}

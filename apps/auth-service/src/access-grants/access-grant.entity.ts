import type { IndexAccess } from '@intake/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A user's right to read, write or create indices/collections whose names match `pattern`. */
@Entity({ name: 'access_grants' })
export class AccessGrantEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** The Elasticsearch server or NocoBase database; null = every target. */
  @Column({ name: 'target_id', type: 'uuid', nullable: true })
  targetId!: string | null;

  @Column({ type: 'varchar', length: 255 })
  pattern!: string;

  @Column({ name: 'can_read', type: 'boolean' })
  canRead!: boolean;

  @Column({ name: 'can_write', type: 'boolean' })
  canWrite!: boolean;

  @Column({ name: 'can_create', type: 'boolean' })
  canCreate!: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export function toIndexAccessDto(g: AccessGrantEntity): IndexAccess {
  return {
    id: g.id,
    user_id: g.userId,
    es_server_id: g.targetId,
    index_pattern: g.pattern,
    can_read: g.canRead,
    can_write: g.canWrite,
    can_create: g.canCreate,
    created_by: g.createdBy,
    created_at: g.createdAt.toISOString(),
    updated_at: g.updatedAt.toISOString(),
  };
}

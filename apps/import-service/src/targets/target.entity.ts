import type { TargetKind } from '@intake/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A kind's non-secret settings: flat scalars, read through that kind's settings schema. */
export type TargetSettings = Record<string, string | number | boolean | null>;

/** Where imports write: a NocoBase database now, an Elasticsearch server later. */
@Entity({ name: 'targets' })
export class TargetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: TargetKind;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'jsonb' })
  settings!: TargetSettings;

  /** SecretBox value of a JSON object of the kind's secrets (e.g. `{ password }`); null when none. */
  @Column({ type: 'text', nullable: true })
  secrets!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

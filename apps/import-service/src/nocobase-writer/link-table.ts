import { Injectable } from '@nestjs/common';
import { AppError, type CollectionDescription, type CollectionField, type QualifiedTable } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { NocoBasePools } from '../nocobase/nocobase-pools';
import { qualified } from '../nocobase/nocobase-names';
import type { NocoBaseConnection } from '../targets/nocobase-target';
import { fieldKind } from './field-kind';

/**
 * Sequelize fills these on a through model with timestamps (NocoBase's default for link tables);
 * any other column of a link table (rolesUsers.default) it leaves to its database default.
 */
const TIMESTAMP_COLUMNS = new Set(['createdAt', 'updatedAt', 'created_at', 'updated_at']);

/** A belongsToMany field's link table, as a batch writes it. */
export interface LinkTable {
  table: QualifiedTable;
  /** The column holding the record's id, and the one holding the related record's target key. */
  source: string;
  target: string;
  sourceType: string;
  targetType: string;
  timestamps: string[];
}

/** The link table's key columns and their types, from pg_catalog; refuses a table with a required column the importer cannot fill. */
export async function readLinkTable(client: PoolClient, description: CollectionDescription, field: CollectionField): Promise<LinkTable> {
  const relation = field.relation;
  if (!relation?.through || !relation.foreign_key_column || !relation.other_key_column) throw new Error(`${field.name} is not a belongsToMany relation with a link table`);
  if ((relation.source_key ?? 'id') !== (description.primary_key.field ?? 'id')) throw new Error(`${field.name} links by ${relation.source_key}, not the record id; run checkMapping first`);
  const table = { schema: relation.through.schema, name: relation.through.name };
  const { rows } = await client.query<{ name: string; type: string; required: boolean; filled: boolean }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS required, a.atthasdef OR a.attidentity <> '' AS filled
       FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
    [qualified(table.schema, table.name)],
  );
  const type = (column: string) => rows.find((r) => r.name === column)?.type;
  const [source, target] = [relation.foreign_key_column, relation.other_key_column];
  const [sourceType, targetType] = [type(source), type(target)];
  if (!sourceType || !targetType) throw new AppError('VALIDATION_FAILED', `${field.title}: its link table ${table.name} has no columns ${source} and ${target}`);
  const timestamps = rows.filter((r) => TIMESTAMP_COLUMNS.has(r.name)).map((r) => r.name);
  const unfilled = rows.filter((r) => r.required && !r.filled && ![source, target, ...timestamps].includes(r.name)).map((r) => r.name);
  if (unfilled.length) {
    throw new AppError('VALIDATION_FAILED', `${field.title}: its link table ${table.name} requires ${unfilled.join(', ')}, which the importer cannot fill`);
  }
  return { table, source, target, sourceType, targetType, timestamps };
}

/**
 * The same check for every many-to-many field a sheet maps, before a job writes anything: a link
 * table the importer cannot fill then fails the job at once, not at its first batch with links,
 * after earlier batches (or sheets) were committed.
 */
@Injectable()
export class LinkTables {
  constructor(private readonly pools: NocoBasePools) {}

  async check(conn: NocoBaseConnection, description: CollectionDescription, fieldNames: readonly string[]): Promise<void> {
    const links = description.fields.filter((f) => fieldNames.includes(f.name) && fieldKind(f) === 'links');
    if (!links.length) return;
    await this.pools.withClient(conn, async (client) => {
      for (const field of links) await readLinkTable(client, description, field);
    });
  }
}

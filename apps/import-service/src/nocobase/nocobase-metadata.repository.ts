import { Injectable } from '@nestjs/common';
import { AppError } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { qualified, quoteIdent } from './nocobase-names';

/** A row of NocoBase's `collections` table. */
export interface CollectionRow {
  name: string;
  title: string | null;
  hidden: boolean;
  options: Record<string, unknown>;
}

/** A row of NocoBase's `fields` table. */
export interface FieldRow {
  name: string;
  type: string;
  interface: string | null;
  collectionName: string;
  options: Record<string, unknown>;
}

export interface ColumnInfo {
  name: string;
  dataType: string;
  nullable: boolean;
  default: string | null;
  precision: number | null;
  scale: number | null;
}

/** What the catalogue says about one table beyond its columns. */
export interface TableKeys {
  primaryKey: string[];
  uniqueColumns: Set<string>;
  /** Column → schema-qualified sequence, for columns owning one. */
  sequences: Map<string, string>;
}

export interface NocoBaseCatalog {
  underscored: boolean;
  collections: CollectionRow[];
  fields: FieldRow[];
  /** Every `schema.table` in the schemas the collections use. */
  tables: Set<string>;
}

export const tableKey = (schema: string, name: string) => `${schema}.${name}`;

/** The SQL that reads a NocoBase database's metadata; nothing here writes. */
@Injectable()
export class NocoBaseMetadataRepository {
  /** NocoBase's own tables. `collectionName` is `collection_name` in an underscored database. */
  async readCatalog(client: PoolClient, schema: string, prefix: string | null, collection?: string): Promise<NocoBaseCatalog> {
    const fieldsTable = `${prefix ?? ''}fields`;
    const fieldColumns = await this.columnNames(client, schema, fieldsTable);
    if (!fieldColumns.size) throw new AppError('TARGET_UNREACHABLE', `Connected, but ${schema}.${fieldsTable} does not exist: is this NocoBase's database, schema and table prefix?`);
    const underscored = fieldColumns.has('collection_name') && !fieldColumns.has('collectionName');
    const collectionColumn = quoteIdent(underscored ? 'collection_name' : 'collectionName');
    const parentColumn = quoteIdent(underscored ? 'parent_key' : 'parentKey');
    const collections = await client.query<CollectionRow>(
      `SELECT name, title, COALESCE(hidden, false) AS hidden, COALESCE(options::jsonb, '{}'::jsonb) AS options
         FROM ${qualified(schema, `${prefix ?? ''}collections`)} ORDER BY sort NULLS LAST, name`,
    );
    const fields = await client.query<FieldRow>(
      `SELECT name, type, interface, ${collectionColumn} AS "collectionName", COALESCE(options::jsonb, '{}'::jsonb) AS options
         FROM ${qualified(schema, fieldsTable)}
        WHERE ${parentColumn} IS NULL AND ($1::text IS NULL OR ${collectionColumn} = $1)
        ORDER BY ${collectionColumn}, sort NULLS LAST, name`,
      [collection ?? null],
    );
    const schemas = [...new Set([schema, ...collections.rows.map((c) => (typeof c.options.schema === 'string' ? c.options.schema : schema))])];
    const tables = await client.query<{ t: string }>(
      `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema = ANY($1::text[])`,
      [schemas],
    );
    return { underscored, collections: collections.rows, fields: fields.rows, tables: new Set(tables.rows.map((r) => r.t)) };
  }

  /** Columns of several tables at once, keyed by `schema.table`. */
  async columns(client: PoolClient, tables: { schema: string; name: string }[]): Promise<Map<string, ColumnInfo[]>> {
    const result = new Map<string, ColumnInfo[]>();
    if (!tables.length) return result;
    const rows = await client.query(
      `SELECT table_schema, table_name, column_name, data_type, is_nullable, column_default, numeric_precision, numeric_scale
         FROM information_schema.columns
        WHERE (table_schema, table_name) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        ORDER BY table_schema, table_name, ordinal_position`,
      [tables.map((t) => t.schema), tables.map((t) => t.name)],
    );
    for (const r of rows.rows) {
      const key = tableKey(r.table_schema, r.table_name);
      const list = result.get(key) ?? [];
      list.push({
        name: r.column_name,
        dataType: r.data_type,
        nullable: r.is_nullable === 'YES',
        default: r.column_default,
        precision: r.numeric_precision,
        scale: r.numeric_scale,
      });
      result.set(key, list);
    }
    return result;
  }

  /** Primary key, single-column UNIQUE indexes/constraints and owned sequences of one table. */
  async keys(client: PoolClient, schema: string, table: string): Promise<TableKeys> {
    const indexes = await client.query<{ column: string; primary: boolean; position: number; columns: number }>(
      `SELECT a.attname AS column, i.indisprimary AS primary, array_position(i.indkey::int2[], a.attnum) AS position, i.indnatts AS columns
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey::int2[])
        WHERE n.nspname = $1 AND c.relname = $2 AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
        ORDER BY i.indisprimary DESC, position`,
      [schema, table],
    );
    const primaryKey = indexes.rows.filter((r) => r.primary).map((r) => r.column);
    const uniqueColumns = new Set(indexes.rows.filter((r) => r.columns === 1).map((r) => r.column));
    const sequences = await client.query<{ column: string; sequence: string }>(
      `SELECT a.attname AS column, pg_get_serial_sequence($3, a.attname) AS sequence
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
          AND pg_get_serial_sequence($3, a.attname) IS NOT NULL`,
      [schema, table, qualified(schema, table)],
    );
    return { primaryKey, uniqueColumns, sequences: new Map(sequences.rows.map((r) => [r.column, r.sequence])) };
  }

  /** Planner row estimates (`reltuples`, or live tuples before the first ANALYZE); null when unknown. */
  async rowEstimates(client: PoolClient, tables: { schema: string; name: string }[]): Promise<Map<string, number | null>> {
    if (!tables.length) return new Map();
    const rows = await client.query<{ t: string; estimate: string | null }>(
      `SELECT n.nspname || '.' || c.relname AS t,
              CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint ELSE s.n_live_tup END AS estimate
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
        WHERE (n.nspname, c.relname) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [tables.map((t) => t.schema), tables.map((t) => t.name)],
    );
    return new Map(rows.rows.map((r) => [r.t, r.estimate === null ? null : Number(r.estimate)]));
  }

  private async columnNames(client: PoolClient, schema: string, table: string): Promise<Set<string>> {
    const rows = await client.query<{ column_name: string }>(
      'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
      [schema, table],
    );
    return new Set(rows.rows.map((r) => r.column_name));
  }
}

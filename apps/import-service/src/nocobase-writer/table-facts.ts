import { Injectable } from '@nestjs/common';
import type { CollectionDescription } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { qualified } from '../nocobase/nocobase-names';
import { NocoBasePools } from '../nocobase/nocobase-pools';
import type { NocoBaseConnection } from '../targets/nocobase-target';

/** The path table's columns: `"nodePk"`, `path`, `"rootPk"` (snake_case in an underscored database). */
export interface PathColumns {
  node: string;
  path: string;
  root: string;
}

/** What the writer needs from the catalogue beyond the collection description. */
export interface TableFacts {
  /** varchar(n) lengths by column, for RowConverter's `maxLengths`. */
  maxLengths: Record<string, number>;
  /** Each column's SQL type (`format_type`), for casting values passed as parameters. */
  columnTypes: Record<string, string>;
  /** Null when the collection is not a tree or its path table is missing. */
  pathColumns: PathColumns | null;
}

export async function readTableFacts(client: PoolClient, d: CollectionDescription): Promise<TableFacts> {
  const path = d.tree?.path_table.exists ? d.tree.path_table : null;
  const tables = [d.table, ...(path ? [path] : [])];
  const { rows } = await client.query<{ table_name: string; column_name: string; length: number | null }>(
    `SELECT table_name, column_name, character_maximum_length AS length FROM information_schema.columns
      WHERE (table_schema, table_name) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [tables.map((t) => t.schema), tables.map((t) => t.name)],
  );
  const own = rows.filter((r) => r.table_name === d.table.name);
  const maxLengths = Object.fromEntries(own.filter((r) => r.length !== null).map((r) => [r.column_name, r.length as number]));
  const types = await client.query<{ column: string; type: string }>(
    `SELECT attname AS column, format_type(atttypid, atttypmod) AS type FROM pg_attribute
      WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`,
    [qualified(d.table.schema, d.table.name)],
  );
  const columnTypes = Object.fromEntries(types.rows.map((r) => [r.column, r.type]));
  const pathNames = rows.filter((r) => path && r.table_name === path.name && !(path.name === d.table.name)).map((r) => r.column_name);
  const find = (...names: string[]) => pathNames.find((c) => names.includes(c.toLowerCase()));
  const [node, pathColumn, root] = [find('nodepk', 'node_pk'), find('path'), find('rootpk', 'root_pk')];
  return { maxLengths, columnTypes, pathColumns: node && pathColumn && root ? { node, path: pathColumn, root } : null };
}

/** Reads TableFacts through the target's pool (for RowConverter at plan time). */
@Injectable()
export class TableFactsReader {
  constructor(private readonly pools: NocoBasePools) {}

  read(conn: NocoBaseConnection, description: CollectionDescription): Promise<TableFacts> {
    return this.pools.withClient(conn, (client) => readTableFacts(client, description));
  }
}

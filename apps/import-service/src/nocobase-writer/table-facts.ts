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
  /** Columns that lead an index: a lookup by them can probe instead of scanning the table. */
  indexedColumns: Set<string>;
  /** Null when the collection is not a tree or its path table is missing. */
  pathColumns: PathColumns | null;
  /**
   * The column sets of the table's plain unique indexes (no expression, no predicate), each sorted:
   * only those that refuse a duplicate at once (not deferred) and are built and valid.
   */
  uniqueIndexes: string[][];
}

/** Straight from pg_catalog (information_schema costs ~10× more, and this runs once per batch). */
export async function readTableFacts(client: PoolClient, d: CollectionDescription): Promise<TableFacts> {
  const path = d.tree?.path_table.exists ? d.tree.path_table : null;
  const { rows } = await client.query<{ own: boolean; column: string; type: string; length: number | null; indexed: boolean }>(
    `SELECT a.attrelid = to_regclass($1) AS own, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indkey[0] = a.attnum AND i.indpred IS NULL) AS indexed,
            CASE WHEN a.atttypid IN ('varchar'::regtype, 'bpchar'::regtype) AND a.atttypmod > 4 THEN a.atttypmod - 4 END AS length
       FROM pg_attribute a
      WHERE a.attrelid IN (to_regclass($1), to_regclass($2)) AND a.attnum > 0 AND NOT a.attisdropped`,
    [qualified(d.table.schema, d.table.name), path ? qualified(path.schema, path.name) : null],
  );
  const own = rows.filter((r) => r.own);
  const maxLengths = Object.fromEntries(own.filter((r) => r.length !== null).map((r) => [r.column, r.length as number]));
  const columnTypes = Object.fromEntries(own.map((r) => [r.column, r.type]));
  const pathNames = rows.filter((r) => !r.own).map((r) => r.column);
  const find = (...names: string[]) => pathNames.find((c) => names.includes(c.toLowerCase()));
  const [node, pathColumn, root] = [find('nodepk', 'node_pk'), find('path'), find('rootpk', 'root_pk')];
  const indexedColumns = new Set(own.filter((r) => r.indexed).map((r) => r.column));
  const pathColumns = node && pathColumn && root ? { node, path: pathColumn, root } : null;
  return { maxLengths, columnTypes, indexedColumns, pathColumns, uniqueIndexes: await readUniqueIndexes(client, d) };
}

async function readUniqueIndexes(client: PoolClient, d: CollectionDescription): Promise<string[][]> {
  const { rows } = await client.query<{ columns: string[] }>(
    `SELECT array_agg(a.attname::text ORDER BY a.attname) AS columns
       FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
        AND i.indimmediate AND i.indisvalid AND i.indisready
      GROUP BY i.indexrelid`,
    [qualified(d.table.schema, d.table.name)],
  );
  return rows.map((r) => r.columns);
}

/** Reads TableFacts through the target's pool (for RowConverter at plan time). */
@Injectable()
export class TableFactsReader {
  constructor(private readonly pools: NocoBasePools) {}

  read(conn: NocoBaseConnection, description: CollectionDescription): Promise<TableFacts> {
    return this.pools.withClient(conn, (client) => readTableFacts(client, description));
  }
}

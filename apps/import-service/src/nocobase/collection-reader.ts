import { Injectable } from '@nestjs/common';
import type { CollectionDescription, CollectionSummary } from '@intake/contracts';
import type { CollectionAccess } from '../targets/target-access';
import type { NocoBaseConnection } from '../targets/nocobase-target';
import { collectionTitle, describeCollection, keptBy, splitForeignKeys } from './collection-describer';
import { CollectionTables } from './collection-tables';
import { type FieldRow, NocoBaseMetadataRepository, tableKey } from './nocobase-metadata.repository';
import { NocoBasePools } from './nocobase-pools';

/** Reads a NocoBase database's collections through the target's pool. Who may see what is decided by the caller. */
@Injectable()
export class CollectionReader {
  constructor(
    private readonly pools: NocoBasePools,
    private readonly metadata: NocoBaseMetadataRepository,
  ) {}

  /** Every collection except link tables of belongsToMany, for which `accessOf` answers non-null. */
  summaries(conn: NocoBaseConnection, accessOf: (collection: string) => CollectionAccess): Promise<CollectionSummary[]> {
    return this.pools.withClient(conn, async (client) => {
      const catalog = await this.metadata.readCatalog(client, conn.schema, conn.table_prefix);
      const tables = new CollectionTables(catalog, conn.schema, conn.table_prefix);
      const visible = catalog.collections
        .filter((c) => c.options.isThrough !== true)
        .map((c) => ({ c, access: accessOf(c.name), table: tables.of(c.name) }))
        .filter((v) => v.access !== null);
      const estimates = await this.metadata.rowEstimates(client, visible.map((v) => v.table));
      return visible.map(({ c, access, table }) => ({
        name: c.name,
        title: collectionTitle(c),
        template: typeof c.options.template === 'string' ? c.options.template : null,
        tree: typeof c.options.tree === 'string',
        field_count: splitForeignKeys(catalog.fields.filter((f) => f.collectionName === c.name)).fields.length,
        row_estimate: estimates.get(tableKey(table.schema, table.name)) ?? null,
        can_write: access === 'write' && keptBy(c) === null,
        kept_by: keptBy(c),
      }));
    });
  }

  /** The collection's full description, or null when NocoBase has no such collection. */
  describe(conn: NocoBaseConnection, name: string, canWrite: boolean): Promise<CollectionDescription | null> {
    return this.pools.withClient(conn, async (client) => {
      const catalog = await this.metadata.readCatalog(client, conn.schema, conn.table_prefix, name);
      const collection = catalog.collections.find((c) => c.name === name);
      if (!collection) return null;
      const tables = new CollectionTables(catalog, conn.schema, conn.table_prefix);
      const table = tables.of(name);
      const columns = await this.metadata.columns(client, [table, ...relatedTables(catalog.fields, tables)]);
      const keys = await this.metadata.keys(client, table.schema, table.name);
      const estimates = await this.metadata.rowEstimates(client, [table]);
      const key = tableKey(table.schema, table.name);
      return describeCollection({
        collection,
        fields: catalog.fields,
        underscored: catalog.underscored,
        tables,
        columns: columns.get(key) ?? [],
        keys,
        columnsOf: (t) => new Set((columns.get(tableKey(t.schema, t.name)) ?? []).map((c) => c.name)),
        rowEstimate: estimates.get(key) ?? null,
        canWrite,
      });
    });
  }
}

/** Tables a collection's relations point into: targets (hasMany keys live there) and through tables. */
function relatedTables(fields: FieldRow[], tables: CollectionTables) {
  const names = new Set<string>();
  for (const f of fields) {
    for (const key of ['target', 'through'] as const) {
      const value = f.options[key];
      if (typeof value === 'string' && value) names.add(value);
    }
  }
  return [...names].map((n) => tables.of(n)).filter((t) => t.exists);
}

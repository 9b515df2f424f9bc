import type { QualifiedTable } from '@intake/contracts';
import { type NocoBaseCatalog, tableKey } from './nocobase-metadata.repository';
import { tableCandidates } from './nocobase-names';

/**
 * Where each collection's rows live: `options.schema` (else the target's schema) and
 * `options.tableName` (else the collection name), with the table prefix, in the database's naming
 * mode — checked against the tables that really exist.
 */
export class CollectionTables {
  private readonly byName: Map<string, NocoBaseCatalog['collections'][number]>;

  constructor(
    private readonly catalog: NocoBaseCatalog,
    private readonly schema: string,
    private readonly prefix: string | null,
  ) {
    this.byName = new Map(catalog.collections.map((c) => [c.name, c]));
  }

  of(collection: string): QualifiedTable & { exists: boolean } {
    const options = this.byName.get(collection)?.options ?? {};
    const schema = typeof options.schema === 'string' && options.schema ? options.schema : this.schema;
    const base = typeof options.tableName === 'string' && options.tableName ? options.tableName : collection;
    return this.pick(schema, tableCandidates(base, this.prefix, this.catalog.underscored));
  }

  /** plugin-collection-tree's path table of a tree collection: `main_<collection>_path`. */
  pathTableOf(collection: string): QualifiedTable & { exists: boolean } {
    const { schema } = this.of(collection);
    return this.pick(schema, tableCandidates(`main_${collection}_path`, this.prefix, this.catalog.underscored));
  }

  exists(table: QualifiedTable): boolean {
    return this.catalog.tables.has(tableKey(table.schema, table.name));
  }

  private pick(schema: string, candidates: string[]): QualifiedTable & { exists: boolean } {
    const found = candidates.find((name) => this.catalog.tables.has(tableKey(schema, name)));
    return { schema, name: found ?? candidates[0], exists: found !== undefined };
  }
}

import type { CollectionDescription } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import { readTableFacts } from './table-facts';
import { refreshTreePaths, type TreeTable } from './tree-paths';

const q = quoteIdent;

/** Records of another collection left pointing at deleted ones: `${count} ${what}` is the warning. */
export interface KeptLinks {
  count: number;
  what: string;
}

/**
 * What NocoBase does around a destroyed record, for the records a rollback deletes (the database
 * has no foreign keys to do it): link rows of many-to-many relations go, and foreign keys of
 * one-to-many relations are cleared when the relation says SET NULL (NocoBase's default). Records
 * left pointing at a deleted one under CASCADE or RESTRICT are not deleted with it — they were made
 * by someone else after the import — but counted in a warning.
 */
export async function unlinkDeleted(
  client: PoolClient,
  d: CollectionDescription,
  deleted: readonly string[],
  pkType: string,
  describeLinked: (collection: string) => Promise<CollectionDescription>,
  tree: TreeTable | null,
): Promise<KeptLinks[]> {
  const warnings: KeptLinks[] = [];
  if (!deleted.length) return warnings;
  for (const field of d.fields) {
    const relation = field.relation;
    if (!relation?.foreign_key_column || (relation.source_key ?? 'id') !== (d.primary_key.field ?? 'id')) continue;
    if (relation.type === 'belongsToMany' && relation.through) {
      await client.query(`DELETE FROM ${qualified(relation.through.schema, relation.through.name)} WHERE ${q(relation.foreign_key_column)} = ANY($1::${pkType}[])`, [deleted]);
      continue;
    }
    if (relation.type !== 'hasMany' && relation.type !== 'hasOne') continue;
    const target = relation.target === d.name ? d : await describeLinked(relation.target);
    const table = qualified(target.table.schema, target.table.name);
    const fk = q(relation.foreign_key_column);
    const targetPk = q(target.primary_key.columns[0] ?? 'id');
    if ((relation.on_delete ?? 'SET NULL') === 'SET NULL') {
      const { rows } = await client.query<{ id: string }>(`UPDATE ${table} SET ${fk} = NULL WHERE ${fk} = ANY($1::${pkType}[]) RETURNING ${targetPk}::text AS id`, [deleted]);
      if (tree && target.name === d.name && relation.foreign_key_column === d.tree?.parent_column) await refreshTreePaths(client, tree, rows.map((r) => r.id));
      else if (target.name !== d.name && target.tree?.parent_column === relation.foreign_key_column) await refreshOtherTree(client, target, rows.map((r) => r.id));
      continue;
    }
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${fk} = ANY($1::${pkType}[])`, [deleted]);
    if (rows[0].n > 0) {
      warnings.push({ count: rows[0].n, what: `${target.title} records still point at deleted ${d.title} records through ${field.title} (onDelete ${relation.on_delete}): they were kept` });
    }
  }
  return warnings;
}

async function refreshOtherTree(client: PoolClient, target: CollectionDescription, ids: string[]): Promise<void> {
  const facts = await readTableFacts(client, target);
  const pk = target.primary_key.columns[0];
  if (facts.pathColumns && pk) await refreshTreePaths(client, { description: target, pk, pkType: facts.columnTypes[pk] ?? 'bigint', pathColumns: facts.pathColumns }, ids);
}

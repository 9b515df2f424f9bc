import type { CollectionDescription } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import { ACTION, ROW, STAGED, TARGET_ID } from './batch-stage';
import type { PathColumns } from './table-facts';

/** Deeper than any tree a path varchar(1024) of 15-digit ids can hold; also stops a cycle from looping. */
const MAX_DEPTH = 100;
const q = quoteIdent;

export interface TreeTable {
  description: CollectionDescription;
  pk: string;
  pkType: string;
  pathColumns: PathColumns;
}

/**
 * Rewrites plugin-collection-tree's path rows (`/rootId/…/id`, rootPk) of the given nodes and of all
 * their descendants, from the parent column as it is now: after inserts, after updates that moved
 * records, and after a rollback restored old parents. NocoBase's tree view is built from these rows.
 */
export async function refreshTreePaths(client: PoolClient, tree: TreeTable, ids: readonly string[]): Promise<void> {
  const parent = tree.description.tree?.parent_column;
  const pathTable = tree.description.tree?.path_table;
  if (!ids.length || !parent || !pathTable) return;
  const table = qualified(tree.description.table.schema, tree.description.table.name);
  const paths = qualified(pathTable.schema, pathTable.name);
  const [pk, up, { node, path, root }] = [q(tree.pk), q(parent), tree.pathColumns];
  await client.query(
    `WITH RECURSIVE climb AS (
        SELECT t.${pk} AS node, t.${up} AS next, '/' || t.${pk}::text AS path, 0 AS depth FROM ${table} t WHERE t.${pk} = ANY($1::${tree.pkType}[])
        UNION ALL
        SELECT c.node, p.${up}, '/' || p.${pk}::text || c.path, c.depth + 1 FROM climb c JOIN ${table} p ON p.${pk} = c.next WHERE c.depth < ${MAX_DEPTH}
      ), anchored AS (
        SELECT DISTINCT ON (node) node, path FROM climb ORDER BY node, depth DESC
      ), descend AS (
        SELECT node, path, 0 AS depth FROM anchored
        UNION ALL
        SELECT t.${pk}, d.path || '/' || t.${pk}::text, d.depth + 1 FROM descend d JOIN ${table} t ON t.${up} = d.node WHERE d.depth < ${MAX_DEPTH}
      ), fresh AS (
        SELECT DISTINCT ON (node) node, path FROM descend ORDER BY node, depth
      ), gone AS (
        DELETE FROM ${paths} WHERE ${q(node)} IN (SELECT node FROM fresh)
      )
      INSERT INTO ${paths} (${q(node)}, ${q(path)}, ${q(root)}) SELECT node, path, split_part(path, '/', 2)::${tree.pkType} FROM fresh`,
    [ids],
  );
}

/** Drops the path rows of deleted nodes. */
export async function deleteTreePaths(client: PoolClient, tree: TreeTable, ids: readonly string[]): Promise<void> {
  const pathTable = tree.description.tree?.path_table;
  if (!ids.length || !pathTable) return;
  await client.query(`DELETE FROM ${qualified(pathTable.schema, pathTable.name)} WHERE ${q(tree.pathColumns.node)} = ANY($1::${tree.pkType}[])`, [ids]);
}

/**
 * Rows of the batch whose update would make a record its own ancestor (a new parent that is the
 * record or one of its descendants), found from the current path rows: these rows fail. A new parent
 * created by this same batch has no path row yet: `anchors` gives, for such a node, the existing
 * record its chain of new parents ends at (see newNodeAnchors), whose path stands in for its own.
 */
export async function rowsMakingCycles(client: PoolClient, tree: TreeTable, parentColumn: string, anchors: ReadonlyMap<string, string> = new Map()): Promise<number[]> {
  const pathTable = tree.description.tree?.path_table;
  if (!pathTable) return [];
  const { node, path } = tree.pathColumns;
  const parent = `s.${q(parentColumn)}`;
  const { rows } = await client.query<{ row: string }>(
    `SELECT s.${ROW} AS row FROM ${STAGED}
        LEFT JOIN unnest($1::${tree.pkType}[], $2::${tree.pkType}[]) n(node, anchor) ON n.node = ${parent}
        JOIN ${qualified(pathTable.schema, pathTable.name)} p ON p.${q(node)} = COALESCE(n.anchor, ${parent})
      WHERE a.${ACTION} = 'update' AND (p.${q(path)} || '/') LIKE '%/' || a.${TARGET_ID}::text || '/%'`,
    [[...anchors.keys()], [...anchors.values()]],
  );
  return rows.map((r) => Number(r.row));
}

/**
 * For each record the batch inserts under a parent: the existing record its chain of parents reaches
 * first (a new node's parent may be another new node, always of an earlier row). Nodes whose chain
 * ends at a root are left out: they cannot close a cycle. `inserted` is in row order.
 */
export function newNodeAnchors(inserted: readonly { recordId: string; parent: string | null }[]): Map<string, string> {
  const newIds = new Set(inserted.map((n) => n.recordId));
  const anchors = new Map<string, string>();
  for (const { recordId, parent } of inserted) {
    if (parent === null) continue;
    const anchor = newIds.has(parent) ? anchors.get(parent) : parent;
    if (anchor !== undefined) anchors.set(recordId, anchor);
  }
  return anchors;
}

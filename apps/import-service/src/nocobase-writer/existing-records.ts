import type { PoolClient } from 'pg';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import { ROW, STAGE } from './batch-stage';
import { probingIndexes } from './index-probes';
import { sameValueSql } from './value-equality';
import type { WritePlan } from './write-plan';

/** What the table already holds for each staged row (by row index). */
export interface ExistingRecords {
  /** Rows whose reserved id is already taken: written by an earlier attempt of this batch, or a clash. */
  ownIdTaken: Set<number>;
  /** Records whose key fields equal the row's (at most two are kept: two already mean "ambiguous"). */
  keyMatches: Map<number, string[]>;
  /**
   * Rows whose one key match already holds every value the row gives (asked for with the images):
   * an update of them would change nothing but who updated it when.
   */
  unchanged: Set<number>;
  /** Per unique field name: the record that holds the row's value. */
  uniqueHolders: Map<string, Map<number, string>>;
  /**
   * The whole record (JSON text) of every key match, when asked for: the before-images of the
   * updates, read under the batch's table lock, so exactly what the update overwrites. Never parsed
   * here: bigints beyond 2^53 and numeric scales survive the round trip into the journal and back.
   */
  images: Map<string, string>;
}

interface Lookup {
  sql: string;
  /** Its join column leads an index. */
  indexed: boolean;
  /** Uses the reserved-id range ($1, $2). */
  ranged?: boolean;
}

/**
 * Finds every existing record a staged row could meet: its own reserved id, the records its key
 * matches and the holders of its unique values. Joins, not a subquery per row. Joins on indexed
 * columns run as index probes (hash and merge joins off): for 10,000 rows against a cached table of
 * 300,000 that is twice as fast as the hash join over a full scan the planner picks, and the gap
 * grows with the table. A join on an unindexed key keeps the planner's choice: one scan per batch.
 */
export async function findExistingRecords(
  client: PoolClient,
  plan: WritePlan,
  withImages: boolean,
  /** The batch's reserved ids → row index. */
  newIds: ReadonlyMap<string, number>,
): Promise<ExistingRecords> {
  const table = qualified(plan.description.table.schema, plan.description.table.name);
  const pk = quoteIdent(plan.pk);
  const lookups: Lookup[] = [];
  const params: string[] = [];
  if (newIds.size) {
    // A batch's reserved ids are one range (consecutive rows): one index range scan instead of a probe per row.
    const sorted = [...newIds.keys()].map(BigInt).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    params.push(sorted[0].toString(), sorted[sorted.length - 1].toString());
    const sql = `SELECT 'own' AS kind, NULL::bigint AS row, t.${pk}::text AS id, NULL AS image, NULL::boolean AS same FROM ${table} t WHERE t.${pk} BETWEEN $1::${plan.pkType} AND $2::${plan.pkType}`;
    lookups.push({ sql, indexed: true, ranged: true });
  }
  if (plan.keys.length) {
    const on = plan.keys.map((k) => `t.${quoteIdent(k.column)} = s.${quoteIdent(k.column)}`).join(' AND ');
    // row_to_json: cheaper than to_jsonb, and a json column's text stays as it was.
    const image = withImages ? 'row_to_json(t)::text' : 'NULL';
    const same = withImages ? sameValues(plan) : 'NULL::boolean';
    const sql = `SELECT 'key' AS kind, row, id, image, same FROM (SELECT s.${ROW} AS row, t.${pk}::text AS id, ${image} AS image, ${same} AS same, row_number() OVER (PARTITION BY s.${ROW} ORDER BY t.${pk}) AS n
         FROM ${STAGE} s JOIN ${table} t ON ${on}) k WHERE n <= 2`;
    lookups.push({ sql, indexed: plan.indexedColumns.has(plan.keys[0].column) });
  }
  plan.uniques.forEach((u, i) => {
    const column = quoteIdent(u.column);
    const sql = `SELECT 'u${i}' AS kind, s.${ROW} AS row, t.${pk}::text AS id, NULL AS image, NULL::boolean AS same FROM ${STAGE} s JOIN ${table} t ON t.${column} = s.${column}`;
    lookups.push({ sql, indexed: plan.indexedColumns.has(u.column) });
  });
  const found: ExistingRecords = { ownIdTaken: new Set(), keyMatches: new Map(), unchanged: new Set(), uniqueHolders: new Map(plan.uniques.map((u) => [u.field.name, new Map()])), images: new Map() };
  for (const indexed of [true, false]) {
    const group = lookups.filter((l) => l.indexed === indexed);
    if (!group.length) continue;
    const lookUp = () => client.query<Found>(group.map((l) => l.sql).join('\nUNION ALL\n'), group.some((l) => l.ranged) ? params : []);
    const { rows } = indexed ? await probingIndexes(client, lookUp) : await lookUp();
    collect(found, plan, newIds, rows);
  }
  return found;
}

/**
 * Whether the record holds every value the staged row gives (see sameValueSql). With keepEmpty a
 * NULL gives nothing. Links are not compared: with a many-to-many field mapped, a row is never
 * taken as unchanged.
 */
function sameValues(plan: WritePlan): string {
  if (plan.links.length) return 'false';
  const equal = plan.columns
    .filter((c) => c.column !== plan.pk)
    .map(({ column }) => {
      const c = quoteIdent(column);
      const same = sameValueSql(`t.${c}`, `s.${c}`, plan.columnTypes[column] ?? '');
      return plan.keepEmpty ? `(s.${c} IS NULL OR ${same})` : same;
    });
  return equal.length ? `(${equal.join(' AND ')})` : 'true';
}

interface Found {
  kind: string;
  row: string;
  id: string;
  image: string | null;
  same: boolean | null;
}

function collect(found: ExistingRecords, plan: WritePlan, newIds: ReadonlyMap<string, number>, rows: Found[]): void {
  for (const r of rows) {
    const row = Number(r.row);
    if (r.kind === 'own') {
      // Ids between ours in the range can belong to other worker ids: only our own rows count.
      const own = newIds.get(r.id);
      if (own !== undefined) found.ownIdTaken.add(own);
    } else if (r.kind === 'key') {
      found.keyMatches.set(row, [...(found.keyMatches.get(row) ?? []), r.id]);
      if (r.image !== null) found.images.set(r.id, r.image);
      if (r.same === true) found.unchanged.add(row);
    } else found.uniqueHolders.get(plan.uniques[Number(r.kind.slice(1))].field.name)?.set(row, r.id);
  }
}

/** Every record id the lookups met, to ask the journal which of them this job wrote. */
export function idsMet(found: ExistingRecords, ownIds: Iterable<string>): string[] {
  const ids = new Set<string>(ownIds);
  for (const list of found.keyMatches.values()) list.forEach((id) => ids.add(id));
  for (const holders of found.uniqueHolders.values()) holders.forEach((id) => ids.add(id));
  return [...ids];
}

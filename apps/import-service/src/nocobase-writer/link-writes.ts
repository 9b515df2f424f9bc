import type { CollectionField } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import type { StagedRow } from './batch-stage';
import type { LinkChange } from './job-links.repository';
import { type LinkTable, readLinkTable } from './link-table';
import type { Decision } from './row-decisions';
import type { WritePlan } from './write-plan';
import { NOW } from './write-statements';

const q = quoteIdent;
/** As write-statements: NocoBase's millisecond timestamps, one value for the whole transaction. */
/** The links one batch wants for one field: per record, the complete set (update) or the links to add (insert). */
interface WantedLinks {
  /** Records whose links for the field become exactly the wanted ones. */
  replaced: string[];
  sources: string[];
  targets: string[];
}

/**
 * Writes a batch's belongsToMany links once its records are written, as NocoBase's association
 * `set` does: a new record gets the links its cell lists; an updated record's links for the field
 * become exactly the cell's (links it does not list are removed, the others kept; an empty cell
 * under `empty_cells: keep` changes none); skipped and
 * failed rows change nothing. Per field one DELETE and one INSERT … SELECT over arrays, whatever
 * the batch's size. A link already there is left alone (anti-join, and ON CONFLICT DO NOTHING for one
 * NocoBase adds meanwhile), so a replayed batch adds nothing twice. Returns every link row added or
 * removed, for the journal.
 */
export async function writeLinks(client: PoolClient, plan: WritePlan, decisions: readonly Decision[], rows: readonly StagedRow[]): Promise<LinkChange[]> {
  if (!plan.links.length) return [];
  const byIndex = new Map(rows.map((r) => [r.rowIndex, r]));
  const written = decisions.filter((d) => (d.action === 'insert' || d.action === 'done' || d.action === 'update') && d.recordId !== null);
  const changes: LinkChange[] = [];
  for (const field of plan.links) {
    const wanted = wantedLinks(field, written, byIndex, plan.keepEmpty);
    if (!wanted.replaced.length && !wanted.sources.length) continue;
    const link = await readLinkTable(client, plan.description, field);
    changes.push(...(await removeOthers(client, link, wanted)), ...(await addMissing(client, link, wanted)));
  }
  return changes;
}

function wantedLinks(field: CollectionField, decisions: readonly Decision[], rows: ReadonlyMap<number, StagedRow>, keepEmpty: boolean): WantedLinks {
  const wanted: WantedLinks = { replaced: [], sources: [], targets: [] };
  for (const d of decisions) {
    const record = d.recordId as string;
    const keys = rows.get(d.rowIndex)?.values[field.name];
    // An empty cell kept as it is leaves the record's links alone.
    const given = Array.isArray(keys) && keys.length > 0;
    if (d.action === 'update' && (given || !keepEmpty)) wanted.replaced.push(record);
    for (const key of Array.isArray(keys) ? keys : []) {
      wanted.sources.push(record);
      wanted.targets.push(String(key));
    }
  }
  return wanted;
}

async function removeOthers(client: PoolClient, link: LinkTable, wanted: WantedLinks): Promise<LinkChange[]> {
  if (!wanted.replaced.length) return [];
  const { source, target, sourceType, targetType } = link;
  const { rows } = await client.query<Returned>(
    `DELETE FROM ${qualified(link.table.schema, link.table.name)} t
      WHERE t.${q(source)} = ANY($1::${sourceType}[])
        AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::text[]) w(s, k) WHERE t.${q(source)} = w.s::${sourceType} AND t.${q(target)} = w.k::${targetType})
      RETURNING ${returned(link)}`,
    [wanted.replaced, wanted.sources, wanted.targets],
  );
  return rows.map((r) => changeOf(link, 'remove', r));
}

async function addMissing(client: PoolClient, link: LinkTable, wanted: WantedLinks): Promise<LinkChange[]> {
  if (!wanted.sources.length) return [];
  const { source, target, sourceType, targetType } = link;
  const table = qualified(link.table.schema, link.table.name);
  const columns = [source, target, ...link.timestamps].map(q).join(', ');
  const values = ['w.s', 'w.k', ...link.timestamps.map(() => NOW)].join(', ');
  const { rows } = await client.query<Returned>(
    `INSERT INTO ${table} AS t (${columns})
     SELECT ${values} FROM (SELECT DISTINCT x.s::${sourceType} AS s, x.k::${targetType} AS k FROM unnest($1::text[], $2::text[]) x(s, k)) w
      WHERE NOT EXISTS (SELECT 1 FROM ${table} e WHERE e.${q(source)} = w.s AND e.${q(target)} = w.k)
     ON CONFLICT DO NOTHING
     RETURNING ${returned(link)}`,
    [wanted.sources, wanted.targets],
  );
  return rows.map((r) => changeOf(link, 'add', r));
}

interface Returned {
  s: string;
  k: string;
  row: string;
}

const returned = (link: LinkTable) => `t.${q(link.source)}::text AS s, t.${q(link.target)}::text AS k, row_to_json(t)::text AS row`;

/** Key columns sorted by name: a relation and its reverse field name the same link the same way. */
function changeOf(link: LinkTable, action: LinkChange['action'], r: Returned): LinkChange {
  const sourceFirst = link.source < link.target;
  return {
    table: link.table,
    columns: sourceFirst ? [link.source, link.target] : [link.target, link.source],
    keys: sourceFirst ? [r.s, r.k] : [r.k, r.s],
    action,
    row: r.row,
  };
}

import type { PoolClient } from 'pg';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import type { LinkGroup } from './job-links.repository';

/**
 * Undoes a job's changes to one link table from the journal's link rows (JSON text): links it
 * added are deleted, links it removed are put back whole (their createdAt and any other column as
 * they were). Both are idempotent: a repeat deletes nothing more and puts nothing back twice.
 * Runs before the job's inserted records are deleted; unlinkDeleted then removes only the links
 * others made to those records since, so the two never fight over a row. Answers how many journal
 * entries could not be undone because the link table is gone.
 */
export async function undoLinkChanges(client: PoolClient, group: LinkGroup, added: AsyncIterable<string[]>, removed: AsyncIterable<string[]>): Promise<number> {
  const table = qualified(group.table.schema, group.table.name);
  const { rows } = await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [table]);
  const [a, b] = group.columns.map(quoteIdent);
  const same = `t.${a} = r.${a} AND t.${b} = r.${b}`;
  const recordset = `jsonb_populate_recordset(NULL::${table}, $1::jsonb) r`;
  let lost = 0;
  for await (const page of added) {
    if (!rows[0].exists) lost += page.length;
    else await client.query(`DELETE FROM ${table} t USING ${recordset} WHERE ${same}`, [`[${page.join(',')}]`]);
  }
  for await (const page of removed) {
    if (!rows[0].exists) lost += page.length;
    else await client.query(`INSERT INTO ${table} SELECT r.* FROM ${recordset} WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE ${same}) ON CONFLICT DO NOTHING`, [`[${page.join(',')}]`]);
  }
  return lost;
}

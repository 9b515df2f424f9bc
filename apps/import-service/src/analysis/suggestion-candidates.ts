import type { PoolClient } from 'pg';
import { quoteIdent } from '../nocobase/nocobase-names';
import { foldText } from './similar-text';

/** Candidates fetched per value, for closestValues to rank in Node. */
export const CANDIDATES_PER_VALUE = 20;
/** Letters of the squashed text its prefix and suffix keys hold: a typo in the middle keeps both. */
const END_LETTERS = 5;
/** Words shorter than this say too little to find a record by. */
const MIN_WORD_LETTERS = 3;
/**
 * A key found in more than this many rows of the 1 % sample (≈ 2,000 rows of the table) is too
 * common to point anywhere (`corp`, `com`, `gmbh`), and left out before the scan collects rows by it.
 */
const COMMON_IN_SAMPLE = 20;

/**
 * The keys a record must share with `text` to be a candidate, as the SQL below makes them from the
 * records' side: its words, and the whole text squashed (no spaces or punctuation) with its first
 * and last letters. Made from the text as written and without accents, since the SQL cannot strip
 * accents from records on every server.
 */
export function candidateKeys(text: string): string[] {
  const keys = new Set<string>();
  for (const variant of new Set([text.toLowerCase(), foldText(text)])) {
    const found = variant.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const squashed = Array.from(found.join(''));
    if (!squashed.length) continue;
    for (const word of found) if (Array.from(word).length >= MIN_WORD_LETTERS) keys.add(word);
    keys.add(`w:${squashed.join('')}`);
    keys.add(`p:${squashed.slice(0, END_LETTERS).join('')}`);
    keys.add(`s:${squashed.slice(-END_LETTERS).join('')}`);
  }
  return [...keys];
}

export interface CandidateSource {
  /** Schema-qualified, quoted table name. */
  table: string;
  /** Text-like columns whose values identify a record (title field, unique fields). */
  columns: string[];
  /** Whether the server has normalize() (PostgreSQL 13+, UTF-8) to strip accents from records. */
  canFoldAccents: boolean;
}

/** The records' folded text: accents are stripped only from rows that have any non-ASCII letter, since that costs. */
function foldedSql(column: string, canFoldAccents: boolean): string {
  if (!canFoldAccents) return `lower(${column})`;
  return `CASE WHEN octet_length(${column}) = length(${column}) THEN lower(${column}) ELSE lower(regexp_replace(normalize(${column}, NFKD), '[\\u0300-\\u036f]+', '', 'g')) END`;
}

/** Every (record text, key) pair of `rows` (a subquery yielding column `c`); OFFSET 0 keeps each expression computed once per row. */
function keysSql(rows: string, canFoldAccents: boolean): string {
  return `SELECT r.title, k.key FROM (
      SELECT title, t, array_to_string(t, '') AS w FROM (
        SELECT c AS title, regexp_split_to_array(${foldedSql('c', canFoldAccents)}, '[^[:alnum:]]+') AS t FROM ${rows} OFFSET 0) a OFFSET 0) r
    CROSS JOIN LATERAL unnest(r.t || ARRAY['w:' || r.w, 'p:' || left(r.w, ${END_LETTERS}), 's:' || right(r.w, ${END_LETTERS})]) k(key)`;
}

/**
 * Per value (by its index in `values`), up to CANDIDATES_PER_VALUE record texts that share the most
 * keys with it. One sequential scan of the table whatever its size, plain SQL only (no pg_trgm or
 * fuzzystrmatch, which a NocoBase database may lack); keys common to thousands of rows are found
 * on a sample first and skipped, so the rows collected stay few.
 */
export async function findCandidates(client: PoolClient, source: CandidateSource, values: readonly string[]): Promise<Map<number, string[]>> {
  const indexes: number[] = [];
  const keys: string[] = [];
  values.forEach((value, i) => {
    for (const key of candidateKeys(value)) {
      indexes.push(i);
      keys.push(key);
    }
  });
  const result = new Map<number, string[]>();
  if (!keys.length || !source.columns.length) return result;
  const texts = (sample: string) =>
    `(SELECT v.c FROM ${source.table} ${sample} CROSS JOIN LATERAL (VALUES ${source.columns.map((c) => `(t.${quoteIdent(c)}::text)`).join(', ')}) v(c) WHERE v.c IS NOT NULL) s`;
  const { rows } = await client.query<{ i: number; title: string }>(
    `WITH wanted AS (SELECT w.i, w.key, length(v.value) AS len FROM unnest($1::int[], $2::text[]) AS w(i, key) JOIN unnest($3::text[]) WITH ORDINALITY AS v(value, n) ON v.n = w.i + 1),
     common AS (SELECT key FROM (${keysSql(texts('t TABLESAMPLE SYSTEM (1) REPEATABLE (0)'), source.canFoldAccents)}) x
                WHERE key IN (SELECT key FROM wanted) GROUP BY key HAVING count(*) > ${COMMON_IN_SAMPLE}),
     hits AS (${keysSql(texts('t'), source.canFoldAccents)}),
     scored AS (SELECT w.i, h.title, count(DISTINCT h.key) AS shared, min(abs(length(h.title) - w.len)) AS gap
                FROM hits h JOIN wanted w USING (key) WHERE h.key NOT IN (SELECT key FROM common) GROUP BY w.i, h.title)
     SELECT i, title FROM (SELECT i, title, row_number() OVER (PARTITION BY i ORDER BY shared DESC, gap, title) AS rank FROM scored) x
     WHERE rank <= ${CANDIDATES_PER_VALUE}`,
    [indexes, keys, values],
  );
  for (const row of rows) result.set(row.i, [...(result.get(row.i) ?? []), row.title]);
  return result;
}

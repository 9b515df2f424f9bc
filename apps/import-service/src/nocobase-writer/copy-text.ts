import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DbValue } from './writer-types';

/** PostgreSQL's COPY text format: tab-separated, `\N` for null, backslash escapes for `\`, tab, newline and CR. */
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const escapeText = (text: string): string => (NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : text);

/** One value as PostgreSQL reads it from text: dates as ISO instants, JSON arrays as JSON, booleans as t/f. */
export function valueText(value: DbValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return JSON.stringify(value);
  return value as string;
}

/** One value as COPY text (valueText, escaped). */
export function copyValue(value: DbValue | undefined): string {
  const text = valueText(value);
  if (text === null) return '\\N';
  return typeof value === 'string' || Array.isArray(value) ? escapeText(text) : text;
}

export function copyLine(values: readonly (DbValue | undefined)[]): string {
  let line = values.length ? copyValue(values[0]) : '';
  for (let i = 1; i < values.length; i++) line += `\t${copyValue(values[i])}`;
  return `${line}\n`;
}

/** The staged row's line without building an array of its values first (this runs once per row). */
export function copyLineOf(head: readonly (string | null)[], values: Readonly<Record<string, DbValue>>, names: readonly string[]): string {
  let line = copyLine(head).slice(0, -1);
  for (const name of names) line += `\t${copyValue(values[name])}`;
  return `${line}\n`;
}

/** Lines joined into chunks of about 64 KB: one stream write per chunk instead of per row. */
function* chunks(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Streams lines into `COPY <table> (<columns>) FROM STDIN`; `table` and `columns` are already quoted SQL. */
export async function copyLines(client: PoolClient, table: string, columns: readonly string[], lines: Iterable<string>): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks(lines)), stream);
}

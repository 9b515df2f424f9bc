import type { CollectionField } from '@intake/contracts';
import { type CellValue, type CoerceOptions, coerce } from '@intake/tabular';
import type { FieldResult } from './field-values';

/** Cell conversions NocoBase needs and @intake/tabular does not offer: percentages, times, wall-clock timestamps. */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const quote = (cell: Exclude<CellValue, null>): string => (typeof cell === 'string' ? `'${cell.length > 60 ? `${cell.slice(0, 57)}…` : cell}'` : String(cell));

/** An exact decimal text divided by 100 by moving the point: "12.5" → "0.125", so 33.3% is 0.333, not 0.33299999999999996. */
export function divideBy100(plain: string): string {
  const negative = plain.startsWith('-');
  const [integer, fraction = ''] = (negative ? plain.slice(1) : plain).split('.');
  const padded = integer.padStart(3, '0');
  const head = padded.slice(0, -2).replace(/^0+(?=\d)/, '');
  const tail = (padded.slice(-2) + fraction).replace(/0+$/, '');
  const result = `${head}${tail ? `.${tail}` : ''}`;
  return negative && /[1-9]/.test(result) ? `-${result}` : result;
}

/**
 * A percent field stores a fraction (NocoBase shows 0.25 as 25 %). `25%` and `25 %` are divided by
 * 100; a plain number is taken as the fraction already, which is also what Excel gives for a cell
 * formatted as a percentage. A numeric(p,s) column rounds to its scale like the other decimals.
 */
export function coercePercent(cell: CellValue, field: CollectionField, options: CoerceOptions): FieldResult {
  const decimal = field.type === 'decimal' || field.db_type === 'numeric';
  if (typeof cell !== 'string' && typeof cell !== 'number') return { ok: false, error: `${cell === null ? 'null' : quote(cell)} is not a percentage (write 25% or 0.25)` };
  const notPercent: FieldResult = { ok: false, error: `${quote(cell)} is not a percentage (write 25% or 0.25)` };
  const text = typeof cell === 'number' ? cell : cell.trim();
  const isPercent = typeof text === 'string' && text.endsWith('%');
  const exact = coerce(isPercent ? text.slice(0, -1).trim() : text, { type: 'decimal' }, options);
  if (!exact.ok || typeof exact.value !== 'string') return notPercent;
  const fraction = isPercent ? divideBy100(exact.value) : exact.value;
  if (!decimal) return { ok: true, value: Number(fraction) };
  const rounded = coerce(fraction, { type: 'decimal', precision: field.precision ?? undefined, scale: field.scale ?? undefined }, { decimalSeparator: '.' });
  return rounded.ok ? { ok: true, value: rounded.value as string } : { ok: false, error: rounded.error };
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:([AaPp])\.?[Mm]\.?)?$/;

/** A time of day as 'HH:MM:SS': from text (24-hour or with am/pm), an XLSX time (a naive Date), or Excel's fraction of a day. */
export function coerceTime(cell: CellValue): FieldResult {
  if (cell instanceof Date) return { ok: true, value: `${pad(cell.getUTCHours())}:${pad(cell.getUTCMinutes())}:${pad(cell.getUTCSeconds())}` };
  if (typeof cell === 'number' && cell >= 0 && cell < 1) {
    const seconds = Math.round(cell * 86_400) % 86_400;
    return { ok: true, value: `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}` };
  }
  const bad: FieldResult = { ok: false, error: `${cell === null ? 'null' : quote(cell)} is not a time (expected HH:MM or HH:MM:SS)` };
  const match = typeof cell === 'string' ? TIME.exec(cell.trim()) : null;
  if (!match) return bad;
  let hour = Number(match[1]);
  const [minute, second] = [Number(match[2]), Number(match[3] ?? 0)];
  if (match[4]) {
    if (hour < 1 || hour > 12) return bad;
    hour = (hour % 12) + (match[4].toLowerCase() === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return bad;
  return { ok: true, value: `${pad(hour)}:${pad(minute)}:${pad(second)}` };
}

/** A wall-clock value for `timestamp without time zone`: the Date's UTC fields, written out. */
export function naiveTimestamp(value: Date): string {
  const date = `${pad(value.getUTCFullYear(), 4)}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  return `${date} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}.${pad(value.getUTCMilliseconds(), 3)}`;
}

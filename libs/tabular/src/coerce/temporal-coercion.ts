import { datePartsOf, dateShape, type DateOrder, type DateParts } from '../infer/date-text';
import type { CoerceResult } from './target-type';
import { quoteValue } from './quote-value';
import { zonedWallClockToInstant } from './time-zone';

const ORDER_WORDS: Record<DateOrder, string> = { DMY: 'day-first', MDY: 'month-first', YMD: 'year-first' };
const FORMS: Record<DateOrder, string> = { DMY: 'DD/MM/YYYY', MDY: 'MM/DD/YYYY', YMD: 'YYYY-MM-DD' };

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

type Parsed = { parts: DateParts } | { error: string };

function parse(value: string | number | boolean | Date, order: DateOrder, what: string): Parsed {
  if (value instanceof Date) {
    // A Date from XLSX is naive: its UTC fields are the wall-clock value.
    const parts = {
      year: value.getUTCFullYear(),
      month: value.getUTCMonth() + 1,
      day: value.getUTCDate(),
      hour: value.getUTCHours(),
      minute: value.getUTCMinutes(),
      second: value.getUTCSeconds(),
      millisecond: value.getUTCMilliseconds(),
    };
    return { parts: { ...parts, hasTime: parts.hour + parts.minute + parts.second + parts.millisecond > 0 } };
  }
  if (typeof value === 'number') return { error: `${value} is a number, not ${what} (format the cell as a date in Excel)` };
  if (typeof value === 'boolean') return { error: `${value} is not ${what}` };
  const shape = dateShape(value);
  const expected = order === 'YMD' ? FORMS.YMD : `${FORMS[order]} or YYYY-MM-DD`;
  if (!shape) return { error: `${quoteValue(value)} is not ${what} (expected ${expected})` };
  const parts = datePartsOf(shape, order === 'YMD' ? 'DMY' : order);
  if (!parts) {
    const how = shape.yearFirst ? ORDER_WORDS.YMD : ORDER_WORDS[order === 'YMD' ? 'DMY' : order];
    return { error: `${quoteValue(value)} is not a valid ${what.replace(/^an? /, '')} (${how})` };
  }
  return { parts };
}

/** A calendar date as 'YYYY-MM-DD'. A time part, if any, is dropped: the date is kept as written. */
export function coerceDate(value: string | number | boolean | Date, order: DateOrder): CoerceResult {
  const parsed = parse(value, order, 'a date');
  if ('error' in parsed) return { ok: false, error: parsed.error };
  const { year, month, day } = parsed.parts;
  return { ok: true, value: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

/** An instant: an explicit offset is honoured, otherwise the wall clock is read in `timeZone`. */
export function coerceDatetime(value: string | number | boolean | Date, order: DateOrder, timeZone: string): CoerceResult {
  const parsed = parse(value, order, 'a date and time');
  if ('error' in parsed) return { ok: false, error: parsed.error };
  const { year, month, day, hour, minute, second, millisecond, offsetMinutes } = parsed.parts;
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear puts them back.
  const fixed = year < 100 ? new Date(wallClock).setUTCFullYear(year) : wallClock;
  if (offsetMinutes !== undefined) return { ok: true, value: new Date(fixed - offsetMinutes * 60_000) };
  return { ok: true, value: zonedWallClockToInstant(fixed, timeZone) };
}

import { BOOLEAN_HINT, parseBooleanWord } from '../infer/boolean-words';
import { isEmail } from '../infer/email';
import type { CellValue } from '../table-types';
import { coerceJsonArray, coerceSelect } from './choice-coercion';
import { coerceDecimal, coerceFloat, coerceInteger } from './number-coercion';
import type { CoerceOptions, CoerceResult, TargetType } from './target-type';
import { coerceDate, coerceDatetime } from './temporal-coercion';
import { quoteValue } from './quote-value';

const NULL: CoerceResult = { ok: true, value: null };
const pad = (n: number): string => String(n).padStart(2, '0');

/** Text form of a non-text cell for string targets: naive dates as 'YYYY-MM-DD[ HH:MM:SS]'. */
function asString(value: Exclude<CellValue, null>): string {
  if (!(value instanceof Date)) return String(value);
  const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  const time = `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}`;
  return time === '00:00:00' ? date : `${date} ${time}`;
}

function coerceBoolean(value: Exclude<CellValue, null>): CoerceResult {
  if (typeof value === 'boolean') return { ok: true, value };
  const parsed = typeof value === 'number' ? (value === 1 ? true : value === 0 ? false : undefined) : typeof value === 'string' ? parseBooleanWord(value) : undefined;
  return parsed === undefined ? { ok: false, error: `${quoteValue(value)} is not a boolean (${BOOLEAN_HINT})` } : { ok: true, value: parsed };
}

/**
 * Converts one cell into the destination field's type, or says precisely why it cannot, in words a
 * user can act on ("'12,5x' is not a number", "'31/02/2024' is not a valid date (day-first)").
 * Surrounding whitespace is ignored and a blank cell is null (an error when `required`). Never throws
 * for a bad value; throws RangeError only for a bad `options.timeZone`.
 */
export function coerce(value: CellValue, target: TargetType, options: CoerceOptions = {}): CoerceResult {
  const cell = typeof value === 'string' ? value.trim() : value;
  if (cell === null || cell === '') return target.required ? { ok: false, error: 'a value is required' } : NULL;
  switch (target.type) {
    case 'string': {
      const text = asString(cell);
      if (target.maxLength !== undefined && text.length > target.maxLength) {
        return { ok: false, error: `the value is ${text.length.toLocaleString('en')} characters long, more than the ${target.maxLength.toLocaleString('en')} allowed` };
      }
      return { ok: true, value: text };
    }
    case 'text':
      return { ok: true, value: asString(cell) };
    case 'email':
      return typeof cell === 'string' && isEmail(cell) ? { ok: true, value: cell } : { ok: false, error: `${quoteValue(cell)} is not an email address` };
    case 'boolean':
      return coerceBoolean(cell);
    case 'integer':
    case 'decimal':
    case 'float':
      if (typeof cell !== 'string' && typeof cell !== 'number') return { ok: false, error: `${quoteValue(cell)} is not a number` };
      if (target.type === 'integer') return coerceInteger(cell, options.decimalSeparator, target.min, target.max);
      if (target.type === 'decimal') return coerceDecimal(cell, options.decimalSeparator, target.precision, target.scale);
      return coerceFloat(cell, options.decimalSeparator);
    case 'date':
      return coerceDate(cell, options.dateOrder ?? 'DMY');
    case 'datetime':
      return coerceDatetime(cell, options.dateOrder ?? 'DMY', options.timeZone ?? 'UTC');
    case 'select':
      return coerceSelect(cell, target.options);
    case 'json-array':
      return coerceJsonArray(cell, target.options);
  }
}

import { parseNumberText, type DecimalSeparator, type ParsedNumber } from '../infer/number-text';
import { INTEGER_RANGES, type CoerceResult } from './target-type';
import { integerDigits, plainDecimal, roundDecimal } from './decimal-text';
import { quoteValue } from './quote-value';

type NumberInput = string | number;

/** Reads text with the column's decimal mark, or with `.` then `,` when the mark is unknown. */
export function readNumber(value: NumberInput, separator: DecimalSeparator | undefined): ParsedNumber | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { value, integral: Number.isInteger(value), normalized: String(value) } : undefined;
  }
  if (separator) return parseNumberText(value, separator);
  return parseNumberText(value, '.') ?? parseNumberText(value, ',');
}

const notANumber = (value: NumberInput): CoerceResult => ({ ok: false, error: `${quoteValue(value)} is not a number` });

export function coerceInteger(
  value: NumberInput,
  separator: DecimalSeparator | undefined,
  min: bigint = INTEGER_RANGES.int64.min,
  max: bigint = INTEGER_RANGES.int64.max,
): CoerceResult {
  const number = readNumber(value, separator);
  if (!number) return notANumber(value);
  if (!number.integral) return { ok: false, error: `${quoteValue(value)} is not a whole number` };
  const exact = BigInt(plainDecimal(number.normalized));
  if (exact < min || exact > max) return { ok: false, error: `${quoteValue(value)} is out of range (${min} to ${max})` };
  return { ok: true, value: Number.isSafeInteger(Number(exact)) ? Number(exact) : exact.toString() };
}

export function coerceDecimal(value: NumberInput, separator: DecimalSeparator | undefined, precision?: number, scale?: number): CoerceResult {
  const number = readNumber(value, separator);
  if (!number) return notANumber(value);
  const plain = scale === undefined ? plainDecimal(number.normalized) : roundDecimal(number.normalized, scale);
  if (precision !== undefined && integerDigits(plain) > precision - (scale ?? 0)) {
    const allowed = precision - (scale ?? 0);
    return {
      ok: false,
      error: `${quoteValue(value)} is too large: at most ${allowed} digit${allowed === 1 ? '' : 's'} before the decimal point (numeric(${precision}, ${scale ?? 0}))`,
    };
  }
  return { ok: true, value: plain };
}

export function coerceFloat(value: NumberInput, separator: DecimalSeparator | undefined): CoerceResult {
  const number = readNumber(value, separator);
  return number ? { ok: true, value: number.value } : notANumber(value);
}

export type DecimalSeparator = '.' | ',';

export interface ParsedNumber {
  value: number;
  /** No fractional part (after exponent); says nothing about safe range. */
  integral: boolean;
  /** Plain decimal text with `.` and no grouping, e.g. "-1234.56", exact for any length. */
  normalized: string;
}

// Groups of three after a first group of one to three digits, with one consistent separator.
const DOT_DECIMAL = /^([+-])?(\d{1,3}(?:(,|[ \u00a0\u202f])\d{3})(?:\3\d{3})*|\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
const COMMA_DECIMAL = /^([+-])?(\d{1,3}(?:(\.|[ \u00a0\u202f])\d{3})(?:\3\d{3})*|\d*)(?:,(\d+))?$/;

/**
 * Reads a number written with `separator` as the decimal mark. Thousands separators are accepted only
 * in their unambiguous form: every group exactly three digits, one separator kind (`1,234,567.8`,
 * `1.234.567,8`, `1 234,5`). Scientific notation only with a `.` decimal mark. Returns undefined for
 * anything else, including currency symbols and percentages.
 */
export function parseNumberText(text: string, separator: DecimalSeparator): ParsedNumber | undefined {
  const trimmed = text.trim();
  const match = (separator === '.' ? DOT_DECIMAL : COMMA_DECIMAL).exec(trimmed);
  if (!match) return undefined;
  const [, sign = '', grouped, groupSeparator, fraction, exponent] = match;
  const integer = groupSeparator ? grouped.split(groupSeparator).join('') : grouped;
  if (integer === '' && fraction === undefined) return undefined;
  const normalized = `${sign === '-' ? '-' : ''}${integer || '0'}${fraction !== undefined ? `.${fraction}` : ''}${exponent !== undefined ? `e${exponent}` : ''}`;
  const value = Number(normalized);
  if (!Number.isFinite(value)) return undefined;
  const integral = exponent === undefined ? fraction === undefined || /^0*$/.test(fraction) : Number.isInteger(value);
  return { value, integral, normalized };
}

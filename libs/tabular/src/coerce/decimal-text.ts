/**
 * Exact arithmetic on decimal text, so decimals never pass through a binary float: "0.1" stays
 * "0.1" and a 30-digit value keeps every digit.
 */

const PLAIN = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** Splits "-1.5e3" into sign, digits and decimal-point position, without a float. */
function split(text: string): { negative: boolean; integer: string; fraction: string } {
  // Most cells have no exponent: this runs per cell, so that case skips the general path.
  const plain = PLAIN.exec(text);
  if (plain) return { negative: plain[1] === '-', integer: plain[2] || '0', fraction: plain[3] ?? '' };
  const negative = text.startsWith('-');
  const [mantissa, exponentText] = text.replace(/^[+-]/, '').toLowerCase().split('e');
  const [integer, fraction = ''] = mantissa.split('.');
  const exponent = Number(exponentText ?? 0);
  const digits = integer + fraction;
  const point = integer.length + exponent;
  if (point <= 0) return { negative, integer: '0', fraction: '0'.repeat(-point) + digits };
  if (point >= digits.length) return { negative, integer: digits + '0'.repeat(point - digits.length), fraction: '' };
  return { negative, integer: digits.slice(0, point), fraction: digits.slice(point) };
}

function join(negative: boolean, integer: string, fraction: string): string {
  const int = integer.replace(/^0+(?=\d)/, '') || '0';
  const frac = fraction.replace(/0+$/, '');
  const zero = /^0*$/.test(int + frac);
  return `${negative && !zero ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** Plain decimal text from any number text ("1.5e3" → "1500", "-0.50" → "-0.5"). */
export function plainDecimal(text: string): string {
  const { negative, integer, fraction } = split(text);
  return join(negative, integer, fraction);
}

/** Rounds to `scale` decimals, half away from zero (PostgreSQL's numeric rounding). */
export function roundDecimal(text: string, scale: number): string {
  const { negative, integer, fraction } = split(text);
  if (fraction.length <= scale) return join(negative, integer, fraction);
  let digits = integer + fraction.slice(0, scale);
  if (Number(fraction[scale]) >= 5) {
    digits = (BigInt(digits) + 1n).toString().padStart(digits.length, '0');
  }
  const point = digits.length - scale;
  return join(negative, digits.slice(0, point), digits.slice(point));
}

/** Digits before the decimal point, leading zeros ignored. */
export function integerDigits(plain: string): number {
  // Runs per decimal cell: counted in place rather than with three intermediate strings.
  let start = plain.startsWith('-') ? 1 : 0;
  const point = plain.indexOf('.', start);
  const end = point < 0 ? plain.length : point;
  while (start < end && plain[start] === '0') start++;
  return end - start;
}

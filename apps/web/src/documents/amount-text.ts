/**
 * An amount as people type it: "4250,75", "4 250.75", "1.234,56", "1,234.56", "-12", or as the
 * document prints it, with its currency ("849,00 €", "€ 849", "EUR 849,00": the currency is a field
 * of its own, so the sign or code is answered apart, as a code). The separator
 * that comes last, once, is the decimal one; the other groups thousands. One separator followed by
 * exactly three digits ("1.500") is 1500 to some and 1.5 to others: refused rather than guessed.
 */
export function readAmount(typed: string): { value: number | null; currency: string | null } | { problem: string } {
  const spaced = typed.replace(/[\s\u00a0\u202f']/g, '');
  if (!spaced) return { value: null, currency: null };
  const units: string[] = [];
  const unit = (text: string) => (isCurrency(text) ? (units.push(text), true) : false);
  const text = spaced.replace(/^(-?)(R\$|US\$|\p{Sc}|[A-Z]{3})/iu, (all, sign: string, written: string) => (unit(written) ? sign : all)).replace(/(R\$|US\$|\p{Sc}|[A-Z]{3})$/iu, (written: string) => (unit(written) ? '' : written));
  const codes = [...new Set(units.map(currencyCode))];
  if (codes.length > 1) return { problem: `Amount: “${typed.trim()}” names two currencies.` };
  const currency = codes[0] || null;
  const match = /^(-?)(\d[\d.,]*)$/.exec(text);
  if (!match) return { problem: `Amount: “${typed.trim()}” is not a number; write digits, with a comma or a point before the cents (4250,75).` };
  const [, sign, body] = match;
  const last = Math.max(body.lastIndexOf(','), body.lastIndexOf('.'));
  if (last < 0) return { value: Number(`${sign}${body}`), currency };
  const decimal = body[last];
  const grouping = decimal === ',' ? '.' : ',';
  const whole = body.slice(0, last);
  const cents = body.slice(last + 1);
  const groupsOk = (digits: string, separator: string) => new RegExp(`^\\d{1,3}(\\${separator}\\d{3})*$`).test(digits);
  // Only one kind of separator, more than once: it groups thousands ("1.250.000").
  if (!body.includes(grouping) && body.indexOf(decimal) !== last) {
    return groupsOk(body, decimal) ? { value: Number(`${sign}${body.split(decimal).join('')}`), currency } : { problem: `Amount: “${typed.trim()}” is not a number.` };
  }
  if (!body.includes(grouping) && cents.length === 3 && /^[1-9]\d{0,2}$/.test(whole)) {
    return { problem: `Amount: “${typed.trim()}” could be ${whole}${cents} or ${whole}${decimal}${cents.replace(/0+$/, '') || '0'}; write it without the thousands separator, or with the cents (${whole}${cents}${decimal}00).` };
  }
  if (!/^\d+$/.test(cents) || (whole !== '' && !(body.includes(grouping) ? groupsOk(whole, grouping) : /^\d+$/.test(whole)))) {
    return { problem: `Amount: “${typed.trim()}” is not a number.` };
  }
  return { value: Number(`${sign}${whole.split(grouping).join('') || '0'}.${cents}`), currency };
}

/** The currency codes the browser knows (EUR, USD, BRL…), so "abc12" is no amount rather than 12. */
const CODES = new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : ['EUR', 'USD', 'GBP', 'BRL', 'CHF']);
const isCurrency = (unit: string) => /^(R\$|US\$|\p{Sc})$/u.test(unit) || CODES.has(unit.toUpperCase());

/** The signs that name one currency, as doc-service's rules read them ("$" as dollars of the United States). */
const SIGNS: Record<string, string> = { '€': 'EUR', '£': 'GBP', $: 'USD', US$: 'USD', R$: 'BRL' };

/** A sign as its code; a sign shared by several currencies (¥) names none. */
function currencyCode(unit: string): string {
  return SIGNS[unit.toUpperCase()] ?? (/^\p{Sc}/u.test(unit) ? '' : unit.toUpperCase());
}

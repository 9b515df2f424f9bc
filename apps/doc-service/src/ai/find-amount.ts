import { type Extracted } from './classifier';
import { lineAt } from './text-lines';

const CURRENCY = String.raw`(R\$|US\$|€|\$|£|EUR|USD|BRL|GBP|CHF)`;
const NUMBER = String.raw`(\d{1,3}(?:[., \u00a0]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)`;
const CODES: Record<string, string> = { 'R$': 'BRL', 'US$': 'USD', '€': 'EUR', $: 'USD', '£': 'GBP' };

/**
 * Labels of the amount to pay (or, on a payslip, received), most specific first; a bare "Total",
 * and then words that merely name an amount, only right before the number.
 */
const LABELS = [
  { labels: String.raw`total a pagar|valor a pagar|total a creditar|valor a creditar|amount due|balance due|total due|grand total|total amount|valor total|montante total|total geral|amount paid|valor pago|amount payable|net pay|net amount|l[ií]quido a receber|total l[ií]quido|valor l[ií]quido`, confidence: 0.85, colon: '?' },
  { labels: String.raw`total`, confidence: 0.7, colon: '?' },
  // A receipt's own words: "recebi a quantia de 57,60 EUR", "the sum of £120", "Importância recebida"; after a
  // total, as a till receipt's "Valor recebido 20,00" is the cash handed over, not what was paid.
  { labels: String.raw`(?:a )?quantia de|(?:a )?import[aâ]ncia de|the sum of|import[aâ]ncia recebida|quantia recebida|valor recebido|amount received`, confidence: 0.7, colon: '?' },
  // These name many things ("Renda 2024"): only with a colon before the number.
  { labels: String.raw`amount|valor|montante|import[aâ]ncia|rent|renda|price|pre[çc]o`, confidence: 0.5, colon: '' },
];

/**
 * Words between a label and its number that keep it the total: "Total c/ IVA", "Total in EUR",
 * "Total (incl. VAT)". Not "s/ IVA" (before tax), which is not what is paid.
 */
const QUALIFIER = String.raw`(?:\([^)\n]{0,80}\)|(?:c\/|com|incl\.?|including|inc\.?|with)[^\S\n]*(?:iva|vat|tax|taxes|impostos?)|in[^\S\n]+(?:EUR|USD|GBP|BRL|CHF|euros?|dollars?|pounds?))`;

/**
 * An amount in brackets is negative, as accounts write a credit ("Total (USD 150.00)"): made "−USD
 * 150.00 " in place (a minus sign, which no label's separator takes), the same length, so every
 * index and snippet still points at the text as written.
 */
function bracketsAsSign(text: string): string {
  // Bounded: a line of "(1,11 (1,11 …" without a closing bracket must not be scanned again from each one.
  const bracketed = new RegExp(String.raw`\((${CURRENCY}?[^\S\n]{0,3}\d[\d., \u00a0]{0,30}[.,]\d{2}[^\S\n]{0,3}${CURRENCY}?)\)`, 'gu');
  return text.replace(bracketed, (_, inside: string) => `\u2212${inside} `);
}

/**
 * "1.234,56", "1,234.56", "1 234,56", "1234.5": the last separator followed by one or two digits
 * is the decimal one; the others group thousands.
 */
export function parseAmount(raw: string): number | null {
  const compact = raw.replace(/[ \u00a0]/g, '');
  const decimal = /[.,](\d{1,2})$/.exec(compact);
  const whole = (decimal ? compact.slice(0, decimal.index) : compact).replace(/[.,]/g, '');
  const value = Number(decimal ? `${whole}.${decimal[1]}` : whole);
  return Number.isFinite(value) ? value : null;
}

/** The amount after a total label, with the currency written before or after it. */
export function findAmount(written: string): { amount: Extracted<number>; currency: Extracted<string> } {
  const text = bracketsAsSign(written);
  for (const { labels, confidence, colon } of LABELS) {
    const pattern = new RegExp(
      // A credit note's total is negative ("Total: -12,30 EUR", "Total a creditar -23,40"); a dash with a space after it separates.
      // Each run of blanks follows a token that must be there: runs side by side made "Total" and many blanks cubic.
      String.raw`(?<![\p{L}])(?:${labels})(?![\p{L}])(?:[^\S\n]*${QUALIFIER}){0,2}[^\S\n]*(?:(?:[:=]|-(?=[^\S\n]))[^\S\n]*)${colon}(?:([-\u2212])[^\S\n]*)?(?:${CURRENCY}[^\S\n]*)?(?:([-\u2212])[^\S\n]*)?${NUMBER}(?![\d])[^\S\n]*${CURRENCY}?`,
      'giu',
    );
    // The last match: totals close a document, after subtotals and per-line amounts.
    const match = [...text.matchAll(pattern)].at(-1);
    if (!match) continue;
    // The sign before the currency ("-€12,30") or after it ("€ -12,30").
    const [, signFirst, before, sign, number, after] = match;
    const parsed = parseAmount(number);
    if (parsed === null) continue;
    const value = signFirst || sign ? -parsed : parsed;
    const snippet = lineAt(written, match.index ?? 0);
    const symbol = before ?? after ?? /(R\$|US\$|€|£|\bEUR\b|\bUSD\b|\bBRL\b|\bGBP\b)/.exec(text)?.[1] ?? null;
    const code = symbol ? (CODES[symbol] ?? symbol.toUpperCase()) : null;
    return {
      amount: { value, confidence, snippet },
      currency: { value: code, confidence: code ? (before ?? after ? confidence : 0.5) : 0, snippet: code ? snippet : null },
    };
  }
  return { amount: { value: null, confidence: 0, snippet: null }, currency: { value: null, confidence: 0, snippet: null } };
}

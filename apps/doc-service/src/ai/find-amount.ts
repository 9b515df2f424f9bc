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
  { labels: String.raw`total a pagar|valor a pagar|amount due|balance due|total due|grand total|total amount|valor total|montante total|total geral|amount paid|valor pago|amount payable|net pay|net amount|l[ií]quido a receber|total l[ií]quido|valor l[ií]quido`, confidence: 0.85, colon: '?' },
  { labels: String.raw`total`, confidence: 0.7, colon: '?' },
  // A receipt's own words: "recebi a quantia de 57,60 EUR", "the sum of £120".
  { labels: String.raw`(?:a )?quantia de|(?:a )?import[aâ]ncia de|the sum of`, confidence: 0.7, colon: '?' },
  // These name many things ("Renda 2024"): only with a colon before the number.
  { labels: String.raw`amount|valor|montante|import[aâ]ncia|rent|renda|price|pre[çc]o`, confidence: 0.5, colon: '' },
];

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
export function findAmount(text: string): { amount: Extracted<number>; currency: Extracted<string> } {
  for (const { labels, confidence, colon } of LABELS) {
    const pattern = new RegExp(
      // A credit note's total is negative ("Total: -12,30 EUR").
      String.raw`(?<![\p{L}])(?:${labels})(?![\p{L}])[^\S\n]*(?:\([^)\n]*\))?[^\S\n]*[:=\-]${colon}[^\S\n]*([-\u2212])?${CURRENCY}?[^\S\n]*([-\u2212])?${NUMBER}(?![\d])[^\S\n]*${CURRENCY}?`,
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
    const snippet = lineAt(text, match.index ?? 0);
    const symbol = before ?? after ?? /(R\$|US\$|€|£|\bEUR\b|\bUSD\b|\bBRL\b|\bGBP\b)/.exec(text)?.[1] ?? null;
    const code = symbol ? (CODES[symbol] ?? symbol.toUpperCase()) : null;
    return {
      amount: { value, confidence, snippet },
      currency: { value: code, confidence: code ? (before ?? after ? confidence : 0.5) : 0, snippet: code ? snippet : null },
    };
  }
  return { amount: { value: null, confidence: 0, snippet: null }, currency: { value: null, confidence: 0, snippet: null } };
}

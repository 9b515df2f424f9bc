import { type MatchRule } from '@intake/contracts';
import { lineAt } from './text-lines';

// Word edges that know letters beyond ASCII: `\b` would not see the end of "março" or "extração".
const EDGE_BEFORE = '(?<![\\p{L}\\p{N}_])';
const EDGE_AFTER = '(?![\\p{L}\\p{N}_])';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const flags = (rule: MatchRule) => (rule.case_sensitive ? 'u' : 'iu');

/** A word or a "quoted phrase" matched whole; spaces inside a phrase match any run of whitespace. */
function termPattern(term: string, rule: MatchRule): RegExp {
  const body = term.trim().split(/\s+/).map(escape).join('\\s+');
  return new RegExp(`${EDGE_BEFORE}${body}${EDGE_AFTER}`, flags(rule));
}

/** Words of a rule, as paperless-ngx splits them: whitespace, with "double quotes" keeping a phrase together. */
function termsOf(match: string): string[] {
  return (match.match(/"[^"]+"|\S+/g) ?? []).map((t) => t.replace(/^"|"$/g, '')).filter((t) => t.trim());
}

/**
 * Whether a paperless-ngx style rule matches `text`: `any` word, `all` words, the `literal`
 * phrase, or a `regex`. Answers where the first hit is and its line as snippet, or null. An
 * invalid regex (admins type them) never matches rather than failing the document.
 */
export function matchRule(rule: MatchRule, text: string): { index: number; snippet: string } | null {
  let hits: Array<RegExpExecArray | null>;
  if (rule.algorithm === 'regex') {
    try {
      hits = [new RegExp(rule.match, rule.case_sensitive ? 'mu' : 'imu').exec(text)];
    } catch {
      return null;
    }
  } else if (rule.algorithm === 'literal') {
    hits = [termPattern(rule.match, rule).exec(text)];
  } else {
    const found = termsOf(rule.match).map((term) => termPattern(term, rule).exec(text));
    if (found.length === 0) return null;
    if (rule.algorithm === 'all' && found.some((h) => !h)) return null;
    hits = found;
  }
  const first = hits.filter((h): h is RegExpExecArray => h !== null).sort((a, b) => a.index - b.index)[0];
  return first ? { index: first.index, snippet: lineAt(text, first.index) } : null;
}

/**
 * Used when an admin has configured no type rules, so the offline default still sorts the usual
 * English and Portuguese papers. Only names present in the type list count, like configured rules.
 */
export const DEFAULT_TYPE_RULES: MatchRule[] = [
  { name: 'bank statement', match: '"bank statement" "account statement" "extrato bancário" "extrato de conta"', algorithm: 'any', case_sensitive: false },
  { name: 'receipt', match: 'receipt recibo "talão" "payment received" "pagamento recebido"', algorithm: 'any', case_sensitive: false },
  { name: 'invoice', match: 'invoice fatura factura "nota fiscal" "fatura-recibo"', algorithm: 'any', case_sensitive: false },
  { name: 'contract', match: 'contract agreement contrato "acordo de"', algorithm: 'any', case_sensitive: false },
  { name: 'letter', match: '"dear sir" "dear madam" "exmo. senhor" "exmos. senhores" "caro cliente"', algorithm: 'any', case_sensitive: false },
];

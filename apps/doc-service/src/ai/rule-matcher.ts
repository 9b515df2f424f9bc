import { type MatchRule } from '@intake/contracts';
import { findPhrase, type FoldedText, foldText } from './fuzzy-phrase';
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

/** What a rule looks for, compiled: null for a regex that does not compile, which never matches. */
type Compiled = { algorithm: Exclude<MatchRule['algorithm'], 'fuzzy'>; patterns: RegExp[] } | { algorithm: 'fuzzy'; phrase: string } | null;

/**
 * Each rule's patterns, compiled the first time it is used. A pattern with `u` and `i` costs far
 * more to compile than to run over a page (Unicode case folding), and the same rules classify
 * every document until the settings change, which brings new rule objects. No `g` or `y` flag, so
 * `exec` keeps no state between documents.
 */
const compiledRules = new WeakMap<MatchRule, Compiled>();

function compile(rule: MatchRule): Compiled {
  if (rule.algorithm === 'fuzzy') return { algorithm: 'fuzzy', phrase: foldText(rule.match, rule.case_sensitive).text };
  if (rule.algorithm === 'regex') {
    try {
      return { algorithm: rule.algorithm, patterns: [new RegExp(rule.match, rule.case_sensitive ? 'mu' : 'imu')] };
    } catch {
      return null;
    }
  }
  const terms = rule.algorithm === 'literal' ? [rule.match] : termsOf(rule.match);
  return { algorithm: rule.algorithm, patterns: terms.map((term) => termPattern(term, rule)) };
}

function compiled(rule: MatchRule): Compiled {
  let found = compiledRules.get(rule);
  if (found === undefined) {
    found = compile(rule);
    compiledRules.set(rule, found);
  }
  return found;
}

/** The last document's folded text, each way: every fuzzy rule reads the same document in turn. */
const lastFolded = new Map<boolean, { text: string; folded: FoldedText }>();

function foldedOnce(text: string, caseSensitive: boolean): FoldedText {
  const last = lastFolded.get(caseSensitive);
  if (last?.text === text) return last.folded;
  const folded = foldText(text, caseSensitive);
  lastFolded.set(caseSensitive, { text, folded });
  return folded;
}

/**
 * Whether a paperless-ngx style rule matches `text`: `any` word, `all` words, the `literal`
 * phrase, a `regex`, or the phrase `fuzzy` (at most one edit in ten characters; punctuation,
 * accents, runs of whitespace and, unless asked, case ignored). Answers where the first hit is
 * and its line as snippet, or null. An invalid regex (admins type them) never matches rather than
 * failing the document.
 */
export function matchRule(rule: MatchRule, text: string): { index: number; snippet: string } | null {
  const rules = compiled(rule);
  if (!rules) return null;
  if (rules.algorithm === 'fuzzy') {
    const index = findPhrase(foldedOnce(text, rule.case_sensitive), rules.phrase);
    return index === null ? null : { index, snippet: lineAt(text, index) };
  }
  if (rules.patterns.length === 0) return null;
  const hits = rules.patterns.map((pattern) => pattern.exec(text));
  if (rules.algorithm === 'all' && hits.some((h) => !h)) return null;
  const first = hits.filter((h): h is RegExpExecArray => h !== null).sort((a, b) => a.index - b.index)[0];
  return first ? { index: first.index, snippet: lineAt(text, first.index) } : null;
}

/** Other names the built-in rules' types go by in a configured list: one in Portuguese names them so. */
export const BUILT_IN_TYPE_NAMES: Readonly<Record<string, readonly string[]>> = {
  'bank statement': ['extrato bancário', 'extrato de conta', 'extrato'],
  receipt: ['recibo'],
  invoice: ['fatura', 'factura'],
  contract: ['contrato'],
  letter: ['carta'],
};

/**
 * Used for each type of the list no configured rule names, so the offline default still sorts the
 * usual English and Portuguese papers. Only types present in the list count, like configured rules.
 */
export const DEFAULT_TYPE_RULES: MatchRule[] = [
  { name: 'bank statement', match: '"bank statement" "account statement" "extrato bancário" "extrato de conta"', algorithm: 'any', case_sensitive: false },
  { name: 'receipt', match: 'receipt recibo "talão" "payment received" "pagamento recebido"', algorithm: 'any', case_sensitive: false },
  { name: 'invoice', match: 'invoice fatura factura "nota fiscal" "fatura-recibo"', algorithm: 'any', case_sensitive: false },
  { name: 'contract', match: 'contract agreement contrato "acordo de"', algorithm: 'any', case_sensitive: false },
  { name: 'letter', match: '"dear sir" "dear madam" "exmo. senhor" "exmos. senhores" "caro cliente"', algorithm: 'any', case_sensitive: false },
];

import { type AiSettings, type MatchRule, nameKey, sameName } from '@intake/contracts';
import { type AiProvider, type Classification, type ClassifyInput, type ClassifyOutcome, type Extracted } from './classifier';
import { findCounterparty, findSummary, findTitle } from './document-heuristics';
import { findAmount } from './find-amount';
import { findDate } from './find-date';
import { usableRules } from '../settings/regex-safety';
import { BUILT_IN_TYPE_NAMES, DEFAULT_TYPE_RULES, matchRule } from './rule-matcher';

const inList = (list: readonly string[], name: string) => list.find((n) => sameName(n, name));

/**
 * The built-in type rules that find a type of `types` (by its English name or another it goes by,
 * "fatura" for invoice), each named as the list names it; none for a type a configured rule names.
 */
function builtInRulesFor(types: readonly string[], configured: readonly MatchRule[]): MatchRule[] {
  const named = new Set(configured.map((rule) => nameKey(rule.name)));
  return DEFAULT_TYPE_RULES.flatMap((rule) => {
    const listed = [rule.name, ...(BUILT_IN_TYPE_NAMES[rule.name] ?? [])].map((name) => inList(types, name)).find((name) => name !== undefined);
    return listed && !named.has(nameKey(listed)) ? [{ ...rule, name: listed }] : [];
  });
}

/**
 * The offline default: paperless-ngx style rules for the type and categories, plus heuristics
 * for the other fields. No network, no tokens; the same settings shape as the LLM providers.
 */
export class RulesProvider implements AiProvider {
  readonly name = 'rules' as const;
  readonly model = 'rules';

  constructor(private readonly settings: AiSettings) {}

  /**
   * The configured type rules, and the built-in ones for every type no configured rule names: a rule
   * for "payslip" must not stop invoices being found; one for "invoice" replaces the built-in invoice rule.
   */
  private typeRules(types: readonly string[]): MatchRule[] {
    const configured = this.settings.rules.document_types;
    return [...configured, ...builtInRulesFor(types, configured)];
  }

  async classify(input: ClassifyInput, signal?: AbortSignal): Promise<ClassifyOutcome> {
    signal?.throwIfAborted();
    const text = input.text.slice(0, this.settings.max_text_chars);
    const { amount, currency } = findAmount(text);
    const [typeRules, categoryRules] = await Promise.all([usableRules(this.typeRules(input.documentTypes)), usableRules(this.settings.rules.categories)]);
    const classification: Classification = {
      document_type: this.documentType(text, input.documentTypes, typeRules),
      title: findTitle(text),
      date: findDate(text, readsMonthFirst(text, currency.value) ? 'month-first' : 'day-first'),
      amount,
      currency,
      counterparty: findCounterparty(text),
      summary: findSummary(text),
      categories: this.categories(text, input.categories, categoryRules),
      proposed_types: [],
      proposed_categories: [],
    };
    return {
      classification,
      provider: this.name,
      model: this.model,
      usage: { input_tokens: 0, output_tokens: 0 },
      attempts: 1,
      truncated: input.text.length > text.length,
    };
  }

  async test(): Promise<{ model: string; detail: string }> {
    const types = this.settings.rules.document_types;
    const categories = this.settings.rules.categories.length;
    // Only those that find a type of the list: the rest could never name one.
    const builtIn = builtInRulesFor(this.settings.document_types, types).map((rule) => rule.name);
    const fallback = builtIn.length ? `, and built-in English/Portuguese rules for ${builtIn.join(', ')}` : ', and no built-in rule finds a type of the list';
    return { model: this.model, detail: `offline rules: ${types.length} document type rules, ${categories} category rules${fallback}` };
  }

  /** The matching rule whose first hit is earliest wins: a document's own heading comes first, mentions of other papers later. */
  private documentType(text: string, types: string[], rules: MatchRule[]): Extracted<string> {
    let best: { name: string; index: number; snippet: string } | null = null;
    for (const rule of rules) {
      const name = inList(types, rule.name);
      if (!name) continue;
      const hit = matchRule(rule, text);
      if (hit && (!best || hit.index < best.index)) best = { name, ...hit };
    }
    return best ? { value: best.name, confidence: 0.7, snippet: best.snippet } : { value: null, confidence: 0, snippet: null };
  }

  private categories(text: string, categories: string[], rules: MatchRule[]): Classification['categories'] {
    const found: Classification['categories'] = [];
    for (const rule of rules) {
      const name = inList(categories, rule.name);
      if (!name || found.some((c) => c.name === name)) continue;
      const hit = matchRule(rule, text);
      if (hit) found.push({ name, confidence: 0.7, snippet: hit.snippet });
    }
    return found;
  }
}

/** A state and ZIP code ("Oakland, CA 94607"), or dollars said to be American ("US$", "USD"). */
const AMERICAN = /(?:,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b)|\bUS\$|\bUSD\b/;

/**
 * Whether 05/02/2024 is May 2: an American document in dollars. Dollars alone are not enough (a
 * Canadian, Australian or Brazilian-real receipt writes the day first).
 */
function readsMonthFirst(text: string, currency: string | null): boolean {
  return currency === 'USD' && AMERICAN.test(text);
}

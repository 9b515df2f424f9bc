import { check, type Diagnostics } from 'recheck';
import type { MatchRule } from '@intake/contracts';

/** How long the ReDoS check may take for one pattern, and for all the new patterns of one request. */
const PATTERN_TIMEOUT_MS = 2000;
const REQUEST_DEADLINE_MS = 10_000;

export interface RuleProblem {
  /** e.g. `rules.document_types.2.match` */
  field: string;
  message: string;
}

export type RuleLists = Pick<MatchRule, 'name' | 'match' | 'algorithm' | 'case_sensitive'>[];

/**
 * Why the new regex rules of a settings change must not be saved. Rules run on the worker's main
 * thread against whole documents, where a pattern that backtracks (exponentially like `(a+)+$`, or
 * polynomially like `\s*:?\s*` on a long run of spaces) would stall every document behind it; recheck
 * proves that from the pattern alone. Its async check runs in its own process or thread, so the
 * service keeps answering meanwhile. Patterns already stored were checked when they were saved.
 */
export async function regexRuleProblems(lists: Record<string, RuleLists | undefined>, stored: Record<string, RuleLists>): Promise<RuleProblem[]> {
  const known = new Set(Object.values(stored).flat().filter(isRegex).map(key));
  const deadline = AbortSignal.timeout(REQUEST_DEADLINE_MS);
  const problems: RuleProblem[] = [];
  for (const [list, rules] of Object.entries(lists)) {
    for (const [i, rule] of (rules ?? []).entries()) {
      if (!isRegex(rule) || known.has(key(rule))) continue;
      const problem = deadline.aborted ? `was not checked: checking the new regex rules took over ${REQUEST_DEADLINE_MS / 1000} s; save fewer at a time` : await problemOf(rule, deadline);
      if (problem) problems.push({ field: `rules.${list}.${i}.match`, message: `the regex of rule "${rule.name}" ${problem}` });
    }
  }
  return problems;
}

const isRegex = (rule: RuleLists[number]) => rule.algorithm === 'regex';
const flagsOf = (rule: RuleLists[number]) => (rule.case_sensitive ? 'mu' : 'imu'); // as rule-matcher runs it
const key = (rule: RuleLists[number]) => `${flagsOf(rule)}/${rule.match}`;

async function problemOf(rule: RuleLists[number], signal: AbortSignal): Promise<string | null> {
  try {
    new RegExp(rule.match, flagsOf(rule));
  } catch (error) {
    return `is not a valid regular expression: ${(error as Error).message}`;
  }
  return verdict(await check(rule.match, flagsOf(rule), { timeout: PATTERN_TIMEOUT_MS, signal }));
}

function verdict(diagnosis: Diagnostics): string | null {
  if (diagnosis.status === 'safe') return null;
  if (diagnosis.status === 'vulnerable') {
    const { complexity } = diagnosis;
    const how = complexity.type === 'exponential' ? 'exponential' : `polynomial (degree ${complexity.degree})`;
    return `can take ${how} time on some texts (try ${diagnosis.attack.pattern.slice(0, 120)}): remove the nested or overlapping repetition, e.g. \\s*:?\\s* → :?\\s*`;
  }
  if (diagnosis.error.kind === 'timeout' || diagnosis.error.kind === 'cancel') return `could not be checked for catastrophic backtracking in time: simplify it`;
  return `could not be checked for catastrophic backtracking (${diagnosis.error.kind}${'message' in diagnosis.error ? `: ${diagnosis.error.message}` : ''}): simplify it`;
}

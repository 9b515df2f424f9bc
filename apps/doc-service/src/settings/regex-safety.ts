import { Logger } from '@nestjs/common';
import { check, type Diagnostics } from 'recheck';
import type { MatchRule } from '@intake/contracts';

/** How long the ReDoS check may take for one pattern, and for all the new patterns of one request. */
const PATTERN_TIMEOUT_MS = 2000;
const REQUEST_DEADLINE_MS = 10_000;
const NOT_CHECKED_IN_TIME = 'could not be checked for catastrophic backtracking in time';

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

const logger = new Logger('RegexRules');
/** Verdicts on the patterns seen by this process (a bound, not a cache policy: settings hold at most 1,000 rules). */
const verdicts = new Map<string, Promise<string | null>>();
const MAX_VERDICTS = 5000;

/**
 * The rules that are safe to run: a regex rule that does not compile or can backtrack without end
 * is left out (it never matches) and logged once per pattern. Rules saved through the API were checked then;
 * this covers those already in the settings file (saved before the check existed, or edited by
 * hand), so none of them can stall the worker. Each pattern is checked once per process.
 */
export async function usableRules<R extends RuleLists[number]>(rules: R[]): Promise<R[]> {
  if (!rules.some(isRegex)) return rules;
  const usable: R[] = [];
  for (const rule of rules) {
    if (!isRegex(rule)) {
      usable.push(rule);
      continue;
    }
    let verdict = verdicts.get(key(rule));
    if (!verdict) {
      if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
      verdict = problemOf(rule, AbortSignal.timeout(REQUEST_DEADLINE_MS));
      verdicts.set(key(rule), verdict);
      void verdict.then((problem) => problem && logger.warn(`the regex of rule "${rule.name}" ${problem}; it is not used until it is changed in the AI settings`));
    }
    const problem = await verdict;
    if (problem === null) usable.push(rule);
    // A check cut short (a busy machine) says nothing about the pattern: left out now, asked again next time.
    else if (problem.startsWith(NOT_CHECKED_IN_TIME)) verdicts.delete(key(rule));
  }
  return usable;
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
  if (diagnosis.error.kind === 'timeout' || diagnosis.error.kind === 'cancel') return `${NOT_CHECKED_IN_TIME}: simplify it`;
  return `could not be checked for catastrophic backtracking (${diagnosis.error.kind}${'message' in diagnosis.error ? `: ${diagnosis.error.message}` : ''}): simplify it`;
}

import { checkSync } from 'recheck';

/** How long the ReDoS check may take for one pattern; a pattern it cannot judge in time is refused. */
const CHECK_TIMEOUT_MS = 2000;

/**
 * Why an admin's regex rule must not be saved, or null when it may. Rules run on the worker's main
 * thread against whole documents, where one catastrophic pattern (`(a+)+$`) would stall every
 * document behind it: recheck proves exponential backtracking from the pattern alone. Polynomial
 * patterns (`\d+\.\d+`) stay allowed: nearly every useful pattern is one, and the text is capped.
 */
export function regexRuleProblem(source: string, caseSensitive: boolean): string | null {
  const flags = caseSensitive ? 'mu' : 'imu'; // as rule-matcher runs it
  try {
    new RegExp(source, flags);
  } catch (error) {
    return `is not a valid regular expression: ${(error as Error).message}`;
  }
  const diagnosis = checkSync(source, flags, { timeout: CHECK_TIMEOUT_MS });
  if (diagnosis.status === 'vulnerable' && diagnosis.complexity.type === 'exponential') {
    return `can take exponential time on some texts (try ${diagnosis.attack.pattern.slice(0, 120)}): remove the nested or overlapping repetition`;
  }
  if (diagnosis.status === 'unknown') return `could not be checked for catastrophic backtracking within ${CHECK_TIMEOUT_MS / 1000} s: simplify it`;
  return null;
}

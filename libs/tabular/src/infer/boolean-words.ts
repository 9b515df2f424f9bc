/**
 * The words read as booleans, compared trimmed and case-insensitively: English and Portuguese
 * (with and without the tilde), single letters, and 1/0. The profiler only infers a boolean column
 * when a value other than 1/0 appears (a column of 0 and 1 is integer unless told otherwise).
 */
const WORDS = new Map<string, boolean>([
  ['true', true],
  ['yes', true],
  ['sim', true],
  ['y', true],
  ['1', true],
  ['false', false],
  ['no', false],
  ['não', false],
  // Decomposed "não" (a + combining tilde), as some Mac tools write it; listed to avoid normalize().
  ['na\u0303o', false],
  ['nao', false],
  ['n', false],
  ['0', false],
]);

export const BOOLEAN_HINT = 'use true/false, yes/no, sim/não or 1/0';

export function parseBooleanWord(text: string): boolean | undefined {
  const trimmed = text.trim();
  return trimmed.length > 5 ? undefined : WORDS.get(trimmed.toLowerCase());
}

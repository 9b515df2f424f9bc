/**
 * The words read as booleans, compared trimmed and case-insensitively: English, Portuguese (with and
 * without the tilde), Spanish, German and French as spreadsheets in those languages write them,
 * PostgreSQL's t/f, single letters, and 1/0. The profiler only infers a boolean column when a value
 * other than 1/0 appears (a column of 0 and 1 is integer unless told otherwise).
 */
const WORDS = new Map<string, boolean>([
  ...['true', 'yes', 'y', 't', '1', 'sim', 'verdadeiro', 'sí', 'si', 'verdadero', 'ja', 'j', 'wahr', 'oui', 'vrai'].map((w): [string, boolean] => [w, true]),
  // Decomposed "não" (a + combining tilde), as some Mac tools write it; listed to avoid normalize().
  ...['false', 'no', 'n', 'f', '0', 'não', 'na\u0303o', 'nao', 'falso', 'nein', 'falsch', 'non', 'faux'].map((w): [string, boolean] => [w, false]),
]);
const LONGEST = Math.max(...[...WORDS.keys()].map((w) => w.length));

export const BOOLEAN_HINT = 'use true/false, yes/no, sim/não, sí/no, ja/nein, oui/non or 1/0';

export function parseBooleanWord(text: string): boolean | undefined {
  const trimmed = text.trim();
  return trimmed.length > LONGEST ? undefined : WORDS.get(trimmed.toLowerCase());
}

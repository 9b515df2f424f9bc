/** Deterministic pseudo-random CSV-ish text, heavy on quotes, delimiters and line breaks. */
export function randomCsv(seed: number, length: number, alphabet = ['a', 'b', ',', ',', '"', '"', '\n', '\r\n', '\r', ' ', 'é']): string {
  let state = seed >>> 0 || 1;
  let text = '';
  for (let i = 0; i < length; i++) {
    // xorshift32: fast, reproducible, good enough for test data.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    text += alphabet[(state >>> 0) % alphabet.length];
  }
  return text;
}

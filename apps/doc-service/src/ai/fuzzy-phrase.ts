import search from 'approx-string-match';

/**
 * Edits allowed per character of the phrase: paperless-ngx's fuzzy matching asks a part of the
 * text to be 90 % like the phrase, so a long name survives a typo or a letter the PDF lost, while
 * a short word must be exact.
 */
const EDITS_PER_CHAR = 0.1;

/** A text reduced to what fuzzy matching compares, with each kept character's index in the original. */
export interface FoldedText {
  text: string;
  origin: number[];
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u;
const SPACE = /\s/u;
const isAsciiWordChar = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;

/**
 * The text without punctuation, each run of whitespace one space and, unless `caseSensitive`, in
 * lower case: as paperless-ngx compares, and so that a PDF's layout (line breaks, tabs between
 * columns) is no difference.
 */
export function foldText(text: string, caseSensitive: boolean): FoldedText {
  const units: string[] = [];
  const origin: number[] = [];
  let afterSpace = true; // no leading space
  const keep = (kept: string, at: number) => {
    units.push(kept);
    for (let i = 0; i < kept.length; i++) origin.push(at);
    afterSpace = false;
  };
  for (let at = 0; at < text.length; ) {
    const code = text.charCodeAt(at);
    // ASCII (most of a document's text) by its code; the rest by Unicode property.
    const char = code < 0x80 ? text[at] : String.fromCodePoint(text.codePointAt(at) as number);
    const space = code < 0x80 ? code === 32 || (code >= 9 && code <= 13) : SPACE.test(char);
    if (space) {
      if (!afterSpace) {
        units.push(' ');
        origin.push(at);
        afterSpace = true;
      }
    } else if (code < 0x80 ? isAsciiWordChar(code) : WORD_CHAR.test(char)) {
      keep(caseSensitive ? char : char.toLowerCase(), at);
    }
    at += char.length;
  }
  if (afterSpace && units.length) {
    units.pop();
    origin.pop();
  }
  return { text: units.join(''), origin };
}

/**
 * Where `phrase` (already folded) occurs in the folded text with the fewest edits, at most one in
 * ten characters: its index in the original text, or null.
 */
export function findPhrase(folded: FoldedText, phrase: string): number | null {
  if (!phrase) return null;
  // search() answers only the matches with the fewest edits, in the order they occur.
  const [best] = search(folded.text, phrase, Math.floor(phrase.length * EDITS_PER_CHAR));
  return best ? folded.origin[best.start] : null;
}

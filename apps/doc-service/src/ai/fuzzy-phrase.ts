import search from 'approx-string-match';

/**
 * Edits allowed per character of the phrase: paperless-ngx's fuzzy matching asks a part of the
 * text to be 90 % like the phrase, so a long name survives a typo or a letter the PDF lost, while
 * a short word must be exact.
 */
const EDITS_PER_CHAR = 0.1;
/**
 * Characters searched edit by edit at a time, at least: where the pieces occur on every line but
 * the phrase nowhere, a few hundred stretches of this size cost less than one per line.
 */
const MIN_STRETCH = 1024;

/** A text reduced to what fuzzy matching compares, with each kept character's index in the original. */
export interface FoldedText {
  text: string;
  origin: number[];
}

// Invisible format characters (U+FEFF, U+200B) inside a word are no space: JavaScript's \s has U+FEFF.
const SPACE = /^(?!\p{Cf})\s$/u;
const MARKS = /\p{M}/gu;
const NOT_WORD = /[^\p{L}\p{N}_]/gu;
const isAsciiWordChar = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;

/**
 * A character beyond ASCII as compared: compatibility forms split first (ﬁ → fi, № → No, ㎒ → MHz),
 * then lower case, accents dropped, word characters only; a final sigma is a sigma.
 */
function foldedChar(char: string, caseSensitive: boolean): string {
  const split = char.normalize('NFKD');
  const cased = caseSensitive ? split : split.toLowerCase().replace(/ς/gu, 'σ');
  return cased.replace(MARKS, '').replace(NOT_WORD, '');
}

/**
 * The text without punctuation or accents, each run of whitespace one space and, unless
 * `caseSensitive`, in lower case: as paperless-ngx compares (which keeps accents), and so that a
 * PDF's layout (line breaks, tabs between columns) and how it encodes an accent are no difference.
 */
export function foldText(text: string, caseSensitive: boolean): FoldedText {
  const units: string[] = [];
  const origin: number[] = [];
  let afterSpace = true; // no leading space
  for (let at = 0; at < text.length; ) {
    const code = text.charCodeAt(at);
    // ASCII (most of a document's text) by its code; the rest by Unicode property.
    const char = code < 0x80 ? text[at] : String.fromCodePoint(text.codePointAt(at) as number);
    if (code < 0x80 ? code === 32 || (code >= 9 && code <= 13) : SPACE.test(char)) {
      if (!afterSpace) {
        units.push(' ');
        origin.push(at);
        afterSpace = true;
      }
    } else {
      const kept = code < 0x80 ? (isAsciiWordChar(code) ? (caseSensitive ? char : char.toLowerCase()) : '') : foldedChar(char, caseSensitive);
      if (kept) {
        units.push(kept);
        for (let i = 0; i < kept.length; i++) origin.push(at);
        afterSpace = false;
      }
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
 * Where `phrase` (already folded) first occurs in the folded text with at most one edit in ten
 * characters: its index in the original text, or null.
 *
 * A match with at most k edits holds one of k + 1 pieces of the phrase unchanged, so only the
 * stretches around those pieces are searched edit by edit: first stretches of at least
 * MIN_STRETCH characters, then, in the first that holds a match, stretches just long enough for
 * one match, earliest first (the answer is then at most about 3k characters after the earliest
 * match start: within a stretch, the match with the fewest edits is the one found). On a
 * long text, or one that repeats the phrase on every line, the approximate search (which works
 * out every equally good match) thus runs on a few thousand characters, not on all of them.
 */
export function findPhrase(folded: FoldedText, phrase: string): number | null {
  if (!phrase) return null;
  const text = folded.text;
  const edits = Math.floor(phrase.length * EDITS_PER_CHAR);
  // A match is at most this long, so a stretch holds every match starting that much before its end.
  const longest = phrase.length + edits;
  const nextStart = candidateStarts(text, phrase, edits);
  /** The first stretch from `from` on, of at least `size` characters, that holds a match: where it and the match start. */
  const firstStretch = (from: number, size: number): { start: number; match: number } | null => {
    for (;;) {
      const aligned = nextStart(from);
      if (aligned === null) return null;
      const start = Math.max(from, aligned - edits);
      const end = Math.min(text.length, start + Math.max(longest + edits, size));
      const [best] = search(text.slice(start, end), phrase, edits);
      if (best) return { start, match: start + best.start };
      if (end === text.length) return null;
      from = end - longest + 1;
    }
  };
  const stretch = firstStretch(0, MIN_STRETCH);
  if (!stretch) return null;
  // search() answers only the matches with the fewest edits: an earlier one with more may share the stretch.
  const at = (firstStretch(stretch.start, 0) ?? stretch).match;
  // A match may begin on the space before a word (as long as the edits allow): not a line of its own.
  return folded.origin[text[at] === ' ' ? at + 1 : at];
}

/**
 * Where the phrase would start, aligned on a piece found unchanged in the text, in increasing order:
 * each call answers the first such start from which a match could reach `bound` or beyond.
 */
function candidateStarts(text: string, phrase: string, edits: number): (bound: number) => number | null {
  const pieces = piecesOf(phrase, edits + 1);
  const nextAt = pieces.map((p) => text.indexOf(p.piece));
  return (bound) => {
    let earliest: number | null = null;
    for (let i = 0; i < pieces.length; i++) {
      // An occurrence this early only starts matches before `bound`: look from the first that could reach it.
      if (nextAt[i] !== -1 && nextAt[i] - pieces[i].offset + edits < bound) nextAt[i] = text.indexOf(pieces[i].piece, bound - edits + pieces[i].offset);
      const aligned = nextAt[i] - pieces[i].offset;
      if (nextAt[i] !== -1 && (earliest === null || aligned < earliest)) earliest = aligned;
    }
    return earliest;
  };
}

/** The phrase in `count` pieces of about equal length, each with where it starts in the phrase. */
function piecesOf(phrase: string, count: number): { piece: string; offset: number }[] {
  const size = Math.floor(phrase.length / count);
  return Array.from({ length: count }, (_, i) => {
    const offset = i * size;
    return { piece: phrase.slice(offset, i === count - 1 ? phrase.length : offset + size), offset };
  });
}

import { distance } from 'fastest-levenshtein';

/** Lower case without accents: `Café ZÜRICH` → `cafe zurich`. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a text once case, accents, punctuation and spacing no longer count. */
export function words(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * Levenshtein distance, except that one swap of neighbouring letters (`Crop` for `Corp`, the
 * commonest typo) costs one edit instead of two, so it stays within the threshold below.
 */
export function editDistance(a: string, b: string): number {
  const d = distance(a, b);
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (d < 2 || a[i] !== b[i + 1] || a[i + 1] !== b[i]) return d;
  return Math.min(d, 1 + distance(a.slice(i + 2), b.slice(i + 2)));
}

/** How a candidate resembles a value: lower ranks first. */
interface Likeness {
  candidate: string;
  /** 0: the same once folded; 1: a few typos apart; 2: one holds all the other's words. */
  kind: 0 | 1 | 2;
  edits: number;
}

/** At most a third of the letters that differ may be wrong, so `bob@x.com` is not offered for `nobody@x.com`. */
const MAX_EDIT_SHARE = 1 / 3;
/** Words shared for "one holds the other's words" to count: `Acme` → `Acme Corp`, but not `Co` → every `Co Ltd`. */
const MIN_SHARED_LETTERS = 3;

function likeness(value: string, candidate: string): Likeness | null {
  const ours = words(value);
  const theirs = words(candidate);
  if (ours.join('') === theirs.join('')) return { candidate, kind: 0, edits: 0 };
  // Words both have exactly do not count against a candidate: compare only what differs.
  const rest = [...theirs];
  const shared: string[] = [];
  const extra: string[] = [];
  for (const word of ours) {
    const at = rest.indexOf(word);
    if (at >= 0) shared.push(...rest.splice(at, 1));
    else extra.push(word);
  }
  const a = extra.join('');
  const b = rest.join('');
  if (!a || !b) return shared.join('').length >= MIN_SHARED_LETTERS ? { candidate, kind: 2, edits: a.length + b.length } : null;
  const edits = editDistance(a, b);
  return edits <= Math.max(a.length, b.length) * MAX_EDIT_SHARE ? { candidate, kind: 1, edits } : null;
}

/**
 * Up to `limit` of `candidates` that look like `value`, closest first: the same text in another case,
 * accent or spacing, then a few typos away, then one that holds all the other's words. Empty when
 * none is close: a wild guess would only mislead.
 */
export function closestValues(value: string, candidates: Iterable<string>, limit = 3): string[] {
  return [...new Set(candidates)]
    .flatMap((candidate) => likeness(value, candidate) ?? [])
    .sort((x, y) => x.kind - y.kind || x.edits - y.edits || distance(value, x.candidate) - distance(value, y.candidate) || x.candidate.localeCompare(y.candidate))
    .slice(0, limit)
    .map((l) => l.candidate);
}

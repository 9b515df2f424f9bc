import { Minimatch, type MinimatchOptions } from 'minimatch';

/**
 * fnmatch, as the grants promise: `*`, `?`, `[abc]`, `[!abc]` and nothing else. A leading `!`, braces,
 * parentheses and `+(…)` are letters of the name (a glob library's defaults read `!archive` as
 * "every name but archive" and `*(a)` as "any run of a"); a leading dot is matched by `*` like any letter.
 */
const FNMATCH: MinimatchOptions = { dot: true, nobrace: true, noext: true, nonegate: true, nocomment: true, noglobstar: true };

const cache = new Map<string, Minimatch>();

/**
 * Whether an index or collection name matches a grant pattern (`logs-*`, `gvuln*`, `*-prod`). Names
 * never contain `/`, so glob path rules do not apply.
 */
export function matchesIndexPattern(pattern: string, name: string): boolean {
  let matcher = cache.get(pattern);
  if (!matcher) {
    matcher = new Minimatch(pattern, FNMATCH);
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, matcher);
  }
  return matcher.match(name);
}

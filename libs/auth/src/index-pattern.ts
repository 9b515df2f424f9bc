import picomatch from 'picomatch';

const cache = new Map<string, (name: string) => boolean>();

/**
 * fnmatch-style matching of an index or collection name against a grant pattern (`logs-*`,
 * `gvuln*`, `*-prod`, `?`, `[abc]`). Names never contain `/`, so glob path rules do not apply.
 */
export function matchesIndexPattern(pattern: string, name: string): boolean {
  let matcher = cache.get(pattern);
  if (!matcher) {
    matcher = picomatch(pattern, { dot: true, nobrace: true, noextglob: true, noglobstar: true });
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, matcher);
  }
  return matcher(name);
}

import { matchesIndexPattern } from './index-pattern';

describe('matchesIndexPattern (the original feature’s wildcard table)', () => {
  it.each([
    ['logs-*', 'logs-2024', true],
    ['logs-*', 'logs-prod', true],
    ['logs-*', 'gvuln', false],
    ['logs-*', 'metrics-2024', false],
    ['gvuln*', 'gvuln_v1', true],
    ['gvuln*', 'gvuln-test', true],
    ['gvuln*', 'logs-gvuln', false],
    ['*-prod', 'logs-prod', true],
    ['*-prod', 'metrics-prod', true],
    ['*-prod', 'logs-dev', false],
    ['*', 'logs-2024', true],
    ['*', 'gvuln', true],
    ['*', '.hidden-index', true],
    ['logs-202?', 'logs-2024', true],
    ['logs-202?', 'logs-20245', false],
    ['logs-[ab]', 'logs-a', true],
    ['logs-[ab]', 'logs-c', false],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
    ['logs-{a,b}', 'logs-a', false],
    // fnmatch, not a glob library's extras: a leading "!" is a letter, [!…] is "none of", parentheses are letters.
    ['!archive', 'payroll', false],
    ['!archive', '!archive', true],
    ['neg-[!t]*', 'neg-prod', true],
    ['neg-[!t]*', 'neg-test', false],
    ['logs-(a)', 'logs-a', false],
    ['logs-(a)', 'logs-(a)', true],
    ['*(a)', 'aaa', false],
    ['+(a)', 'a', false],
    ['#notes', '#notes', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(matchesIndexPattern(pattern, name)).toBe(expected);
  });
});

import { regexRuleProblem } from './regex-safety';

describe('regexRuleProblem', () => {
  it.each([
    ['nested repetition', '(a+)+$'],
    ['a repeated group with a repeated part', '^(\\w+\\s?)*$'],
    ['overlapping alternatives under repetition', '(x|x)*y'],
    ['alternatives that cover each other', '(a|aa)+b'],
  ])('refuses %s, saying why and showing a text that triggers it', (_, source) => {
    expect(regexRuleProblem(source, false)).toMatch(/exponential time.*try .*repeat/);
  });

  it.each([
    ['a plain label', 'NIF\\s*\\d{9}'],
    ['the word edges the rules use themselves', '(?<![\\p{L}\\p{N}_])fatura(?![\\p{L}\\p{N}_])'],
    ['an amount (polynomial at worst: allowed)', 'total\\s*:?\\s*([0-9.,]+)'],
    ['a line anchor', '^Invoice no\\. \\d+$'],
  ])('accepts %s', (_, source) => {
    expect(regexRuleProblem(source, false)).toBeNull();
  });

  it('refuses a pattern that does not compile, with the engine’s reason', () => {
    expect(regexRuleProblem('([a-z]', true)).toMatch(/not a valid regular expression: .*Unterminated/);
    // As rule-matcher runs rules: with the u flag, so an escape only legal without it is refused too.
    expect(regexRuleProblem('\\-', false)).toMatch(/not a valid regular expression/);
  });
});

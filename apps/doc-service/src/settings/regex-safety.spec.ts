import { regexRuleProblems, type RuleLists, usableRules } from './regex-safety';

const regex = (match: string, name = 'invoice'): RuleLists[number] => ({ name, match, algorithm: 'regex', case_sensitive: false });
const problemsOf = async (match: string) => regexRuleProblems({ document_types: [regex(match)] }, { document_types: [], categories: [] });

describe('regexRuleProblems', () => {
  it.each([
    ['nested repetition', '(a+)+$', /exponential time.*try .*repeat/],
    ['overlapping alternatives under repetition', '(a|aa)+b', /exponential time/],
    ['whitespace that two quantifiers can share', String.raw`total\s*:?\s*([0-9.,]+)`, /polynomial \(degree 2\) time/],
    ['three adjacent digit runs', String.raw`\d+\d+x`, /polynomial \(degree 3\) time/],
  ])('refuses %s, naming the rule, its field and a text that triggers it', async (_, source, why) => {
    const [problem, ...more] = await problemsOf(source);
    expect(more).toEqual([]);
    expect(problem.field).toBe('rules.document_types.0.match');
    expect(problem.message).toMatch(/^the regex of rule "invoice" can take /);
    expect(problem.message).toMatch(why);
  });

  it.each([
    ['a plain label', String.raw`NIF\s*\d{9}`],
    ['the word edges the rules use themselves', String.raw`(?<![\p{L}\p{N}_])fatura(?![\p{L}\p{N}_])`],
    ['a label and an amount without shared repetition', String.raw`total:?\s*[0-9][0-9.,]*`],
  ])('accepts %s', async (_, source) => {
    expect(await problemsOf(source)).toEqual([]);
  });

  it('refuses a pattern that does not compile, with the engine’s reason', async () => {
    expect((await problemsOf('([a-z]'))[0].message).toMatch(/not a valid regular expression: .*Unterminated/);
    // As rule-matcher runs rules: with the u flag, so an escape only legal without it is refused too.
    expect((await problemsOf('\\-'))[0].message).toMatch(/not a valid regular expression/);
  });

  it('checks only regex rules that are not stored already, in every list, and says where each is', async () => {
    const stored = { document_types: [regex('(a+)+$')], categories: [] };
    const problems = await regexRuleProblems(
      { document_types: [regex('(a+)+$'), { ...regex('(b+)+$'), algorithm: 'any' }], categories: [regex('ok'), regex('(x|x)*y', 'Office')] },
      stored,
    );
    expect(problems).toEqual([{ field: 'rules.categories.1.match', message: expect.stringMatching(/^the regex of rule "Office" can take exponential/) }]);
  });
});

describe('regexRuleProblems while recheck works', () => {
  it('leaves the event loop free: the service keeps answering during a slow check', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = Date.now();
    try {
      await problemsOf('((a{0,30}){0,30}){0,30}x');
    } finally {
      clearInterval(timer);
    }
    const elapsed = Date.now() - started;
    // A synchronous check would have let no tick through; leave room for a busy machine.
    expect(ticks).toBeGreaterThan(elapsed / 5 / 4);
  });
});

describe('usableRules', () => {
  it('leaves out the regex rules that do not compile or can backtrack without end, and keeps the rest as they are', async () => {
    const words = { name: 'Office', match: 'toner', algorithm: 'any' as const, case_sensitive: false };
    const rules = [regex(String.raw`NIF\s*\d{9}`), regex('(a+)+$', 'bomb'), regex('([a-z]', 'broken'), words];
    const usable = await usableRules(rules);
    expect(usable.map((r) => r.name)).toEqual(['invoice', 'Office']);
    expect(usable[0]).toBe(rules[0]); // the same objects: their compiled patterns stay cached
    // Asked again (every document asks), the same answer.
    expect((await usableRules(rules)).map((r) => r.name)).toEqual(['invoice', 'Office']);
  });
});

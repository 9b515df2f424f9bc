import { type ClassifyInput } from './classifier';
import { readModelAnswer, stripFence } from './model-answer';

const input: ClassifyInput = { text: '', fileName: 'x.pdf', pageCount: 1, documentTypes: ['invoice', 'Bank Statement'], categories: ['Office'] };
const field = (value: unknown, snippet: string | null = null) => ({ value, confidence: 0.9, snippet });
const answer = (overrides: Record<string, unknown> = {}) => ({
  document_type: field('bank statement'),
  title: field('  '),
  date: field('2024-01-31'),
  amount: field(12.5),
  currency: field('eur'),
  counterparty: field(null),
  summary: field('A statement.', 'x'.repeat(400)),
  categories: [{ name: 'office', confidence: 0.5, snippet: null }, { name: 'Travel', confidence: 0.4, snippet: null }, { name: 'travel', confidence: 0.4, snippet: null }],
  ...overrides,
});

describe('readModelAnswer', () => {
  it('maps names onto the lists’ spelling, cleans blanks, caps snippets, proposes the rest once', () => {
    const read = readModelAnswer(JSON.stringify(answer()), input);
    if (!read.ok) throw new Error(read.problem.detail);
    const c = read.classification;
    expect(c.document_type.value).toBe('Bank Statement');
    expect(c.title).toEqual({ value: null, confidence: 0, snippet: null });
    expect(c.currency.value).toBe('EUR');
    expect(c.summary.snippet).toHaveLength(300);
    expect(c.categories.map((x) => x.name)).toEqual(['Office']);
    expect(c.proposed_categories).toEqual(['Travel']);
  });

  it('tells prose from JSON of the wrong shape', () => {
    expect(readModelAnswer('I think it is an invoice.', input)).toEqual({ ok: false, problem: { kind: 'prose', detail: 'I think it is an invoice.' } });
    expect(readModelAnswer(' \n', input)).toEqual({ ok: false, problem: { kind: 'empty', detail: '' } });
    const wrong = readModelAnswer({ ...answer(), amount: field('12,50') }, input);
    expect(wrong).toMatchObject({ ok: false, problem: { kind: 'schema', detail: expect.stringContaining('amount.value') } });
  });

  it('strips a json fence', () => {
    expect(stripFence('```json\n{"a":1}\n```')).toBe('{"a":1}');
    expect(stripFence(' {"a":1} ')).toBe('{"a":1}');
  });
});

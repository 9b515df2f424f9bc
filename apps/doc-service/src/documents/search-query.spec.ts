import { amountValues, searchTerms } from './search-query';

describe('searchTerms', () => {
  it('reads an amount in any of the ways it is written, and nothing else as one', () => {
    expect(amountValues('1.258,98')).toEqual(['1258.98']);
    expect(amountValues('1,258.98')).toEqual(['1258.98']);
    expect(amountValues("1'258.98")).toEqual(['1258.98']);
    expect(amountValues('1258,98')).toEqual(['1258.98']);
    expect(amountValues('84.3')).toEqual(['84.3']);
    expect(amountValues('1.234.567,80')).toEqual(['1234567.80']);
    // One separator before three digits may be a thousand or three decimals.
    expect(amountValues('1,258')).toEqual(['1258', '1.258']);
    expect(amountValues('1,234,567')).toEqual(['1234567']);
    for (const other of ['2024/117', '1,258.300', '1.258.98', '12,34,567', 'inv-0042', '2024-01-10']) expect([other, amountValues(other)]).toEqual([other, []]);
  });

  it('cuts quoted phrases out of a search, in straight or typographic quotes, and leaves an open quote to the words', () => {
    expect(searchTerms('"late payment" fee')).toMatchObject({ phrases: ['late payment'], prefixes: 'late:* & payment:* & fee:*' });
    expect(searchTerms('«fatura de luz» “EDP, S.A.”')).toMatchObject({ phrases: ['fatura de luz', 'edp, s.a.'] });
    expect(searchTerms('"late payment')).toMatchObject({ phrases: [], prefixes: 'late:* & payment:*' });
    expect(searchTerms('"" ","')).toBeNull();
  });

  it('asks an amount by its words or by its value, and leaves other groups to the words', () => {
    expect(searchTerms('edp 84,38')).toMatchObject({ prefixes: 'edp:*', amounts: [{ words: '84:* & 38:*', values: ['84.38'] }], exact: ['84,38'] });
    expect(searchTerms('2024/117')).toMatchObject({ prefixes: '2024:* & 117:*', amounts: [] });
    expect(searchTerms('84,38')).toMatchObject({ prefixes: null });
    expect(searchTerms('edp 12400')).toMatchObject({ prefixes: 'edp:*', amounts: [{ words: '12400:*', values: ['12400'] }], exact: [] });
    expect(searchTerms('0042')).toMatchObject({ prefixes: '0042:*', amounts: [] });
  });
});

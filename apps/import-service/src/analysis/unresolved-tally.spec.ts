import { UnresolvedTally } from './unresolved-tally';

const ref = (column: number, text: string, rowNumber: number) => ({ column, field: `f${column}`, text, rowNumber });

describe('UnresolvedTally', () => {
  it('lists each value once per column, most frequent first, with its first row and its suggestions', async () => {
    const tally = new UnresolvedTally();
    [ref(1, 'b', 2), ref(1, 'a', 3), ref(4, 'x', 3), ref(1, 'a', 5), ref(1, 'c', 6)].forEach((r) => tally.add(r));
    const asked: [string, string[]][] = [];
    const listed = await tally.listed(async (field, values) => {
      asked.push([field, values]);
      return new Map(values.map((v) => [v, [v.toUpperCase()]]));
    });
    expect(asked).toEqual([['f1', ['a', 'b', 'c']], ['f4', ['x']]]);
    expect(listed.get(1)).toEqual({
      unresolved: [
        { value: 'a', rows: 2, first_row: 3, suggestions: ['A'] },
        { value: 'b', rows: 1, first_row: 2, suggestions: ['B'] },
        { value: 'c', rows: 1, first_row: 6, suggestions: ['C'] },
      ],
      unresolved_more: 0,
    });
  });

  it('counts only the first `capacity` distinct values of a column, and says how many of those it leaves unlisted', async () => {
    const tally = new UnresolvedTally(3);
    ['a', 'b', 'c', 'd', 'e', 'a', 'd'].forEach((text, i) => tally.add(ref(0, text, i + 2)));
    const listed = await tally.listed(async () => new Map(), 2);
    // d and e came after the capacity was reached: not counted, not even the second d.
    expect(listed.get(0)).toEqual({
      unresolved: [
        { value: 'a', rows: 2, first_row: 2, suggestions: [] },
        { value: 'b', rows: 1, first_row: 3, suggestions: [] },
      ],
      unresolved_more: 1,
    });
  });
});

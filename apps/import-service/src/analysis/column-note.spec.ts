import { ColumnProfiler } from '@intake/tabular';
import { columnNote } from './sheet-analysis';

const noteOf = (values: string[]) => {
  const profiler = new ColumnProfiler();
  for (const value of values) profiler.add(value);
  return columnNote(profiler.result());
};

describe('columnNote', () => {
  it('says in words how many values do not look like what the rest of the column holds', () => {
    const emails = Array.from({ length: 30 }, (_, i) => `person${i}@example.test`);
    expect(noteOf([...emails, 'not-an-email'])).toBe("1 value doesn't look like an email address: 'not-an-email'");
    expect(noteOf([...emails, 'nope', 'nada'])).toBe("2 values don't look like an email address: 'nope', 'nada'");
  });
});

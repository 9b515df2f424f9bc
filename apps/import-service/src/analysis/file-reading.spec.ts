import { ColumnProfiler } from '@intake/tabular';
import { proposeReading } from './file-reading';

const profile = (...cells: string[]) => {
  const profiler = new ColumnProfiler();
  for (const cell of cells) profiler.add(cell);
  return profiler.result();
};

describe('proposeReading: how a file writes dates and decimals, from its columns', () => {
  it('reads a decimal comma where the columns write one, thousands points included', () => {
    expect(proposeReading([profile('49,90', '1.299', '2.500,50'), profile('0,5', '0,25', '0,125'), profile('3', '12')])).toEqual({ date_order: 'day-first', decimal_mark: ',' });
  });

  it('reads a decimal point where the columns write one, and says nothing when no column tells', () => {
    expect(proposeReading([profile('49.90', '1,299.00', '0.125')])).toEqual({ date_order: 'day-first', decimal_mark: '.' });
    expect(proposeReading([profile('3', '12'), profile('Ana', 'Bo')])).toEqual({ date_order: 'day-first' });
    // Columns that disagree: one mark for all would misread the others (0.125 as 125), so none is proposed.
    expect(proposeReading([profile('49,90', '2.500,50'), profile('0,5', '0,25'), profile('0.125', '1.5')])).toEqual({ date_order: 'day-first' });
  });

  it('reads dates month first only when a column shows it (12/31), not when every date reads both ways', () => {
    expect(proposeReading([profile('03/04/2024', '12/31/2024', '05/06/2024')])).toEqual({ date_order: 'month-first' });
    expect(proposeReading([profile('03/04/2024', '05/06/2024')])).toEqual({ date_order: 'day-first' });
    expect(proposeReading([profile('31/12/2024', '03/04/2024')])).toEqual({ date_order: 'day-first' });
    expect(proposeReading([profile('2024-12-31', '2024-01-02')])).toEqual({ date_order: 'day-first' });
  });

  it("keeps an earlier plan's reading where no column tells, and the file's own where one does", () => {
    const earlier = { date_order: 'month-first', decimal_mark: ',' } as const;
    expect(proposeReading([profile('3', '12'), profile('03/04/2024', '05/06/2024')], earlier)).toEqual(earlier);
    // Saved again by a spreadsheet in another language: its dates and decimals are read as it writes them.
    expect(proposeReading([profile('31/12/2024', '03/04/2024'), profile('49.90', '0.125')], earlier)).toEqual({ date_order: 'day-first', decimal_mark: '.' });
    // Columns that disagree read cell by cell, whatever the earlier plan said.
    expect(proposeReading([profile('49,90', '2.500,50'), profile('0.125', '1.5')], earlier)).toEqual({ date_order: 'month-first' });
  });
});

import type { CellValue } from '../table-types';
import { ColumnProfiler } from './column-profiler';
import type { ProfilerOptions } from './column-profile';

function profile(values: CellValue[], options?: ProfilerOptions) {
  const profiler = new ColumnProfiler(options);
  for (const value of values) profiler.add(value);
  return profiler.result();
}

const many = (value: string, times: number): string[] => Array.from({ length: times }, () => value);

describe('ColumnProfiler', () => {
  it('infers booleans only when a word other than 1/0 is present', () => {
    expect(profile(['sim', 'Não', 'nao', '1', '0', 'YES', 'n']).type).toBe('boolean');
    expect(profile(['1', '0', '1', '1']).type).toBe('integer');
    expect(profile(['1', '0', '1'], { zeroOneAsBoolean: true }).type).toBe('boolean');
    expect(profile([true, false, null])).toMatchObject({ type: 'boolean', nullable: true, nonEmptyCount: 2 });
  });

  it('infers integers and keeps codes with leading zeros and huge numbers as keywords', () => {
    expect(profile(['1', '-20', '+300', '1.234.567', 42])).toMatchObject({ type: 'integer', decimalSeparator: ',' });
    expect(profile(['01310-100', '0012', '0042']).type).toBe('keyword');
    expect(profile(['12345678901234567890', '98765432109876543210']).type).toBe('keyword');
    const numbers = profile([1, 2, 3]);
    expect(numbers.type).toBe('integer');
    expect(numbers.decimalSeparator).toBeUndefined();
  });

  it('infers decimals and their separator, thousands included when unambiguous', () => {
    expect(profile(['1,5', '2,75', '1.234,56'])).toMatchObject({ type: 'decimal', decimalSeparator: ',' });
    expect(profile(['1.5', '2.75', '1,234.56', '1e3'])).toMatchObject({ type: 'decimal', decimalSeparator: '.' });
    expect(profile([1.5, 2])).toMatchObject({ type: 'decimal' });
    // "1,234" alone reads both ways; `.` wins the tie, so it is one thousand two hundred and thirty-four.
    expect(profile(['1,234', '5,678'])).toMatchObject({ type: 'integer', decimalSeparator: '.' });
  });

  it('lets the majority rule and reports what disagrees', () => {
    const result = profile([...many('10', 18), 'N/A', '12,5x', null]);
    expect(result).toMatchObject({ type: 'integer', nonEmptyCount: 20, disagreeing: 2, disagreeingSamples: ['N/A', '12,5x'], nullable: true });
    expect(profile([...many('10', 8), 'N/A', 'n/d']).type).toBe('keyword');
    // Each sample a different value: one repeated says nothing more.
    expect(profile([...many('10', 40), 'twelve', 'twelve', 'twelve', 'x'])).toMatchObject({ disagreeing: 4, disagreeingSamples: ['twelve', 'x'] });
  });

  it('infers day-first and month-first dates, and flags columns that read both ways', () => {
    expect(profile(['31/01/2024', '15/02/2024', '01/03/2024'])).toMatchObject({ type: 'date', dateOrder: 'DMY', dateFormat: 'DD/MM/YYYY', ambiguousDates: false });
    expect(profile(['01/31/2024', '02/15/2024'])).toMatchObject({ type: 'date', dateOrder: 'MDY', dateFormat: 'MM/DD/YYYY', ambiguousDates: false });
    expect(profile(['01/02/2024', '03/04/2024'])).toMatchObject({ type: 'date', dateOrder: 'DMY', ambiguousDates: true });
    // The value named is one that reads either way, not the first sample (an ISO date cannot).
    expect(profile(['2024-11-01', '01/02/2024', '03/04/2024'])).toMatchObject({ ambiguousDates: true, ambiguousSample: '01/02/2024' });
    expect(profile(['31.12.2024', '01.01.2025'])).toMatchObject({ type: 'date', dateFormat: 'DD.MM.YYYY' });
    expect(profile(['2024-01-31', '2024/02/29'])).toMatchObject({ type: 'date', dateOrder: 'YMD', ambiguousDates: false });
    expect(profile(['31/02/2024', '30/02/2024']).type).toBe('keyword');
  });

  it('infers datetimes in ISO and the common forms, and from XLSX dates', () => {
    expect(profile(['2024-01-31T10:00:00Z', '2024-02-01 08:30'])).toMatchObject({ type: 'datetime', dateOrder: 'YMD' });
    expect(profile(['31/01/2024 10:00', '01/02/2024'])).toMatchObject({ type: 'datetime', dateFormat: 'DD/MM/YYYY HH:mm' });
    expect(profile(['1/2/2024 3:45 PM', '12/31/2024 11:00 am'])).toMatchObject({ type: 'datetime', dateOrder: 'MDY' });
    expect(profile([new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(2024, 0, 2))])).toMatchObject({ type: 'date', samples: ['2024-01-01', '2024-01-02'] });
    expect(profile([new Date(Date.UTC(2024, 0, 1, 9, 30))])).toMatchObject({ type: 'datetime', samples: ['2024-01-01 09:30:00'] });
  });

  it('infers emails, keywords and text', () => {
    expect(profile(['ana@example.com', 'BIA@Example.COM.br'])).toMatchObject({ type: 'email' });
    expect(profile(['SKU-1', 'SKU-2', 'SKU-3'])).toMatchObject({ type: 'keyword' });
    expect(profile(['São Paulo', 'Rio de Janeiro', 'São Paulo', 'Rio de Janeiro'])).toMatchObject({ type: 'keyword', distinctCount: 2 });
    expect(profile(['Maria Silva', 'João Souza', 'Ana Lima'])).toMatchObject({ type: 'text' });
    expect(profile(['x'.repeat(300)])).toMatchObject({ type: 'text', maxLength: 300 });
    expect(profile(['line one\nline two', 'x'])).toMatchObject({ type: 'text' });
  });

  it('describes an empty column and keeps samples and counts bounded', () => {
    expect(profile([null, '  ', ''])).toMatchObject({ type: 'empty', nullable: true, count: 3, nonEmptyCount: 0 });
    const result = profile(Array.from({ length: 5000 }, (_, i) => `code-${i}`), { distinctLimit: 100 });
    expect(result).toMatchObject({ type: 'keyword', distinctCount: 100, distinctCapped: true, samples: ['code-0', 'code-1', 'code-2', 'code-3', 'code-4'] });
  });
});

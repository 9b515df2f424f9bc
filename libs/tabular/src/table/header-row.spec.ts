import { buildColumns, headerKey } from './header-row';
import { columnLetter } from './column-letter';

describe('buildColumns', () => {
  it('compares names case- and space-insensitively and names every clash', () => {
    expect(headerKey('  E-mail   Address ')).toBe(headerKey('e-mail address'));
    expect(() => buildColumns(['name', 'Email', 'x', 'NAME', 'email ', ' Name'], 'Clients', 1, 100)).toThrow(
      expect.objectContaining({
        code: 'DUPLICATE_HEADERS',
        message: "sheet 'Clients', row 1: columns A, D and F are all named 'name'; columns B and E are both named 'Email'. Column names must be unique",
        details: { sheet: 'Clients', row: 1, columns: ['A', 'D', 'F', 'B', 'E'] },
      }),
    );
  });

  it('turns header cells of any type into names and collapses line breaks', () => {
    const columns = buildColumns(['First\nname', 2024, new Date(Date.UTC(2024, 0, 31)), true], undefined, 1, 100);
    expect(columns.map((column) => column.name)).toEqual(['First name', '2024', '2024-01-31', 'true']);
  });

  it('avoids a generated name that a real header already uses', () => {
    const columns = buildColumns(['Column B', null, 'x'], undefined, 1, 100);
    expect(columns.map((column) => column.name)).toEqual(['Column B', 'Column B (2)', 'x']);
  });

  it('refuses a blank header row and too many columns', () => {
    expect(() => buildColumns([null, '', undefined], undefined, 3, 100)).toThrow(expect.objectContaining({ code: 'NO_HEADER', message: 'row 3 is empty; it should hold the column names' }));
    expect(() => buildColumns(['a', 'b', 'c'], 'S', 1, 2)).toThrow(expect.objectContaining({ code: 'TOO_MANY_COLUMNS' }));
  });

  it('letters columns like a spreadsheet', () => {
    expect([0, 25, 26, 701, 702, 16_383].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA', 'XFD']);
  });
});

import type { CellValue } from '@intake/tabular';
import { RowConverter } from './row-converter';
import { divideBy100 } from './special-cells';
import { columnsOf } from './test-support/import-rows';
import { products } from './test-support/descriptions';

/** Converts one cell of `field` (mapped from a column headed like the field's title unless `header` says otherwise). */
function convert(fieldName: string, cell: CellValue, options: ConstructorParameters<typeof RowConverter>[2] = {}, header?: string) {
  const title = products.fields.find((f) => f.name === fieldName)?.title ?? fieldName;
  const converter = new RowConverter(products, { 0: fieldName }, { columns: columnsOf([header ?? title]), ...options });
  const result = converter.convert({ rowNumber: 12, values: [cell] });
  return result.ok ? { value: result.values[fieldName], refs: result.refs } : { error: result.errors.map((e) => e.message).join('; ') };
}

describe('RowConverter', () => {
  it('names the row, the column and (when the header differs) the field in every message', () => {
    expect(convert('email', 'bob@')).toEqual({ error: "row 12, column A 'Support email': 'bob@' is not an email address" });
    expect(convert('email', 'bob@', {}, 'E-mail')).toEqual({ error: "row 12, column A 'E-mail' (Support email): 'bob@' is not an email address" });
    expect(convert('name', '  ')).toEqual({ error: "row 12, column A 'Name': a value is required" });
    // An update that keeps what a blank leaves: the record's name stays, so the blank is no problem.
    expect(convert('name', '  ', { blankKeepsValue: true })).toEqual({ value: null, refs: [] });
  });

  it('checks varchar lengths it is given, and refuses what PostgreSQL cannot store', () => {
    expect(convert('sku', 'ABCDEF', { maxLengths: { sku: 5 } }).error).toMatch(/6 characters long, more than the 5 allowed/);
    expect(convert('email', 'averyveryverylongname@example.com', { maxLengths: { email: 20 } }).error).toMatch(/33 characters long, more than the 20 allowed/);
    expect(convert('notes', 'a\u0000b').error).toMatch(/NUL character/);
    expect(convert('notes', 'line\nnext')).toEqual({ value: 'line\nnext', refs: [] });
  });

  it('decimals round to their scale like PostgreSQL but refuse too many integer digits', () => {
    expect(convert('price', '12.345').value).toBe('12.35');
    expect(convert('price', '1.234,5', { decimalSeparator: ',' }).value).toBe('1234.5');
    expect(convert('price', '123456789').error).toMatch(/too large: at most 8 digits before the decimal point/);
  });

  it('percentages: "25%" is divided by 100 exactly, a plain number is the fraction', () => {
    expect(convert('discount', '25%').value).toBe(0.25);
    expect(convert('discount', '33.3 %').value).toBe(0.333);
    expect(convert('discount', 0.25).value).toBe(0.25);
    expect(convert('discount', '0,5', { decimalSeparator: ',' }).value).toBe(0.5);
    expect(convert('rate', '12.345%').value).toBe('0.1235');
    expect(convert('discount', 'lots').error).toBe("row 12, column A 'Discount': 'lots' is not a percentage (write 25% or 0.25)");
    expect([divideBy100('1234.5'), divideBy100('-3'), divideBy100('0'), divideBy100('100')]).toEqual(['12.345', '-0.03', '0', '1']);
  });

  it('selects take the value or the label and store the typed value; unknown ones list the options', () => {
    expect(convert('category', 'Hardware').value).toBe('hw');
    expect(convert('category', 'SW').value).toBe('sw');
    expect(convert('priority', 'High').value).toBe(2);
    expect(convert('category', 'Toys').error).toBe("row 12, column A 'Category': 'Toys' is not one of the options: Hardware, Software");
  });

  it('multiple selects become a JSON array sorted like NocoBase sorts it', () => {
    expect(convert('tags', 'On sale; Eco').value).toEqual(['eco', 'sale']);
    expect(convert('tags', 'new,sale,new').value).toEqual(['new', 'sale']);
    expect(convert('tags', '["eco","new"]').value).toEqual(['eco', 'new']);
    expect(convert('tags', 'eco, zzz').error).toMatch(/'zzz' is not one of the options: New, On sale, Eco/);
  });

  it('dates, times and wall-clock timestamps', () => {
    expect(convert('launched', '03/04/2024').value).toBe('2024-04-03');
    expect(convert('launched', '03/04/2024', { dateOrder: 'MDY' }).value).toBe('2024-03-04');
    expect(convert('launched', new Date('0000-01-01T00:00:00Z')).error).toMatch(/outside the years 1 to 9999/);
    expect(convert('opensAt', '9:30').value).toBe('09:30:00');
    expect(convert('opensAt', '9:30 pm').value).toBe('21:30:00');
    expect(convert('opensAt', 0.5).value).toBe('12:00:00');
    expect(convert('opensAt', '25:00').error).toMatch(/is not a time/);
    expect(convert('localTime', '2024-05-01 09:00', { timeZone: 'Asia/Tokyo' }).value).toBe('2024-05-01 09:00:00.000');
  });

  it('integers keep to their column type; booleans take the words tabular knows', () => {
    expect(convert('stock', '2147483648').error).toMatch(/out of range/);
    expect(convert('stock', '1,000').value).toBe(1000);
    expect(convert('active', 'Não').value).toBe(false);
    expect(convert('active', 'Y').value).toBe(true);
  });

  it('belongsTo cells become refs for RelationResolver; a blank one is null at once', () => {
    expect(convert('maker', ' ACME ')).toEqual({ value: undefined, refs: [{ field: 'maker', column: 0, text: 'ACME', where: "row 12, column A 'Maker'" }] });
    expect(convert('maker', null)).toEqual({ value: null, refs: [] });
  });

  it('a belongsToMany cell gives one ref per listed item and an empty list for RelationResolver to fill; a blank one links nothing', () => {
    const where = "row 12, column A 'Orders'";
    expect(convert('orders', ' A-1, B-2 ,,A-1 ')).toEqual({
      value: [],
      refs: [{ field: 'orders', column: 0, text: 'A-1', where }, { field: 'orders', column: 0, text: 'B-2', where }],
    });
    expect(convert('orders', 42)).toEqual({ value: [], refs: [{ field: 'orders', column: 0, text: '42', where }] });
    expect(convert('orders', null)).toEqual({ value: [], refs: [] });
    expect(convert('orders', ' , ')).toEqual({ value: [], refs: [] });
  });

  it('a row problem from the reader fails the row when it concerns a mapped column or the whole row', () => {
    const converter = new RowConverter(products, { 0: 'name', 1: 'sku' }, { columns: columnsOf(['Name', 'SKU', 'Other']) });
    const problems = [{ code: 'INVALID_TEXT' as const, column: 1, message: 'bytes that are not UTF-8' }, { code: 'CELL_ERROR' as const, column: 2, message: '#N/A' }];
    expect(converter.convert({ rowNumber: 3, values: ['x', 'y', null], problems })).toEqual({
      ok: false,
      errors: [{ field: 'sku', column: 1, message: "row 3, column B 'SKU': bytes that are not UTF-8" }],
      refs: [],
    });
    // The reader's own naming of the place is left out: the place is said once.
    const located = [{ code: 'CELL_ERROR' as const, column: 0, message: "sheet 'products', row 3, column A: the cell holds #N/A", reason: 'the cell holds #N/A' }];
    expect(converter.convert({ rowNumber: 3, values: [null, 'y', null], problems: located })).toMatchObject({ ok: false, errors: expect.arrayContaining([expect.objectContaining({ message: "row 3, column A 'Name': the cell holds #N/A" })]) });
    // So is a whole row's (a CSV quote never closed); a sentence without a reason apart names its place itself.
    const quotes = [{ code: 'MALFORMED_QUOTES' as const, message: 'row 3: a quoted value is never closed (missing ")', reason: 'a quoted value is never closed (missing ")' }];
    expect(converter.convert({ rowNumber: 3, values: ['x', 'y', null], problems: quotes })).toMatchObject({ ok: false, errors: [{ message: 'row 3: a quoted value is never closed (missing ")' }] });
    const extra = [{ code: 'EXTRA_CELLS' as const, message: 'row 3 has 4 values but the header has 3 columns; the extra values (in D) are ignored' }];
    expect(converter.convert({ rowNumber: 3, values: ['x', 'y', null], problems: extra })).toMatchObject({ ok: false, errors: [{ message: extra[0].message }] });
  });

  it('relation plans carry the related collection; a missing description is a programming error', () => {
    const converter = new RowConverter(products, { 0: 'maker.code' });
    expect(() => converter.relationPlans({})).toThrow(/Describe makers first/);
    expect(converter.relationPlans({ makers: products })[0]).toMatchObject({ matchBy: 'code', field: { name: 'maker' } });
    expect(() => new RowConverter(products, { 0: 'nope' })).toThrow(/no field nope/);
  });
  it('keeps the relation cells of a row that fails, so they are checked too', () => {
    const converter = new RowConverter(products, { 0: 'name', 1: 'maker' }, { columns: columnsOf(['Name', 'Maker']) });
    const result = converter.convert({ rowNumber: 7, values: ['  ', 'Acme'] });
    expect(result).toMatchObject({ ok: false, errors: [{ column: 0 }], refs: [{ field: 'maker', column: 1, text: 'Acme' }] });
  });
});

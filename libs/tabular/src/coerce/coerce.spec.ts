import { coerce } from './coerce';
import { INTEGER_RANGES } from './target-type';

describe('coerce', () => {
  it('passes blanks through as null unless a value is required', () => {
    expect(coerce(null, { type: 'integer' })).toEqual({ ok: true, value: null });
    expect(coerce('   ', { type: 'string' })).toEqual({ ok: true, value: null });
    expect(coerce('', { type: 'text', required: true })).toEqual({ ok: false, error: 'a value is required' });
  });

  it('coerces text with length limits, and other cells to their text form', () => {
    expect(coerce('  Ana  ', { type: 'string', maxLength: 10 })).toEqual({ ok: true, value: 'Ana' });
    expect(coerce('x'.repeat(300), { type: 'string', maxLength: 255 })).toEqual({ ok: false, error: 'the value is 300 characters long, more than the 255 allowed' });
    expect(coerce(12.5, { type: 'string' })).toEqual({ ok: true, value: '12.5' });
    expect(coerce(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), { type: 'text' })).toEqual({ ok: true, value: '2024-01-02 03:04:05' });
  });

  it('coerces integers within their range, keeping exact digits beyond 2^53', () => {
    expect(coerce('1.234', { type: 'integer' }, { decimalSeparator: ',' })).toEqual({ ok: true, value: 1234 });
    expect(coerce('12,0', { type: 'integer' }, { decimalSeparator: ',' })).toEqual({ ok: true, value: 12 });
    expect(coerce('12,5x', { type: 'integer' })).toEqual({ ok: false, error: "'12,5x' is not a number" });
    expect(coerce('12.5', { type: 'integer' })).toEqual({ ok: false, error: "'12.5' is not a whole number" });
    expect(coerce('3000000000', { type: 'integer', ...INTEGER_RANGES.int32 })).toEqual({ ok: false, error: "'3000000000' is out of range (-2147483648 to 2147483647)" });
    expect(coerce('9223372036854775807', { type: 'integer' })).toEqual({ ok: true, value: '9223372036854775807' });
    expect(coerce('9223372036854775808', { type: 'integer' })).toMatchObject({ ok: false });
    expect(coerce(true, { type: 'integer' })).toEqual({ ok: false, error: 'true is not a number' });
  });

  it('coerces decimals exactly, rounding extra decimals and refusing overflow', () => {
    expect(coerce('1.234,565', { type: 'decimal', precision: 8, scale: 2 }, { decimalSeparator: ',' })).toEqual({ ok: true, value: '1234.57' });
    expect(coerce('-0.005', { type: 'decimal', scale: 2 })).toEqual({ ok: true, value: '-0.01' });
    expect(coerce(0.1 + 0.2, { type: 'decimal', precision: 10, scale: 2 })).toEqual({ ok: true, value: '0.3' });
    expect(coerce('123456.7', { type: 'decimal', precision: 5, scale: 2 })).toEqual({
      ok: false,
      error: "'123456.7' is too large: at most 3 digits before the decimal point (numeric(5, 2))",
    });
    expect(coerce('123456789012345678901234.5', { type: 'decimal' })).toEqual({ ok: true, value: '123456789012345678901234.5' });
    expect(coerce('1.5e-7', { type: 'decimal' })).toEqual({ ok: true, value: '0.00000015' });
  });

  it('coerces floats with either decimal mark when none is given', () => {
    expect(coerce('2,5', { type: 'float' })).toEqual({ ok: true, value: 2.5 });
    expect(coerce('1,234.5', { type: 'float' })).toEqual({ ok: true, value: 1234.5 });
    expect(coerce('abc', { type: 'float' })).toEqual({ ok: false, error: "'abc' is not a number" });
  });

  it('coerces booleans in English and Portuguese', () => {
    expect(['Sim', 'não', 'TRUE', 'n', 1, 0, true].map((value) => coerce(value, { type: 'boolean' }))).toEqual(
      [true, false, true, false, true, false, true].map((value) => ({ ok: true, value })),
    );
    expect(coerce('maybe', { type: 'boolean' })).toEqual({ ok: false, error: "'maybe' is not a boolean (use true/false, yes/no, sim/não, sí/no, ja/nein, oui/non or 1/0)" });
    for (const [word, value] of [['ja', true], ['NEIN', false], ['Oui', true], ['faux', false], ['verdadeiro', true], ['Falso', false], ['t', true], ['f', false]] as const) {
      expect(coerce(word, { type: 'boolean' })).toEqual({ ok: true, value });
    }
  });

  it('coerces dates in the column order, with precise errors', () => {
    expect(coerce('02/03/2024', { type: 'date' })).toEqual({ ok: true, value: '2024-03-02' });
    expect(coerce('02/03/2024', { type: 'date' }, { dateOrder: 'MDY' })).toEqual({ ok: true, value: '2024-02-03' });
    expect(coerce('2024-02-29T23:30:00-03:00', { type: 'date' })).toEqual({ ok: true, value: '2024-02-29' });
    expect(coerce(new Date(Date.UTC(2024, 0, 31)), { type: 'date' })).toEqual({ ok: true, value: '2024-01-31' });
    expect(coerce('31/02/2024', { type: 'date' })).toEqual({ ok: false, error: "'31/02/2024' is not a valid date (day-first)" });
    expect(coerce('2024-13-01', { type: 'date' })).toEqual({ ok: false, error: "'2024-13-01' is not a valid date (year-first)" });
    expect(coerce('next week', { type: 'date' })).toEqual({ ok: false, error: "'next week' is not a date (expected DD/MM/YYYY or YYYY-MM-DD)" });
    expect(coerce(45292, { type: 'date' })).toEqual({ ok: false, error: '45292 is a number, not a date (format the cell as a date in Excel)' });
  });

  it('coerces datetimes: offsets are honoured, naive values are read in the configured zone', () => {
    expect(coerce('2024-01-15 10:00', { type: 'datetime' })).toEqual({ ok: true, value: new Date('2024-01-15T10:00:00Z') });
    expect(coerce('2024-01-15T10:00:00+02:00', { type: 'datetime' }, { timeZone: 'America/Sao_Paulo' })).toEqual({ ok: true, value: new Date('2024-01-15T08:00:00Z') });
    expect(coerce('15/01/2024 10:00', { type: 'datetime' }, { timeZone: 'America/Sao_Paulo' })).toEqual({ ok: true, value: new Date('2024-01-15T13:00:00Z') });
    // Lisbon switches from UTC+0 to UTC+1 on 2024-03-31 at 01:00.
    expect(coerce('2024-03-30 12:00', { type: 'datetime' }, { timeZone: 'Europe/Lisbon' })).toEqual({ ok: true, value: new Date('2024-03-30T12:00:00Z') });
    expect(coerce('2024-04-01 12:00', { type: 'datetime' }, { timeZone: 'Europe/Lisbon' })).toEqual({ ok: true, value: new Date('2024-04-01T11:00:00Z') });
    expect(coerce(new Date(Date.UTC(2024, 5, 1, 9, 0)), { type: 'datetime' }, { timeZone: 'Europe/Lisbon' })).toEqual({ ok: true, value: new Date('2024-06-01T08:00:00Z') });
    expect(coerce('1/2/2024 3:45 PM', { type: 'datetime' }, { dateOrder: 'MDY' })).toEqual({ ok: true, value: new Date('2024-01-02T15:45:00Z') });
    expect(coerce('31/01/2024 25:00', { type: 'datetime' })).toEqual({ ok: false, error: "'31/01/2024 25:00' is not a valid date and time (day-first)" });
    expect(() => coerce('2024-01-01', { type: 'datetime' }, { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });

  it('coerces emails', () => {
    expect(coerce(' ana@example.com ', { type: 'email' })).toEqual({ ok: true, value: 'ana@example.com' });
    expect(coerce('ana at example.com', { type: 'email' })).toEqual({ ok: false, error: "'ana at example.com' is not an email address" });
  });

  it('maps select values and labels to the stored value', () => {
    const options = [{ value: 'red', label: 'Vermelho' }, { value: 'green', label: 'Verde' }];
    expect(coerce('vermelho', { type: 'select', options })).toEqual({ ok: true, value: 'red' });
    expect(coerce('GREEN', { type: 'select', options })).toEqual({ ok: true, value: 'green' });
    expect(coerce('Azul', { type: 'select', options })).toEqual({ ok: false, error: "'Azul' is not one of the options: Vermelho, Verde" });
  });

  it('splits multi-select cells into JSON arrays', () => {
    expect(coerce('a, b,,c', { type: 'json-array' })).toEqual({ ok: true, value: ['a', 'b', 'c'] });
    expect(coerce('1,5; 2,5', { type: 'json-array' })).toEqual({ ok: true, value: ['1,5', '2,5'] });
    expect(coerce('["x", 2]', { type: 'json-array' })).toEqual({ ok: true, value: ['x', '2'] });
    const options = [{ value: 'r', label: 'Red' }, { value: 'g', label: 'Green' }];
    expect(coerce('red;GREEN;red', { type: 'json-array', options })).toEqual({ ok: true, value: ['r', 'g'] });
    expect(coerce('red;blue', { type: 'json-array', options })).toEqual({ ok: false, error: "'blue' is not one of the options: Red, Green" });
  });
});

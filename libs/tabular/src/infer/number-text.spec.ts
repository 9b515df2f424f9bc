import { parseNumberText } from './number-text';

describe('parseNumberText', () => {
  it.each([
    ['1234.5', '.', '1234.5'],
    ['-1,234,567.25', '.', '-1234567.25'],
    ['.5', '.', '0.5'],
    ['+1e3', '.', '1e3'],
    ['1.234.567,8', ',', '1234567.8'],
    ['1 234,5', ',', '1234.5'],
    ['1\u00a0234,5', ',', '1234.5'],
    ['-0,75', ',', '-0.75'],
  ] as const)('reads %j with %j as the decimal mark', (text, separator, normalized) => {
    expect(parseNumberText(text, separator)?.normalized).toBe(normalized);
  });

  it.each([
    ['1,5', '.'],
    ['1.5', ','],
    ['1,23,456', '.'],
    ['1,234 567', '.'],
    ['1.234,5', '.'],
    ['R$ 10,00', ','],
    ['12%', '.'],
    ['1e3', ','],
    ['-', '.'],
    ['', '.'],
  ] as const)('refuses %j with %j as the decimal mark', (text, separator) => {
    expect(parseNumberText(text, separator)).toBeUndefined();
  });

  it('says whether the value is whole', () => {
    expect(parseNumberText('12,00', ',')).toMatchObject({ value: 12, integral: true });
    expect(parseNumberText('1.5e1', '.')).toMatchObject({ value: 15, integral: true });
    expect(parseNumberText('1.05', '.')).toMatchObject({ integral: false });
  });
});

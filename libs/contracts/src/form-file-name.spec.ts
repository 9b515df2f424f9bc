import { formFileName } from './form-file-name';

describe('formFileName', () => {
  it("reads back the quote and line breaks a browser's FormData escaped, and nothing else", () => {
    expect(formFileName('fatura %22março%22.pdf')).toBe('fatura "março".pdf');
    expect(formFileName('two%0D%0Alines.csv')).toBe('twolines.csv');
    // Only what browsers escape: a percent sign of the name's own stays as it is.
    expect(formFileName('50% off %20 %2522.pdf')).toBe('50% off %20 %2522.pdf');
    expect(formFileName('recibo "loja".pdf')).toBe('recibo "loja".pdf');
  });
});

import { FileNameSchema, formFileName, uploadFileName } from './form-file-name';

describe('formFileName', () => {
  it("reads back the quote and line breaks a browser's FormData escaped, and nothing else", () => {
    expect(formFileName('fatura %22março%22.pdf')).toBe('fatura "março".pdf');
    expect(formFileName('two%0D%0Alines.csv')).toBe('twolines.csv');
    // Only what browsers escape: a percent sign of the name's own stays as it is.
    expect(formFileName('50% off %20 %2522.pdf')).toBe('50% off %20 %2522.pdf');
    expect(formFileName('recibo "loja".pdf')).toBe('recibo "loja".pdf');
  });
});

describe('uploadFileName', () => {
  it('drops control characters and direction overrides, and falls back when nothing is left', () => {
    expect(uploadFileName('a\u0000b.csv', 'upload')).toBe('ab.csv');
    expect(uploadFileName('red\u001b[31mALERT\u0007.csv', 'upload')).toBe('red[31mALERT.csv');
    expect(uploadFileName('invoice\u202efdp.exe', 'upload')).toBe('invoicefdp.exe');
    expect(uploadFileName('\u0085\u009b', 'upload')).toBe('upload');
    expect(uploadFileName(undefined, 'document.pdf')).toBe('document.pdf');
    expect(uploadFileName('fatura %22março%22.pdf', 'x')).toBe('fatura "março".pdf');
  });

  it('keeps 255 characters with the extension, cutting by code point, which the file name schema takes', () => {
    const long = uploadFileName(`${'😀'.repeat(300)}.xlsx`, 'upload');
    expect([...long]).toHaveLength(255);
    expect(long.endsWith('😀.xlsx')).toBe(true);
    expect(long.isWellFormed()).toBe(true);
    expect(FileNameSchema.safeParse(long).success).toBe(true);
    expect(FileNameSchema.safeParse(`${long}x`).success).toBe(false);
    expect(uploadFileName(`${'a'.repeat(300)}.csv`, 'upload')).toBe(`${'a'.repeat(251)}.csv`);
  });
});

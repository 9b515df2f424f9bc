import { notPdf } from '@intake/testing';
import { ExtractionError } from './extraction-error';
import { assertPdfSignature } from './pdf-signature';

function failure(head: Uint8Array): ExtractionError {
  try {
    assertPdfSignature(head);
  } catch (error) {
    if (error instanceof ExtractionError) return error;
    throw error;
  }
  throw new Error('expected an ExtractionError');
}

describe('assertPdfSignature', () => {
  it('accepts %PDF- at the start or after junk within the first 1024 bytes', () => {
    expect(() => assertPdfSignature(Buffer.from('%PDF-1.7\n'))).not.toThrow();
    expect(() => assertPdfSignature(Buffer.concat([Buffer.alloc(1000, 0x20), Buffer.from('%PDF-1.4')]))).not.toThrow();
  });

  it('rejects a header that only starts after 1024 bytes', () => {
    expect(failure(Buffer.concat([Buffer.alloc(1024, 0x20), Buffer.from('%PDF-1.4')])).kind).toBe('not_pdf');
  });

  it('says what a renamed file really is', () => {
    const zip = failure(notPdf('zip'));
    expect(zip.kind).toBe('not_pdf');
    expect(zip.message).toBe('The file is not a PDF: it is a zip archive; Word and Excel files are zips too');
    expect(failure(notPdf('png')).message).toBe('The file is not a PDF: it is a PNG image');
    expect(failure(Buffer.from('hello world')).message).toBe("The file is not a PDF (it starts with 'hell')");
  });

  it('calls a file without bytes empty', () => {
    const empty = failure(Buffer.alloc(0));
    expect([empty.kind, empty.code, empty.message]).toEqual(['empty', 'EXTRACTION_EMPTY', 'The file is empty']);
  });
});

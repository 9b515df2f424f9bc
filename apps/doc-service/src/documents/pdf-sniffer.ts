import { Transform, type TransformCallback } from 'node:stream';
import { ExtractionError } from '../extraction/extraction-error';
import { assertPdfSignature, PDF_HEADER_WINDOW } from '../extraction/pdf-signature';

/**
 * Passes an upload through once its first 1024 bytes (or all of a shorter file) show a PDF header;
 * otherwise fails with the ExtractionError that says what the file is, before anything is stored.
 */
export class PdfSniffer extends Transform {
  private head: Buffer[] = [];
  private headLength = 0;
  private checked = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.checked) return done(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < PDF_HEADER_WINDOW) return done();
    this.release(done);
  }

  override _flush(done: TransformCallback): void {
    if (this.checked) return done();
    this.release(done);
  }

  private release(done: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.checked = true;
    try {
      assertPdfSignature(head);
    } catch (error) {
      return done(error as ExtractionError);
    }
    done(null, head);
  }
}

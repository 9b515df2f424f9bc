import { ExtractionError } from './extraction-error';
import { PdfWorkerFailed } from './pdf-worker-protocol';

/**
 * Turns what pdf-parse threw into an error for the uploader. System errors (the temp file vanished,
 * permissions) stay plain Errors: they are ours, and the job should be retried rather than the
 * document marked failed.
 */
export function failureToError(failure: Pick<PdfWorkerFailed, 'name' | 'message' | 'code'>): Error {
  if (failure.code) return new Error(`reading the PDF file failed: ${failure.message} (${failure.code})`);
  if (failure.name === 'PasswordException') return new ExtractionError('encrypted', "The PDF is password-protected: save a copy without the password (your PDF viewer's Print to PDF does it) and upload that");
  // pdf.js parses nested arrays and dictionaries recursively; a deep enough nesting overflows the stack.
  if (/maximum call stack/i.test(failure.message)) {
    return new ExtractionError('too_complex', 'The PDF is too complex to read (its structure is nested too deeply)');
  }
  const reason = failure.message.trim().replace(/\.$/, '') || failure.name;
  return new ExtractionError('corrupt', `The PDF is damaged: ${reason}`);
}

import { ExtractionError } from './extraction-error';
import { failureToError } from './pdf-failure';

const failed = (name: string, message: string, code?: string) => failureToError({ name, message, code });

describe('failureToError', () => {
  it('maps pdf-parse exceptions to what the uploader can act on', () => {
    expect(failed('PasswordException', 'No password given')).toEqual(new ExtractionError('encrypted', "The PDF is password-protected: save a copy without the password (your PDF viewer's Print to PDF does it) and upload that"));
    expect(failed('InvalidPDFException', 'Invalid PDF structure.')).toMatchObject({ kind: 'corrupt', message: 'The PDF is damaged: Invalid PDF structure' });
    expect(failed('UnknownErrorException', 'Maximum call stack size exceeded')).toMatchObject({ kind: 'too_complex' });
  });

  it('keeps system errors as plain errors, so the job is retried rather than the document failed', () => {
    const error = failed('Error', 'ENOENT: no such file or directory', 'ENOENT');
    expect(error).not.toBeInstanceOf(ExtractionError);
    expect(error.message).toContain('ENOENT');
  });
});

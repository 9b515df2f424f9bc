/** Why a PDF could not be read; each kind is a property of the file, so retrying will not help. */
export type ExtractionErrorKind = 'not_pdf' | 'empty' | 'encrypted' | 'corrupt' | 'timeout' | 'too_complex';

/** A PDF that cannot be read, with a message meant for the person who uploaded it. */
export class ExtractionError extends Error {
  override readonly name = 'ExtractionError';
  /** The domain error code the transport filters map, e.g. `EXTRACTION_ENCRYPTED`. */
  readonly code: string;

  constructor(
    readonly kind: ExtractionErrorKind,
    message: string,
  ) {
    super(message);
    this.code = `EXTRACTION_${kind.toUpperCase()}`;
  }
}

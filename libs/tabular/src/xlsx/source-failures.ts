import type { OpenStream } from '../table-types';

/**
 * Remembers the first error of the source itself (storage, network), so the reader can pass it on
 * untouched instead of blaming the file: a read that failed on the way is not a corrupt workbook,
 * and the caller may retry it.
 */
export class SourceFailures {
  first: unknown = undefined;

  watch(open: OpenStream): OpenStream {
    return async () => {
      try {
        const stream = await open();
        stream.once('error', (error: unknown) => this.note(error));
        return stream;
      } catch (error) {
        this.note(error);
        throw error;
      }
    };
  }

  private note(error: unknown): void {
    // Our own abort (the read stopped early) destroys the stream: that is not the source failing.
    if ((error as { name?: string })?.name === 'AbortError') return;
    this.first ??= error;
  }
}

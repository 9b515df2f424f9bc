import zlib from 'node:zlib';
import { TabularError } from '../tabular-error';

/**
 * Inflates a copy of an entry's compressed bytes only to count them, and fails as soon as they
 * exceed the size the central directory declared. The zip-bomb limits are checked on declared
 * sizes; this catches an archive that lies about them (exceljs's unzipper would inflate it blindly).
 * Costs one extra native inflate of the sheet, small next to exceljs's XML parsing.
 */
export class InflatedSizeCheck {
  private readonly inflater = zlib.createInflateRaw();
  private produced = 0;
  private failure: Error | undefined;

  constructor(
    private readonly name: string,
    private readonly declared: number,
  ) {
    this.inflater.on('data', (chunk: Buffer) => {
      this.produced += chunk.length;
      if (this.produced > this.declared && !this.failure) {
        this.failure = new TabularError('ZIP_BOMB', `'${name}' in the workbook inflates to more than the ${declared.toLocaleString('en')} bytes it declares; it is refused as a possible zip bomb`);
        this.inflater.destroy();
      }
    });
    // Corrupt deflate data is left for exceljs to report; only the size matters here.
    this.inflater.on('error', () => undefined);
  }

  async write(compressed: Buffer): Promise<void> {
    this.throwIfFailed();
    if (this.inflater.destroyed) return;
    if (!this.inflater.write(compressed)) await this.settle('drain');
    this.throwIfFailed();
  }

  async end(): Promise<void> {
    if (!this.inflater.destroyed) {
      this.inflater.end();
      await this.settle('end');
    }
    this.throwIfFailed();
  }

  /** Waits for `event`, or for the inflater to stop (destroyed, or corrupt data: left to exceljs). */
  private settle(event: 'drain' | 'end'): Promise<void> {
    const inflater = this.inflater;
    return new Promise((resolve) => {
      const done = (): void => {
        inflater.off(event, done);
        inflater.off('close', done);
        resolve();
      };
      inflater.on(event, done);
      inflater.on('close', done);
    });
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}

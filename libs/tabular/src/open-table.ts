import { csvSource } from './csv/csv-source';
import { ENCODING_SAMPLE_BYTES } from './csv/detect-encoding';
import { detectFormat } from './detect-format';
import { TabularError } from './tabular-error';
import { resolveLimits, type TableLimits } from './table-limits';
import type { OpenStream, TableSource } from './table-types';
import { xlsxSource } from './xlsx/xlsx-source';

export interface OpenTableOptions {
  /** Default header row for every read(); see ReadOptions.headerRow. */
  headerRow?: number;
  limits?: Partial<TableLimits>;
  /** CSV: force an encoding (any iconv-lite name) instead of detecting it. */
  encoding?: string;
  /** CSV: force a one-character delimiter instead of sniffing it. */
  delimiter?: string;
  /** CSV: the name of its single sheet, e.g. the file name without extension. Default 'Sheet1'. */
  name?: string;
  /** Read a result file of ours as written (with `_status`, `_error` and its formula apostrophes), not as its rows were: see result-file.ts. */
  asWritten?: boolean;
}

/** Reads chunks until `bytes` are in hand (or the stream ends), leaving the iterator open. */
async function readHead(chunks: AsyncIterator<Buffer>, bytes: number): Promise<{ head: Buffer; complete: boolean }> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < bytes) {
    const next = await chunks.next();
    if (next.done) return { head: Buffer.concat(parts), complete: true };
    parts.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(parts), complete: false };
}

/**
 * Opens a CSV or XLSX file as tables. The format comes from the first bytes, never from a name; an
 * unsupported file fails here with a TabularError saying what it looks like. CSV costs a 64 KiB
 * read here; XLSX costs one full sequential read (its zip directory is at the end), during which
 * zip bombs and non-workbook zips are refused. Rows are read later, per sheet, with `read()`.
 */
export async function openTable(open: OpenStream, options: OpenTableOptions = {}): Promise<TableSource> {
  const limits = resolveLimits(options.limits);
  const stream = await open();
  const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let handedOver = false;
  try {
    const { head, complete } = await readHead(chunks, ENCODING_SAMPLE_BYTES);
    const detected = detectFormat(head);
    if (detected.format === 'unsupported') throw new TabularError(detected.code, detected.reason);
    if (detected.format === 'csv') {
      return csvSource(open, head, complete, { ...options, name: options.name ?? 'Sheet1', limits });
    }
    handedOver = true;
    async function* whole(): AsyncGenerator<Buffer> {
      try {
        yield head;
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
      } finally {
        stream.destroy();
      }
    }
    return await xlsxSource(open, whole(), { headerRow: options.headerRow, limits, asWritten: options.asWritten });
  } finally {
    if (!handedOver) stream.destroy();
  }
}

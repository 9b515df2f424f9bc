import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { Readable } from 'node:stream';
import type { RawRow } from '../table/raw-row';
import type { CsvDialect, OpenStream, RowProblem } from '../table-types';
import type { TableLimits } from '../table-limits';
import { RecordGuard } from './record-guard';

interface ParseResult {
  data: string[][];
  errors: { code: string; row: number }[];
  meta: { cursor: number };
}

const QUOTE_PROBLEM: Record<string, string> = {
  MissingQuotes: 'a quoted value is never closed (missing ")',
  InvalidQuotes: 'a quote (") inside a quoted value is not doubled, so the value may be cut in the wrong place',
};

/** Drops the byte-order mark, which may straddle chunks. */
async function* withoutBom(stream: Readable, bomLength: number): AsyncGenerator<Buffer> {
  let skip = bomLength;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (skip === 0) {
      yield chunk;
      continue;
    }
    const rest = chunk.subarray(skip);
    skip = Math.max(0, skip - chunk.length);
    if (rest.length) yield rest;
  }
}

/**
 * Streams the records of a CSV file, in batches (the records completed by each chunk: one await per
 * chunk instead of per record). Pull-based on purpose: papaparse's own Node stream mode listens
 * in flowing mode and queues chunks until its pause() takes effect, while here the next chunk is
 * read only after the consumer asked for the rows of the previous one — backpressure reaches the
 * source stream through `for await`, and memory stays at one chunk plus one partial record. Each
 * chunk is decoded (iconv-lite), checked by the RecordGuard, then parsed by papaparse's chunk parser
 * with `ignoreLastRow`, which leaves the incomplete last record for the next chunk (the same loop
 * papaparse's ChunkStreamer runs).
 */
export async function* csvRecords(
  open: OpenStream,
  dialect: CsvDialect,
  bomLength: number,
  limits: Pick<TableLimits, 'maxColumns' | 'maxRowChars'>,
): AsyncGenerator<RawRow[]> {
  const hidden = dialect.sepLine ? 1 : 0;
  const guard = new RecordGuard(dialect, limits.maxColumns, limits.maxRowChars, hidden);
  const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"' });
  const decoder = iconv.getDecoder(dialect.encoding, { stripBOM: false });
  let record = 0;
  let partial = '';

  function rows(text: string, last: boolean): RawRow[] {
    guard.scan(text);
    const input = partial + text;
    const result = parser.parse(input, 0, !last) as ParseResult;
    partial = last ? '' : input.slice(result.meta.cursor);
    const quoteProblems = new Map<number, string>();
    for (const error of result.errors) {
      // Errors about the incomplete last record come back again when it is parsed whole.
      const message = QUOTE_PROBLEM[error.code];
      if (message && error.row < result.data.length) quoteProblems.set(error.row, message);
    }
    const batch: RawRow[] = [];
    for (let i = 0; i < result.data.length; i++) {
      record++;
      if (record <= hidden) continue;
      const rowNumber = record - hidden;
      const quoteProblem = quoteProblems.get(i);
      if (quoteProblem === undefined) {
        batch.push({ rowNumber, cells: result.data[i] });
      } else {
        const problem: RowProblem = { code: 'MALFORMED_QUOTES', message: `row ${rowNumber}: ${quoteProblem}`, reason: quoteProblem };
        batch.push({ rowNumber, cells: result.data[i], problems: [problem] });
      }
    }
    return batch;
  }

  const stream = await open();
  try {
    for await (const chunk of withoutBom(stream, bomLength)) {
      const text = decoder.write(chunk);
      const batch = text ? rows(text, false) : [];
      if (batch.length) yield batch;
    }
    const batch = rows(decoder.end() ?? '', true);
    if (batch.length) yield batch;
  } finally {
    stream.destroy();
  }
}

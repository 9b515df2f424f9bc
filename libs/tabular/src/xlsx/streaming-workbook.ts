import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import { WorkbookReader as FixedWorkbookReader } from './exceljs-fixes';
import type { LengthLimits } from './length-limits';

type WorkbookReader = ExcelJS.stream.xlsx.WorkbookReader;
type WorksheetReader = ExcelJS.stream.xlsx.WorksheetReader;

/** A batch of worksheet events: one per chunk of sheet XML. */
export type WorksheetEvents = { eventType: string; value: ExcelJS.Row }[];

type EmittedText = string | null | { richText: { text?: string | null }[] };

/** exceljs's own field: the cached shared strings, and also its "parse the sheet in place" switch. */
interface SharedStringsField {
  sharedStrings?: unknown;
}

/**
 * exceljs's streaming reader (with the fixes in exceljs-fixes) in its 'emit' mode for shared strings: parse() hands out each shared
 * string as it is read (exceljs 4.4 yields them as bare { index, text }, without an eventType),
 * and cells of type s come out as { sharedString: index }, so the table can live outside the heap.
 * Styles are cached so date-formatted numbers can be recognised; hyperlinks are ignored, which
 * leaves their text. `onError` hears failures exceljs would otherwise wait on forever; `limits`
 * bound what it holds of one row or shared string.
 */
export function createWorkbookReader(input: Readable, onError: (error: unknown) => void, limits: LengthLimits): WorkbookReader {
  const reader = new FixedWorkbookReader(
    input,
    {
      sharedStrings: 'emit',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    },
    limits,
  );
  // exceljs parses a sheet in place only if `sharedStrings` is set when the sheet's entry arrives;
  // otherwise it spools the sheet to a temp file that leaks when reading stops early. Emit mode
  // never sets it, so it is set here; worksheetEvents() clears it again before the sheet is parsed.
  (reader as unknown as SharedStringsField).sharedStrings = [];
  // exceljs pipes the input into its unzipper (once) and waits on the entries' streams. pipe()
  // does not forward errors, and the unzipper reports corrupt data on itself, not on the entry.
  const pipe = input.pipe.bind(input);
  input.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
    destination.once('error', onError);
    // exceljs decodes every chunk of a part on its own (utils/parse-sax), which turns a character
    // split between two inflated chunks into U+FFFD. An entry that decodes itself hands it whole
    // strings, which exceljs passes through. The unzipper emits each entry before its data flows.
    (destination as unknown as Readable).on('data', (entry: Readable) => entry.setEncoding('utf8'));
    return pipe(destination, options);
  };
  return reader;
}

/** The plain text of an item of parse() that is a shared string (rich text runs joined, as for cells), else undefined. */
export function emittedSharedString(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null || !('index' in item) || !('text' in item)) return undefined;
  const text = item.text as EmittedText;
  if (text === null) return '';
  if (typeof text === 'string') return text;
  return text.richText.map((run) => run.text ?? '').join('');
}

export function emittedWorksheet(item: unknown): WorksheetReader | undefined {
  const event = item as { eventType?: string; value?: WorksheetReader } | undefined;
  return event?.eventType === 'worksheet' ? event.value : undefined;
}

/**
 * The sheet's row events. The worksheet reader looks at the workbook's `sharedStrings` when its
 * parse starts; cleared, it gives shared-string cells as indexes. Only one sheet is ever fed (see
 * sheetZip), so clearing it cannot make a later sheet spool.
 */
export function worksheetEvents(reader: WorkbookReader, worksheet: WorksheetReader): AsyncIterator<WorksheetEvents> {
  (reader as unknown as SharedStringsField).sharedStrings = undefined;
  return worksheet.parse() as AsyncIterator<WorksheetEvents>;
}

import ExcelJS from 'exceljs';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';

/** Two bugs of exceljs 4.4's streaming reader that change what a cell reads as, fixed here. */
const load = createRequire(__filename);

interface SaxEvent {
  eventType: 'opentag' | 'text' | 'closetag';
  value: { name: string } | string;
}

const utils = load('exceljs/lib/utils/utils') as { xmlDecode(text: string): string };
const parseSax = load('exceljs/lib/utils/parse-sax') as (chunks: AsyncIterable<unknown>) => AsyncIterable<SaxEvent[]>;
const iterateStream = load('exceljs/lib/utils/iterate-stream') as (stream: Readable) => AsyncIterable<unknown>;

/**
 * 1. exceljs decodes XML entities a second time (utils.xmlDecode) in text its SAX parser has
 * already decoded: inline strings, formula string results, sheet names. A cell holding the text
 * `&lt;b&gt;` read as `<b>`, and `R&amp;D` as `R&D` (our own result files use inline strings, and
 * people edit and upload them again). Every caller of xmlDecode gets SAX-decoded text, so the
 * identity is exactly right; set once, on load.
 */
utils.xmlDecode = (text) => text;

/**
 * 2. exceljs's shared-strings parser keeps the text of the last <t> of an item, so a string with a
 * phonetic reading (Japanese Excel stores furigana as <rPh><t>…</t></rPh> after the text) read as
 * its reading: 東京 came out as トウキョウ. Whitespace between elements was appended as text too.
 * This reader yields each item's text as Excel shows it: the <t> elements outside <rPh>, joined
 * (rich text runs included). Only the 'emit' mode, the one streaming-workbook uses, is replaced.
 */
interface ReaderInternals {
  options: { sharedStrings?: string };
  _emitEntry(payload: { type: string }): void;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
}

const base = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;

export class WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  async *_parseSharedStrings(this: WorkbookReader & ReaderInternals, entry: Readable): AsyncGenerator<unknown> {
    if (this.options.sharedStrings !== 'emit') {
      yield* base._parseSharedStrings.call(this, entry);
      return;
    }
    this._emitEntry({ type: 'shared-strings' });
    let index = 0;
    let text: string | null = null;
    let inText = false;
    let phonetic = 0;
    for await (const events of parseSax(iterateStream(entry))) {
      for (const { eventType, value } of events) {
        const name = typeof value === 'string' ? '' : value.name;
        if (eventType === 'text') {
          if (inText) text = (text ?? '') + (value as string);
        } else if (eventType === 'opentag') {
          if (name === 'rPh') phonetic++;
          else if (name === 't' && phonetic === 0) inText = true;
          else if (name === 'si') text = null;
        } else if (name === 't') inText = false;
        else if (name === 'rPh') phonetic--;
        else if (name === 'si') yield { index: index++, text };
      }
    }
  }
}

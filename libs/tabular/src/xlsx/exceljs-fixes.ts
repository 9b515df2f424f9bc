import ExcelJS from 'exceljs';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';

/** Three bugs of exceljs 4.4's streaming reader that change what a cell reads as, fixed here. */
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

interface ReaderInternals {
  options: { sharedStrings?: string };
  _emitEntry(payload: { type: string }): void;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(chunks: AsyncIterable<unknown>, sheetNo: string): Generator<unknown>;
}

/** A cell of type b (boolean) or e (error) with its formula: `<f>…</f>` or `<f …/>`. */
const TYPED_FORMULA = /(<c\b[^>]*\st\s*=\s*["'][be]["'][^>]*>)\s*(?:<f\b[^>]*\/>|<f\b[^>]*>[^<]*<\/f>)/g;
/** The start of a cell element (not of <col>, <cfRule>…). */
const CELL_START = /<c[\s>/]/g;
/** Text kept back without a cell start in it: a cell longer than this is passed on as it is. */
const MAX_CARRY = 1 << 20;

/**
 * 3. For a formula cell exceljs keeps the cached result as a number unless its type is str, so a
 * TRUE/FALSE result read as 1/0 and an error result (#DIV/0!) as no result at all. We never use
 * the formula's text, only its result: without the <f> element exceljs reads such a cell as the
 * plain boolean or error it holds. The sheet's XML (text: streaming-workbook decodes its entries)
 * is rewritten up to the start of its last cell, which waits for the next chunk (cells do not
 * nest). Only the new chunk is searched for that start, so a long cell costs no rescans.
 */
async function* plainTypedResults(chunks: AsyncIterable<unknown>): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of chunks) {
    const text = carry + String(chunk);
    let cut = 0;
    CELL_START.lastIndex = Math.max(1, carry.length - 2);
    for (let match = CELL_START.exec(text); match; match = CELL_START.exec(text)) cut = match.index;
    if (cut === 0 && text.length < MAX_CARRY) {
      carry = text;
      continue;
    }
    // Past the limit without a cell start: pass on all but a tag that may be cut short.
    const at = cut > 0 ? cut : Math.max(text.lastIndexOf('<'), 1);
    carry = text.slice(at);
    yield text.slice(0, at).replace(TYPED_FORMULA, '$1');
  }
  if (carry) yield carry.replace(TYPED_FORMULA, '$1');
}

const base = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;

/** exceljs's streaming WorkbookReader with fixes 2 and 3. */
export class WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  *_parseWorksheet(this: WorkbookReader & ReaderInternals, chunks: AsyncIterable<unknown>, sheetNo: string): Generator<unknown> {
    yield* base._parseWorksheet.call(this, plainTypedResults(chunks), sheetNo);
  }

  /**
   * 2. exceljs's shared-strings parser keeps the text of the last <t> of an item, so a string with a
   * phonetic reading (Japanese Excel stores furigana as <rPh><t>…</t></rPh> after the text) read as
   * its reading: 東京 came out as トウキョウ. Whitespace between elements was appended as text too.
   * This reader yields each item's text as Excel shows it: the <t> elements outside <rPh>, joined
   * (rich text runs included). Only the 'emit' mode, the one streaming-workbook uses, is replaced.
   */
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

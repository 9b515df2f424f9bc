import ExcelJS from 'exceljs';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { type LengthLimits, sharedStringsTooLarge, sheetTooLarge } from './length-limits';
import { XmlLengthGuard } from './xml-length-guard';

/**
 * Three bugs of exceljs 4.4's streaming reader that change what a cell reads as, fixed here, and a
 * bound (4) on what it holds of one row or shared string.
 */
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
/** How far back from the end a tag cut short by the chunk is looked for, once a cell is passed on. */
const OPEN_TAG_WINDOW = 4096;

/**
 * 3. For a formula cell exceljs keeps the cached result as a number unless its type is str, so a
 * TRUE/FALSE result read as 1/0 and an error result (#DIV/0!) as no result at all. We never use
 * the formula's text, only its result: without the <f> element exceljs reads such a cell as the
 * plain boolean or error it holds. The sheet's XML (text: streaming-workbook decodes its entries)
 * is rewritten up to the start of its last cell, which waits for the next chunk (cells do not
 * nest). Only the new chunk is searched for a cell start, and the chunks kept back are joined once,
 * when they are passed on: a long cell costs no rescans (it once did, which made a cell of a few
 * million characters take seconds, growing with the square of its length).
 */
async function* plainTypedResults(chunks: AsyncIterable<unknown>): AsyncGenerator<string> {
  let kept: string[] = [];
  let keptLength = 0;
  /** The last two characters kept, for a cell start cut by the chunk boundary. */
  let tail = '';
  for await (const chunk of chunks) {
    const text = String(chunk);
    let cut = 0;
    // A cell start cut by the chunk boundary, then the ones in the chunk; the kept text's own
    // first cell start is where it begins, not a cut.
    const across = tail + text.slice(0, 2);
    CELL_START.lastIndex = 0;
    for (let match = CELL_START.exec(across); match && match.index < tail.length; match = CELL_START.exec(across)) {
      if (keptLength - tail.length + match.index > 0) cut = keptLength - tail.length + match.index;
    }
    CELL_START.lastIndex = 0;
    for (let match = CELL_START.exec(text); match; match = CELL_START.exec(text)) {
      if (keptLength + match.index > 0) cut = keptLength + match.index;
    }
    kept.push(text);
    keptLength += text.length;
    tail = (tail + text.slice(-2)).slice(-2);
    if (cut === 0 && keptLength < MAX_CARRY) continue;
    const whole = kept.join('');
    // Past the limit without a cell start: pass on all but a tag that the chunk cut short.
    const at = cut > 0 ? cut : openTagStart(whole);
    const rest = whole.slice(at);
    kept = rest ? [rest] : [];
    keptLength = rest.length;
    tail = rest.slice(-2);
    yield whole.slice(0, at).replace(TYPED_FORMULA, '$1');
  }
  if (kept.length) yield kept.join('').replace(TYPED_FORMULA, '$1');
}

/** Where a tag left open at the end of `text` begins (near the end only), else the end. */
function openTagStart(text: string): number {
  const from = Math.max(1, text.length - OPEN_TAG_WINDOW);
  const open = text.lastIndexOf('<');
  return open >= from && text.indexOf('>', open) === -1 ? open : text.length;
}

/**
 * 4. exceljs's SAX parser gathers a text run whole before handing it on, and exceljs builds a row
 * whole, so a cell of 300 million characters was held to its end before any limit could look at
 * it. The part's text passes an XmlLengthGuard first, which refuses a row (or a shared string)
 * longer than `maxRowChars` as soon as it is, after reading no more of it than that.
 */
async function* guarded(chunks: AsyncIterable<unknown>, guard: XmlLengthGuard): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    const text = String(chunk);
    guard.scan(text);
    yield text;
  }
}

const base = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;

/** exceljs's streaming WorkbookReader with fixes 2, 3 and 4. */
export class WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  constructor(
    input: Readable,
    options: ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookReader>[1],
    private readonly limits: LengthLimits,
  ) {
    super(input, options);
  }

  *_parseWorksheet(this: WorkbookReader & ReaderInternals, chunks: AsyncIterable<unknown>, sheetNo: string): Generator<unknown> {
    const limits = this.limits;
    const guard = new XmlLengthGuard('row', limits.maxRowChars, (spot) => {
      throw sheetTooLarge(limits, spot);
    });
    yield* base._parseWorksheet.call(this, plainTypedResults(guarded(chunks, guard)), sheetNo);
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
    const limits = this.limits;
    const guard = new XmlLengthGuard('si', limits.maxRowChars, (spot) => {
      throw sharedStringsTooLarge(limits, spot);
    });
    for await (const events of parseSax(guarded(iterateStream(entry), guard))) {
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

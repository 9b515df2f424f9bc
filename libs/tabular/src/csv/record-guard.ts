import { columnLetter } from '../table/column-letter';
import { TabularError } from '../tabular-error';
import type { CsvDialect } from '../table-types';

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: closing, doubled, or stray — the next character decides. */
  QuoteSeen,
  /** Closing quote followed by whitespace, which papaparse allows before a delimiter or newline. */
  QuoteSpaces,
}

function isSpace(code: number): boolean {
  // The characters String.prototype.trim() removes that can follow a closing quote in practice.
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0xfeff;
}

/**
 * Counts fields and characters of each CSV record *before* papaparse sees the text, so a line with
 * a million fields or an unclosed quote that swallows the file fails after `maxColumns` fields or
 * `maxRowChars` characters instead of being built into one giant row. It follows papaparse's quote
 * rules exactly (a quote opens a field only at its start; a closing quote must be followed by
 * optional spaces and a delimiter or newline; anything else is data), so both count the same
 * records; the state carries across chunks. Unquoted and quoted text is skipped with indexOf, as
 * papaparse does, so the guard costs less than the parse it protects.
 */
export class RecordGuard {
  private state = State.FieldStart;
  private fields = 1;
  private chars = 0;
  /** Last character of the previous chunk, for a CRLF split across chunks. */
  private previous = 0;
  /** 1-based number of the record being scanned, counting every physical record. */
  private record = 1;
  private readonly delimiter: number;
  private readonly delimiterChar: string;
  private readonly newlineEnd: number;
  private readonly crlf: boolean;

  constructor(
    dialect: Pick<CsvDialect, 'delimiter' | 'newline'>,
    private readonly maxColumns: number,
    private readonly maxRowChars: number,
    /** Records before the first counted row (Excel's `sep=` line). */
    private readonly hiddenRecords = 0,
  ) {
    this.delimiterChar = dialect.delimiter;
    this.delimiter = dialect.delimiter.charCodeAt(0);
    this.newlineEnd = dialect.newline === '\r' ? CR : LF;
    this.crlf = dialect.newline === '\r\n';
  }

  /** Records started so far (the one being scanned included), for diagnostics and tests. */
  get records(): number {
    return this.record;
  }

  scan(text: string): void {
    const { delimiter, delimiterChar, newlineEnd, crlf, maxColumns } = this;
    const length = text.length;
    const before = (at: number): number => (at > 0 ? text.charCodeAt(at - 1) : this.previous);
    const isNewline = (at: number): boolean => text.charCodeAt(at) === newlineEnd && (!crlf || before(at) === CR);
    const findNewline = (from: number): number => {
      let at = text.indexOf(crlf || newlineEnd === LF ? '\n' : '\r', from);
      while (crlf && at !== -1 && before(at) !== CR) at = text.indexOf('\n', at + 1);
      return at;
    };
    let { state, fields } = this;
    let recordStart = -1;
    let nextDelimiter = -2;
    let nextNewline = -2;
    let i = 0;
    while (i < length) {
      if (state === State.Quoted) {
        const quote = text.indexOf('"', i);
        if (quote === -1) break;
        state = State.QuoteSeen;
        i = quote + 1;
        continue;
      }
      if (state === State.QuoteSeen || state === State.QuoteSpaces) {
        const code = text.charCodeAt(i);
        if (code === QUOTE) {
          // A doubled quote is data; a quote after spaces may be the real closing one.
          state = state === State.QuoteSeen ? State.Quoted : State.QuoteSeen;
          i++;
          continue;
        }
        if (code !== delimiter && !isNewline(i)) {
          state = isSpace(code) ? State.QuoteSpaces : State.Quoted;
          i++;
          continue;
        }
      } else {
        if (state === State.FieldStart && text.charCodeAt(i) === QUOTE) {
          state = State.Quoted;
          i++;
          continue;
        }
        // Unquoted text: quotes are data, only the next delimiter or newline matters.
        state = State.Unquoted;
        if (nextDelimiter !== -1 && nextDelimiter < i) nextDelimiter = text.indexOf(delimiterChar, i);
        if (nextNewline !== -1 && nextNewline < i) nextNewline = findNewline(i);
        if (nextDelimiter === -1 && nextNewline === -1) break;
        i = nextNewline === -1 || (nextDelimiter !== -1 && nextDelimiter < nextNewline) ? nextDelimiter : nextNewline;
      }
      // At a delimiter or newline that ends a field.
      state = State.FieldStart;
      if (text.charCodeAt(i) === delimiter) {
        if (++fields > maxColumns) this.fail('columns', fields);
      } else {
        fields = 1;
        this.record++;
        recordStart = i + 1;
      }
      i++;
    }
    this.state = state;
    this.fields = fields;
    if (length > 0) this.previous = text.charCodeAt(length - 1);
    this.chars = recordStart === -1 ? this.chars + length : length - recordStart;
    if (this.chars > this.maxRowChars) this.fail('chars', this.chars);
  }

  private fail(kind: 'columns' | 'chars', count: number): never {
    const row = this.record - this.hiddenRecords;
    if (kind === 'columns') {
      throw new TabularError(
        'TOO_MANY_COLUMNS',
        `row ${row} has more than ${this.maxColumns.toLocaleString('en')} columns, the limit`,
        { row, columns: [columnLetter(count - 1)] },
      );
    }
    throw new TabularError(
      'ROW_TOO_LARGE',
      `row ${row} is longer than ${this.maxRowChars.toLocaleString('en')} characters; ` +
        'this usually means a quote (") that is opened and never closed',
      { row },
    );
  }
}

/** Where the guard stopped, for the message: which element (a row, a shared string) and which cell. */
export interface XmlSpot {
  /** True inside the element the guard bounds; false in the XML around those elements. */
  inElement: boolean;
  /** 0-based position of the current (or, between elements, the last) element: a shared string's index; -1 before the first. */
  index: number;
  /** The element's `r` attribute (a row's number), when it has one. */
  ref: string | undefined;
  /** The `r` attribute of the last cell (`<c>`) begun in the element (A2, BC17). */
  cellRef: string | undefined;
}

const enum State {
  Text,
  /** Just after `<`: the next character tells a tag from a comment, CDATA or an instruction. */
  Open,
  /** After `<!`: comment (`--`), CDATA (`[CDATA[`) or a declaration, told apart by what follows. */
  Bang,
  Tag,
  /** Inside a quoted attribute value, where `>` is data. */
  Quoted,
  Comment,
  CData,
  Instruction,
  Declaration,
}

const TERMINATORS: Partial<Record<State, string>> = { [State.Comment]: '-->', [State.CData]: ']]>', [State.Instruction]: '?>', [State.Declaration]: '>' };
/** Enough of a tag to find its `r` attribute, which writers put first. */
const TAG_KEPT = 512;
const REF = /\sr\s*=\s*["']([^"']*)["']/;

/** Where a tag's text is, sliced only for a message: a reference to the chunk costs nothing. */
interface TagText {
  source: string;
  start: number;
  end: number;
}

const NO_TAG: TagText = { source: '', start: 0, end: 0 };

/** Whether `name` is the tag's name at `at`: the next character ends it (exceljs ignores prefixed names too). */
function named(text: string, at: number, name: string): boolean {
  if (!text.startsWith(name, at)) return false;
  const next = text.charCodeAt(at + name.length);
  return next === 0x3e || next === 0x2f || next === 0x20 || next === 0x0a || next === 0x0d || next === 0x09 || Number.isNaN(next);
}

/**
 * Bounds, in characters as written, one kind of element of a streamed XML part (each row of a
 * sheet, each shared string) and every stretch of XML between those elements (a text run, a tag, a
 * comment), and calls `fail` as soon as one passes `maxChars`. Why: exceljs's SAX parser gathers a
 * text run whole before handing it on, and exceljs builds a row whole before we see it, so a cell
 * of 300 million characters would be held to its end before any limit could look at it. The guard
 * sees the text before the parser does, keeps counters and where the last row and cell tags are,
 * and skips text and quoted values with indexOf, so it costs a small part of the parse (a sixth of
 * saxes's time alone, measured on a plain sheet). It follows XML's markup rules (quotes,
 * comments, CDATA, instructions) so that `</row>` inside them is not taken for the end of a row.
 */
export class XmlLengthGuard {
  private state = State.Text;
  /** Characters scanned before the current chunk. */
  private offset = 0;
  /** Where the current element began, or -1 outside one. */
  private elementStart = -1;
  /** Where the current stretch between elements began. */
  private pieceStart = 0;
  /** Where the current markup's `<` is. */
  private markupStart = 0;
  /** Where the current tag's name begins in this chunk, or -1 when it began in an earlier one. */
  private tagStart = -1;
  /** The current tag's text so far, kept only when it is cut by a chunk boundary. */
  private tag = '';
  private bang = '';
  private quote = '';
  /** The end of a comment, CDATA or instruction so far, for a terminator cut by a chunk boundary. */
  private tail = '';
  /** The previous chunk's last character, for `/>` cut by a chunk boundary. */
  private last = '';
  private elements = 0;
  private inElement = false;
  /** The start tags of the current (or last) element and of its last cell, read only for a message. */
  private elementTag: TagText = NO_TAG;
  private cellTag: TagText = NO_TAG;

  constructor(
    /** The element's local name: `row`, `si`. */
    private readonly element: string,
    private readonly maxChars: number,
    private readonly fail: (spot: XmlSpot) => never,
  ) {}

  scan(text: string): void {
    const length = text.length;
    let i = 0;
    while (i < length) {
      switch (this.state) {
        case State.Text:
          i = this.inText(text, i);
          break;
        case State.Open:
          i = this.opened(text, i);
          break;
        case State.Bang:
          i = this.inBang(text, i);
          break;
        case State.Tag:
          i = this.inTag(text, i);
          break;
        case State.Quoted:
          i = this.inQuoted(text, i);
          break;
        default:
          i = this.untilTerminator(text, i, TERMINATORS[this.state] as string);
      }
    }
    if (this.state === State.Tag || this.state === State.Quoted) this.cutTag(text);
    this.offset += length;
    if (length > 0) this.last = text[length - 1];
    this.check(this.offset);
  }

  private inText(text: string, i: number): number {
    const at = text.indexOf('<', i);
    if (at === -1) return text.length;
    this.markupStart = this.offset + at;
    if (this.elementStart === -1) this.endPiece(this.markupStart);
    this.state = State.Open;
    // Most markup is a tag: straight into it, without a turn of scan's loop.
    const next = text.charCodeAt(at + 1);
    return next === 0x21 || next === 0x3f || Number.isNaN(next) ? at + 1 : this.inTag(text, this.opened(text, at + 1));
  }

  private opened(text: string, i: number): number {
    const next = text[i];
    if (next === '!') {
      this.state = State.Bang;
      this.bang = '';
      return i + 1;
    }
    if (next === '?') {
      this.state = State.Instruction;
      this.tail = '';
      return i + 1;
    }
    this.state = State.Tag;
    this.tagStart = i;
    this.tag = '';
    return i;
  }

  private inBang(text: string, i: number): number {
    while (i < text.length) {
      const next = text[i++];
      this.bang += next;
      if (this.bang === '--' || this.bang === '[CDATA[') {
        this.state = this.bang === '--' ? State.Comment : State.CData;
        this.tail = '';
        return i;
      }
      if (next === '>') return this.endMarkup(text, i - 1);
      if (!'--'.startsWith(this.bang) && !'[CDATA['.startsWith(this.bang)) {
        this.state = State.Declaration;
        return i;
      }
    }
    return i;
  }

  private inTag(text: string, i: number): number {
    // Tags are short: a plain loop, which allocates nothing, finds the end; quoted values are skipped whole.
    const length = text.length;
    for (;;) {
      let end = i;
      let code = 0;
      for (; end < length; end++) {
        code = text.charCodeAt(end);
        if (code === 0x3e || code === 0x22 || code === 0x27) break;
      }
      if (end === length) return end;
      if (code === 0x3e) {
        const selfClosing = (end > 0 ? text[end - 1] : this.last) === '/';
        const after = this.offset + end + 1;
        if (this.tagStart !== -1) this.endTag(text, this.tagStart, end, after, selfClosing);
        else {
          this.keep(text, 0, end);
          this.endTag(this.tag, 0, this.tag.length, after, selfClosing);
        }
        return this.endMarkup(text, end);
      }
      const close = text.indexOf(text[end], end + 1);
      if (close === -1) {
        this.quote = text[end];
        this.state = State.Quoted;
        return length;
      }
      i = close + 1;
    }
  }

  private inQuoted(text: string, i: number): number {
    const end = text.indexOf(this.quote, i);
    if (end === -1) return text.length;
    this.state = State.Tag;
    return end + 1;
  }

  /** The chunk ends inside a tag: what it holds of the tag is kept for the next one. */
  private cutTag(text: string): void {
    this.keep(text, this.tagStart === -1 ? 0 : this.tagStart, text.length);
    this.tagStart = -1;
  }

  private keep(text: string, from: number, to: number): void {
    if (this.tag.length < TAG_KEPT && to > from) this.tag += text.slice(from, Math.min(to, from + TAG_KEPT - this.tag.length));
  }

  /** A tag, `source` from `start` (just after `<`) to `end` (before `>`), is over; `after` is where the next character is. */
  private endTag(source: string, start: number, end: number, after: number, selfClosing: boolean): void {
    const closing = source[start] === '/';
    if (named(source, closing ? start + 1 : start, this.element)) {
      if (!closing && !this.inElement) {
        this.inElement = true;
        this.elementStart = this.markupStart;
        this.elements++;
        this.elementTag = { source, start, end };
        this.cellTag = NO_TAG;
      }
      if (closing || selfClosing) {
        this.check(after);
        this.inElement = false;
        this.elementStart = -1;
        this.pieceStart = after;
      }
    } else if (!closing && this.inElement && named(source, start, 'c')) {
      // Checked at each cell's start too, so that the message names the cell that passed the limit.
      this.check(this.markupStart);
      this.cellTag = { source, start, end };
    }
  }

  private untilTerminator(text: string, i: number, terminator: string): number {
    // A terminator may begin in the previous chunk: look across the boundary first.
    const across = this.tail + text.slice(i, i + terminator.length - 1);
    const crossing = across.indexOf(terminator);
    const found = crossing !== -1 ? i + crossing + terminator.length - this.tail.length - 1 : text.indexOf(terminator, i);
    if (found === -1) {
      const rest = text.length - i;
      const keep = terminator.length - 1;
      this.tail = rest >= keep ? text.slice(text.length - keep) : (this.tail + text.slice(i)).slice(-keep);
      return text.length;
    }
    const end = crossing !== -1 ? found : found + terminator.length - 1;
    return this.endMarkup(text, end);
  }

  /** The markup ends with the character at `end` of this chunk. */
  private endMarkup(text: string, end: number): number {
    this.state = State.Text;
    this.tail = '';
    if (this.elementStart === -1) this.endPiece(this.offset + end + 1);
    return end + 1;
  }

  /** A stretch between elements ends at `at` (exclusive); the next one starts there. */
  private endPiece(at: number): void {
    this.check(at);
    this.pieceStart = at;
  }

  private check(at: number): void {
    const start = this.elementStart === -1 ? this.pieceStart : this.elementStart;
    if (at - start > this.maxChars) {
      const ref = (tag: TagText) => (tag.end > tag.start ? REF.exec(` ${tag.source.slice(tag.start, Math.min(tag.end, tag.start + TAG_KEPT))}`)?.[1] : undefined);
      this.fail({ inElement: this.inElement, index: this.elements - 1, ref: ref(this.elementTag), cellRef: this.inElement ? ref(this.cellTag) : undefined });
    }
  }
}

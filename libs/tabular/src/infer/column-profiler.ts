import type { CellValue } from '../table-types';
import { parseBooleanWord } from './boolean-words';
import type { ColumnProfile, InferredType, ProfilerOptions } from './column-profile';
import { datePartsOf, datePattern, dateShape, type DateOrder } from './date-text';
import { isEmail } from './email';
import { parseNumberText, type DecimalSeparator } from './number-text';
import { BOOLEAN, cellText, DATE_DMY, DATE_MDY, EMAIL, hashText, KINDS, mayBeDate, mayBeNumber, NUMBER_COMMA, NUMBER_DOT } from './value-kinds';

const kindIndex = (kind: number): number => KINDS.indexOf(kind);
const SAMPLE_CHARS = 100;
/** "0012" is a code (postal code, product code), not the number 12: its zeros would be lost. */
const LEADING_ZERO = /^[+-]?0\d/;
const PLAIN_INTEGER = /^[+-]?\d+$/;

/**
 * Infers a column's type from its values, fed one at a time so it runs inside the streaming pass
 * with constant memory (distinct values are tracked as hashes, up to a limit). Majority rules: a
 * type wins when at least `minAgreement` (90 %) of the non-empty values fit it, so one typo does not
 * turn a number column into text; the rest are reported as `disagreeing`. Types are tried from the
 * most specific: boolean, integer/decimal, date/datetime, email, then keyword or text.
 */
export class ColumnProfiler {
  private readonly options: Required<ProfilerOptions>;
  private count = 0;
  private nonEmpty = 0;
  private readonly matches = [0, 0, 0, 0, 0, 0];
  private readonly misses: string[][] = [[], [], [], [], [], []];
  private booleanWord = false;
  private readonly fractional = { '.': 0, ',': 0 };
  private numberText = false;
  private readonly timed = { DMY: 0, MDY: 0 };
  private dayMonthDates = 0;
  private bothOrders = 0;
  /** The first date that reads either way, for the note that says so. */
  private eitherWay: string | undefined;
  private readonly patterns = new Map<string, number>();
  private maxLength = 0;
  private whitespace = false;
  private lineBreak = false;
  private readonly distinct = new Set<number>();
  private distinctCapped = false;
  private readonly samples: string[] = [];

  constructor(options: ProfilerOptions = {}) {
    this.options = { minAgreement: 0.9, zeroOneAsBoolean: false, keywordMaxLength: 256, distinctLimit: 1000, sampleCount: 5, ...options };
  }

  add(value: CellValue): void {
    this.count++;
    if (value === null) return;
    const text = typeof value === 'string' ? value.trim() : cellText(value);
    if (text === '') return;
    this.nonEmpty++;
    this.trackText(text);
    let fits = 0;
    if (typeof value === 'string') {
      fits = this.classifyText(text);
    } else if (typeof value === 'boolean') {
      fits = BOOLEAN;
      this.booleanWord = true;
    } else if (typeof value === 'number') {
      fits = NUMBER_DOT | NUMBER_COMMA | (value === 0 || value === 1 ? BOOLEAN : 0);
      if (!Number.isInteger(value)) this.countFraction(NUMBER_DOT | NUMBER_COMMA);
    } else {
      const hasTime = value.getUTCHours() + value.getUTCMinutes() + value.getUTCSeconds() + value.getUTCMilliseconds() > 0;
      fits = this.countDate(hasTime ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD', hasTime, DATE_DMY | DATE_MDY);
    }
    for (let k = 0; k < KINDS.length; k++) {
      if (fits & KINDS[k]) this.matches[k]++;
      // Different ones: "'twelve', 'twelve', 'twelve'" showed one value three times.
      else if (this.misses[k].length < 3 && !this.misses[k].includes(text.slice(0, SAMPLE_CHARS))) this.misses[k].push(text.slice(0, SAMPLE_CHARS));
    }
  }

  private trackText(text: string): void {
    if (text.length > this.maxLength) this.maxLength = text.length;
    // Line breaks are whitespace: look for them only in values that have some.
    if (!this.lineBreak && /\s/.test(text)) {
      this.whitespace = true;
      if (/[\r\n]/.test(text)) this.lineBreak = true;
    }
    if (this.distinctCapped) return;
    const key = hashText(text);
    if (!this.distinct.has(key)) {
      if (this.distinct.size >= this.options.distinctLimit) this.distinctCapped = true;
      else this.distinct.add(key);
      if (this.samples.length < this.options.sampleCount) this.samples.push(text.slice(0, SAMPLE_CHARS));
    }
  }

  private classifyText(text: string): number {
    let fits = 0;
    if (text.length <= 5 && parseBooleanWord(text) !== undefined) {
      fits |= BOOLEAN;
      if (text !== '0' && text !== '1') this.booleanWord = true;
    }
    fits |= this.classifyNumber(text);
    if (mayBeDate(text)) fits |= this.classifyDate(text);
    if (isEmail(text)) fits |= EMAIL;
    return fits;
  }

  private classifyNumber(text: string): number {
    if (!mayBeNumber(text) || LEADING_ZERO.test(text)) return 0;
    if (PLAIN_INTEGER.test(text)) {
      // Integers beyond 2^53 are identifiers in practice (card numbers, barcodes): kept as text.
      if (!Number.isSafeInteger(Number(text))) return 0;
      this.numberText = true;
      return NUMBER_DOT | NUMBER_COMMA;
    }
    let fits = 0;
    for (const [separator, kind] of [['.', NUMBER_DOT], [',', NUMBER_COMMA]] as [DecimalSeparator, number][]) {
      const number = parseNumberText(text, separator);
      if (!number) continue;
      fits |= kind;
      this.numberText = true;
      if (!number.integral) this.countFraction(kind);
    }
    return fits;
  }

  private countFraction(kinds: number): void {
    if (kinds & NUMBER_DOT) this.fractional['.']++;
    if (kinds & NUMBER_COMMA) this.fractional[',']++;
  }

  private classifyDate(text: string): number {
    const shape = dateShape(text);
    if (!shape) return 0;
    const dmy = datePartsOf(shape, 'DMY');
    if (shape.yearFirst) return dmy ? this.countDate(datePattern(shape, 'YMD'), dmy.hasTime, DATE_DMY | DATE_MDY) : 0;
    const mdy = datePartsOf(shape, 'MDY');
    if (!dmy && !mdy) return 0;
    this.dayMonthDates++;
    if (dmy && mdy) {
      this.bothOrders++;
      this.eitherWay ??= text;
    }
    return (dmy ? this.countDate(datePattern(shape, 'DMY'), dmy.hasTime, DATE_DMY) : 0) | (mdy ? this.countDate(datePattern(shape, 'MDY'), mdy.hasTime, DATE_MDY) : 0);
  }

  /** Counts a date that fits `kinds` (one order, or both for year-first text and XLSX dates). */
  private countDate(pattern: string, hasTime: boolean, kinds: number): number {
    if (hasTime && kinds & DATE_DMY) this.timed.DMY++;
    if (hasTime && kinds & DATE_MDY) this.timed.MDY++;
    this.patterns.set(pattern, (this.patterns.get(pattern) ?? 0) + 1);
    return kinds;
  }

  result(): ColumnProfile {
    const { minAgreement, zeroOneAsBoolean, keywordMaxLength } = this.options;
    const base = {
      nullable: this.count > this.nonEmpty,
      count: this.count,
      nonEmptyCount: this.nonEmpty,
      samples: [...this.samples],
      distinctCount: this.distinct.size,
      distinctCapped: this.distinctCapped,
      maxLength: this.maxLength,
    };
    const matched = (kind: number): number => this.matches[kindIndex(kind)];
    const needed = Math.max(1, Math.ceil(this.nonEmpty * minAgreement));
    const typed = (type: InferredType, kind: number, extra: Partial<ColumnProfile> = {}): ColumnProfile => ({
      ...base,
      type,
      disagreeing: this.nonEmpty - matched(kind),
      disagreeingSamples: [...this.misses[kindIndex(kind)]],
      ...extra,
    });
    if (this.nonEmpty === 0) return { ...base, type: 'empty', disagreeing: 0, disagreeingSamples: [] };
    if (matched(BOOLEAN) >= needed && (this.booleanWord || zeroOneAsBoolean)) return typed('boolean', BOOLEAN);

    const separator: DecimalSeparator = matched(NUMBER_COMMA) > matched(NUMBER_DOT) ? ',' : '.';
    const numberKind = separator === ',' ? NUMBER_COMMA : NUMBER_DOT;
    if (matched(numberKind) >= needed) {
      const extra = this.numberText ? { decimalSeparator: separator } : {};
      return typed(this.fractional[separator] > 0 ? 'decimal' : 'integer', numberKind, extra);
    }

    const order: 'DMY' | 'MDY' = matched(DATE_MDY) > matched(DATE_DMY) ? 'MDY' : 'DMY';
    const dateKind = order === 'DMY' ? DATE_DMY : DATE_MDY;
    if (matched(dateKind) >= needed) {
      return typed(this.timed[order] > 0 ? 'datetime' : 'date', dateKind, {
        dateOrder: this.dayMonthDates > 0 ? order : 'YMD',
        dateFormat: this.commonestPattern(order),
        ambiguousDates: this.dayMonthDates > 0 && this.bothOrders === this.dayMonthDates,
        ambiguousSample: this.eitherWay,
      });
    }
    if (matched(EMAIL) >= needed) return typed('email', EMAIL);

    const repeats = !this.distinctCapped && this.distinct.size <= this.nonEmpty / 2;
    const keyword = this.maxLength <= keywordMaxLength && !this.lineBreak && (!this.whitespace || repeats);
    return { ...base, type: keyword ? 'keyword' : 'text', disagreeing: 0, disagreeingSamples: [] };
  }

  private commonestPattern(order: DateOrder): string | undefined {
    const other = order === 'DMY' ? /^MM/ : /^DD/;
    let best: [string, number] | undefined;
    for (const entry of this.patterns) if (!other.test(entry[0]) && (!best || entry[1] > best[1])) best = entry;
    return best?.[0];
  }
}

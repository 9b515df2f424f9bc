import type { DateOrder } from './date-text';
import type { DecimalSeparator } from './number-text';

export type InferredType = 'empty' | 'boolean' | 'integer' | 'decimal' | 'date' | 'datetime' | 'email' | 'keyword' | 'text';

/** What the values of one column look like; the basis for a proposed mapping. */
export interface ColumnProfile {
  type: InferredType;
  /** Some cell was blank (or only whitespace). */
  nullable: boolean;
  /** Values seen, blank ones included. */
  count: number;
  nonEmptyCount: number;
  /** Non-empty values that do not fit `type` (0 for keyword and text, which fit anything). */
  disagreeing: number;
  /** A few of those values, for the preview ("3 values are not numbers: 'N/A', '12,5x'"). */
  disagreeingSamples: string[];
  /** The first few distinct values, as text. */
  samples: string[];
  /** Distinct non-empty values, counted up to `distinctLimit` (then `distinctCapped`). */
  distinctCount: number;
  distinctCapped: boolean;
  /** Longest value, in characters (numbers and dates by their text form). */
  maxLength: number;
  /** For integer/decimal columns read from text: the decimal mark to pass to `coerce`. */
  decimalSeparator?: DecimalSeparator;
  /** For date/datetime columns: the day/month order to pass to `coerce` ('YMD' when all are year-first). */
  dateOrder?: DateOrder;
  /** The commonest written form, e.g. 'DD/MM/YYYY' or 'YYYY-MM-DD HH:mm'. */
  dateFormat?: string;
  /** Every day/month date also reads the other way round (e.g. 01/02/2024); day-first was assumed. */
  ambiguousDates?: boolean;
  /** The first value of the column that reads as a date either way (01/02/2024). */
  ambiguousSample?: string;
}

export interface ProfilerOptions {
  /** Share of non-empty values that must fit a type for the column to get it. Default 0.9. */
  minAgreement?: number;
  /** Treat a column of only 0 and 1 as boolean. Default false: it is an integer column. */
  zeroOneAsBoolean?: boolean;
  /** Longest value a keyword column may hold. Default 256 (Elasticsearch's ignore_above here). */
  keywordMaxLength?: number;
  /** Distinct values counted before giving up. Default 1,000. */
  distinctLimit?: number;
  /** Samples kept. Default 5. */
  sampleCount?: number;
}

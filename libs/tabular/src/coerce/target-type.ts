import type { DateOrder } from '../infer/date-text';
import type { DecimalSeparator } from '../infer/number-text';

export interface SelectOption {
  /** What is stored. */
  value: string;
  /** What users see and may have typed instead of the value. */
  label?: string;
}

/** The type of the destination field a cell is coerced into. */
export type TargetType = (
  | { type: 'string'; maxLength?: number }
  | { type: 'text' }
  /** Bounds default to the 64-bit range; see INTEGER_RANGES for int16/int32. */
  | { type: 'integer'; min?: bigint; max?: bigint }
  /** numeric(precision, scale): extra decimals are rounded (as PostgreSQL does), extra integer digits are an error. */
  | { type: 'decimal'; precision?: number; scale?: number }
  | { type: 'float' }
  | { type: 'boolean' }
  | { type: 'date' }
  | { type: 'datetime' }
  | { type: 'email' }
  /** A list stored as a JSON array (multi-select): split on `;` when present, else on `,`. */
  | { type: 'json-array'; options?: SelectOption[] }
  | { type: 'select'; options: SelectOption[] }
) & {
  /** A blank cell is an error instead of null. */
  required?: boolean;
};

export type TargetKind = TargetType['type'];

export const INTEGER_RANGES = {
  int16: { min: -32_768n, max: 32_767n },
  int32: { min: -2_147_483_648n, max: 2_147_483_647n },
  int64: { min: -9_223_372_036_854_775_808n, max: 9_223_372_036_854_775_807n },
} as const;

/** How the source column writes its values; take them from the ColumnProfile. */
export interface CoerceOptions {
  /** Decimal mark of numbers written as text. When omitted, `.` is tried first, then `,`. */
  decimalSeparator?: DecimalSeparator;
  /** Order of day and month in dates like 01/02/2024. Default 'DMY' (day first). Year-first dates always work. */
  dateOrder?: DateOrder;
  /** IANA zone for datetimes written without an offset (and for XLSX dates). Default 'UTC'. */
  timeZone?: string;
}

/**
 * What a coerced value is, by target: string/text/email/select → string; integer → number, or its
 * exact decimal string beyond ±2^53−1; decimal → exact decimal string ("1234.50" is "1234.5");
 * float → number; boolean → boolean; date → 'YYYY-MM-DD'; datetime → Date (an instant);
 * json-array → string[]; blank → null.
 */
export type CoercedValue = string | number | boolean | Date | string[] | null;

export type CoerceResult = { ok: true; value: CoercedValue } | { ok: false; error: string };

import type { CollectionField } from '@intake/contracts';
import { type CellValue, type CoerceOptions, type CoerceResult, coerce, INTEGER_RANGES, type TargetType } from '@intake/tabular';
import { fieldKind, type FieldKind } from './field-kind';
import { coercePercent, coerceTime, naiveTimestamp } from './special-cells';
import type { DbValue, JsonArray } from './writer-types';

export type FieldResult = { ok: true; value: DbValue } | { ok: false; error: string };
/** Converts one cell for one field; never throws for a bad value. */
export type FieldConversion = (cell: CellValue) => FieldResult;

export interface FieldConversionOptions extends CoerceOptions {
  /** The column's varchar(n) length, when it has one. */
  maxLength?: number;
  /** An update that keeps a field an empty cell leaves (`empty_cells: keep`): a required field's blank is then no problem. */
  blankKeepsValue?: boolean;
}

const RANGES: Record<string, { min: bigint; max: bigint }> = {
  bigint: INTEGER_RANGES.int64,
  integer: INTEGER_RANGES.int32,
  smallint: INTEGER_RANGES.int16,
};

const OUT_OF_YEARS: FieldResult = { ok: false, error: 'the date is outside the years 1 to 9999' };

type Option = NonNullable<CollectionField['options']>[number];

/** NocoBase's ArrayField sorts before saving with JS's default sort (as strings): `["sale","eco"]` → `["eco","sale"]`. */
export function sortLikeNocoBase(values: JsonArray): JsonArray {
  return [...values].sort();
}

/** The converter of one field; relation fields are converted to their cell text (RowConverter and RelationResolver do the rest). */
export function fieldConversion(field: CollectionField, options: FieldConversionOptions): FieldConversion {
  const kind = fieldKind(field);
  if (kind === null) throw new Error(`Field ${field.name} cannot be imported`);
  const required = field.required && !options.blankKeepsValue;
  const convert = baseConversion(kind, field, options);
  return (cell) => {
    const text = typeof cell === 'string' ? cell.trim() : cell;
    if (text === null || text === '') return required ? { ok: false, error: 'a value is required' } : { ok: true, value: null };
    const result = convert(text);
    return result.ok ? checkStorable(result) : result;
  };
}

function baseConversion(kind: FieldKind, field: CollectionField, options: FieldConversionOptions): FieldConversion {
  const via = (target: TargetType) => (cell: CellValue) => fromCoerce(coerce(cell, target, options));
  switch (kind) {
    case 'string':
    case 'relation':
    case 'links':
      return via({ type: 'string', maxLength: kind === 'string' ? options.maxLength : undefined });
    case 'text':
      return via({ type: 'text' });
    case 'email':
      return withMaxLength(via({ type: 'email' }), options.maxLength);
    case 'integer':
      return via({ type: 'integer', ...(RANGES[field.db_type ?? ''] ?? {}) });
    case 'float':
      return via({ type: 'float' });
    case 'decimal':
      return via({ type: 'decimal', precision: field.precision ?? undefined, scale: field.scale ?? undefined });
    case 'percent':
      return (cell) => coercePercent(cell, field, options);
    case 'boolean':
      return via({ type: 'boolean' });
    case 'date':
      return (cell) => {
        const result = fromCoerce(coerce(cell, { type: 'date' }, options));
        return result.ok && typeof result.value === 'string' && result.value.startsWith('0000') ? OUT_OF_YEARS : result;
      };
    case 'datetime':
      return via({ type: 'datetime' });
    case 'naive-datetime':
      // A wall-clock column: read the cell as UTC and write its fields back unchanged.
      return (cell) => {
        const result = coerce(cell, { type: 'datetime' }, { ...options, timeZone: 'UTC' });
        if (!result.ok || !(result.value instanceof Date)) return fromCoerce(result);
        return checkStorable({ ok: true, value: result.value }).ok ? { ok: true, value: naiveTimestamp(result.value) } : OUT_OF_YEARS;
      };
    case 'time':
      return coerceTime;
    case 'select':
      return selectConversion(field.options ?? [], options);
    case 'multi-select':
      return multiSelectConversion(field.options, options);
  }
}

function selectConversion(choices: Option[], options: CoerceOptions): FieldConversion {
  const typed = new Map(choices.map((o) => [String(o.value), o.value]));
  const target: TargetType = { type: 'select', options: choices.map((o) => ({ value: String(o.value), label: o.label })) };
  return (cell) => {
    const result = coerce(cell, target, options);
    return result.ok ? { ok: true, value: typed.get(String(result.value)) ?? String(result.value) } : { ok: false, error: result.error };
  };
}

function multiSelectConversion(choices: Option[] | null, options: CoerceOptions): FieldConversion {
  const typed = new Map((choices ?? []).map((o) => [String(o.value), o.value]));
  const list = choices?.length ? choices.map((o) => ({ value: String(o.value), label: o.label })) : undefined;
  return (cell) => {
    const result = coerce(cell, { type: 'json-array', options: list }, options);
    if (!result.ok) return { ok: false, error: result.error };
    const values = (result.value as string[]).map((v) => typed.get(v) ?? v);
    return { ok: true, value: sortLikeNocoBase(values) };
  };
}

function withMaxLength(convert: FieldConversion, maxLength: number | undefined): FieldConversion {
  return (cell) => {
    const result = convert(cell);
    if (result.ok && maxLength !== undefined && typeof result.value === 'string' && result.value.length > maxLength) {
      return { ok: false, error: `the value is ${result.value.length.toLocaleString('en')} characters long, more than the ${maxLength.toLocaleString('en')} allowed` };
    }
    return result;
  };
}

function fromCoerce(result: CoerceResult): FieldResult {
  return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error };
}

const HAS_NUL: FieldResult = { ok: false, error: 'the value contains a NUL character (\\0), which PostgreSQL cannot store' };

/** What PostgreSQL refuses although the cell parsed: NUL characters in text, years outside 1–9999. Runs per cell: no allocation when fine. */
function checkStorable(result: FieldResult & { ok: true }): FieldResult {
  const { value } = result;
  if (typeof value === 'string') return value.includes('\u0000') ? HAS_NUL : result;
  if (value instanceof Date) {
    const year = value.getUTCFullYear();
    return Number.isNaN(year) || year < 1 || year > 9999 ? OUT_OF_YEARS : result;
  }
  if (Array.isArray(value) && value.some((v) => typeof v === 'string' && v.includes('\u0000'))) return HAS_NUL;
  return result;
}

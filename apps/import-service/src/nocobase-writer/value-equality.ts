/** SQL types with an equality that compares values, as format_type or information_schema name them. */
const COMPARABLE_TYPES = /^(character varying|character|text|smallint|integer|bigint|numeric|real|double precision|boolean|date|time|timestamp|uuid|jsonb)\b/;

/** A column of `type` is compared in its own type (the others as jsonb or by their text). */
export const comparedInType = (type: string): boolean => COMPARABLE_TYPES.test(type) && !type.endsWith('[]');

/**
 * SQL that is true when `record` (a column of `type`) holds `given` (an expression of the same
 * type), compared in the column's own type where it has an equality: json as jsonb, any other type
 * by its text, which tells more values apart, never fewer. Text byte for byte: under a
 * case-insensitive collation 'Foo' equals 'foo', and the change would be lost.
 */
export function sameValueSql(record: string, given: string, type: string): string {
  const as = comparedInType(type) ? '' : type === 'json' ? '::jsonb' : '::text';
  const collate = as === '::text' || /^(character|text)/.test(type) ? ' COLLATE "C"' : '';
  return `${record}${as}${collate} IS NOT DISTINCT FROM ${given}${as}`;
}

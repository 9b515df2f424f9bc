import type { ResultRows } from './sheet-results';

/** A file's name without its extension: "orders.csv" → "orders". */
export const withoutExtension = (fileName: string) => fileName.replace(/\.[^.]+$/, '');

/**
 * A result file's download name: "<file>-result.csv", "<file>-failed-rows.xlsx", with the sheet's
 * name after the file's when the import wrote several sheets ("<file>-<sheet>-result.csv").
 */
export function resultFileName(originalName: string, sheet: string | null, rows: ResultRows, format: string): string {
  return `${withoutExtension(originalName)}${sheet ? `-${sheet}` : ''}-${rows === 'failed' ? 'failed-rows' : 'result'}.${format}`;
}

/**
 * What a result file's name says it came from (resultFileName read back): "orders-failed-rows (1).csv"
 * comes from "orders.*", or from sheet "orders" of a workbook whose name it starts with. Null for a
 * name no result file has (a file renamed is proposed afresh).
 */
export function resultFileSource(fileName: string): string | null {
  const base = withoutExtension(fileName).replace(/ \(\d+\)$/, '');
  return /^(.+)-(?:failed-rows|result)$/.exec(base)?.[1] ?? null;
}

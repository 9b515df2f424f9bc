/** A leading character that makes Excel (or LibreOffice, Google Sheets) evaluate a cell. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** "-5", "+3.14", "-1,234.5", "1e-3": numbers written as text, harmless and kept as they are. */
const PLAIN_NUMBER = /^[+-]?(?=[\d.,]*\d)[\d.,]+(?:[eE][+-]?\d+)?$/;

/**
 * Neutralises formula injection (OWASP "CSV injection") in text that goes into a result file: a
 * value starting with = + - @ tab or CR gets a leading apostrophe, which spreadsheet programs treat
 * as "this is text". Text that is just a signed number is left alone, so "-5" read from a CSV is not
 * mangled; non-text cells (numbers, dates) never pass through here.
 */
export function escapeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The text `escapeFormula` was given, read back from a result file; any other text as it is. */
export function unescapeFormula(text: string): string {
  return text.startsWith("'") && escapeFormula(text.slice(1)) === text ? text.slice(1) : text;
}

/** Excel's longest sheet name. */
const MAX_SHEET_NAME = 31;
const FORBIDDEN = /[*?:/\\[\]]/;

/**
 * A name Excel accepts for a sheet, by the rules exceljs applied before: a longer name is cut to 31
 * characters, and a name Excel would refuse to open is a programming error.
 */
export function sheetName(name: string): string {
  if (name === '' || name === 'History' || FORBIDDEN.test(name) || name.startsWith("'") || name.endsWith("'")) {
    throw new Error(`'${name}' is not a valid Excel sheet name (not empty, not 'History', no * ? : \\ / [ ], no leading or trailing ')`);
  }
  return [...name].slice(0, MAX_SHEET_NAME).join('');
}

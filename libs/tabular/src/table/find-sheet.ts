import { TabularError } from '../tabular-error';

/** The sheet called `name` (exact, then case-insensitive), or the first one when no name is given. */
export function findSheet<T extends { name: string }>(sheets: T[], name: string | undefined): T {
  if (name === undefined) return sheets[0];
  const found = sheets.find((sheet) => sheet.name === name) ?? sheets.find((sheet) => sheet.name.toLowerCase() === name.toLowerCase());
  if (found) return found;
  const names = sheets.map((sheet) => `'${sheet.name}'`).join(', ');
  throw new TabularError('SHEET_NOT_FOUND', `there is no sheet named '${name}'; the file has ${names}`, { sheet: name });
}

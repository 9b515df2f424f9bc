/** Spreadsheet column letter for a 0-based index: 0 → A, 25 → Z, 26 → AA. Messages use these. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** Where something is, in the words of the message: "sheet 'Orders', row 7, column C". */
export function location(sheet: string | undefined, row?: number, column?: number): string {
  const parts: string[] = [];
  if (sheet !== undefined) parts.push(`sheet '${sheet}'`);
  if (row !== undefined) parts.push(`row ${row}`);
  if (column !== undefined) parts.push(`column ${columnLetter(column)}`);
  return parts.join(', ');
}

import { TabularError } from '../tabular-error';
import type { CellValue, ColumnInfo } from '../table-types';
import { columnLetter, location } from './column-letter';

/** How two header names are compared: case-, accent-composition- and whitespace-insensitively. */
export function headerKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function headerText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  const text = cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
  // Line breaks inside header cells (wrapped text in Excel) are layout, not part of the name.
  return text.replace(/\s+/g, ' ').trim();
}

function listLetters(letters: string[]): string {
  return letters.length === 2 ? letters.join(' and ') : `${letters.slice(0, -1).join(', ')} and ${letters.at(-1)}`;
}

/**
 * Turns the header row into columns. Trailing empty header cells are dropped (they are formatting,
 * or the trailing delimiter some tools write); an empty header cell *between* names becomes
 * `Column <letter>` and is flagged `generated`, so a sheet with one unlabeled column still imports.
 * Duplicate names are refused, naming every clash, because a mapping by name would be ambiguous.
 */
export function buildColumns(cells: (CellValue | undefined)[], sheet: string | undefined, row: number, maxColumns: number): ColumnInfo[] {
  const where = location(sheet, row);
  if (cells.length > maxColumns) {
    throw new TabularError('TOO_MANY_COLUMNS', `${where} has ${cells.length.toLocaleString('en')} columns; the limit is ${maxColumns.toLocaleString('en')}`, {
      sheet,
      row,
    });
  }
  // Array.from, not map: a sparse row's holes are empty names too.
  const names = Array.from(cells, headerText);
  while (names.length && names[names.length - 1] === '') names.pop();
  if (names.length === 0) {
    throw new TabularError('NO_HEADER', `${where} is empty; it should hold the column names`, { sheet, row });
  }

  const taken = new Set(names.filter(Boolean).map(headerKey));
  const columns = names.map((name, index): ColumnInfo => {
    const letter = columnLetter(index);
    if (name) return { index, letter, name, generated: false };
    let generated = `Column ${letter}`;
    for (let n = 2; taken.has(headerKey(generated)); n++) generated = `Column ${letter} (${n})`;
    taken.add(headerKey(generated));
    return { index, letter, name: generated, generated: true };
  });

  const byKey = new Map<string, ColumnInfo[]>();
  for (const column of columns) {
    const key = headerKey(column.name);
    byKey.set(key, [...(byKey.get(key) ?? []), column]);
  }
  const clashes = [...byKey.values()].filter((group) => group.length > 1);
  if (clashes.length) {
    const sentences = clashes.map((group) => {
      const letters = group.map((column) => column.letter);
      return `columns ${listLetters(letters)} are ${group.length === 2 ? 'both' : 'all'} named '${group[0].name}'`;
    });
    throw new TabularError('DUPLICATE_HEADERS', `${where}: ${sentences.join('; ')}. Column names must be unique`, {
      sheet,
      row,
      columns: clashes.flat().map((column) => column.letter),
    });
  }
  return columns;
}

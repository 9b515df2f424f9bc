import { columnLetter } from '../table/column-letter';
import type { CellValue } from '../table-types';
import { dateText, isMidnight } from './date-text';
import { excelSerial } from './excel-serial';
import { escapeFormula } from './formula-escape';
import { STYLE } from './workbook-parts';
import { escapeXml, xmlChars } from './xml-text';

/** Excel refuses (asks to "repair") a file with longer cells. */
const EXCEL_MAX_CELL = 32_767;

/** The worksheet up to its first row: the header row is frozen, as a constant-size view. */
export const SHEET_START =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
  '<selection pane="bottomLeft"/></sheetView></sheetViews><sheetData>';
export const SHEET_END = '</sheetData></worksheet>';

/**
 * Cleaned first, so a control character cannot hide a leading `=` from escapeFormula; cut last, so
 * the cut never splits a surrogate pair.
 */
function cellText(text: string): string {
  const escaped = escapeFormula(xmlChars(text));
  if (escaped.length <= EXCEL_MAX_CELL) return escaped;
  const end = EXCEL_MAX_CELL - 1;
  const code = escaped.charCodeAt(end - 1);
  return `${escaped.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end)}…`;
}

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;

/** An inline string: no shared-strings table, so nothing accumulates while writing. */
function textCell(ref: string, text: string, style: string): string {
  if (text === '') return '';
  // Without xml:space="preserve" Excel trims leading and trailing white space.
  const space = isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${escapeXml(text)}</t></is></c>`;
}

function dateCell(ref: string, date: Date): string {
  const serial = excelSerial(date);
  if (serial !== undefined) return `<c r="${ref}" s="${isMidnight(date) ? STYLE.date : STYLE.dateTime}"><v>${serial}</v></c>`;
  // Excel shows no date before 1900 (nor after 9999): such a date stays readable as text.
  return Number.isNaN(date.getTime()) ? '' : textCell(ref, dateText(date), '');
}

function cellXml(ref: string, value: CellValue, style: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return textCell(ref, cellText(value), style);
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${style}><v>${value}</v></c>` : textCell(ref, String(value), style);
  if (typeof value === 'boolean') return `<c r="${ref}"${style} t="b"><v>${value ? 1 : 0}</v></c>`;
  return dateCell(ref, value);
}

/** Worksheet rows as XML. Cell references are written out: exceljs's reader needs them. */
export class SheetXml {
  private readonly letters: string[];

  constructor(width: number) {
    this.letters = Array.from({ length: width }, (_, index) => columnLetter(index));
  }

  row(rowNumber: number, cells: readonly CellValue[], style?: number): string {
    const styleAttribute = style === undefined ? '' : ` s="${style}"`;
    let xml = `<row r="${rowNumber}">`;
    for (let i = 0; i < cells.length; i++) xml += cellXml(this.letters[i] + rowNumber, cells[i], styleAttribute);
    return `${xml}</row>`;
  }
}

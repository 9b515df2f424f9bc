import type { Writable } from 'node:stream';
import type { CellValue } from '../table-types';
import { BufferedTableWriter } from './buffered-table-writer';
import { sheetName } from './sheet-name';
import { SHEET_END, SHEET_START, SheetXml } from './sheet-xml';
import { StreamingZip } from './streaming-zip';
import { SHEET_PATH, STYLE, workbookParts } from './workbook-parts';

/** Rows are serialised together up to this many characters: fewer, larger writes into the deflater. */
const BATCH_CHARS = 64 * 1024;

/**
 * XLSX file written as it goes: bytes reach `output` while rows are written, memory stays
 * one batch of XML plus the zip's stream buffers whatever the row count, and writeRow waits while
 * the output is full. Text is written as inline strings, so there is no shared-strings table to
 * hold; dates use one of two styles declared once in styles.xml.
 */
export class XlsxTableWriter extends BufferedTableWriter {
  private readonly zip: StreamingZip;
  private readonly sheet: Writable;
  private readonly xml: SheetXml;
  private rowNumber = 1;
  private pending: string;

  constructor(
    output: Writable,
    columns: readonly string[],
    name: string,
  ) {
    super(columns);
    const parts = workbookParts(sheetName(name));
    this.zip = new StreamingZip(output);
    for (const part of parts) this.zip.addFile(part.path, part.xml);
    this.sheet = this.zip.addStream(SHEET_PATH);
    this.xml = new SheetXml(columns.length);
    this.pending = SHEET_START + this.xml.row(1, columns, STYLE.header);
  }

  protected add(cells: CellValue[]): void {
    this.rowNumber++;
    this.pending += this.xml.row(this.rowNumber, cells);
  }

  async close(): Promise<void> {
    this.pending += SHEET_END;
    await this.flush();
    this.sheet.end();
    await this.zip.end();
  }

  protected full(): boolean {
    return this.pending.length >= BATCH_CHARS;
  }

  protected async flush(): Promise<void> {
    const xml = this.pending;
    this.pending = '';
    if (!this.sheet.write(xml, 'utf8')) await this.zip.drained(this.sheet);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@intake/contracts';
import { type CellValue, createTableWriter } from '@intake/tabular';
import type { Writable } from 'node:stream';
import { DOC_CONFIG, type DocServiceConfig } from '../config';
import { SettingsStore } from '../settings/settings-store';
import { DocumentsRepository, type ExportRecord } from './documents.repository';
import type { ExportDocumentsQuery } from './dto/list-documents.dto';

/** Rows read from PostgreSQL per round trip. */
const BATCH = 500;

/** The columns of an export and how each is read from a document; times are UTC. */
const COLUMNS: [header: string, cell: (d: ExportRecord) => CellValue][] = [
  ['id', (d) => d.id],
  ['file_name', (d) => d.file_name],
  ['status', (d) => d.status],
  ['document_type', (d) => d.document_type],
  ['title', (d) => d.title],
  ['document_date', (d) => (d.document_date ? new Date(`${d.document_date}T00:00:00Z`) : null)],
  ['amount', (d) => (d.amount === null ? null : Number(d.amount))],
  ['currency', (d) => d.currency],
  ['counterparty', (d) => d.counterparty],
  ['categories', (d) => d.category_names.join('; ') || null],
  ['pages', (d) => d.page_count],
  ['summary', (d) => d.summary],
  ['failure_reason', (d) => d.failure_reason],
  ['uploaded_at_utc', (d) => d.created_at],
  ['processed_at_utc', (d) => d.processed_at],
];

/** A user's documents as a spreadsheet: what the list shows with the same filters and order, every page of it. */
@Injectable()
export class DocumentExport {
  constructor(
    @Inject(DOC_CONFIG) private readonly config: DocServiceConfig,
    private readonly documents: DocumentsRepository,
    private readonly settings: SettingsStore,
  ) {}

  /** Refuses (before anything is written) when more documents match than one export may hold. */
  async check(ownerId: string, query: ExportDocumentsQuery): Promise<void> {
    const { search_language } = await this.settings.get();
    const matching = await this.documents.count(ownerId, query, search_language);
    const max = this.config.exports.maxRows;
    if (matching > max) {
      throw new AppError('VALIDATION_FAILED', `${matching} documents match; one export holds at most ${max}: narrow the filters (status, type, category, dates, text)`, {
        matching,
        max,
      });
    }
  }

  /** Writes the file to `output` and ends it. */
  async write(ownerId: string, query: ExportDocumentsQuery, output: Writable): Promise<void> {
    const { search_language } = await this.settings.get();
    const writer = createTableWriter(
      query.format,
      output,
      COLUMNS.map(([header]) => header),
      { sheetName: 'Documents' },
    );
    let written = 0;
    for await (const rows of this.documents.exportRows(ownerId, query, search_language, BATCH)) {
      // Documents added since the check could pass the cap: the file stops at it.
      const room = this.config.exports.maxRows - written;
      await writer.writeRows(rows.slice(0, room).map((d) => COLUMNS.map(([, cell]) => cell(d))));
      written += Math.min(rows.length, room);
      if (written >= this.config.exports.maxRows) break;
    }
    await writer.close();
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@intake/contracts';
import { type CellValue, createTableWriter } from '@intake/tabular';
import type { Writable } from 'node:stream';
import { DOC_CONFIG, type DocServiceConfig } from '../config';
import { SettingsStore } from '../settings/settings-store';
import { type ExportCursor, DocumentsRepository, type ExportRecord } from './documents.repository';
import type { ExportDocumentsQuery } from './dto/list-documents.dto';

/** Rows read from PostgreSQL per round trip. */
const BATCH = 500;
/** Exports one process writes at once: each holds a database connection while its client downloads. */
const MAX_RUNNING = 3;
/** However slowly a client reads, an export gives its connection back by then. */
const MAX_EXPORT_MS = 10 * 60_000;

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
  private running = 0;

  constructor(
    @Inject(DOC_CONFIG) private readonly config: DocServiceConfig,
    private readonly documents: DocumentsRepository,
    private readonly settings: SettingsStore,
  ) {}

  /**
   * The documents the query selects, ready to write; refused before anything is written when more
   * match than one export may hold, or when this process is writing as many exports as it may.
   */
  async open(ownerId: string, query: ExportDocumentsQuery): Promise<ExportCursor> {
    if (this.running >= MAX_RUNNING) throw new AppError('RATE_LIMITED', `${MAX_RUNNING} exports are being written right now, the most at once; try again in a moment`);
    this.running++;
    let cursor: ExportCursor;
    try {
      const { search_language } = await this.settings.get();
      cursor = await this.documents.openExport(ownerId, query, search_language);
    } catch (error) {
      this.running--;
      throw error;
    }
    const close = once(async () => {
      this.running--;
      await cursor.close();
    });
    const max = this.config.exports.maxRows;
    if (cursor.total > max) {
      await close();
      throw new AppError('VALIDATION_FAILED', `${cursor.total} documents match; one export holds at most ${max}: narrow the filters (status, type, category, dates, text)`, {
        matching: cursor.total,
        max,
      });
    }
    return { ...cursor, close };
  }

  /** Writes the file to `output` and ends it; closes the cursor whatever happens. */
  async write(cursor: ExportCursor, format: ExportDocumentsQuery['format'], output: Writable): Promise<void> {
    const tooSlow = setTimeout(() => output.destroy(new Error(`The export took longer than ${MAX_EXPORT_MS / 60_000} minutes to download`)), MAX_EXPORT_MS);
    try {
      const writer = createTableWriter(
        format,
        output,
        COLUMNS.map(([header]) => header),
        { sheetName: 'Documents' },
      );
      for await (const rows of cursor.batches(BATCH)) await writer.writeRows(rows.map((d) => COLUMNS.map(([, cell]) => cell(d))));
      await writer.close();
    } finally {
      clearTimeout(tooSlow);
      await cursor.close();
    }
  }
}

function once(run: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= run());
}

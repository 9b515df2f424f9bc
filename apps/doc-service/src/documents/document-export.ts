import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '@intake/contracts';
import { OBJECT_STORAGE, ObjectNotFoundError, type ObjectStorage } from '@intake/storage';
import { type CellValue, createTableWriter, StreamingZip } from '@intake/tabular';
import type { Writable } from 'node:stream';
import { DOC_CONFIG, type DocServiceConfig } from '../config';
import { SettingsStore } from '../settings/settings-store';
import { type ExportCursor, DocumentsRepository, type ExportRecord } from './documents.repository';
import { ArchiveNames } from './archive-names';
import type { DocumentFilters } from './dto/list-documents.dto';

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

/** What an export may hold: too many documents, or too many bytes for an archive, refused before anything is written. */
export interface ExportLimits {
  files: number;
  bytes?: number;
}

/**
 * A user's documents as a spreadsheet (what the list shows with the same filters and order, every
 * page of it) or their original PDFs as one ZIP.
 */
@Injectable()
export class DocumentExport {
  private readonly logger = new Logger('DocumentExport');
  private running = 0;

  constructor(
    @Inject(DOC_CONFIG) private readonly config: DocServiceConfig,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly documents: DocumentsRepository,
    private readonly settings: SettingsStore,
  ) {}

  get tableLimits(): ExportLimits {
    return { files: this.config.exports.maxRows };
  }

  get archiveLimits(): ExportLimits {
    return { files: this.config.exports.archiveMaxFiles, bytes: this.config.exports.archiveMaxBytes };
  }

  /**
   * The documents the filters select, ready to write; refused before anything is written when
   * they pass `limits`, or when this process is writing as many exports as it may.
   */
  async open(ownerId: string, filters: DocumentFilters, limits: ExportLimits): Promise<ExportCursor> {
    if (this.running >= MAX_RUNNING) throw new AppError('RATE_LIMITED', `${MAX_RUNNING} exports are being written right now, the most at once; try again in a moment`);
    this.running++;
    let cursor: ExportCursor;
    try {
      const { search_language } = await this.settings.get();
      cursor = await this.documents.openExport(ownerId, filters, search_language);
    } catch (error) {
      this.running--;
      throw error;
    }
    const close = once(async () => {
      this.running--;
      await cursor.close();
    });
    const problem = tooLarge(cursor, limits);
    if (problem) {
      await close();
      throw new AppError('VALIDATION_FAILED', `${problem}: narrow the filters (status, type, category, dates, text)`, { matching: cursor.total, bytes: cursor.bytes, max: limits.files, max_bytes: limits.bytes });
    }
    return { ...cursor, close };
  }

  /** Writes the spreadsheet to `output` and ends it; closes the cursor whatever happens. */
  async writeTable(cursor: ExportCursor, format: 'csv' | 'xlsx', output: Writable): Promise<void> {
    await this.writing(cursor, output, async () => {
      const writer = createTableWriter(
        format,
        output,
        COLUMNS.map(([header]) => header),
        { sheetName: 'Documents' },
      );
      for await (const rows of cursor.batches(BATCH)) await writer.writeRows(rows.map((d) => COLUMNS.map(([, cell]) => cell(d))));
      await writer.close();
    });
  }

  /**
   * Writes the originals as one ZIP to `output` and ends it, one file open at a time, each under its
   * own name (made unique within the archive). A file missing from storage is listed in
   * `_missing.txt` instead; any other storage failure ends the archive. Closes the cursor whatever happens.
   */
  async writeArchive(cursor: ExportCursor, output: Writable): Promise<void> {
    await this.writing(cursor, output, async () => {
      const zip = new StreamingZip(output);
      const names = new ArchiveNames();
      const missing: string[] = [];
      for await (const rows of cursor.batches(BATCH)) {
        for (const doc of rows) {
          let source;
          try {
            source = await this.storage.get(doc.storage_key);
          } catch (error) {
            if (!(error instanceof ObjectNotFoundError)) throw error;
            this.logger.warn({ documentId: doc.id }, 'a document file is missing from storage');
            missing.push(`${doc.file_name} (${doc.id})`);
            continue;
          }
          await zip.addSource(names.next(doc.file_name), source, { store: true, mtime: doc.created_at });
        }
      }
      if (missing.length) zip.addFile(names.next('_missing.txt'), `These documents' files could not be found in storage:\n${missing.join('\n')}\n`);
      await zip.end();
    });
  }

  private async writing(cursor: ExportCursor, output: Writable, write: () => Promise<void>): Promise<void> {
    const tooSlow = setTimeout(() => output.destroy(new Error(`The export took longer than ${MAX_EXPORT_MS / 60_000} minutes to download`)), MAX_EXPORT_MS);
    try {
      await write();
    } finally {
      clearTimeout(tooSlow);
      await cursor.close();
    }
  }
}

function tooLarge(cursor: ExportCursor, limits: ExportLimits): string | null {
  if (cursor.total > limits.files) return `${cursor.total} documents match; one export holds at most ${limits.files}`;
  if (limits.bytes !== undefined && cursor.bytes > limits.bytes) return `the ${cursor.total} documents that match hold ${megabytes(cursor.bytes)} MB; one archive holds at most ${megabytes(limits.bytes)} MB`;
  return null;
}

const megabytes = (bytes: number) => Math.ceil(bytes / (1024 * 1024));

function once(run: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= run());
}

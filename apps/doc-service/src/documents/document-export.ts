import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError, type ExportCheck } from '@intake/contracts';
import { OBJECT_STORAGE, ObjectNotFoundError, type ObjectStorage } from '@intake/storage';
import { type CellValue, createTableWriter, StreamingZip } from '@intake/tabular';
import type { Readable, Writable } from 'node:stream';
import { DOC_CONFIG, type DocServiceConfig } from '../config';
import { SettingsStore } from '../settings/settings-store';
import { ArchiveNames, pdfFileName } from './archive-names';
import { DocumentsRepository, type ExportCursor, type ExportRecord } from './documents.repository';
import type { DocumentFilters } from './dto/list-documents.dto';

/** Rows read from PostgreSQL per round trip. */
const BATCH = 500;
/** Exports one process reads at once (each holds a database connection meanwhile), and per user. */
const MAX_RUNNING = 4;
/** How often a running export is checked for progress. */
const IDLE_CHECK_MS = 5_000;

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
  /** The owners whose export is being read, one each. */
  private readonly running = new Set<string>();

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

  /** How many documents and bytes the filters select; the refusal `open` would give when they pass `limits`. */
  async measure(ownerId: string, filters: DocumentFilters, limits: ExportLimits): Promise<ExportCheck> {
    const { search_language } = await this.settings.get();
    const size = await this.documents.measure(ownerId, filters, search_language);
    refuseTooLarge(size, limits);
    return size;
  }

  /**
   * The documents the filters select, ready to write; refused before anything is written when
   * they pass `limits`, when the owner's previous export is still being read, or when this process
   * reads as many as it may. Closing it (the writers do) gives the place back.
   */
  async open(ownerId: string, filters: DocumentFilters, limits: ExportLimits): Promise<ExportCursor> {
    if (this.running.has(ownerId)) throw new AppError('RATE_LIMITED', 'Your previous export is still being written; try again when it has finished');
    if (this.running.size >= MAX_RUNNING) throw new AppError('RATE_LIMITED', `${MAX_RUNNING} exports are being written right now, the most at once; try again in a moment`);
    this.running.add(ownerId);
    let cursor: ExportCursor;
    try {
      const { search_language } = await this.settings.get();
      cursor = await this.documents.openExport(ownerId, filters, search_language);
    } catch (error) {
      this.running.delete(ownerId);
      throw error;
    }
    const close = once(async () => {
      this.running.delete(ownerId);
      await cursor.close();
    });
    try {
      refuseTooLarge({ files: cursor.total, bytes: cursor.bytes }, limits);
    } catch (error) {
      await close();
      throw error;
    }
    return { ...cursor, close };
  }

  /** Writes the spreadsheet to `output` and ends it; closes the cursor whatever happens. */
  async writeTable(cursor: ExportCursor, format: 'csv' | 'xlsx', output: Writable): Promise<void> {
    await this.writing(cursor, output, async (progress) => {
      const writer = createTableWriter(
        format,
        output,
        COLUMNS.map(([header]) => header),
        { sheetName: 'Documents' },
      );
      for await (const rows of cursor.batches(BATCH)) {
        await writer.writeRows(rows.map((d) => COLUMNS.map(([, cell]) => cell(d))));
        progress();
      }
      await writer.close();
    });
  }

  /**
   * Writes the originals as one ZIP to `output` and ends it. The documents (a few thousand at
   * most) are read first and the cursor closed, so the database connection is not held while the
   * client downloads; then one file is open at a time, each under its own name (made unique
   * within the archive). A file missing from storage is listed in `_missing.txt` instead; any
   * other storage failure ends the archive.
   */
  async writeArchive(cursor: ExportCursor, output: Writable): Promise<void> {
    const docs: ExportRecord[] = [];
    try {
      for await (const rows of cursor.batches(BATCH)) docs.push(...rows);
    } finally {
      await cursor.close();
    }
    await this.writing(cursor, output, async (progress, stopped) => {
      const zip = new StreamingZip(output);
      const names = new ArchiveNames();
      const missing: string[] = [];
      for (const doc of docs) {
        let source: Readable;
        try {
          source = await unlessStopped(this.storage.get(doc.storage_key), stopped);
        } catch (error) {
          if (!(error instanceof ObjectNotFoundError)) throw error;
          this.logger.warn({ documentId: doc.id }, 'a document file is missing from storage');
          missing.push(`${doc.file_name} (${doc.id})`);
          continue;
        }
        source.on('data', progress);
        await zip.addSource(names.next(pdfFileName(doc.file_name)), source, { store: true, mtime: doc.created_at });
      }
      if (missing.length) zip.addFile(names.next('_missing.txt'), `These documents' files could not be found in storage:\n${missing.join('\n')}\n`);
      await zip.end();
    });
  }

  /**
   * Runs `write` until it ends, the client goes away (`stopped`) or the output takes nothing for
   * DOC_EXPORT_IDLE_SECONDS (then the output is destroyed, which ends the write); closes the cursor.
   */
  private async writing(cursor: ExportCursor, output: Writable, write: (progress: () => void, stopped: AbortSignal) => Promise<void>): Promise<void> {
    const stop = new AbortController();
    const idleMs = this.config.exports.idleMs;
    let last = Date.now();
    const watch = setInterval(() => {
      if (Date.now() - last < idleMs) return;
      const error = new Error(`The export was stopped: its download took nothing for ${Math.round(idleMs / 1000)} seconds`);
      stop.abort(error);
      output.destroy(error);
    }, Math.min(IDLE_CHECK_MS, idleMs));
    const onClose = () => stop.abort(new Error('The output closed before the export was written'));
    output.once('close', onClose);
    try {
      await write(() => (last = Date.now()), stop.signal);
    } finally {
      clearInterval(watch);
      output.off('close', onClose);
      await cursor.close();
    }
  }
}

function refuseTooLarge(size: { files: number; bytes: number }, limits: ExportLimits): void {
  let problem: string | null = null;
  if (size.files > limits.files) problem = `${size.files} documents match; one export holds at most ${limits.files}`;
  else if (limits.bytes !== undefined && size.bytes > limits.bytes) problem = `the ${size.files} documents that match hold ${megabytes(size.bytes)} MB; one archive holds at most ${megabytes(limits.bytes)} MB`;
  if (problem) {
    throw new AppError('VALIDATION_FAILED', `${problem}: narrow the filters (status, type, category, dates, text)`, { matching: size.files, bytes: size.bytes, max: limits.files, max_bytes: limits.bytes });
  }
}

const megabytes = (bytes: number) => Math.ceil(bytes / (1024 * 1024));

/** `pending`, unless `signal` aborts first: then its reason, and a stream that arrives late is destroyed. */
function unlessStopped(pending: Promise<Readable>, signal: AbortSignal): Promise<Readable> {
  if (signal.aborted) {
    void pending.then((late) => late.destroy(), () => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      void pending.then((late) => late.destroy(), () => undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (source) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) source.destroy();
        else resolve(source);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function once(run: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= run());
}

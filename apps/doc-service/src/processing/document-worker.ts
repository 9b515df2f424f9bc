import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { DocumentStatus } from '@intake/contracts';
import { sqlState } from '@intake/db';
import { WorkQueue, WorkSlots } from '@intake/messaging';
import { OBJECT_STORAGE, ObjectNotFoundError, type ObjectStorage } from '@intake/storage';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ProviderError } from '../ai/classifier';
import { DOC_CONFIG, type DocServiceConfig } from '../config';
import { storable } from '../documents/iso-date';
import { missingFileReason } from '../documents/missing-file';
import { ExtractionError } from '../extraction/extraction-error';
import { type ExtractedText, PdfExtractor } from '../extraction/pdf-extractor';
import { SettingsStore } from '../settings/settings-store';
import { DocumentClassifier } from './document-classifier';
import { BudgetExceededError } from './token-budget';
import { documentResult } from './document-result';
import { type ClaimedDocument, MAX_STORED_TEXT_CHARS, ProcessingRepository } from './processing.repository';
import { StatusPublisher } from './status-publisher';

const IN_MEMORY_MAX_BYTES = 16 * 1024 * 1024;
/** The durable consumers every worker replica shares: one per queue (see DocumentWorker). */
export const PROCESSING_DURABLE = 'doc-processing';
export const BULK_DURABLE = 'doc-processing-bulk';
/** How often a document in hand says so, so the stale-document sweep never takes a live one. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Worker for the document queues: extract the text (page, time and memory caps), classify it, save
 * the result. Whatever goes wrong with the file, the provider or a value the database refuses ends
 * as `failed` with the reason; only our own infrastructure failing (database, storage down), or the
 * service stopping while it waits to ask a provider again, makes JetStream deliver the job again.
 */
@Injectable()
export class DocumentWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DocumentWorker');
  /** Aborted as the service stops: a job waiting to ask a provider again goes back to the queue instead of holding up the drain. */
  private readonly stopping = new AbortController();

  constructor(
    @Inject(DOC_CONFIG) private readonly config: DocServiceConfig,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly queue: WorkQueue,
    private readonly processing: ProcessingRepository,
    private readonly extractor: PdfExtractor,
    private readonly classifier: DocumentClassifier,
    private readonly settings: SettingsStore,
    private readonly status: StatusPublisher,
  ) {}

  /**
   * Works both document queues within one limit: `docs.work.process` first, and `docs.work.bulk` (an
   * owner's documents behind many of their own) only while a worker is free.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    const { concurrency, ackWaitMs } = this.config.worker;
    const pool = new WorkSlots(concurrency);
    const giveUp = async ({ document_id, generation }: { document_id: string; generation: number }, error: Error) => {
      const reason = `Processing failed repeatedly: ${error.message}`;
      const owner = await this.processing.fail(document_id, generation, 'internal', reason, await this.settings.searchLanguage());
      if (owner) this.status.publish({ document_id, owner_id: owner, status: 'failed', failure_kind: 'internal', failure_reason: reason });
    };
    const lanes = [
      { subject: 'docs.work.process', durable: PROCESSING_DURABLE, turn: 'first' },
      { subject: 'docs.work.bulk', durable: BULK_DURABLE, turn: 'yields' },
    ] as const;
    for (const { subject, durable, turn } of lanes) {
      await this.queue.work(subject, { durable, concurrency, ackWaitMs, giveUp, slots: { pool, turn } }, ({ document_id, generation }, context) =>
        this.process(document_id, generation, context.delivery > 1 || context.restarted),
      );
    }
  }

  beforeApplicationShutdown(): void {
    this.stopping.abort();
  }

  async process(id: string, generation: number, redelivery: boolean): Promise<void> {
    const doc = await this.processing.claim(id, generation, redelivery);
    if (!doc) return; // superseded, deleted, or already handled
    this.publish(doc, 'processing');
    const touch = setInterval(() => void this.processing.touch(doc.id, generation).catch(() => undefined), TOUCH_EVERY_MS);
    try {
      await this.run(doc, generation);
    } finally {
      clearInterval(touch);
    }
  }

  private async run(doc: ClaimedDocument, generation: number): Promise<void> {
    const settings = await this.settings.get();
    let extracted: ExtractedText;
    try {
      extracted = await this.extract(doc, settings.max_pages);
    } catch (error) {
      // Gone from storage (restored from an older backup, removed by hand): no retry brings it back.
      if (error instanceof ObjectNotFoundError) {
        // Deleted (or re-processed) meanwhile, the file went with the request: nothing for an administrator to restore.
        if (await this.fail(doc, generation, 'file_missing', missingFileReason(doc.file_name))) {
          this.logger.error({ documentId: doc.id, key: doc.storage_key }, 'the file of a document is missing from storage');
        }
        return;
      }
      if (!(error instanceof ExtractionError)) throw error;
      await this.fail(doc, generation, error.kind, error.message);
      return;
    }
    const text = storable(extracted.text.slice(0, MAX_STORED_TEXT_CHARS));
    const stored = { pageCount: extracted.pageCount, pagesRead: extracted.pagesRead, text, textTruncated: extracted.truncated || text.length < extracted.text.length };
    try {
      const outcome = await this.classifier.classify({ id: doc.id, generation }, { text: extracted.text, fileName: doc.file_name, pageCount: extracted.pageCount }, settings, this.stopping.signal);
      // The language as set now, not when the job began: a change meanwhile has its rebuild pass behind it already.
      const language = await this.settings.searchLanguage();
      const saved = await this.processing.finish(doc.id, generation, { ...stored, ...documentResult(outcome, extracted, settings) }, language).catch((error: unknown) => {
        // PostgreSQL refusing a value (SQLSTATE class 22) is about this document; another delivery would fail the same way.
        if (!sqlState(error).startsWith('22')) throw error;
        return this.fail(doc, generation, 'unstorable', `The results could not be stored: ${(error as Error).message}`, stored).then(() => false);
      });
      if (saved) this.publish(doc, 'done');
    } catch (error) {
      if (error instanceof ProviderError) await this.fail(doc, generation, `ai_${error.kind}`, error.message, stored);
      else if (error instanceof BudgetExceededError) await this.fail(doc, generation, 'ai_budget', error.message, stored);
      else throw error;
    }
  }

  private async extract(doc: ClaimedDocument, maxPages: number): Promise<ExtractedText> {
    const limits = { maxPages, timeoutMs: this.config.worker.extractTimeoutMs };
    // Objects kept as local files are read by the reader thread itself: no copy, no stream through this thread.
    const local = await this.storage.localPath?.(doc.storage_key);
    if (local) return this.extractor.extract(local, limits);
    // Elsewhere (S3), small files go to the reader thread as bytes; large ones through a temp file it reads itself.
    if (Number(doc.size_bytes) <= IN_MEMORY_MAX_BYTES) return this.extractor.extract(await this.bytesOf(doc), limits);
    const dir = await mkdtemp(join(tmpdir(), 'intake-doc-'));
    try {
      const path = join(dir, 'document.pdf');
      await pipeline(await this.storage.get(doc.storage_key), createWriteStream(path));
      return await this.extractor.extract(path, limits);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async bytesOf(doc: ClaimedDocument): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.storage.get(doc.storage_key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** Records the failure, unless the document moved on (deleted, or re-processed) meanwhile; says whether it did. */
  private async fail(doc: ClaimedDocument, generation: number, kind: string, reason: string, extracted?: Parameters<ProcessingRepository['fail']>[5]): Promise<boolean> {
    if (!(await this.processing.fail(doc.id, generation, kind, reason, await this.settings.searchLanguage(), extracted))) {
      this.logger.debug({ documentId: doc.id, kind }, 'a failure of a document that moved on was not recorded');
      return false;
    }
    this.logger.warn({ documentId: doc.id, kind }, `document failed: ${reason}`);
    this.publish(doc, 'failed', kind, reason);
    return true;
  }

  private publish(doc: ClaimedDocument, status: DocumentStatus, kind: string | null = null, reason: string | null = null): void {
    this.status.publish({ document_id: doc.id, owner_id: doc.owner_id, status, failure_kind: kind, failure_reason: reason });
  }
}

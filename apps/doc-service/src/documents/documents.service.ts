import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError, type DocumentDetail, type DocumentLimits, type DocumentPage, type DocumentTypes, nameKey, type ReprocessOutcome, type UploadOutcome } from '@intake/contracts';
import { UnconfirmedJobs } from '@intake/messaging';
import { OBJECT_STORAGE, ObjectNotFoundError, type ObjectStorage, safeObjectKey } from '@intake/storage';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { CategoriesRepository } from '../categories/categories.repository';
import { CategoriesService } from '../categories/categories.service';
import { DOC_CONFIG, type DocServiceConfig } from '../config';
import { SettingsStore } from '../settings/settings-store';
import { pdfFileName } from './archive-names';
import type { DocumentRecord } from './document.entity';
import { documentView } from './document-view';
import { DocumentCorrections } from './document-corrections';
import { type DocumentLane, laneFor } from './document-lanes';
import { DocumentsRepository } from './documents.repository';
import type { DocumentFilters, ListDocumentsQuery } from './dto/list-documents.dto';
import { missingFileReason } from './missing-file';
import type { UpdateDocumentInput } from './dto/update-document.dto';
import { receivePdfs, type StoredPdf } from './pdf-uploads';
import { overQuotaMessage } from './upload-quota';

/** Types of a user's own documents offered beside the configured ones (a filter's suggestions, not a report). */
const MAX_OWN_TYPES = 500;
/** Look-alikes named on a document's page: more than a few would say the match is too loose, not that each is a copy. */
const MAX_LOOK_ALIKES = 5;

/** A user's documents. Another user's are indistinguishable from missing ones (404). */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger('DocumentsService');

  constructor(
    @Inject(DOC_CONFIG) private readonly config: DocServiceConfig,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly documents: DocumentsRepository,
    private readonly categories: CategoriesRepository,
    private readonly categoryRules: CategoriesService,
    private readonly corrections: DocumentCorrections,
    private readonly settings: SettingsStore,
    private readonly unconfirmed: UnconfirmedJobs,
  ) {}

  async limits(): Promise<DocumentLimits> {
    const { max_file_mb } = await this.settings.get();
    return { max_files_per_upload: this.config.uploads.maxFiles, max_file_bytes: Math.floor(max_file_mb * 1024 * 1024) };
  }

  async upload(ownerId: string, req: Request): Promise<UploadOutcome> {
    const limits = await this.limits();
    const { stored, rejected } = await receivePdfs(req, this.storage, {
      maxBytes: limits.max_file_bytes,
      maxFiles: limits.max_files_per_upload,
      keyFor: (id) => safeObjectKey('documents', ownerId, `${id}.pdf`),
    });
    const outcome: UploadOutcome = { documents: [], duplicates: [], rejected };
    const { inserted, over } = await this.insert(ownerId, stored);
    await Promise.all(over.map((file) => this.forgetFile(file.key)));
    rejected.push(...over.map((file) => ({ file_name: file.fileName, code: 'QUOTA_EXCEEDED' as const, message: file.reason })));
    // Queued first: whatever happens to the duplicates below, no new document is left without its job.
    const lanes = await this.lanes(ownerId, inserted.length);
    const created = new Map((await Promise.all(inserted.map((doc, i) => this.enqueue(doc, lanes(i))))).map((doc) => [doc.id, doc]));
    const refused = new Set(over.map((file) => file.documentId));
    const duplicates = stored.filter((file) => !created.has(file.documentId) && !refused.has(file.documentId));
    await Promise.all(duplicates.map((file) => this.forgetFile(file.key)));
    const idsBySha = duplicates.length ? await this.documents.findBySha(ownerId, duplicates.map((file) => file.sha256)) : new Map<string, string>();
    for (const file of stored) {
      if (refused.has(file.documentId)) continue;
      const doc = created.get(file.documentId);
      if (doc) outcome.documents.push(documentView(doc, []));
      else outcome.duplicates.push({ file_name: file.fileName, document_id: idsBySha.get(file.sha256) ?? '' });
    }
    if (!outcome.documents.length && !outcome.duplicates.length) {
      const code = rejected.every((r) => r.code === 'QUOTA_EXCEEDED') ? 'QUOTA_EXCEEDED' : rejected.every((r) => r.code === 'FILE_TOO_LARGE') ? 'FILE_TOO_LARGE' : 'UPLOAD_INVALID';
      throw new AppError(code, rejected.map((r) => r.message).join('; '), { rejected });
    }
    return outcome;
  }

  /**
   * One statement for the whole upload (a file the owner already has, also twice in this upload,
   * is left out). When it fails, no stored file is left without its document.
   */
  private async insert(ownerId: string, files: StoredPdf[]): Promise<{ inserted: DocumentRecord[]; over: (StoredPdf & { reason: string })[] }> {
    try {
      const rows = files.map((file) => ({ id: file.documentId, ownerId, fileName: file.fileName, storageKey: file.key, size: file.size, sha256: file.sha256 }));
      const { quota } = this.config.uploads;
      const { inserted, over, usage } = await this.documents.insertWithin(ownerId, rows, await this.settings.searchLanguage(), quota);
      const overIds = new Set(over.map((row) => row.id));
      return { inserted, over: files.filter((file) => overIds.has(file.documentId)).map((file) => ({ ...file, reason: overQuotaMessage(usage, quota) })) };
    } catch (error) {
      await Promise.all(files.map((file) => this.forgetFile(file.key)));
      throw error;
    }
  }

  /** Removes a file no document keeps; a failure leaves an orphan file, logged, and fails nothing else. */
  private async forgetFile(key: string): Promise<void> {
    await this.storage.delete(key).catch((error: unknown) => this.logger.warn({ err: error, key }, 'a file no document keeps could not be removed'));
  }

  async list(ownerId: string, query: ListDocumentsQuery): Promise<DocumentPage> {
    const { search_language } = await this.settings.get();
    const { items, total } = await this.documents.list(ownerId, query, search_language);
    const categories = await this.categories.ofDocuments(items.map((d) => d.id));
    return { items: items.map((d) => documentView(d, categories.get(d.id) ?? [])), total, page: query.page, page_size: query.page_size };
  }

  /** Another user's category (or one deleted) is a 404 here too, not an empty list. */
  async requireOwnFilters(ownerId: string, filters: DocumentFilters): Promise<void> {
    if (filters.category_id && filters.category_id !== 'none') await this.categoryRules.requireOwned(ownerId, [filters.category_id]);
  }

  /** The configured types, then those of the owner's documents outside them (a type since dropped from the list, a correction), each once whatever its case. */
  async types(ownerId: string): Promise<DocumentTypes> {
    const { document_types } = await this.settings.get();
    const types = new Map(document_types.map((t) => [nameKey(t), t]));
    for (const type of await this.documents.typesOf(ownerId, MAX_OWN_TYPES)) if (!types.has(nameKey(type))) types.set(nameKey(type), type);
    return { types: [...types.values()] };
  }

  async get(ownerId: string, id: string): Promise<DocumentDetail> {
    const doc = await this.require(ownerId, id);
    const categories = await this.categories.ofDocuments([id]);
    const [text, lookAlikes] = await Promise.all([this.documents.text(ownerId, id), this.documents.lookAlikes(ownerId, doc, MAX_LOOK_ALIKES)]);
    return { ...documentView(doc, categories.get(id) ?? []), text, look_alikes: lookAlikes };
  }

  async download(ownerId: string, id: string): Promise<{ fileName: string; size: number; body: Readable }> {
    const doc = await this.require(ownerId, id);
    const body = await this.storage.get(doc.storage_key).catch((error: unknown) => {
      if (!(error instanceof ObjectNotFoundError)) throw error;
      this.logger.error({ documentId: id, key: doc.storage_key }, 'the file of a document is missing from storage');
      throw new AppError('NOT_FOUND', missingFileReason(doc.file_name), { reason: 'file_missing' });
    });
    return { fileName: pdfFileName(doc.file_name), size: Number(doc.size_bytes), body };
  }

  async delete(ownerId: string, id: string): Promise<void> {
    const doc = await this.documents.delete(ownerId, id);
    if (!doc) throw notFound(id);
    await this.forgetFile(doc.storage_key);
  }

  /** Runs the document through extraction and classification again, with the settings of now. */
  async reprocess(ownerId: string, id: string) {
    const doc = await this.documents.requeue(ownerId, id);
    if (!doc) throw notFound(id);
    return documentView(await this.enqueue(doc, (await this.lanes(ownerId, 1))(0)), (await this.categories.ofDocuments([id])).get(id) ?? []);
  }

  /**
   * Many at once, in one request: the work does not hang on a browser tab staying open. Those that
   * are not the caller's (deleted meanwhile, say) are named as not found, as the queue's refusals are.
   */
  async reprocessMany(ownerId: string, documentIds: string[]): Promise<ReprocessOutcome> {
    const ids = [...new Set(documentIds)];
    const docs = await this.documents.requeueMany(ownerId, ids);
    const lanes = await this.lanes(ownerId, docs.length);
    const queued: DocumentRecord[] = [];
    // A few at a time: a thousand sends at once (and, with NATS away, a thousand writes of the failure) would crowd out everyone else.
    for (let i = 0; i < docs.length; i += ENQUEUED_AT_ONCE) {
      queued.push(...(await Promise.all(docs.slice(i, i + ENQUEUED_AT_ONCE).map((doc, j) => this.enqueue(doc, lanes(i + j))))));
    }
    const found = new Set(docs.map((doc) => doc.id));
    const notQueued = [
      ...ids.filter((id) => !found.has(id)).map((id) => ({ document_id: id, reason: notFound(id).message })),
      ...queued.filter((doc) => doc.status === 'failed').map((doc) => ({ document_id: doc.id, reason: doc.failure_reason ?? 'not queued' })),
    ];
    return { documents: ids.length, queued: ids.length - notQueued.length, not_queued: notQueued };
  }

  async update(ownerId: string, id: string, input: UpdateDocumentInput) {
    await this.require(ownerId, id);
    const { category_ids, reset_fields, ...fields } = input;
    const categoryIds = category_ids && [...new Set(category_ids)];
    if (categoryIds) await this.categoryRules.requireOwned(ownerId, categoryIds);
    await this.corrections.apply(ownerId, id, { fields, categoryIds, reset: reset_fields }, (await this.settings.get()).search_language);
    return this.get(ownerId, id);
  }

  private async require(ownerId: string, id: string): Promise<DocumentRecord> {
    const doc = await this.documents.findOwned(ownerId, id);
    if (!doc) throw notFound(id);
    return doc;
  }

  /** The queue of each of the owner's `added` documents, the last ones to wait (see laneFor). */
  private async lanes(ownerId: string, added: number): Promise<(i: number) => DocumentLane> {
    // Counted after the documents are saved: a failure here must not leave them without their jobs.
    const waiting = await this.documents.waiting(ownerId).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'counting the documents waiting failed; they go straight to the workers');
      return added;
    });
    return (i) => laneFor(waiting - added + i, this.config.worker.bulkAfterWaiting);
  }

  /** Returns the document as it now stands (failed when the queue did not take it). */
  private async enqueue(doc: DocumentRecord, lane: DocumentLane): Promise<DocumentRecord> {
    try {
      // Not confirmed in time, the job may be stored all the same: the document stays queued, and the job is sent again.
      await this.unconfirmed.send({
        subject: lane,
        payload: { document_id: doc.id, generation: doc.generation },
        dedupeId: `${doc.id}:${doc.generation}`,
        stillWanted: () => this.documents.waitsInQueue(doc.id, doc.generation),
        about: { documentId: doc.id },
      });
      return doc;
    } catch (error) {
      this.logger.error({ err: error, documentId: doc.id }, 'queueing the document failed');
      const reason = 'The document could not be queued for processing (the queue is unavailable); re-process it later';
      await this.documents.markNotQueued(doc.id, doc.generation, reason, await this.settings.searchLanguage());
      return { ...doc, status: 'failed', failure_kind: 'queue', failure_reason: reason };
    }
  }
}

/** Jobs a bulk re-process sends at once. */
const ENQUEUED_AT_ONCE = 16;

function notFound(id: string): AppError {
  return new AppError('NOT_FOUND', `Document ${id} not found`);
}

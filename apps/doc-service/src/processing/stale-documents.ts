import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { WorkQueue } from '@intake/messaging';
import { DOC_CONFIG, type DocServiceConfig } from '../config';
import { laneFor } from '../documents/document-lanes';
import { BULK_DURABLE, PROCESSING_DURABLE } from './document-worker';
import { ProcessingRepository } from './processing.repository';
import { SettingsStore } from '../settings/settings-store';
import { StatusPublisher } from './status-publisher';

const SWEEP_EVERY_MS = 60_000;

export interface StaleLimits {
  /** Queued this long, with the queue empty: its queue message was lost and is sent again. */
  queuedMs: number;
  /** Processing without a worker's touch (every minute) this long: the worker died; it fails with the reason. */
  processingMs: number;
}

/** Far past a worker's touch and a queue's normal wait, so no live document is taken. */
export const STALE_LIMITS: StaleLimits = { queuedMs: 10 * 60_000, processingMs: 30 * 60_000 };

/**
 * Nothing waits forever: a document whose queue message was lost (the process died between saving
 * and queueing it) is queued again, and one left in processing by workers that kept dying fails
 * with a reason, so the user can re-process it.
 */
@Injectable()
export class StaleDocuments implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('StaleDocuments');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(DOC_CONFIG) private readonly config: DocServiceConfig,
    private readonly processing: ProcessingRepository,
    private readonly queue: WorkQueue,
    private readonly status: StatusPublisher,
    private readonly settings: SettingsStore,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.timer = setInterval(() => void this.sweep(STALE_LIMITS).catch((error: unknown) => this.logger.warn({ err: error }, 'sweep failed')), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(limits: StaleLimits): Promise<{ requeued: number; failed: number }> {
    // Only with nothing waiting or in hand: a long backlog holds queued documents that are not lost.
    const backlogs = await Promise.all([PROCESSING_DURABLE, BULK_DURABLE].map((durable) => this.queue.backlog('DOC_JOBS', durable).catch(() => 1)));
    const idle = backlogs.every((n) => n === 0);
    const queued = idle ? await this.processing.staleQueued(limits.queuedMs, 100) : [];
    // Nothing else waits (the queues are idle): each owner's first ones go straight to the workers, as on upload.
    const ahead = new Map<string, number>();
    for (const doc of queued) {
      const lane = laneFor(ahead.get(doc.owner_id) ?? 0, this.config.worker.bulkAfterWaiting);
      ahead.set(doc.owner_id, (ahead.get(doc.owner_id) ?? 0) + 1);
      await this.queue.enqueue(lane, { document_id: doc.id, generation: doc.generation }, `${doc.id}:${doc.generation}`);
    }
    const failed = await this.processing.failStaleProcessing(limits.processingMs, 'Processing stopped without a result (the worker handling it was lost); re-process the document', await this.settings.searchLanguage());
    for (const doc of failed) this.status.publish({ document_id: doc.id, owner_id: doc.owner_id, status: 'failed', failure_kind: 'internal', failure_reason: doc.failure_reason });
    if (queued.length || failed.length) this.logger.warn(`queued ${queued.length} lost document(s) again; failed ${failed.length} stuck in processing`);
    return { requeued: queued.length, failed: failed.length };
  }
}

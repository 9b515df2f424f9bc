import { Logger } from '@nestjs/common';
import { parseOrThrow, unavailableDependency, WORK, WORK_STREAMS, type WorkPayloadOf, type WorkStream, type WorkSubject } from '@intake/contracts';
import {
  AckPolicy,
  headers as natsHeaders,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  JSONCodec,
  nanos,
  type NatsConnection,
  RetentionPolicy,
  StorageType,
} from 'nats';
import { RedeliverySchedule } from './redelivery-schedule';
import type { WorkSlots } from './work-slots';

const codec = JSONCodec<unknown>();

export interface WorkerOptions {
  /** Durable consumer name shared by every replica, so they split the work. */
  durable: string;
  concurrency?: number;
  /** How long a job may go without a heartbeat before JetStream hands it to another worker. */
  ackWaitMs?: number;
  /** Deliveries before a job is given up (bounded redelivery). */
  maxDeliver?: number;
  /** A limit shared with another queue's workers (see WorkSlots): `first` jobs always start; `yields` ones only in a free slot. */
  slots?: { pool: WorkSlots; turn: 'first' | 'yields' };
}

/** What a worker does when its job failed on the last delivery: record why, so nothing waits on it forever. */
export type GiveUp<S extends WorkSubject> = (payload: WorkPayloadOf<S>, error: Error) => Promise<void>;

export interface WorkContext {
  /** 1 on the first delivery. */
  delivery: number;
  /** True on the last delivery JetStream will make. */
  lastAttempt: boolean;
  /** A copy queued again because the failure of the job before it could not be recorded: it may have begun already. */
  restarted: boolean;
}

/** How many times WorkQueue itself queued a job again (see `restarted`). */
const RESTARTED_HEADER = 'Intake-Restarted';
/** Restarts of one job at most: about 15 s of deliveries each, so some 25 minutes of a database away. */
const MAX_RESTARTS = 100;

export type WorkHandler<S extends WorkSubject> = (payload: WorkPayloadOf<S>, context: WorkContext) => Promise<void>;

/** How long enqueue waits for NATS to confirm it stored a job (nats.js's own default). */
export const ENQUEUE_CONFIRM_MS = 5_000;

/**
 * NATS did not confirm a job in time (stalled, or far): the job may be stored all the same, since
 * NATS answers after storing it.
 */
export function isUnconfirmed(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'TIMEOUT';
}

/**
 * JetStream work queues: a work-queue-retention stream per queue, durable pull consumers with
 * explicit ack, heartbeats (`working()`) while a job runs, and bounded redelivery with backoff.
 */
export class WorkQueue {
  private readonly logger = new Logger('WorkQueue');
  private readonly stops: (() => Promise<void>)[] = [];
  /** Streams this process has created or checked; enqueue checks each once, not on every message. */
  private readonly ensured = new Set<WorkStream>();

  private constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
  ) {}

  static async connect(nc: NatsConnection): Promise<WorkQueue> {
    return new WorkQueue(nc.jetstream(), await nc.jetstreamManager());
  }

  async ensureStream(stream: WorkStream): Promise<void> {
    const config = { name: stream, subjects: [...WORK_STREAMS[stream].subjects], retention: RetentionPolicy.Workqueue, storage: StorageType.File };
    try {
      await this.jsm.streams.info(stream);
      await this.jsm.streams.update(stream, config);
    } catch (error) {
      if (!/stream not found/i.test(String((error as Error).message))) throw error;
      await this.jsm.streams.add({ ...config, duplicate_window: nanos(2 * 60_000) });
    }
  }

  /** Enqueues a job; the same `dedupeId` within two minutes is stored once. */
  async enqueue<S extends WorkSubject>(subject: S, payload: WorkPayloadOf<S>, dedupeId?: string): Promise<void> {
    const valid = parseOrThrow(WORK[subject].payload, payload, subject);
    const stream = WORK[subject].stream;
    if (!this.ensured.has(stream)) {
      await this.ensureStream(stream);
      this.ensured.add(stream);
    }
    const publish = () => this.js.publish(subject, codec.encode(valid), { timeout: ENQUEUE_CONFIRM_MS, ...(dedupeId ? { msgID: dedupeId } : {}) });
    try {
      await publish();
    } catch (error) {
      // NATS slow to confirm (stalled, or far): the stream is not the problem, and asking about it would double the wait.
      if (isUnconfirmed(error)) throw error;
      // The stream may have been deleted since it was checked: make it again and publish once more.
      this.ensured.delete(stream);
      await this.ensureStream(stream);
      this.ensured.add(stream);
      await publish();
    }
  }

  /** Runs `handler` for every job on `subject` until `stop()`; replicas with the same durable share jobs. */
  async work<S extends WorkSubject>(subject: S, options: WorkerOptions & { giveUp?: GiveUp<S> }, handler: WorkHandler<S>): Promise<void> {
    const stream = WORK[subject].stream;
    await this.ensureStream(stream);
    const ackWaitMs = options.ackWaitMs ?? 30_000;
    const maxDeliver = options.maxDeliver ?? 5;
    const settings = { ack_wait: nanos(ackWaitMs), max_deliver: maxDeliver };
    try {
      await this.jsm.consumers.add(stream, { durable_name: options.durable, filter_subject: subject, ack_policy: AckPolicy.Explicit, ...settings });
    } catch (error) {
      // Already there from an earlier start, maybe with other settings: bring it in line.
      if (!/already (exists|in use)/i.test(String((error as Error).message))) throw error;
      await this.jsm.consumers.update(stream, options.durable, settings);
    }
    const consumer = await this.js.consumers.get(stream, options.durable);
    // Shared by this worker's loops: any of them waiting when a job it put back falls due will take it.
    const redeliveries = new RedeliverySchedule();
    let running = true;
    const { slots } = options;
    const loop = async () => {
      while (running) {
        // A yielding worker fetches only when a slot is free, so it seldom holds a job it cannot start.
        if (slots?.turn === 'yields' && !(await slots.pool.whenFree(() => running))) continue;
        // next() throws at once (not a rejection) on a closed connection: caught here too, or the process would end.
        const msg = await Promise.resolve()
          .then(() => consumer.next({ expires: redeliveries.pullMs(Date.now()) }))
          .catch((error: unknown) => {
            this.logger.warn({ subject, err: error }, 'fetching work failed');
            return new Promise<null>((resolve) => setTimeout(() => resolve(null), 500));
          });
        // A job that arrives as drain() begins is run like the others in hand: naking it would spend a
        // delivery, and on its last one leave it in the stream with no last attempt and no giveUp.
        if (!msg) continue;
        // Another job may have taken the last slot meanwhile: the fetched one waits for a slot, kept alive.
        const release = slots && (slots.turn === 'first' ? slots.pool.take() : await slots.pool.takeWhenFree(() => msg.working()));
        try {
          const backoffMs = await this.handle(subject, msg, handler, ackWaitMs, maxDeliver, options.giveUp);
          if (backoffMs !== undefined) redeliveries.add(Date.now(), backoffMs);
        } finally {
          release?.();
        }
      }
    };
    const loops = Array.from({ length: options.concurrency ?? 1 }, loop);
    this.stops.push(async () => {
      running = false;
      await Promise.allSettled(loops);
    });
  }

  /** Jobs a durable consumer has not finished: waiting for a worker or in a worker's hands. */
  async backlog(stream: WorkStream, durable: string): Promise<number> {
    const info = await this.jsm.consumers.info(stream, durable);
    return info.num_pending + info.num_ack_pending;
  }

  /** Stops taking jobs and waits for the ones in hand to finish. */
  async drain(): Promise<void> {
    await Promise.all(this.stops.splice(0).map((stop) => stop()));
  }

  /** Runs one job; returns the backoff when the job was put back for a later delivery. */
  private async handle<S extends WorkSubject>(
    subject: S,
    msg: JsMsg,
    handler: WorkHandler<S>,
    ackWaitMs: number,
    maxDeliver: number,
    giveUp?: GiveUp<S>,
  ): Promise<number | undefined> {
    const delivery = msg.info.redeliveryCount;
    const heartbeat = setInterval(() => msg.working(), Math.max(250, ackWaitMs / 3));
    let payload: WorkPayloadOf<S> | undefined;
    try {
      payload = parseOrThrow(WORK[subject].payload, codec.decode(msg.data), subject) as WorkPayloadOf<S>;
      await handler(payload, { delivery, lastAttempt: delivery >= maxDeliver, restarted: Number(msg.headers?.get(RESTARTED_HEADER) ?? 0) > 0 });
      msg.ack();
    } catch (error) {
      this.logger.error({ subject, delivery, err: error }, 'job failed');
      if (delivery < maxDeliver) {
        const backoffMs = Math.min(30_000, 1000 * 2 ** (delivery - 1));
        msg.nak(backoffMs);
        return backoffMs;
      }
      const unrecorded = giveUp && payload ? await giveUp(payload, error instanceof Error ? error : new Error(String(error))).then(() => null, (e: unknown) => (this.logger.error({ subject, err: e }, 'giving up failed'), e)) : null;
      // Nothing could record why because a dependency is away (the worker's database): a fresh copy
      // of the job starts over, rather than the job ending with its record left queued or processing
      // for a sweep to find; at most MAX_RESTARTS times, so no job circles for ever.
      const restarts = Number(msg.headers?.get(RESTARTED_HEADER) ?? 0);
      if (unrecorded && payload && unavailableDependency(unrecorded) && restarts < MAX_RESTARTS) {
        const marked = natsHeaders();
        marked.set(RESTARTED_HEADER, String(restarts + 1));
        await this.js.publish(subject, codec.encode(payload), { headers: marked }).catch((e: unknown) => this.logger.error({ subject, err: e }, 'the job could not be queued again'));
      }
      msg.term(String((error as Error)?.message ?? error));
      // A work-queue stream should drop a terminated job; nats-server 2.9 keeps it for ever (a newer one has it gone already).
      await this.jsm.streams.deleteMessage(WORK[subject].stream, msg.seq).catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
    }
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { DOC_STATUS_ALL, type DocStatusEvent } from '@intake/contracts';
import { WORK_CONNECTION } from '@intake/messaging';
import type { NatsConnection, Subscription } from 'nats';

export interface StatusListener {
  event(event: DocStatusEvent): void;
  /** No more events will come (NATS closed the subscription): the stream should end, its client reconnects. */
  end(): void;
}

const decoder = new TextDecoder();

/**
 * One subscription to every document's status events for all the open streams of this process,
 * each event read once and handed to its owner's streams only. A subscription per stream read every
 * event once per open stream: a thousand documents processed while a hundred tabs were open meant a
 * hundred thousand reads to send a few of them. Subscribed while any stream listens.
 */
@Injectable()
export class StatusEventsHub {
  private readonly logger = new Logger('StatusEventsHub');
  private readonly listeners = new Map<string, Set<StatusListener>>();
  private subscription: Subscription | null = null;

  constructor(@Inject(WORK_CONNECTION) private readonly nats: NatsConnection) {}

  /** Hands the owner's events to `listener` until the answer is called. */
  listen(ownerId: string, listener: StatusListener): () => void {
    this.subscription ??= this.subscribe();
    const own = this.listeners.get(ownerId) ?? new Set<StatusListener>();
    own.add(listener);
    this.listeners.set(ownerId, own);
    return () => {
      if (!own.delete(listener)) return;
      if (own.size === 0 && this.listeners.get(ownerId) === own) this.listeners.delete(ownerId);
      if (this.listeners.size > 0 || !this.subscription) return;
      const subscription = this.subscription;
      this.subscription = null;
      subscription.unsubscribe();
    };
  }

  private subscribe(): Subscription {
    const subscription = this.nats.subscribe(DOC_STATUS_ALL, {
      callback: (error, msg) => {
        if (error) return this.logger.warn({ reason: error.message }, 'status event subscription failed');
        const event = parseEvent(msg.data);
        if (event) for (const listener of this.listeners.get(event.owner_id) ?? []) listener.event(event);
      },
    });
    // Closed under the listeners (the connection drained or closed), not by the last of them leaving.
    void subscription.closed.then(
      () => this.endAll(subscription),
      () => this.endAll(subscription),
    );
    return subscription;
  }

  private endAll(subscription: Subscription): void {
    if (this.subscription !== subscription) return;
    this.subscription = null;
    const all = [...this.listeners.values()].flatMap((own) => [...own]);
    this.listeners.clear();
    for (const listener of all) listener.end();
  }
}

/** Anything on the subject that is not one of our events is ignored, never a crash. */
function parseEvent(data: Uint8Array): DocStatusEvent | null {
  try {
    const event = JSON.parse(decoder.decode(data)) as DocStatusEvent | null;
    return typeof event?.owner_id === 'string' ? event : null;
  } catch {
    return null;
  }
}

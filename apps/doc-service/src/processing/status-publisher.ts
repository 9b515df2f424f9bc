import { Inject, Injectable } from '@nestjs/common';
import { type DocStatusEvent, docStatusSubject } from '@intake/contracts';
import { WORK_CONNECTION } from '@intake/messaging';
import type { NatsConnection } from 'nats';

/** Publishes `docs.status.<id>` for live views (fire-and-forget: a missed one is harmless, the list shows the truth). */
@Injectable()
export class StatusPublisher {
  private readonly encoder = new TextEncoder();

  constructor(@Inject(WORK_CONNECTION) private readonly nats: NatsConnection) {}

  publish(event: DocStatusEvent): void {
    this.nats.publish(docStatusSubject(event.document_id), this.encoder.encode(JSON.stringify(event)));
  }
}

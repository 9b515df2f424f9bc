import { Inject, Injectable } from '@nestjs/common';
import { importProgressSubject, type ImportProgressEvent } from '@intake/contracts';
import { WORK_CONNECTION } from '@intake/messaging';
import type { NatsConnection } from 'nats';

/** Publishes `import.progress.<jobId>` events for live views (fire-and-forget: a missed one is harmless). */
@Injectable()
export class ProgressPublisher {
  private readonly encoder = new TextEncoder();

  constructor(@Inject(WORK_CONNECTION) private readonly nats: NatsConnection) {}

  publish(event: ImportProgressEvent): void {
    this.nats.publish(importProgressSubject(event.job_id), this.encoder.encode(JSON.stringify(event)));
  }
}

import { Controller, Inject, type Type } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { ServiceHealth } from '@intake/contracts';
import { pingDatabase } from '@intake/db';
import { DataSource } from 'typeorm';
import { Handle } from './handle.decorator';

type HealthSubject = 'auth.health.check' | 'import.health.check' | 'doc.health.check';

/** The readiness answer every service gives over NATS: it is up, and whether its database answers. */
export function healthMessages(subject: HealthSubject, service: string): Type<unknown> {
  @Controller()
  class HealthMessages {
    private readonly startedAt = Date.now();

    constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

    @Handle(subject)
    async check(@Payload() _request: unknown): Promise<ServiceHealth> {
      const database = (await pingDatabase(this.dataSource)) ? 'up' : 'down';
      return { service, status: 'up', database, uptime_seconds: Math.round((Date.now() - this.startedAt) / 1000) };
    }
  }
  return HealthMessages;
}

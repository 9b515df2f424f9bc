import type { DynamicModule, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NatsConfig } from '@intake/config';
import { Logger } from 'nestjs-pino';
import { natsServerOptions } from './messaging.module';

/**
 * Boots a NATS-only service: module init (migrations, keys…) first, then the listener in the
 * service's queue group, pino as the Nest logger, and shutdown hooks that drain on SIGTERM.
 */
export async function startNatsService(module: DynamicModule, nats: NatsConfig, name: string): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(module, { ...natsServerOptions(nats, name), bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen();
  return app;
}

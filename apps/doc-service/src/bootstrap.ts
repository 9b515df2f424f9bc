import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { WorkerServiceConfig } from '@intake/config';
import { natsServerOptions } from '@intake/messaging';
import { Logger } from 'nestjs-pino';
import { DocServiceModule } from './app.module';

export async function startDocService(config: WorkerServiceConfig): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(DocServiceModule.forConfig(config), {
    ...natsServerOptions(config.nats, 'doc-service'),
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen();
  return app;
}

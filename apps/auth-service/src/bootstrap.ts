import { NestFactory } from '@nestjs/core';
import type { AuthServiceConfig } from '@intake/config';
import { natsServerOptions } from '@intake/messaging';
import type { INestMicroservice } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { AuthServiceModule } from './app.module';

/** Starts auth-service: migrations, keys and the first admin, then the NATS listener. */
export async function startAuthService(config: AuthServiceConfig): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(AuthServiceModule.forConfig(config), {
    ...natsServerOptions(config.nats, 'auth-service'),
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen();
  return app;
}

import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { HttpErrorFilter, jsonBodyOptions } from '@intake/auth';
import { type DocServiceConfig, REQUEST_TIMEOUT_MS } from '@intake/config';
import { natsServerOptions } from '@intake/messaging';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { DocServiceModule } from './app.module';

/**
 * The internal HTTP API (reached only through the gateway's proxy) and the NATS listener for
 * health, in one process with the queue worker; `--role=worker` runs no HTTP server.
 */
export async function startDocService(config: DocServiceConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(DocServiceModule.forConfig(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // The settings' two rule lists may hold 500 rules of 2,000 characters each: about 2 MB of JSON.
  app.useBodyParser('json', jsonBodyOptions('4mb'));
  app.use(helmet());
  app.use(cookieParser());
  app.setGlobalPrefix('api');
  // HTTP only: the NATS listener keeps its own error envelope.
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  // Internal only (the gateway proxies no other path here): the gateway merges it into /api/docs.
  const openapi = new DocumentBuilder().setTitle('Intake doc-service').setVersion('0.1.0').build();
  SwaggerModule.setup('api/openapi', app, () => SwaggerModule.createDocument(app, openapi), { ui: false, raw: ['json'], jsonDocumentUrl: 'api/openapi.json' });
  app.connectMicroservice(natsServerOptions(config.nats, 'doc-service'), { inheritAppConfig: false });
  await app.startAllMicroservices();
  if (config.role === 'worker') await app.init();
  else {
    (app.getHttpServer() as Server).requestTimeout = REQUEST_TIMEOUT_MS;
    await app.listen(config.http.port, config.http.host);
  }
  return app;
}

import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { createLoggerModule, type GatewayConfig } from '@intake/config';
import { MessagingModule, SessionAuthModule } from '@intake/messaging';
import { HttpErrorFilter } from '@intake/auth';
import { StorageModule } from '@intake/storage';
import { ImportEventsController } from './imports/import-events.controller';
import { ImportFilesController } from './imports/import-files.controller';
import { ImportsController } from './imports/imports.controller';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppsController } from './apps/apps.controller';
import { GATEWAY_CONFIG } from './config';
import { DocServiceProxy } from './documents/doc-service-proxy';
import { DocumentsProxyController, SettingsProxyController } from './documents/documents-proxy.controller';
import { HealthController } from './health/health.controller';
import { ImportTargetCollectionsController } from './import-targets/import-target-collections.controller';
import { ExistingTarget } from './import-targets/existing-target';
import { ImportTargetsController } from './import-targets/import-targets.controller';
import { IndexAccessController } from './index-access/index-access.controller';
import { ProfileController } from './profile/profile.controller';
import { JwksController } from './session/jwks.controller';
import { SessionController } from './session/session.controller';
import { UsersController } from './users/users.controller';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Keeps a caller's x-request-id when it is sane, otherwise mints one; echoed in the response. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

@Module({})
export class GatewayModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        createLoggerModule(config.logging, requestId as (req: unknown) => string),
        MessagingModule.forClient(config.nats, 'gateway'),
        StorageModule.forRoot(config.storage),
        SessionAuthModule,
      ],
      controllers: [
        ImportsController,
        ImportFilesController,
        ImportEventsController,
        DocumentsProxyController,
        SettingsProxyController,
        SessionController, JwksController, UsersController, ProfileController, AppsController, IndexAccessController, ImportTargetsController, ImportTargetCollectionsController, HealthController],
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }, { provide: APP_FILTER, useClass: HttpErrorFilter }, DocServiceProxy, ExistingTarget],
    };
  }
}

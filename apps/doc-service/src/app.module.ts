import { type DynamicModule, Module } from '@nestjs/common';
import { createLoggerModule, type DocServiceConfig } from '@intake/config';
import { DatabaseModule, SecretBox } from '@intake/db';
import { healthMessages, MessagingModule, SessionAuthModule, WorkQueueModule } from '@intake/messaging';
import { StorageModule } from '@intake/storage';
import { CategoriesController } from './categories/categories.controller';
import { CategoriesRepository } from './categories/categories.repository';
import { CategoriesService } from './categories/categories.service';
import { DOC_CONFIG } from './config';
import { DocumentCorrections } from './documents/document-corrections';
import { DocumentEventsController } from './documents/document-events.controller';
import { DocumentExport } from './documents/document-export';
import { DocumentsController } from './documents/documents.controller';
import { DocumentsRepository } from './documents/documents.repository';
import { DocumentsService } from './documents/documents.service';
import { SearchIndex } from './documents/search-index';
import { PdfExtractor } from './extraction/pdf-extractor';
import { DOC_MIGRATIONS } from './migrations';
import { AiCallsRepository } from './processing/ai-calls.repository';
import { DocumentClassifier } from './processing/document-classifier';
import { DocumentWorker } from './processing/document-worker';
import { ModelAnswersRepository } from './processing/model-answers.repository';
import { ProcessingRepository } from './processing/processing.repository';
import { StaleDocuments } from './processing/stale-documents';
import { DeletedOwners } from './owners/deleted-owners';
import { StatusPublisher } from './processing/status-publisher';
import { StatusEventsHub } from './documents/status-events-hub';
import { TokenBudget } from './processing/token-budget';
import { SettingsController } from './settings/settings.controller';
import { SettingsService } from './settings/settings.service';
import { SettingsStore } from './settings/settings-store';
import { TextSearchConfigs } from './settings/text-search-configs';
import { SuggestionsController } from './suggestions/suggestions.controller';
import { SuggestionsRepository } from './suggestions/suggestions.repository';
import { SuggestionsService } from './suggestions/suggestions.service';

export const DOC_SCHEMA = 'docs';

@Module({})
export class DocServiceModule {
  static forConfig(config: DocServiceConfig): DynamicModule {
    const api = config.role !== 'worker';
    return {
      module: DocServiceModule,
      imports: [
        createLoggerModule(config.logging),
        DatabaseModule.forService({
          url: config.database.url,
          poolSize: config.database.poolSize,
          statementTimeoutMs: config.database.statementTimeoutMs,
          schema: DOC_SCHEMA,
          migrationsTableName: 'doc_migrations',
          entities: [],
          migrations: DOC_MIGRATIONS,
          applicationName: 'intake-doc-service',
        }),
        // Tokens are checked here against auth-service's JWKS and live session, not taken from the gateway.
        MessagingModule.forClient(config.nats, 'doc-service'),
        SessionAuthModule,
        WorkQueueModule.forRoot(config.nats, 'doc-service'),
        StorageModule.forRoot(config.storage),
      ],
      // Order matters: fixed paths (categories, events) before documents/:id.
      controllers: [
        ...(api ? [CategoriesController, DocumentEventsController, DocumentsController, SuggestionsController, SettingsController] : []),
        healthMessages('doc.health.check', 'doc-service'),
      ],
      providers: [
        { provide: DOC_CONFIG, useValue: config },
        { provide: SecretBox, useValue: new SecretBox(config.secretsKey) },
        SettingsStore,
        SettingsService,
        TextSearchConfigs,
        DocumentsRepository,
        DocumentsService,
        DocumentExport,
        DocumentCorrections,
        SearchIndex,
        CategoriesRepository,
        CategoriesService,
        SuggestionsRepository,
        SuggestionsService,
        AiCallsRepository,
        ProcessingRepository,
        ModelAnswersRepository,
        TokenBudget,
        DocumentClassifier,
        StatusPublisher,
        StatusEventsHub,
        PdfExtractor,
        DocumentWorker,
        StaleDocuments,
        DeletedOwners,
      ],
    };
  }
}

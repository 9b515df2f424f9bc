import { type DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { createLoggerModule, type ImportServiceConfig } from '@intake/config';
import { DatabaseModule, SecretBox } from '@intake/db';
import { healthMessages, MessagingModule, WorkQueueModule } from '@intake/messaging';
import { StorageModule } from '@intake/storage';
import { JobAnalyser } from './analysis/job-analyser';
import { RelationSuggestions } from './analysis/relation-suggestions';
import { ResultOrigins } from './analysis/result-origin';
import { JobBatchesRepository } from './run/job-batches.repository';
import { JobRollbackWorker } from './run/job-rollback-worker';
import { JobRunner } from './run/job-runner';
import { ProgressPublisher } from './run/progress-publisher';
import { ResultFiles } from './run/result-files';
import { IMPORT_CONFIG } from './config';
import { ImportJobEntity } from './jobs/import-job.entity';
import { ImportJobsMessages } from './jobs/import-jobs.messages';
import { ImportJobsRepository } from './jobs/import-jobs.repository';
import { ImportJobsService } from './jobs/import-jobs.service';
import { StaleImportJobs } from './jobs/stale-import-jobs';
import { WaitingJobs } from './jobs/waiting-jobs';
import { PlanChecker } from './jobs/plan-checker';
import { IMPORT_MIGRATIONS } from './migrations';
import { CollectionReader } from './nocobase/collection-reader';
import { ConnectionTester } from './nocobase/connection-tester';
import { NocoBaseMetadataRepository } from './nocobase/nocobase-metadata.repository';
import { NocoBasePools } from './nocobase/nocobase-pools';
import { NocoBaseMessages } from './nocobase/nocobase.messages';
import { NocoBaseService } from './nocobase/nocobase.service';
import { IdReservationsRepository } from './nocobase-writer/id-reservations.repository';
import { IdReservations } from './nocobase-writer/id-reservations';
import { JobChangesRepository } from './nocobase-writer/job-changes.repository';
import { JobInsertsRepository } from './nocobase-writer/job-inserts.repository';
import { JobLinksRepository } from './nocobase-writer/job-links.repository';
import { LinkTables } from './nocobase-writer/link-table';
import { JobRollback } from './nocobase-writer/job-rollback';
import { NocoBaseBatchWriter } from './nocobase-writer/nocobase-batch-writer';
import { RelationResolver } from './nocobase-writer/relation-resolver';
import { TableFactsReader } from './nocobase-writer/table-facts';
import { WorkerIdCheck } from './nocobase-writer/worker-id-check';
import { CallerGrants } from './targets/caller-grants';
import { TargetDetailsInterceptor } from './targets/target-details.interceptor';
import { JobActors } from './jobs/job-actors';
import { TargetSecrets } from './targets/target-secrets';
import { TargetEntity } from './targets/target.entity';
import { TargetsMessages } from './targets/targets.messages';
import { TargetsRepository } from './targets/targets.repository';
import { TargetsService } from './targets/targets.service';

export const IMPORT_SCHEMA = 'imports';
export const IMPORT_ENTITIES = [ImportJobEntity, TargetEntity];

@Module({})
export class ImportServiceModule {
  static forConfig(config: ImportServiceConfig): DynamicModule {
    return {
      module: ImportServiceModule,
      imports: [
        createLoggerModule(config.logging),
        DatabaseModule.forService({
          url: config.database.url,
          poolSize: config.database.poolSize,
          schema: IMPORT_SCHEMA,
          migrationsTableName: 'import_migrations',
          entities: IMPORT_ENTITIES,
          migrations: IMPORT_MIGRATIONS,
          applicationName: 'intake-import-service',
        }),
        // import-service asks auth-service for callers' grants.
        MessagingModule.forClient(config.nats, 'import-service'),
        WorkQueueModule.forRoot(config.nats, 'import-service'),
        StorageModule.forRoot(config.storage),
      ],
      // --role=worker runs only the queue workers (and health); --role=api only the request handlers.
      controllers: [...(config.role === 'worker' ? [] : [ImportJobsMessages, TargetsMessages, NocoBaseMessages]), healthMessages('import.health.check', 'import-service')],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: TargetDetailsInterceptor },
        { provide: IMPORT_CONFIG, useValue: config },
        { provide: SecretBox, useValue: new SecretBox(config.secretsKey) },
        ImportJobsRepository,
        ResultOrigins,
        ImportJobsService,
        WaitingJobs,
        StaleImportJobs,
        PlanChecker,
        JobAnalyser,
        RelationSuggestions,
        JobBatchesRepository,
        JobLinksRepository,
        LinkTables,
        ProgressPublisher,
        ResultFiles,
        JobRunner,
        JobRollbackWorker,
        TargetSecrets,
        CallerGrants,
        JobActors,
        TargetsRepository,
        TargetsService,
        NocoBasePools,
        NocoBaseMetadataRepository,
        CollectionReader,
        ConnectionTester,
        NocoBaseService,
        // The NocoBase writer (nocobase-writer/writer-types.ts describes how a job uses them).
        IdReservationsRepository,
        IdReservations,
        JobChangesRepository,
        JobInsertsRepository,
        TableFactsReader,
        RelationResolver,
        NocoBaseBatchWriter,
        JobRollback,
        WorkerIdCheck,
      ],
    };
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import { createLoggerModule, type WorkerServiceConfig } from '@intake/config';
import { DatabaseModule } from '@intake/db';
import { healthMessages } from '@intake/messaging';
import { CreateDocSchema1764100002000 } from './migrations/1764100002000-create-docs-schema';

export const DOC_SCHEMA = 'docs';

@Module({})
export class DocServiceModule {
  static forConfig(config: WorkerServiceConfig): DynamicModule {
    return {
      module: DocServiceModule,
      imports: [
        createLoggerModule(config.logging),
        DatabaseModule.forService({
          url: config.database.url,
          poolSize: config.database.poolSize,
          schema: DOC_SCHEMA,
          migrationsTableName: 'doc_migrations',
          entities: [],
          migrations: [CreateDocSchema1764100002000],
          applicationName: 'intake-doc-service',
        }),
      ],
      controllers: [healthMessages('doc.health.check', 'doc-service')],
    };
  }
}

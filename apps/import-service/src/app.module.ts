import { type DynamicModule, Module } from '@nestjs/common';
import { createLoggerModule, type ImportServiceConfig } from '@intake/config';
import { DatabaseModule } from '@intake/db';
import { healthMessages } from '@intake/messaging';
import { CreateImportSchema1764100001000 } from './migrations/1764100001000-create-imports-schema';

export const IMPORT_SCHEMA = 'imports';

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
          entities: [],
          migrations: [CreateImportSchema1764100001000],
          applicationName: 'intake-import-service',
        }),
      ],
      controllers: [healthMessages('import.health.check', 'import-service')],
    };
  }
}

import { type DynamicModule, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createServiceDataSource, migrateServiceSchema, type ServiceDatabaseOptions } from './data-source';

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Provides the service's `DataSource`, initialised and migrated before anything else starts. */
@Module({})
export class DatabaseModule {
  static forService(options: ServiceDatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
            // Migrations may rewrite large tables: they run on connections of their own, without the statement timeout.
            const migrator = createServiceDataSource({ ...options, statementTimeoutMs: 0, poolSize: 2 });
            await migrator.initialize();
            try {
              const ran = await migrateServiceSchema(migrator, options.schema);
              if (ran.length) new Logger('Database').log(`ran migrations: ${ran.join(', ')}`);
            } finally {
              await migrator.destroy();
            }
            const dataSource = createServiceDataSource(options);
            await dataSource.initialize();
            return dataSource;
          },
        },
        DataSourceCloser,
      ],
      exports: [DataSource],
    };
  }
}

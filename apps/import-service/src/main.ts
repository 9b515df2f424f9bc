import 'reflect-metadata';
import { loadImportServiceConfig } from '@intake/config';
import { startNatsService } from '@intake/messaging';
import { ImportServiceModule } from './app.module';

async function main(): Promise<void> {
  const config = loadImportServiceConfig(process.env, process.argv);
  await startNatsService(ImportServiceModule.forConfig(config), config.nats, 'import-service');
}

main().catch((error: unknown) => {
  process.stderr.write(`import-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

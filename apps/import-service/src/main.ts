import 'reflect-metadata';
import { loadWorkerServiceConfig } from '@intake/config';
import { startImportService } from './bootstrap';

startImportService(loadWorkerServiceConfig('import-service', process.env, process.argv)).catch((error: unknown) => {
  process.stderr.write(`import-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

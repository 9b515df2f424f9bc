import 'reflect-metadata';
import { loadWorkerServiceConfig } from '@intake/config';
import { startDocService } from './bootstrap';

startDocService(loadWorkerServiceConfig('doc-service', process.env, process.argv)).catch((error: unknown) => {
  process.stderr.write(`doc-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import 'reflect-metadata';
import { loadDocServiceConfig } from '@intake/config';
import { startDocService } from './bootstrap';

async function main(): Promise<void> {
  await startDocService(loadDocServiceConfig(process.env, process.argv));
}

main().catch((error: unknown) => {
  process.stderr.write(`doc-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

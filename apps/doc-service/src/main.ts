import 'reflect-metadata';
import { loadWorkerServiceConfig } from '@intake/config';
import { startNatsService } from '@intake/messaging';
import { DocServiceModule } from './app.module';

async function main(): Promise<void> {
  const config = loadWorkerServiceConfig('doc-service', process.env, process.argv);
  await startNatsService(DocServiceModule.forConfig(config), config.nats, 'doc-service');
}

main().catch((error: unknown) => {
  process.stderr.write(`doc-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

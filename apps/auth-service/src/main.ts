import 'reflect-metadata';
import { loadAuthServiceConfig } from '@intake/config';
import { startNatsService } from '@intake/messaging';
import { AuthServiceModule } from './app.module';

async function main(): Promise<void> {
  const config = loadAuthServiceConfig(process.env);
  await startNatsService(AuthServiceModule.forConfig(config), config.nats, 'auth-service');
}

main().catch((error: unknown) => {
  process.stderr.write(`auth-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import 'reflect-metadata';
import { loadAuthServiceConfig } from '@intake/config';
import { startAuthService } from './bootstrap';

startAuthService(loadAuthServiceConfig(process.env)).catch((error: unknown) => {
  process.stderr.write(`auth-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

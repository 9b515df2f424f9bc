import 'reflect-metadata';
import { loadGatewayConfig } from '@intake/config';
import { startGateway } from './bootstrap';

startGateway(loadGatewayConfig(process.env)).catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import 'reflect-metadata';
import { loadGatewayConfig } from '@intake/config';
import { startGateway } from './bootstrap';

async function main(): Promise<void> {
  await startGateway(loadGatewayConfig(process.env));
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

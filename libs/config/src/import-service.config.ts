import { z } from 'zod';
import { commonEnv, databaseEnv, type Env, intFromEnv, loadConfig, mapCommon, mapStorage, secretsEnv, serviceRoleEnv, storageEnv, withRoleFlag } from './env';

const schema = z.object({
  ...commonEnv,
  ...databaseEnv,
  ...storageEnv,
  ...secretsEnv,
  ...serviceRoleEnv,
  // How long a worker may go silent before its job is handed to another (it heartbeats while alive).
  IMPORT_WORKER_ACK_WAIT_SECONDS: intFromEnv(60, 2, 3600),
});

export type ImportServiceConfig = ReturnType<typeof loadImportServiceConfig>;

export function loadImportServiceConfig(env: Env, argv: string[] = []) {
  const e = loadConfig(schema, withRoleFlag(env, argv));
  return {
    ...mapCommon('import-service', e),
    database: { url: e.DATABASE_URL, poolSize: e.DB_POOL_SIZE },
    storage: mapStorage(e),
    secretsKey: e.SECRETS_KEY,
    role: e.SERVICE_ROLE,
    workerAckWaitMs: e.IMPORT_WORKER_ACK_WAIT_SECONDS * 1000,
  };
}

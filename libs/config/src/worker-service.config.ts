import { z } from 'zod';
import { commonEnv, databaseEnv, type Env, loadConfig, mapCommon } from './env';

const schema = z.object({
  ...commonEnv,
  ...databaseEnv,
  SERVICE_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
});

export type WorkerServiceConfig = ReturnType<typeof loadWorkerServiceConfig>;

/** import-service and doc-service share this shape until their features add their own variables. */
export function loadWorkerServiceConfig(service: 'import-service' | 'doc-service', env: Env, argv: string[] = []) {
  const roleFlag = argv.find((a) => a.startsWith('--role='))?.slice('--role='.length);
  const e = loadConfig(schema, roleFlag ? { ...env, SERVICE_ROLE: roleFlag } : env);
  return {
    ...mapCommon(service, e),
    database: { url: e.DATABASE_URL, poolSize: e.DB_POOL_SIZE },
    role: e.SERVICE_ROLE,
  };
}

import { z } from 'zod';
import { type Env, intFromEnv, loadConfig, mapWorkerService, withRoleFlag, workerServiceEnv } from './env';

const schema = z.object({
  ...workerServiceEnv,
  // How long a worker may go silent before its job is handed to another (it heartbeats while alive).
  IMPORT_WORKER_ACK_WAIT_SECONDS: intFromEnv(60, 2, 3600),
  // The longest one file's analysis may take: past it the job fails, and its worker takes the next
  // (a hostile or pathological file holds one of the two analysis slots for no longer than this).
  IMPORT_ANALYSIS_TIMEOUT_SECONDS: intFromEnv(1800, 1, 86_400),
  // How often an analysis looks whether its job is still wanted and says how many rows it has read,
  // in ms: each look is one query, and those following the job see the count move at this pace.
  IMPORT_ANALYSIS_POLL_MS: intFromEnv(1000, 50, 60_000),
  // The most one user's imports may keep of uploaded originals, in MB (1 MB to 1 TB): a failed or
  // cancelled import keeps its file until it is deleted, so without it one user could fill the disk.
  IMPORT_MAX_STORED_MB_PER_USER: intFromEnv(2048, 1, 1024 * 1024),
});

export type ImportServiceConfig = ReturnType<typeof loadImportServiceConfig>;

export function loadImportServiceConfig(env: Env, argv: string[] = []) {
  const e = loadConfig(schema, withRoleFlag(env, argv));
  return {
    ...mapWorkerService('import-service', e),
    workerAckWaitMs: e.IMPORT_WORKER_ACK_WAIT_SECONDS * 1000,
    analysisTimeoutMs: e.IMPORT_ANALYSIS_TIMEOUT_SECONDS * 1000,
    analysisPollMs: e.IMPORT_ANALYSIS_POLL_MS,
    maxStoredBytesPerUser: e.IMPORT_MAX_STORED_MB_PER_USER * 1024 * 1024,
  };
}

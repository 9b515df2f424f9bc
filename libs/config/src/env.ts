import { z } from 'zod';

/** Thrown at boot when the environment is unusable; the message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Env = Record<string, string | undefined>;

export function loadConfig<T extends z.ZodType>(schema: T, env: Env): z.output<T> {
  // Empty strings mean "unset", as in .env files with `KEY=`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new ConfigError(`Invalid environment: ${problems.join('; ')}`);
}

export const intFromEnv = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);

export const boolFromEnv = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL');
const natsUrl = z.string().refine((v) => /^(nats|tls):\/\//.test(v), 'must be a nats:// URL');

/** Variables every process reads. */
export const commonEnv = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NATS_URL: natsUrl.default('nats://127.0.0.1:4222'),
  // Without credentials anything that reaches NATS could speak for a user: set them in production.
  NATS_USER: z.string().optional(),
  NATS_PASSWORD: z.string().optional(),
  RPC_TIMEOUT_MS: intFromEnv(5000, 100, 120000),
  DATA_DIR: z.string().default('.data'),
};

/** Variables of a service that owns a PostgreSQL schema. */
export const databaseEnv = {
  DATABASE_URL: postgresUrl.default('postgres://postgres@127.0.0.1:5432/intake'),
  DB_POOL_SIZE: intFromEnv(10, 1, 200),
};

/**
 * The longest one SQL statement of a request may run (a table locked by a long operation, a stuck
 * query): it then fails, and the request answers 503, instead of holding the caller until the lock
 * goes. 0 for none. Migrations run without it.
 */
export const statementTimeoutEnv = {
  DB_STATEMENT_TIMEOUT_SECONDS: intFromEnv(60, 0, 86_400),
};

/** Object storage: S3/MinIO when S3_ENDPOINT is set, otherwise a folder (STORAGE_DIR or $DATA_DIR/objects). */
export const storageEnv = {
  STORAGE_DIR: z.string().optional(),
  S3_ENDPOINT: z.string().optional(),
  S3_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  S3_USE_SSL: boolFromEnv(true),
  S3_ACCESS_KEY: z.string().optional(),
  S3_SECRET_KEY: z.string().optional(),
  S3_BUCKET: z.string().default('intake'),
  S3_REGION: z.string().default('us-east-1'),
};

/** Services that run request handlers and queue workers: `--role=` on the command line wins over SERVICE_ROLE. */
export const serviceRoleEnv = {
  SERVICE_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
};

/** The environment with `--role=` from the command line applied, ready for loadConfig. */
export function withRoleFlag(env: Env, argv: string[]): Env {
  const roleFlag = argv.find((a) => a.startsWith('--role='))?.slice('--role='.length);
  return roleFlag ? { ...env, SERVICE_ROLE: roleFlag } : env;
}

/** Key for secrets stored in our tables (AES-256-GCM): 32 random bytes, base64. */
export const secretsEnv = {
  SECRETS_KEY: z
    .string({ error: 'is required (32 random bytes, base64: openssl rand -base64 32)' })
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)'),
};

export interface StorageSettings {
  dataDir: string;
  dir?: string;
  s3?: { endPoint: string; port?: number; useSSL?: boolean; accessKey?: string; secretKey?: string; bucket?: string; region?: string };
}

export function mapStorage(e: z.output<z.ZodObject<typeof storageEnv>> & { DATA_DIR: string }): StorageSettings {
  return {
    dataDir: e.DATA_DIR,
    dir: e.STORAGE_DIR,
    s3: e.S3_ENDPOINT
      ? { endPoint: e.S3_ENDPOINT, port: e.S3_PORT, useSSL: e.S3_USE_SSL, accessKey: e.S3_ACCESS_KEY, secretKey: e.S3_SECRET_KEY, bucket: e.S3_BUCKET, region: e.S3_REGION }
      : undefined,
  };
}

export interface LoggingConfig {
  service: string;
  level: string;
  pretty: boolean;
}

export interface NatsConfig {
  url: string;
  user?: string;
  pass?: string;
  rpcTimeoutMs: number;
}

export interface DatabaseConfig {
  url: string;
  poolSize: number;
  /** 0: none. */
  statementTimeoutMs?: number;
}

type CommonEnv = z.output<z.ZodObject<typeof commonEnv>>;

export function mapCommon(service: string, env: CommonEnv) {
  return {
    logging: { service, level: env.LOG_LEVEL, pretty: false } satisfies LoggingConfig,
    nats: { url: env.NATS_URL, user: env.NATS_USER, pass: env.NATS_PASSWORD, rpcTimeoutMs: env.RPC_TIMEOUT_MS } satisfies NatsConfig,
    dataDir: env.DATA_DIR,
  };
}

/** Every variable of a service with a schema, object storage, stored secrets and queue workers. */
export const workerServiceEnv = { ...commonEnv, ...databaseEnv, ...storageEnv, ...secretsEnv, ...serviceRoleEnv };
type WorkerServiceEnv = z.output<z.ZodObject<typeof workerServiceEnv>>;

/** The nested config such a service starts from; its own settings are added beside these. */
export function mapWorkerService(service: string, e: WorkerServiceEnv) {
  return {
    ...mapCommon(service, e),
    database: { url: e.DATABASE_URL, poolSize: e.DB_POOL_SIZE } satisfies DatabaseConfig,
    storage: mapStorage(e),
    secretsKey: e.SECRETS_KEY,
    role: e.SERVICE_ROLE,
  };
}

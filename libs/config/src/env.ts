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
  RPC_TIMEOUT_MS: intFromEnv(5000, 100, 120000),
  DATA_DIR: z.string().default('.data'),
};

/** Variables of a service that owns a PostgreSQL schema. */
export const databaseEnv = {
  DATABASE_URL: postgresUrl.default('postgres://postgres@127.0.0.1:5432/intake'),
  DB_POOL_SIZE: intFromEnv(10, 1, 200),
};

export interface LoggingConfig {
  service: string;
  level: string;
  pretty: boolean;
}

export interface NatsConfig {
  url: string;
  rpcTimeoutMs: number;
}

export interface DatabaseConfig {
  url: string;
  poolSize: number;
}

type CommonEnv = z.output<z.ZodObject<typeof commonEnv>>;

export function mapCommon(service: string, env: CommonEnv) {
  return {
    logging: { service, level: env.LOG_LEVEL, pretty: false } satisfies LoggingConfig,
    nats: { url: env.NATS_URL, rpcTimeoutMs: env.RPC_TIMEOUT_MS } satisfies NatsConfig,
    dataDir: env.DATA_DIR,
  };
}

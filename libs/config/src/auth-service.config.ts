import { join } from 'node:path';
import { UsernameSchema } from '@intake/contracts';
import { z } from 'zod';
import { boolFromEnv, commonEnv, databaseEnv, type Env, intFromEnv, loadConfig, mapCommon, statementTimeoutEnv } from './env';

const schema = z.object({
  ...commonEnv,
  ...databaseEnv,
  ...statementTimeoutEnv,
  JWT_PRIVATE_KEY_FILE: z.string().optional(),
  JWT_PUBLIC_KEY_FILE: z.string().optional(),
  JWT_GENERATE_KEYS: boolFromEnv(true),
  JWT_EXPIRES_IN_SECONDS: intFromEnv(8 * 3600, 60, 7 * 24 * 3600),
  LOGIN_MAX_FAILURES: intFromEnv(5, 1, 1000),
  LOGIN_MAX_ACCOUNT_FAILURES: intFromEnv(20, 1, 100_000),
  LOGIN_LOCKOUT_WINDOW_SECONDS: intFromEnv(15 * 60, 1, 7 * 24 * 3600),
  ADMIN_USERNAME: UsernameSchema.default('admin'),
  ADMIN_EMAIL: z.email().default('admin@intake.local'),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
});

export type AuthServiceConfig = ReturnType<typeof loadAuthServiceConfig>;

export function loadAuthServiceConfig(env: Env) {
  const e = loadConfig(schema, env);
  const keysDir = join(e.DATA_DIR, 'keys');
  return {
    ...mapCommon('auth-service', e),
    database: { url: e.DATABASE_URL, poolSize: e.DB_POOL_SIZE, statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_SECONDS * 1000 },
    jwt: {
      privateKeyFile: e.JWT_PRIVATE_KEY_FILE ?? join(keysDir, 'jwt-private.pem'),
      publicKeyFile: e.JWT_PUBLIC_KEY_FILE ?? join(keysDir, 'jwt-public.pem'),
      generateWhenMissing: e.JWT_GENERATE_KEYS,
      expiresInSeconds: e.JWT_EXPIRES_IN_SECONDS,
    },
    lockout: { maxFailures: e.LOGIN_MAX_FAILURES, maxAccountFailures: e.LOGIN_MAX_ACCOUNT_FAILURES, windowSeconds: e.LOGIN_LOCKOUT_WINDOW_SECONDS },
    bootstrapAdmin: { username: e.ADMIN_USERNAME, email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD },
  };
}

import { z } from 'zod';
import { boolFromEnv, commonEnv, type Env, intFromEnv, loadConfig, mapCommon } from './env';

const schema = z.object({
  ...commonEnv,
  PORT: intFromEnv(3000, 0, 65535),
  HOST: z.string().default('0.0.0.0'),
  COOKIE_SECURE: boolFromEnv(false),
  TRUST_PROXY: boolFromEnv(false),
  LOGIN_RATE_LIMIT: intFromEnv(10, 1, 10000),
  LOGIN_RATE_WINDOW_SECONDS: intFromEnv(60, 1, 3600),
  JSON_BODY_LIMIT: z.string().default('1mb'),
});

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

export function loadGatewayConfig(env: Env) {
  const e = loadConfig(schema, env);
  return {
    ...mapCommon('gateway', e),
    http: { port: e.PORT, host: e.HOST, trustProxy: e.TRUST_PROXY, jsonBodyLimit: e.JSON_BODY_LIMIT },
    cookies: { secure: e.COOKIE_SECURE },
    loginRateLimit: { limit: e.LOGIN_RATE_LIMIT, windowSeconds: e.LOGIN_RATE_WINDOW_SECONDS },
  };
}

import { z } from 'zod';
import { boolFromEnv, commonEnv, type Env, intFromEnv, loadConfig, mapCommon, mapStorage, storageEnv } from './env';

const schema = z.object({
  ...commonEnv,
  ...storageEnv,
  PORT: intFromEnv(3000, 0, 65535),
  HOST: z.string().default('0.0.0.0'),
  COOKIE_SECURE: boolFromEnv(false),
  // Which proxies may set X-Forwarded-For: a hop count or their addresses/CIDRs. Never "true":
  // that would let any client pick the address the login rate limit counts.
  TRUST_PROXY: z
    .string()
    .default('false')
    .refine((v) => v !== 'true', 'use a hop count (e.g. 1) or the proxies\' addresses, not "true"')
    .transform((v): false | number | string[] =>
      v === 'false' || v === '0' ? false : /^\d+$/.test(v) ? Number(v) : v.split(',').map((part) => part.trim()),
    ),
  LOGIN_RATE_LIMIT: intFromEnv(10, 1, 10000),
  LOGIN_RATE_WINDOW_SECONDS: intFromEnv(60, 1, 3600),
  JSON_BODY_LIMIT: z.string().default('1mb'),
  // doc-service's internal HTTP API, which /api/documents and /api/settings are proxied to.
  DOC_SERVICE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3100'),
  // doc-service silent this long after a request ended, before any byte of its answer, is answered 504.
  DOC_SERVICE_TIMEOUT_SECONDS: intFromEnv(90, 1, 3600),
  // The web app's static export; the gateway's own dist/apps/web when unset.
  WEB_DIR: z.string().min(1).optional(),
  IMPORT_MAX_UPLOAD_BYTES: intFromEnv(100 * 1024 * 1024, 1024, 10 * 1024 * 1024 * 1024),
  // How often an open import progress stream asks again whether its session and app still hold.
  IMPORT_EVENTS_RECHECK_SECONDS: intFromEnv(30, 1, 3600),
});

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

export function loadGatewayConfig(env: Env) {
  const e = loadConfig(schema, env);
  return {
    ...mapCommon('gateway', e),
    http: { port: e.PORT, host: e.HOST, trustProxy: e.TRUST_PROXY, jsonBodyLimit: e.JSON_BODY_LIMIT },
    cookies: { secure: e.COOKIE_SECURE },
    storage: mapStorage(e),
    uploads: { importMaxBytes: e.IMPORT_MAX_UPLOAD_BYTES },
    importEvents: { recheckMs: e.IMPORT_EVENTS_RECHECK_SECONDS * 1000 },
    docService: { url: e.DOC_SERVICE_URL, timeoutMs: e.DOC_SERVICE_TIMEOUT_SECONDS * 1000 },
    web: { dir: e.WEB_DIR ?? null },
    loginRateLimit: { limit: e.LOGIN_RATE_LIMIT, windowSeconds: e.LOGIN_RATE_WINDOW_SECONDS },
  };
}

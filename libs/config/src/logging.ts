import { type DynamicModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { LoggingConfig } from './env';

/** Log paths that may hold a credential; pino replaces their values before anything is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'password',
  'new_password',
  'current_password',
  'access_token',
  'csrf_token',
  '*.password',
  '*.new_password',
  '*.current_password',
  '*.access_token',
  '*.csrf_token',
  'api_key',
  '*.api_key',
  '*.password_hash',
  // TypeORM errors carry the failed query's parameters: hashes, emails, secrets.
  'err.parameters',
  'err.query',
  'err.driverError.parameters',
];

export function createLoggerModule(config: LoggingConfig, requestId?: (req: unknown) => string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      name: config.service,
      level: config.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: requestId as never,
      customProps: () => ({ service: config.service }),
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/api/health') },
    },
    // Every route, in the path syntax of Express 5 (nestjs-pino's default '*' makes Nest warn).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  });
}

import { type DynamicModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { LoggingConfig } from './env';

/** Log paths that may hold a credential; pino replaces their values before anything is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  // What a user searches their documents for is theirs (the url is cut the same way, loggedUrl).
  'req.query.q',
  'res.headers["set-cookie"]',
  // A redirect to an address with a search in it (/documents?q=… → /documents/?q=…).
  'res.headers.location',
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
      serializers: { req: (req: { url?: string }) => ({ ...req, url: loggedUrl(req.url) }) },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/api/health') },
    },
    // Every route, in the path syntax of Express 5 (nestjs-pino's default '*' makes Nest warn).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  });
}

/** A request's url as logged: a search's words (`q`) replaced, the rest as it came. */
export function loggedUrl(url: string | undefined): string | undefined {
  if (!url?.includes('?')) return url;
  const [path, query] = [url.slice(0, url.indexOf('?')), new URLSearchParams(url.slice(url.indexOf('?') + 1))];
  if (!query.has('q')) return url;
  query.set('q', '[redacted]');
  return `${path}?${query.toString()}`;
}

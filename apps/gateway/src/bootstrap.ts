import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { jsonBodyOptions } from '@intake/auth';
import { DocServiceOpenApi } from './documents/doc-service-openapi';
import type { GatewayConfig } from '@intake/config';
import cookieParser from 'cookie-parser';
import { json, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { join } from 'node:path';
import { GatewayModule } from './app.module';
import { keepIdleConnections } from './keep-alive';
import { securityDirectives } from './web/content-security';
import { webApp } from './web/web-app';

/**
 * Routes whose bodies go to doc-service as they came: it parses and limits them itself. Parsed here
 * and written again, an `Expect: 100-continue` request's body was never sent (http-proxy skips its
 * hook then), a gzip body went on still marked gzip, and a deeply nested one overflowed the stack.
 */
// Case-blind, as Express routes: /API/Documents reaches the proxy too, and must not arrive there parsed.
const PROXIED = /^\/api\/(documents|settings)(\/|$)/i;
const API_PATH = /^\/api(\/|$)/i;

/** Builds the HTTP app (without listening), so tests and main share one configuration. */
export async function createGateway(config: GatewayConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forConfig(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  const parseJson = json(jsonBodyOptions(config.http.jsonBodyLimit));
  app.use((req: Request, res: Response, next: NextFunction) => (PROXIED.test(req.path) ? next() : parseJson(req, res, next)));
  // HSTS only where the suite is served over HTTPS (COOKIE_SECURE): sent over HTTP to a name under a parent domain reached by HTTPS elsewhere, it would pin every sibling to HTTPS for a year.
  app.use(helmet({ contentSecurityPolicy: { useDefaults: false, directives: securityDirectives(config.cookies.secure) }, strictTransportSecurity: config.cookies.secure }));
  // An answer of the API is someone's own (a document's text, a PDF, an import's rows): on a shared
  // computer none may stay in the browser's cache after signing out. A route may still say otherwise.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (API_PATH.test(req.path)) res.setHeader('cache-control', 'no-store');
    next();
  });
  app.use(cookieParser());
  // dist/apps/gateway/src → dist/apps/web, where `npm run build` puts the web app's static export.
  app.use(webApp(config.web.dir ?? join(__dirname, '../../web'), config.cookies.secure));
  app.setGlobalPrefix('api', { exclude: ['.well-known/jwks.json'] });
  app.enableShutdownHooks();
  keepIdleConnections(app.getHttpServer());
  const openapi = new DocumentBuilder()
    .setTitle('Intake API')
    .setDescription('Spreadsheets into NocoBase and Elasticsearch, PDFs into a searchable store, behind one login.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .addCookieAuth('intake_token')
    .build();
  const docService = new DocServiceOpenApi(config.docService.url);
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openapi), {
    jsonDocumentUrl: 'api/docs/openapi.json',
    patchDocumentOnRequest: (_req, _res, document) => docService.merge(document),
  });
  return app;
}

export async function startGateway(config: GatewayConfig): Promise<INestApplication> {
  const app = await createGateway(config);
  await app.listen(config.http.port, config.http.host);
  return app;
}

import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createProxyMiddleware, debugProxyErrorsPlugin, proxyEventsPlugin, type RequestHandler } from 'http-proxy-middleware';
import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { limitUpstreamWait } from './upstream-wait';

/** How long a client may leave its connection idle: uploads of many large PDFs take a while to stream through. */
const CLIENT_TIMEOUT_MS = 10 * 60_000;

/**
 * Forwards a request, unchanged, to doc-service's internal API: same path, method, headers (the
 * token travels on, and doc-service verifies it again) and body, which the gateway does not parse
 * (bootstrap.ts): it streams through untouched.
 */
@Injectable()
export class DocServiceProxy implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('DocServiceProxy');
  private readonly handler: RequestHandler<IncomingMessage, ServerResponse>;
  /** Event streams passing through, with doc-service's side: they never end by themselves, and a stop waits for every answer to end. */
  private readonly streams = new Map<ServerResponse, IncomingMessage>();
  private closing = false;
  /** Requests whose connection to doc-service went silent past the timeout (told apart from a refused or broken one). */
  private readonly timedOut = new WeakSet<IncomingMessage>();
  /**
   * Connections to doc-service are kept open and reused. Closed after each answer (as http-proxy
   * asks without an agent, or when the client's own `Connection: close` went on), doc-service,
   * refusing an over-large upload before reading all of it, hung up while the body was still coming,
   * and the proxy met EPIPE and answered 503 instead of the 413.
   */
  // An idle one is closed after 4 s, before doc-service's 5 s (Node's keepAliveTimeout) could close it under a request.
  private readonly agent = new Agent({ keepAlive: true, timeout: 4_000 });

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.handler = createProxyMiddleware<IncomingMessage, ServerResponse>({
      target: config.docService.url,
      agent: this.agent,
      // Hop-by-hop: how the client holds its connection to the gateway is not how the gateway holds
      // doc-service's. Set here, not in a proxyReq hook, which http-proxy skips for `Expect: 100-continue`.
      headers: { connection: 'keep-alive' },
      // How long doc-service may stay silent is limited in the proxyReq hook (limitUpstreamWait).
      timeout: CLIENT_TIMEOUT_MS,
      xfwd: true,
      // Our own error answer (JSON, like every other) instead of the default plain-text one.
      ejectPlugins: true,
      plugins: [debugProxyErrorsPlugin, proxyEventsPlugin],
      on: {
        // A doc-service that hangs (or a statement stuck past its own timeout) does not hold the client.
        proxyReq: (proxyReq, req) => limitUpstreamWait(proxyReq, req, config.docService.timeoutMs, () => this.timedOut.add(req)),
        proxyRes: (proxyRes, _req, res) => {
          // How doc-service holds its connection to the proxy is no business of the client's.
          delete proxyRes.headers.connection;
          delete proxyRes.headers['keep-alive'];
          // The gateway's own policies stand (it knows whether the site is served over HTTPS; doc-service does not).
          delete proxyRes.headers['content-security-policy'];
          delete proxyRes.headers['strict-transport-security'];
          if (!String(proxyRes.headers['content-type'] ?? '').startsWith('text/event-stream')) return;
          this.streams.set(res, proxyRes);
          res.once('close', () => this.streams.delete(res));
          // A stream that opens while stopping (its request was under way) ends at once, once its headers are out.
          if (this.closing) setImmediate(() => endStream(res, proxyRes));
        },
        error: (error, req, res) => {
          const timedOut = this.timedOut.has(req);
          this.logger.warn({ err: error, timedOut }, 'doc-service did not answer');
          if (!('writeHead' in res)) return void res.destroy();
          if (res.headersSent) return void res.destroy();
          const seconds = config.docService.timeoutMs / 1000;
          const body = timedOut
            ? { statusCode: 504, error: 'SERVICE_TIMEOUT', message: `The document service did not answer within ${seconds} s; try again shortly` }
            : { statusCode: 503, error: 'SERVICE_UNAVAILABLE', message: 'The document service is not reachable; try again shortly' };
          res.writeHead(body.statusCode, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
      },
    });
  }

  forward(req: Request, res: Response): Promise<void> {
    // This server has told the client to go on already; passed on, the header would also make
    // http-proxy skip its proxyReq hook, where the wait on doc-service is limited.
    delete req.headers.expect;
    return this.handler(req, res);
  }

  /** Ends the event streams before the server closes: browsers reconnect, to this replica's successor. */
  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const [res, upstream] of this.streams) endStream(res, upstream);
  }

  /** After the server has closed, the requests it was still answering are done: their connections can go. */
  onApplicationShutdown(): void {
    this.agent.destroy();
  }
}

/** Ends a proxied event stream and drops doc-service's side of it, which would otherwise stay open and piped. */
function endStream(res: ServerResponse, upstream: IncomingMessage): void {
  upstream.unpipe(res);
  upstream.destroy();
  res.end();
}

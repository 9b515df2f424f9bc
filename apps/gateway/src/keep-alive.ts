import { REQUEST_TIMEOUT_MS } from '@intake/config';
import type { Server } from 'node:http';

/**
 * How long the gateway keeps an idle connection open: longer than the reverse proxy in front of it
 * keeps its upstream connections (nginx: 60 s, whatever `Keep-Alive: timeout` says). With Node's
 * 5 s, nginx can send a request on a connection the gateway is just closing, and a POST such as an
 * upload then fails with a 502 instead of being answered. The side that sends requests must be the
 * one that closes idle connections.
 */
export const KEEP_ALIVE_MS = 65_000;

export function keepIdleConnections(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  // close() ends only the connections idle at that moment; one busy then would be kept 65 s more
  // after its answer and hold the stop up until it is killed. Once closing, answer and hang up:
  // before Express's listener, which may answer at once (the web app's pages, redirects).
  let closing = false;
  server.prependListener('request', (_req, res) => {
    if (closing) res.shouldKeepAlive = false;
  });
  const close = server.close.bind(server);
  server.close = ((callback?: (error?: Error) => void) => {
    closing = true;
    // 0 would mean no timeout at all; Node adds a second to it, so an idle connection goes within about 1 s.
    server.keepAliveTimeout = 1;
    return close(callback);
  }) as Server['close'];
}

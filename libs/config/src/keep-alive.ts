import type { Server } from 'node:http';

/**
 * How long an HTTP server keeps an idle connection open. Longer than the proxies and clients in front
 * of it keep theirs (nginx reuses upstream connections for 60 s; Node's own agent for 5 s): with
 * Node's default of 5 s, a client can send a request on a connection the server is just closing,
 * and a POST such as an upload then fails (EPIPE, or 502 from a proxy) instead of being answered.
 * The side that sends requests must be the one that closes idle connections.
 */
export const KEEP_ALIVE_MS = 65_000;

export function keepIdleConnections(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Node measures headersTimeout from the start of a request on a reused connection: it must not end first.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}

import type { ClientRequest, IncomingMessage } from 'node:http';

/**
 * Limits how long the gateway waits on doc-service for one request: from the end of the client's
 * request (an upload the client pauses is the client's business) to the start of doc-service's
 * answer (a download under way goes at the client's pace, under doc-service's own idle limits).
 * After `ms` of silence the request to doc-service is dropped; `onTimeout` is told first, unless
 * the connection was still being made (doc-service unreachable, not slow: the keep-alive agent's
 * own connect wait ends here too).
 */
export function limitUpstreamWait(proxyReq: ClientRequest, req: IncomingMessage, ms: number, onTimeout: () => void): void {
  let answered = false;
  proxyReq.once('response', () => {
    answered = true;
    proxyReq.setTimeout(0);
  });
  const arm = () => {
    if (answered) return;
    proxyReq.setTimeout(ms, () => {
      if (!proxyReq.socket?.connecting) onTimeout();
      proxyReq.destroy();
    });
  };
  if (req.complete) arm();
  else req.once('end', arm);
}

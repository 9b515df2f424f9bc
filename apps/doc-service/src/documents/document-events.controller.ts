import { type BeforeApplicationShutdown, Controller, Get, Inject, Logger, Req, Res } from '@nestjs/common';
import { type AuthUser, CurrentUser, SESSION_VERIFIER, type SessionVerifier, verifiedClaimsOf } from '@intake/auth';
import { AppError } from '@intake/contracts';
import { appAccessCheck, RequireApp, RpcClient, watchStreamAccess } from '@intake/messaging';
import type { Request, Response } from 'express';
import { DOC_CONFIG, type DocServiceConfig } from '../config';
import { StatusEventsHub } from './status-events-hub';

const KEEPALIVE_MS = 15_000;
/** Open streams one user may hold on this process: a tab each, and each holds a connection and a re-check timer. */
export const MAX_STREAMS_PER_USER = 10;

/**
 * The caller's documents moving from queued to done, as Server-Sent Events (`event: status`). Only
 * the caller's own documents are sent. The stream stays open until the client goes, or until the
 * token expires, the session ends or the documents app is taken away: then a last `event: end`
 * says why (`expired`, `revoked`, `app_removed`), so the client does not just reconnect. A user
 * with MAX_STREAMS_PER_USER open already gets only that end (`too_many_streams`).
 */
@RequireApp('documents')
@Controller('documents/events')
export class DocumentEventsController implements BeforeApplicationShutdown {
  private readonly logger = new Logger('DocumentEvents');
  /** Open streams: they never end by themselves, and a stop waits for every answer to end. */
  private readonly streams = new Set<Response>();
  private readonly perUser = new Map<string, number>();
  private closing = false;

  constructor(
    private readonly events: StatusEventsHub,
    @Inject(SESSION_VERIFIER) private readonly sessions: SessionVerifier,
    private readonly rpc: RpcClient,
    @Inject(DOC_CONFIG) private readonly config: DocServiceConfig,
  ) {}

  @Get()
  stream(@CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response): void {
    const claims = verifiedClaimsOf(req);
    if (!claims) throw new AppError('UNAUTHENTICATED', 'Authentication required');
    // The guards ask auth-service first: a client that left meanwhile has already had its 'close'.
    if (res.destroyed || req.socket.destroyed) return;
    const open = this.perUser.get(user.id) ?? 0;
    if (open >= MAX_STREAMS_PER_USER) {
      // As a stream that ends at once, saying why: a browser's EventSource cannot read an error status and would only retry.
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.end(`event: end\ndata: ${JSON.stringify({ reason: 'too_many_streams', limit: MAX_STREAMS_PER_USER })}\n\n`);
      return;
    }
    // An event already in flight when the stream ended must not write after the end.
    const send = (chunk: string) => {
      if (!res.writableEnded) res.write(chunk);
    };
    // First, before any timer: subscribing throws while NATS drains (a stop under way), and then nothing else is started.
    const stopListening = this.events.listen(user.id, {
      event: ({ owner_id: _owner, ...visible }) => send(`event: status\ndata: ${JSON.stringify(visible)}\n\n`),
      // NATS closed the subscription: nothing more will come, the client reconnects.
      end: () => res.end(),
    });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const keepalive = setInterval(() => send(': keepalive\n\n'), KEEPALIVE_MS);
    const stopWatch = watchStreamAccess({
      claims,
      recheckMs: this.config.events.recheckMs,
      check: appAccessCheck(this.sessions, this.rpc, claims, 'documents'),
      onEnd: (reason) => {
        send(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
        res.end();
      },
      onCheckFailed: (error) =>
        this.logger.warn({ userId: user.id, reason: error instanceof Error ? error.message : String(error) }, 'could not re-check an event stream; keeping it open until the next try'),
    });
    this.streams.add(res);
    this.perUser.set(user.id, open + 1);
    // A stream whose request was under way when the stop began ends at once.
    if (this.closing) res.end();
    // 'close' comes both when the client goes and after our own end().
    res.on('close', () => {
      this.streams.delete(res);
      const left = (this.perUser.get(user.id) ?? 1) - 1;
      if (left > 0) this.perUser.set(user.id, left);
      else this.perUser.delete(user.id);
      clearInterval(keepalive);
      stopWatch();
      stopListening();
    });
  }

  /** Ends the streams before the server closes (no `event: end`): browsers reconnect, to this replica's successor. */
  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const res of this.streams) res.end();
  }
}

import { Controller, Get, Inject, Logger, Param, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SESSION_VERIFIER, type SessionVerifier, verifiedClaimsOf, ZodPipe } from '@intake/auth';
import { AppError, importProgressSubject, type ImportProgressEvent, uuid } from '@intake/contracts';
import { appAccessCheck, RequireApp, RpcClient, type RpcCallOptions, watchStreamAccess } from '@intake/messaging';
import type { Request, Response } from 'express';
import { CallContext } from '../common/call-context';
import { GATEWAY_CONFIG } from '../config';
import type { GatewayConfig } from '@intake/config';

const IdParam = new ZodPipe(uuid(), 'id');
const FINAL = new Set(['ready', 'completed', 'failed', 'cancelled', 'rolled_back']);
const KEEPALIVE_MS = 15_000;
/** Open streams one user may hold on this gateway: each holds a connection, a NATS subscription and a timer. */
export const MAX_IMPORT_STREAMS_PER_USER = 10;

/**
 * Live progress as Server-Sent Events: the job's state first, then each progress event, until it
 * settles; or until the token expires, the session ends, the imports app is taken away or the job
 * is no longer the caller's to see (deleted, or its admin demoted), when a last `event: end` says
 * why (`expired`, `revoked`, `app_removed`, `not_found`), as the documents' stream does.
 */
@ApiTags('imports')
@ApiBearerAuth()
@RequireApp('imports')
@Controller('imports/:id/events')
export class ImportEventsController {
  private readonly logger = new Logger('ImportEvents');
  private readonly perUser = new Map<string, number>();

  constructor(
    private readonly rpc: RpcClient,
    @Inject(SESSION_VERIFIER) private readonly sessions: SessionVerifier,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'text/event-stream of { job_id, status, progress (rows/s, ETA), error }; ends when the job is finished' })
  @ApiProduces('text/event-stream')
  async stream(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions, @Req() req: Request, @Res() res: Response) {
    // The guards ask auth-service first: a client that left meanwhile has already had its 'close'.
    const gone = () => res.destroyed || req.socket.destroyed;
    if (gone()) return;
    const claims = verifiedClaimsOf(req);
    if (!claims) throw new AppError('UNAUTHENTICATED', 'Authentication required');
    const userId = ctx.caller?.userId ?? '';
    const open = this.perUser.get(userId) ?? 0;
    if (open >= MAX_IMPORT_STREAMS_PER_USER) {
      // As the documents' stream does: one that ends at once, saying why (a browser's EventSource cannot read an error status).
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      return res.end(`event: end\ndata: ${JSON.stringify({ reason: 'too_many_streams', limit: MAX_IMPORT_STREAMS_PER_USER })}\n\n`);
    }
    this.perUser.set(userId, open + 1);
    try {
      // Subscribe before reading the state, so no event between the two is lost.
      const events = this.rpc.events<ImportProgressEvent>(importProgressSubject(id));
      // At once, before any wait: a client that goes while the job is read ends the stream too.
      res.on('close', () => events.close());
      try {
        const job = await this.rpc.request('import.jobs.get', { id }, ctx);
        if (gone()) return;
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
        // Set once access ends: events NATS had queued already must not follow the last `event: end`.
        let ended = false;
        const send = (event: ImportProgressEvent) => !ended && res.write(`event: progress\ndata: ${JSON.stringify(event)}\n\n`);
        send({ job_id: job.id, status: job.status, progress: job.progress, error: job.error });
        if (FINAL.has(job.status) && job.status !== 'ready') return res.end();
        const keepalive = setInterval(() => !ended && res.write(': keepalive\n\n'), KEEPALIVE_MS);
        const stopWatch = watchStreamAccess({
          claims,
          recheckMs: this.config.importEvents.recheckMs,
          check: appAccessCheck(this.sessions, this.rpc, claims, 'imports', (caller) => this.jobShown(id, { ...ctx, caller })),
          onEnd: (reason) => {
            ended = true;
            res.write(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
            events.close();
          },
          onCheckFailed: (error) =>
            this.logger.warn({ userId, reason: error instanceof Error ? error.message : String(error) }, 'could not re-check an import event stream; keeping it open until the next try'),
        });
        try {
          for await (const event of events) {
            send(event);
            if (FINAL.has(event.status)) break;
          }
        } finally {
          stopWatch();
          clearInterval(keepalive);
          res.end();
        }
      } finally {
        events.close();
      }
    } finally {
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left > 0) this.perUser.set(userId, left);
      else this.perUser.delete(userId);
    }
  }

  /** The job as `ctx`'s caller sees it: false when import-service says it is not there for them. */
  private jobShown(id: string, ctx: RpcCallOptions): Promise<boolean> {
    return this.rpc.request('import.jobs.get', { id }, ctx).then(
      () => true,
      (error: unknown) => {
        if (error instanceof AppError && error.status === 404) return false;
        throw error;
      },
    );
  }
}

import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { importProgressSubject, type ImportProgressEvent, uuid } from '@intake/contracts';
import { RpcClient, type RpcCallOptions } from '@intake/messaging';
import type { Request, Response } from 'express';
import { CallContext } from '../common/call-context';
import { RequireApp } from '@intake/messaging';
import { ZodPipe } from '@intake/auth';

const IdParam = new ZodPipe(uuid(), 'id');
const FINAL = new Set(['ready', 'completed', 'failed', 'cancelled', 'rolled_back']);
const KEEPALIVE_MS = 15_000;
/** Open streams one user may hold on this gateway: each holds a connection, a NATS subscription and a timer. */
export const MAX_IMPORT_STREAMS_PER_USER = 10;

/** Live progress as Server-Sent Events: the job's state first, then each progress event, until it settles. */
@ApiTags('imports')
@ApiBearerAuth()
@RequireApp('imports')
@Controller('imports/:id/events')
export class ImportEventsController {
  private readonly perUser = new Map<string, number>();

  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'text/event-stream of { job_id, status, progress (rows/s, ETA), error }; ends when the job is finished' })
  @ApiProduces('text/event-stream')
  async stream(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions, @Req() req: Request, @Res() res: Response) {
    // The guards ask auth-service first: a client that left meanwhile has already had its 'close'.
    const gone = () => res.destroyed || req.socket.destroyed;
    if (gone()) return;
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
        const send = (event: ImportProgressEvent) => res.write(`event: progress\ndata: ${JSON.stringify(event)}\n\n`);
        send({ job_id: job.id, status: job.status, progress: job.progress, error: job.error });
        if (FINAL.has(job.status) && job.status !== 'ready') return res.end();
        const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
        try {
          for await (const event of events) {
            send(event);
            if (FINAL.has(event.status)) break;
          }
        } finally {
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
}

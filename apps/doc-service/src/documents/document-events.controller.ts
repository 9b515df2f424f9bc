import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { type AuthUser, CurrentUser } from '@intake/auth';
import { DOC_STATUS_ALL, type DocStatusEvent } from '@intake/contracts';
import { RequireApp, WORK_CONNECTION } from '@intake/messaging';
import type { Request, Response } from 'express';
import type { NatsConnection } from 'nats';

const KEEPALIVE_MS = 15_000;
const decoder = new TextDecoder();

/**
 * The caller's documents moving from queued to done, as Server-Sent Events (`event: status`). Only
 * the caller's own documents are sent; the stream stays open until the client goes.
 */
@RequireApp('documents')
@Controller('documents/events')
export class DocumentEventsController {
  constructor(@Inject(WORK_CONNECTION) private readonly nats: NatsConnection) {}

  @Get()
  stream(@CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response): void {
    const subscription = this.nats.subscribe(DOC_STATUS_ALL);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    req.on('close', () => {
      clearInterval(keepalive);
      subscription.unsubscribe();
    });
    void (async () => {
      for await (const msg of subscription) {
        const event = parseEvent(msg.data);
        if (event?.owner_id !== user.id) continue;
        const { owner_id: _owner, ...visible } = event;
        res.write(`event: status\ndata: ${JSON.stringify(visible)}\n\n`);
      }
    })();
  }
}

/** Anything on the subject that is not one of our events is ignored, never a crash. */
function parseEvent(data: Uint8Array): DocStatusEvent | null {
  try {
    return JSON.parse(decoder.decode(data)) as DocStatusEvent;
  } catch {
    return null;
  }
}

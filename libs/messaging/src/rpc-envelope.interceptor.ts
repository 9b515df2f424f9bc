import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import { AppError, CORRELATION_HEADER, type RpcReply, unavailableDependency } from '@intake/contracts';
import type { NatsContext } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { catchError, map, type Observable, of } from 'rxjs';

/** Under NATS's default max_payload (1 MB), with room for the transport's own wrapping. */
const MAX_REPLY_BYTES = 960 * 1024;

/**
 * Turns a handler's result into `{ ok: true, data }` and any error into `{ ok: false, error }`, so
 * every reply on the wire has one shape and unknown failures never leak a stack trace.
 */
@Injectable()
export class RpcEnvelopeInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Rpc');

  intercept(context: ExecutionContext, next: CallHandler): Observable<RpcReply<unknown>> {
    const nats = context.switchToRpc().getContext<NatsContext>();
    return next.handle().pipe(
      map((data: unknown) => this.fitting({ ok: true as const, data }, nats)),
      catchError((error: unknown) => {
        if (error instanceof AppError) return of({ ok: false as const, error: error.toBody() });
        const unavailable = unavailableDependency(error);
        if (unavailable) {
          this.logger.warn({ subject: nats.getSubject(), err: error }, unavailable.message);
          return of({ ok: false as const, error: unavailable.toBody() });
        }
        const errorId = randomUUID();
        const requestId = nats.getHeaders?.()?.get(CORRELATION_HEADER);
        this.logger.error({ errorId, requestId, subject: nats.getSubject(), err: error }, 'unhandled error in handler');
        const body = new AppError('INTERNAL', `Internal error (errorId ${errorId})`, { errorId }).toBody();
        return of({ ok: false as const, error: body });
      }),
      map((reply) => this.fitting(reply, nats)),
    );
  }

  /**
   * The reply, or one that says it was too large: NATS refuses a message over its max_payload (1 MB
   * by default) by throwing where the transport sends it, which ended the whole service.
   */
  private fitting(reply: RpcReply<unknown>, nats: NatsContext): RpcReply<unknown> {
    const bytes = Buffer.byteLength(JSON.stringify(reply));
    if (bytes <= MAX_REPLY_BYTES) return reply;
    if (!reply.ok) {
      const { message } = reply.error;
      return { ok: false, error: { ...reply.error, message: message.length > 2000 ? `${message.slice(0, 2000)}…` : message, details: undefined } };
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, subject: nats.getSubject(), bytes }, 'a reply too large for NATS was not sent');
    return { ok: false, error: new AppError('INTERNAL', `The answer was too large to send (${Math.round(bytes / 1024)} KB; errorId ${errorId})`, { errorId }).toBody() };
  }
}


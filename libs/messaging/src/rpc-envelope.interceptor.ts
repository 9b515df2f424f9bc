import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import { AppError, CORRELATION_HEADER, type RpcReply, unavailableDependency } from '@intake/contracts';
import type { NatsContext } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { catchError, map, type Observable, of } from 'rxjs';

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
      map((data: unknown) => ({ ok: true as const, data })),
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
    );
  }
}

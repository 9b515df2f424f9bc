import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import type { Caller, RpcReply } from '@intake/contracts';
import { map, type Observable } from 'rxjs';

const AWAY = 'The import database cannot be used just now; an administrator can test it on the Import databases page to see why';

/**
 * Why a target's database cannot be used names its host, port, user and database: that is for
 * administrators, who manage targets and see those settings anyway. Anyone else who reaches the
 * target (its collections, its connection test) is told only that it cannot be used just now.
 */
@Injectable()
export class TargetDetailsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const caller = (context.switchToRpc().getData() as { caller?: Caller } | undefined)?.caller;
    if (!caller || caller.role === 'admin') return next.handle();
    const subject = context.switchToRpc().getContext<NatsContext>().getSubject();
    return next.handle().pipe(map((reply: unknown) => withoutTargetDetails(subject, reply as RpcReply<unknown>)));
  }
}

export function withoutTargetDetails(subject: string, reply: RpcReply<unknown>): RpcReply<unknown> {
  if (!reply.ok) return reply.error.code === 'TARGET_UNREACHABLE' || reply.error.code === 'TARGET_TIMEOUT' ? { ok: false, error: { ...reply.error, message: AWAY, details: undefined } } : reply;
  const test = reply.data as { ok?: boolean; message?: string } | null;
  if (subject === 'import.targets.test' && test?.ok === false) return { ok: true, data: { ...test, message: AWAY, warnings: [] } };
  return reply;
}

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type AuthUser, callerOf } from '@intake/auth';
import type { RpcCallOptions } from '@intake/messaging';

/** Who is calling and the request id, ready to pass to `RpcClient.request`. */
export const CallContext = createParamDecorator((_data: unknown, context: ExecutionContext): RpcCallOptions => {
  const req = context.switchToHttp().getRequest<{ user?: AuthUser; id?: string }>();
  return { caller: req.user ? callerOf(req.user) : null, requestId: req.id ? String(req.id) : undefined };
});

import { uuid } from './ids';
import { z } from 'zod';
import type { ErrorBody } from './errors';
import { ROLES } from './roles';

export const CallerSchema = z.object({ userId: uuid(), role: z.enum(ROLES) });
export type Caller = z.infer<typeof CallerSchema>;

/** What every NATS request carries: who asks, and what. `caller` is null only for public subjects. */
export interface RpcRequest<T> {
  caller: Caller | null;
  data: T;
}

export type RpcReply<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** NATS header that carries the gateway's request id through every hop. */
export const CORRELATION_HEADER = 'x-request-id';

import { type PipeTransform } from '@nestjs/common';
import {
  AppError,
  CallerSchema,
  CONTRACTS,
  parseOrThrow,
  type Caller,
  type ParsedRequestOf,
  type Subject,
} from '@intake/contracts';
import { z } from 'zod';

export interface HandlerRequest<S extends Subject> {
  caller: Caller | null;
  data: ParsedRequestOf<S>;
}

/** A request whose subject requires a signed-in caller: `caller` is guaranteed. */
export interface CallerRequest<S extends Subject> extends HandlerRequest<S> {
  caller: Caller;
}

/**
 * Validates a NATS request against its subject's contract and enforces the contract's caller rules,
 * so no handler runs on a payload or a caller it was not written for.
 */
export class ContractPipe<S extends Subject> implements PipeTransform {
  private readonly envelope = z.object({ caller: CallerSchema.nullable().default(null), data: z.unknown() });

  constructor(private readonly subject: S) {}

  transform(value: unknown): HandlerRequest<S> {
    const contract = CONTRACTS[this.subject] as (typeof CONTRACTS)[Subject] & { public?: boolean; roles?: readonly string[] };
    const { caller, data } = parseOrThrow(this.envelope, value, 'envelope');
    if (!contract.public) {
      if (!caller) throw new AppError('UNAUTHENTICATED', `${this.subject} needs a signed-in caller`);
      if (contract.roles && !contract.roles.includes(caller.role)) {
        throw new AppError('FORBIDDEN', `Role ${caller.role} may not call ${this.subject}`);
      }
    }
    return { caller, data: parseOrThrow(contract.request, data ?? {}, 'request') as ParsedRequestOf<S> };
  }
}

import { applyDecorators, UseInterceptors, UsePipes } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { Subject } from '@intake/contracts';
import { ContractPipe } from './contract.pipe';
import { RpcEnvelopeInterceptor } from './rpc-envelope.interceptor';

/** Marks a method as the handler of a request/reply subject; pair it with a single `@Payload()`. */
export function Handle(subject: Subject): MethodDecorator {
  return applyDecorators(
    MessagePattern(subject),
    UsePipes(new ContractPipe(subject)),
    UseInterceptors(RpcEnvelopeInterceptor),
  );
}

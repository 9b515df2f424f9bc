import { ApiBody, ApiResponse } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { z } from 'zod';

function toOpenApi(schema: z.ZodType) {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** Documents a route's body and success response from the contract schemas it is validated with. */
export function ApiContract(options: { body?: z.ZodType; response?: z.ZodType; status?: number }) {
  const decorators = [];
  if (options.body) decorators.push(ApiBody({ schema: toOpenApi(options.body) }));
  if (options.response) {
    decorators.push(ApiResponse({ status: options.status ?? 200, schema: z.toJSONSchema(options.response, { target: 'openapi-3.0', unrepresentable: 'any' }) as Record<string, unknown> }));
  }
  return applyDecorators(...decorators);
}

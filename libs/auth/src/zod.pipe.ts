import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { AppError, parseOrThrow } from '@intake/contracts';
import type { z } from 'zod';

/** Validates a body, query or path parameter with the same contract schema the service uses. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(
    private readonly schema: T,
    private readonly what = 'body',
  ) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.output<T> {
    // "?page=1&page=2" reaches here as an array, which every schema would call a number that is NaN.
    if (this.what === 'query' && value && typeof value === 'object') {
      const repeated = Object.entries(value).filter(([, v]) => Array.isArray(v));
      if (repeated.length) {
        const fields = repeated.map(([field]) => ({ field, message: 'given more than once; give it once' }));
        throw new AppError('VALIDATION_FAILED', `Invalid query: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields });
      }
    }
    // Nothing was read as JSON: a body sent as text or a form (or none) is not "an object that is undefined".
    if (metadata?.type === 'body' && value === undefined) {
      throw new AppError('VALIDATION_FAILED', 'Invalid body: none was read; send a JSON object with Content-Type: application/json', { fields: [{ field: 'body', message: 'missing' }] });
    }
    return parseOrThrow(this.schema, value, this.what);
  }
}

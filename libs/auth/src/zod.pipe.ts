import type { PipeTransform } from '@nestjs/common';
import { parseOrThrow } from '@intake/contracts';
import type { z } from 'zod';

/** Validates a body, query or path parameter with the same contract schema the service uses. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(
    private readonly schema: T,
    private readonly what = 'body',
  ) {}

  transform(value: unknown): z.output<T> {
    return parseOrThrow(this.schema, value, this.what);
  }
}

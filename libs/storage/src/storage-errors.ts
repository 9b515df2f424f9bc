/*
 * Plain errors rather than AppError codes: storage is a building block, and each caller decides what
 * a missing or oversized object means for its users (an import's IMPORT_FILE_TOO_LARGE, a 404…).
 */

/** `get` of a key that holds no object. */
export class ObjectNotFoundError extends Error {
  override name = 'ObjectNotFoundError';

  constructor(readonly key: string) {
    super(`object not found: ${key}`);
  }
}

/** A `put` whose body is (or turned out to be, while streaming) larger than its `maxBytes`. */
export class ObjectTooLargeError extends Error {
  override name = 'ObjectTooLargeError';

  constructor(readonly limit: number) {
    super(`object exceeds the limit of ${limit} bytes`);
  }
}

/** A key or prefix that could escape its namespace or that some backend would mangle. */
export class InvalidObjectKeyError extends Error {
  override name = 'InvalidObjectKeyError';

  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid object key ${JSON.stringify(key)}: ${reason}`);
  }
}

/** A streamed body whose length differs from the `size` the caller declared. */
export class ObjectSizeMismatchError extends Error {
  override name = 'ObjectSizeMismatchError';

  constructor(
    readonly declared: number,
    readonly actual: number,
  ) {
    super(`body was ${actual} bytes, but ${declared} were declared`);
  }
}

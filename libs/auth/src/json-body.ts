import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The `type` of the error a body that is not UTF-8 gets (body-parser makes it a 403; the error filter answers 400). */
export const NOT_UTF8 = 'encoding.not_utf8';

/**
 * How both HTTP services read a JSON body. Bytes that are not UTF-8 are refused: JSON.parse would
 * read them as U+FFFD and the service would store that. Any JSON value is read (not only objects
 * and arrays), so a `null` body gets "expected object, received null" from its schema instead of a
 * parse error about the letter n.
 */
export function jsonBodyOptions(limit: string | number) {
  return {
    limit,
    strict: false,
    verify: (_req: IncomingMessage, _res: ServerResponse, body: Buffer, encoding: string) => {
      if (encoding.toLowerCase() === 'utf-8' && !isUtf8(body)) {
        throw Object.assign(new Error('it is not valid UTF-8, as a JSON body must be'), { type: NOT_UTF8 });
      }
    },
  };
}

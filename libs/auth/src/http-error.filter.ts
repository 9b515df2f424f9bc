import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { AppError, unavailableDependency } from '@intake/contracts';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { NOT_UTF8 } from './json-body';

/**
 * One JSON error shape for every failure of an HTTP app (gateway, doc-service); unknown errors
 * become a 500 with an errorId and no stack.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request & { id?: string }>();
    const body = this.toBody(error, req);
    const retryAfter = (body.details as { retry_after_seconds?: number } | undefined)?.retry_after_seconds;
    if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
    res.status(body.statusCode).json(body);
  }

  private toBody(error: unknown, req: Request & { id?: string }) {
    if (error instanceof AppError) {
      return { statusCode: error.status, error: error.code, message: error.message, details: error.details };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const response = error.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: string }).message ?? error.message);
      const code = status === 404 ? 'NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
      return { statusCode: status, error: code, message: String(message) };
    }
    const parserError = error as { type?: string; status?: number; expose?: boolean; message?: string; limit?: number; length?: number };
    // body-parser's own errors carry a `type`; a body that cannot be inflated (gzip) comes as a bare http-errors 400.
    if (parserError?.expose === true && (typeof parserError.type === 'string' || parserError.status === 400) && typeof parserError.status === 'number' && parserError.status < 500) {
      // body-parser's own errors (too large, malformed JSON, bad charset) are the client's fault.
      const code = parserError.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
      // A verify refusal comes as 403 from body-parser; a body that is not UTF-8 is a bad request.
      const status = parserError.type === NOT_UTF8 ? 400 : parserError.status;
      return { statusCode: status, error: code, message: `Request body rejected: ${tooLargeWords(parserError) ?? parserError.message}` };
    }
    const unavailable = unavailableDependency(error);
    if (unavailable) {
      this.logger.warn({ requestId: req.id, err: error }, unavailable.message);
      return { statusCode: unavailable.status, error: unavailable.code, message: unavailable.message, details: unavailable.details };
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, requestId: req.id, err: error }, 'unhandled error');
    return { statusCode: 500, error: 'INTERNAL', message: `Internal error (errorId ${errorId})` };
  }
}

/** "it is 50 MB, more than the 1 MB this route takes": body-parser's 413 says only "request entity too large". */
function tooLargeWords({ type, limit, length }: { type?: string; limit?: number; length?: number }): string | null {
  if (type !== 'entity.too.large' || typeof limit !== 'number') return null;
  const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${Number((bytes / 1024 / 1024).toFixed(1))} MB` : `${Math.ceil(bytes / 1024)} KB`);
  return `${typeof length === 'number' ? `it is ${size(length)}, more than` : 'it is larger than'} the ${size(limit)} this route takes`;
}

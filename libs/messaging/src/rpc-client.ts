import { Logger } from '@nestjs/common';
import { type ClientProxy, NatsRecordBuilder } from '@nestjs/microservices';
import {
  AppError,
  type Caller,
  CONTRACTS,
  CORRELATION_HEADER,
  type RequestOf,
  type ResponseOf,
  type RpcReply,
  type RpcRequest,
  type Subject,
  serviceOf,
} from '@intake/contracts';
import { headers as natsHeaders, type NatsConnection } from 'nats';
import { firstValueFrom, from, timeout, TimeoutError } from 'rxjs';

/**
 * The service did not answer (in time, or before the connection went): unlike a refusal, the
 * request may have been carried out (the service was slow, or its answer was lost).
 */
export class RpcUnanswered extends AppError {
  constructor(message: string) {
    super('SERVICE_UNAVAILABLE', message);
  }
}

export interface RpcCallOptions {
  caller?: Caller | null;
  requestId?: string;
  timeoutMs?: number;
}

/**
 * The only way our code sends a NATS request: typed by subject, bounded by a timeout, carrying the
 * correlation id, and turning `{ ok: false }` replies back into AppErrors.
 */
export class RpcClient {
  private readonly logger = new Logger('RpcClient');

  constructor(
    private readonly proxy: ClientProxy,
    private readonly defaultTimeoutMs: number,
  ) {}

  async request<S extends Subject>(subject: S, data: RequestOf<S>, options: RpcCallOptions = {}): Promise<ResponseOf<S>> {
    const envelope: RpcRequest<RequestOf<S>> = { caller: options.caller ?? null, data };
    const headers = natsHeaders();
    if (options.requestId) headers.set(CORRELATION_HEADER, options.requestId);
    const record = new NatsRecordBuilder(envelope).setHeaders(headers).build();
    const waitMs = options.timeoutMs ?? this.defaultTimeoutMs;
    let reply: RpcReply<ResponseOf<S>>;
    try {
      reply = await firstValueFrom(this.proxy.send<RpcReply<ResponseOf<S>>>(subject, record).pipe(timeout(waitMs)));
    } catch (error) {
      const service = serviceOf(subject);
      if (error instanceof TimeoutError) {
        // Said to a user: what it means for the request and what to do; the subject is for the log.
        this.logger.warn({ subject, waitMs }, 'no answer in time');
        throw new RpcUnanswered(`The ${service} service did not answer within ${(waitMs / 1000).toLocaleString('en')} s (it may be busy or restarting), so this may or may not have been done: reload the page, then try again in a moment if it was not`);
      }
      if (/MAX_PAYLOAD_EXCEEDED/.test(String((error as Error)?.message))) {
        const size = Math.ceil(Buffer.byteLength(JSON.stringify(envelope)) / 1024);
        const most = Math.floor((this.proxy.unwrap<NatsConnection>().info?.max_payload ?? 0) / 1024);
        throw new AppError('REQUEST_TOO_LARGE', `The request is too large to pass on to the ${service} service (${size} KB; at most ${most} KB in one message): send less`);
      }
      if (/no subscribers/i.test(String((error as Error)?.message))) {
        this.logger.warn({ subject }, 'nothing answers');
        throw new AppError('SERVICE_UNAVAILABLE', `The ${service} service is not running (it may be restarting), so nothing was done: try again in a moment`);
      }
      this.logger.warn({ subject, err: error }, 'NATS request failed');
      // The connection may have gone after the request went out: as unanswered as a timeout.
      throw new RpcUnanswered(`${service} service is unreachable: ${(error as Error).message ?? error}`);
    }
    if (!reply.ok) throw AppError.fromBody(reply.error);
    // The reply is checked against the same contract the service answered with, so a drifted
    // service fails loudly here instead of passing a wrong shape on to clients.
    const checked = CONTRACTS[subject].response.safeParse(reply.data);
    if (checked.success) return checked.data as ResponseOf<S>;
    this.logger.error({ subject, issues: checked.error.issues.slice(0, 5) }, 'reply does not match its contract');
    throw new AppError('INTERNAL', `${serviceOf(subject)} service sent a reply that does not match ${subject}`);
  }

  /** Whether the NATS connection answers a round trip within `timeoutMs`. */
  async natsUp(timeoutMs = 1000): Promise<boolean> {
    try {
      const connection = this.proxy.unwrap<NatsConnection>();
      if (connection.isClosed()) return false;
      await firstValueFrom(from(connection.flush()).pipe(timeout(timeoutMs)));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Fire-and-forget events on a subject (progress, status), for as long as the caller iterates.
   * Call `close()` when the listener goes away.
   */
  events<T>(subject: string): AsyncIterable<T> & { close(): void } {
    const subscription = this.proxy.unwrap<NatsConnection>().subscribe(subject);
    const decoder = new TextDecoder();
    return {
      close: () => subscription.unsubscribe(),
      async *[Symbol.asyncIterator]() {
        for await (const message of subscription) yield JSON.parse(decoder.decode(message.data)) as T;
      },
    };
  }

  async close(): Promise<void> {
    await this.proxy.close();
  }
}

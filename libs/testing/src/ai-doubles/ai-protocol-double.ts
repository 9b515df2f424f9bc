import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RecordedRequest, type ScriptedReply, type RenderedReply } from './scripted-reply';

/** What a subclass does with one request: a static answer, or "this is a generation call". */
export type DoubleRoute = { status: number; body: unknown } | { generate: true };

/**
 * A real HTTP server on 127.0.0.1 that speaks one AI API. Tests queue the replies of the next
 * generation calls (answer, prose, error, delay, close) and read back every request it received.
 * Subclasses own the wire format: routing, auth and how a scripted reply looks on the wire.
 */
export abstract class AiProtocolDouble {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: ScriptedReply[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | null = null;
  private baseUrl = '';

  /** http://127.0.0.1:<port>, without a trailing slash. */
  get url(): string {
    if (!this.server) throw new Error('double not started');
    return this.baseUrl;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Forget queued replies and recorded requests (between tests). */
  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
  }

  reply(...replies: ScriptedReply[]): this {
    this.queue.push(...replies);
    return this;
  }
  answer(body: unknown): this {
    return this.reply({ kind: 'answer', body });
  }
  prose(text: string): this {
    return this.reply({ kind: 'prose', text });
  }
  fail(status: number, message: string, type?: string, headers?: Record<string, string>): this {
    return this.reply({ kind: 'error', status, message, type, headers });
  }
  /** A 429 with a Retry-After header (seconds, or an HTTP date). */
  rateLimit(retryAfter: string, message = 'rate limit reached'): this {
    return this.reply({ kind: 'error', status: 429, message, headers: { 'retry-after': retryAfter } });
  }
  delay(ms: number, then?: ScriptedReply): this {
    return this.reply({ kind: 'delay', ms, then });
  }
  page(status: number, html: string): this {
    return this.reply({ kind: 'page', status, html });
  }
  closeSocket(): this {
    return this.reply({ kind: 'close' });
  }
  cutAnswer(): this {
    return this.reply({ kind: 'cut' });
  }

  /** The recorded requests that were generation calls (what the queue answers). */
  generationRequests(): RecordedRequest[] {
    return this.requests.filter((r) => this.isGeneration(r));
  }

  /** The reply to a generation call nothing was queued for: a loud 500, unless a subclass knows better. */
  protected unscripted(_request: RecordedRequest): ScriptedReply {
    return { kind: 'error', status: 500, message: 'protocol double: no reply queued for this request' };
  }

  /** Every message text of a generation request, joined: what the model was shown. */
  abstract promptOf(request: RecordedRequest): string;
  /** Route one request; called after it was recorded. */
  protected abstract route(request: RecordedRequest): DoubleRoute;
  protected abstract isGeneration(request: RecordedRequest): boolean;
  /** Turn an answer/prose/error reply into this API's status and body. */
  protected abstract render(reply: RenderedReply, request: RecordedRequest): { status: number; body: unknown };

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: unknown = null;
    try {
      body = rawBody ? JSON.parse(rawBody) : null;
    } catch {
      body = null;
    }
    const url = new URL(req.url ?? '/', 'http://double');
    const request: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, headers: req.headers, rawBody, body };
    this.requests.push(request);
    const route = this.route(request);
    if (!('generate' in route)) return this.send(res, route.status, route.body);
    const next = this.queue.shift() ?? this.unscripted(request);
    this.play(next, request, res);
  }

  private play(reply: ScriptedReply, request: RecordedRequest, res: ServerResponse): void {
    if (reply.kind === 'close') {
      res.socket?.destroy();
      return;
    }
    if (reply.kind === 'cut') {
      const { status, body } = this.render({ kind: 'prose', text: 'cut off '.repeat(200) }, request);
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.write(text.slice(0, text.length >> 1), () => res.socket?.destroy());
      return;
    }
    if (reply.kind === 'page') {
      const credential = request.headers.authorization ?? request.headers['x-api-key'] ?? '';
      res.writeHead(reply.status, { 'content-type': 'text/html' });
      res.end(reply.html.split('{credential}').join(String(credential)));
      return;
    }
    if (reply.kind === 'delay') {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!res.socket?.destroyed) this.play(reply.then ?? { kind: 'error', status: 500, message: 'delayed' }, request, res);
      }, reply.ms);
      this.timers.add(timer);
      return;
    }
    const { status, body } = this.render(reply, request);
    this.send(res, status, body, reply.kind === 'error' ? reply.headers : {});
  }

  /** A string body goes out as text/plain, as real servers answer unknown routes ("404 page not found"). */
  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
    res.writeHead(status, { ...headers, 'content-type': type, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }
}

import type { OpenAPIObject } from '@nestjs/swagger';

/** What the gateway forwards to doc-service, and the tag each part gets in the merged document. */
const PROXIED = [
  { prefix: '/api/documents', tag: 'documents' },
  { prefix: '/api/settings', tag: 'settings' },
];
const FETCH_TIMEOUT_MS = 2000;
const CACHE_MS = 60_000;

type Operation = { tags?: string[]; security?: Record<string, string[]>[] };

/**
 * doc-service's routes in the gateway's OpenAPI document: the gateway only proxies them, so Nest
 * cannot see them here. doc-service describes its own (internal `GET /api/openapi.json`); this
 * fetches that, keeps it a minute, and adds the proxied paths. While doc-service is down the
 * document is served without them rather than failing.
 */
export class DocServiceOpenApi {
  private cached?: { at: number; doc: OpenAPIObject };

  constructor(private readonly docServiceUrl: string) {}

  async merge(document: OpenAPIObject): Promise<OpenAPIObject> {
    const theirs = await this.fetch();
    if (!theirs) return document;
    const paths = { ...document.paths };
    for (const [path, item] of Object.entries(theirs.paths ?? {})) {
      const proxied = PROXIED.find((p) => path === p.prefix || path.startsWith(`${p.prefix}/`));
      if (!proxied || paths[path]) continue;
      paths[path] = Object.fromEntries(
        Object.entries(item).map(([method, op]) => [method, { ...(op as Operation), tags: [proxied.tag], security: [{ bearer: [] }, { cookie: [] }] }]),
      );
    }
    return { ...document, paths, components: { ...document.components, schemas: { ...theirs.components?.schemas, ...document.components?.schemas } } };
  }

  private async fetch(): Promise<OpenAPIObject | null> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.doc;
    try {
      const res = await fetch(`${this.docServiceUrl}/api/openapi.json`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!res.ok) return null;
      this.cached = { at: Date.now(), doc: (await res.json()) as OpenAPIObject };
      return this.cached.doc;
    } catch {
      return null;
    }
  }
}

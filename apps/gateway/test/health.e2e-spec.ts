import { Actors, TestSuite, waitFor } from '@intake/testing';
import request from 'supertest';

describe('health, docs and a service going away', () => {
  let suite: TestSuite;

  beforeAll(async () => {
    suite = await TestSuite.start({ env: { RPC_TIMEOUT_MS: '1500' } });
  });
  afterAll(() => suite?.stop());

  it('reports every service, PostgreSQL and NATS as up', async () => {
    const res = await request(suite.url).get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', nats: 'up', postgres: 'up' });
    for (const service of ['auth-service', 'import-service', 'doc-service']) {
      expect(res.body.services[service]).toMatchObject({ status: 'up', database: 'up' });
    }
  });

  it('keeps idle connections open longer than the reverse proxy in front of it keeps its own', async () => {
    // nginx reuses an upstream connection for 60 s: one the gateway is closing would turn an upload into a 502.
    // fetch, not supertest: supertest asks for `Connection: close`, and then no server says how long it keeps one.
    const res = await fetch(`${suite.url}/api/health/live`);
    expect([res.status, res.headers.get('keep-alive')]).toEqual([200, 'timeout=65']);
    // Also after a route proxied to doc-service, which itself answers the proxy with `Connection: close`.
    const admin = await new Actors(suite).admin();
    const proxied = await fetch(`${suite.url}/api/documents`, { headers: { authorization: admin.auth.authorization } });
    expect([proxied.status, proxied.headers.get('connection')]).toEqual([200, 'keep-alive']);
    await proxied.text();
  });

  it('serves the OpenAPI document and UI, with the API routes in it', async () => {
    const doc = await request(suite.url).get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/users/{id}', '/api/index-access/check-access', '/api/app-permissions/{userId}/{appKey}']),
    );
    expect(doc.body.paths['/api/users'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['username', 'email', 'password']),
    );
    // The import plan's mapping says how relation and many-to-many cells are read.
    expect(JSON.stringify(doc.body.paths['/api/imports/{id}/plan'].put)).toMatch(/A many-to-many cell lists several, separated by commas/);
    const ui = await request(suite.url).get('/api/docs').expect(200);
    expect(ui.text).toMatch(/swagger/i);
  });

  it('describes the routes the gateway proxies to doc-service, and only those', async () => {
    const doc = await request(suite.url).get('/api/docs/openapi.json').expect(200);
    const paths = Object.keys(doc.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/documents', '/api/documents/{id}', '/api/documents/{id}/download', '/api/documents/categories', '/api/settings', '/api/settings/test']),
    );
    expect(doc.body.paths['/api/documents'].post.tags).toEqual(['documents']);
    expect(doc.body.paths['/api/settings'].put.tags).toEqual(['settings']);
    expect(doc.body.paths['/api/settings'].put.security).toEqual([{ bearer: [] }, { cookie: [] }]);
    // With the schemas doc-service validates with: query filters, JSON bodies, the multipart upload.
    const list = doc.body.paths['/api/documents'].get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    expect(list).toEqual(expect.arrayContaining(['query:status', 'query:q', 'query:date_from', 'query:sort', 'query:page_size']));
    expect(Object.keys(doc.body.paths['/api/documents/{id}'].patch.requestBody.content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['title', 'category_ids']));
    expect(doc.body.paths['/api/documents'].post.requestBody.content['multipart/form-data'].schema.properties.files.items.format).toBe('binary');
    expect(Object.keys(doc.body.paths['/api/settings'].put.requestBody.content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['provider', 'api_key', 'rules']));
    // And what they answer.
    const answer = (path: string, method: string, status: number) => doc.body.paths[path][method].responses[status]?.content?.['application/json']?.schema;
    expect(Object.keys(answer('/api/documents', 'get', 200).properties)).toEqual(['items', 'total', 'page', 'page_size']);
    expect(answer('/api/documents', 'get', 200).properties.items.items.properties.fields.description).toMatch(/source, confidence and snippet/);
    expect(Object.keys(answer('/api/documents', 'post', 201).properties)).toEqual(['documents', 'duplicates', 'rejected']);
    expect(answer('/api/documents', 'post', 200)).toEqual(answer('/api/documents', 'post', 201)); // every file a duplicate
    expect(answer('/api/documents/{id}', 'get', 200).properties.text).toBeDefined();
    const exported = doc.body.paths['/api/documents/export'].get;
    expect(exported.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['format', 'q', 'sort']));
    expect(Object.keys(exported.responses[200].content)).toEqual(['text/csv; charset=utf-8', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/json']);
    expect(exported.responses[200].content['text/csv; charset=utf-8'].schema.format).toBe('binary');
    expect(Object.keys(doc.body.paths['/api/documents/archive'].get.responses[200].content)).toEqual(['application/zip', 'application/json']);
    // check=true answers what the file would hold instead of it.
    expect(answer('/api/documents/archive', 'get', 200).required).toEqual(['files', 'bytes']);
    expect(answer('/api/documents/export', 'get', 200)).toEqual(answer('/api/documents/archive', 'get', 200));
    expect(answer('/api/documents/categories', 'get', 200).items.required).toEqual(expect.arrayContaining(['id', 'name', 'document_count']));
    expect(answer('/api/settings', 'get', 200).properties.api_key).toBeDefined();
    expect(answer('/api/settings/test', 'post', 200).required).toEqual(expect.arrayContaining(['ok', 'provider', 'detail']));
    expect(Object.keys(answer('/api/settings/usage', 'get', 200).properties)).toEqual(['daily_token_budget', 'today', 'recent']);
    expect(answer('/api/settings/suggestions', 'get', 200).items.required).toEqual(expect.arrayContaining(['id', 'kind', 'name', 'times']));
    expect(answer('/api/settings/suggestions/{id}/accept', 'post', 200).properties.document_types).toBeDefined();
    // doc-service's own description of itself stays internal.
    expect(paths).not.toContain('/api/openapi.json');
    await request(suite.url).get('/api/openapi.json').expect(404);

    // Without doc-service (and past the gateway's cache of its document, on a fresh gateway) the gateway's own routes are still described.
    await suite.stopService('doc-service');
    await suite.stopService('gateway');
    await suite.startService('gateway');
    await waitFor(async () => (await fetch(`${suite.url}/api/health/live`).catch(() => null))?.status === 200, 30_000, 100);
    try {
      const without = await request(suite.url).get('/api/docs/openapi.json').expect(200);
      expect(Object.keys(without.body.paths)).toContain('/api/auth/login');
      expect(Object.keys(without.body.paths)).not.toContain('/api/documents');
    } finally {
      await suite.startService('doc-service');
      await waitFor(async () => (await request(suite.url).get('/api/health')).status === 200, 30_000, 200);
    }
  });

  it('sends security headers and a request id', async () => {
    const res = await request(suite.url).get('/api/health/live').set('x-request-id', 'trace-12345678').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-12345678');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  it("keeps every answer of the API out of the browser's cache, and one policy for the proxied ones", async () => {
    const admin = await new Actors(suite).admin();
    const own = await request(suite.url).get('/api/auth/me').set(admin.auth).expect(200);
    const proxied = await request(suite.url).get('/api/documents').set(admin.auth).expect(200);
    const refused = await request(suite.url).get('/api/imports').expect(401);
    for (const res of [own, proxied, refused]) expect(res.headers['cache-control']).toBe('no-store');
    // doc-service's own helmet would add upgrade-insecure-requests, which a site served over plain HTTP must not ask.
    expect(proxied.headers['content-security-policy']).toBe(own.headers['content-security-policy']);
    // Nor HSTS, which pins a whole domain to HTTPS for a year: only a suite served over HTTPS (COOKIE_SECURE) sends it.
    for (const res of [own, proxied]) expect(res.headers['strict-transport-security']).toBeUndefined();
    // The web app's files are not the API: they may be cached.
    expect((await request(suite.url).get('/login/').expect(200)).headers['cache-control']).not.toBe('no-store');
  });

  it('caps the JSON body size with a 413', async () => {
    const res = await request(suite.url).post('/api/auth/login').send({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('PAYLOAD_TOO_LARGE');
    // Saying how large it was and what the route takes.
    expect(res.body.message).toBe('Request body rejected: it is 2 MB, more than the 1 MB this route takes');
  });

  it('answers 404 with a JSON error for an unknown route', async () => {
    const res = await request(suite.url).get('/api/nope').expect(404);
    expect(res.body.error).toBe('NOT_FOUND');
  });

  it('turns a stopped auth-service into 503s, not hanging requests, and recovers when it is back', async () => {
    const admin = await new Actors(suite).admin();
    await suite.stopService('auth-service');
    const started = Date.now();
    const res = await request(suite.url).get('/api/users').set(admin.auth).expect(503);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.body.message).toMatch(/auth service is not running/);
    const health = await request(suite.url).get('/api/health').expect(503);
    expect(health.body.services['auth-service']).toMatchObject({ status: 'down', database: 'unknown' });
    expect(health.body.services['import-service'].status).toBe('up');
    // The services that answered reach PostgreSQL: it is not reported down for one that did not answer.
    expect(health.body).toMatchObject({ status: 'degraded', postgres: 'up', nats: 'up' });

    // A fresh gateway has no keys cached: it must still say 503, not "invalid token".
    await suite.stopService('gateway');
    await suite.startService('gateway');
    await waitFor(async () => (await fetch(`${suite.url}/api/health/live`).catch(() => null))?.status === 200, 30_000, 100);
    const cold = await request(suite.url).get('/api/users').set(admin.auth).expect(503);
    expect(cold.body.error).toBe('SERVICE_UNAVAILABLE');

    await suite.startService('auth-service');
    await waitFor(async () => (await request(suite.url).get('/api/health')).status === 200, 30_000, 200);
    await request(suite.url).get('/api/users').set(admin.auth).expect(200);
  });
});

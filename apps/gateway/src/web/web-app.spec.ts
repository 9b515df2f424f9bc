import express from 'express';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { webApp } from './web-app';

const SCRIPT_A = '(self.__next_f=self.__next_f||[]).push([0])';
const SCRIPT_B = 'self.__next_f.push([1,"payload </p>"])';
const SCRIPT_C = '{"id":1}';
const sha = (body: string) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`;

/** A static export shaped like Next's: pages as folder indexes, hashed assets, RSC payloads, a 404 page. */
function fakeExport(): string {
  const dir = mkdtempSync(join(tmpdir(), 'intake-web-'));
  const files: Record<string, string> = {
    'index.html': `<html><head><script src="/_next/static/chunks/app.js" async=""></script><SCRIPT type="application/json" id="data">${SCRIPT_C}</SCRIPT></head><body>home<script>${SCRIPT_A}</script><script id="_R_">${SCRIPT_B}</script></body></html>`,
    'documents/index.html': `<html><body>documents<script>${SCRIPT_B}</script></body></html>`,
    'documents/index.txt': 'rsc payload',
    '404.html': '<html><body>This page could not be found</body></html>',
    '_next/static/chunks/app.js': 'console.log(1)',
  };
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), body);
  }
  return dir;
}

function appServing(dir: string, https = false) {
  const app = express();
  app.use(webApp(dir, https));
  app.use((req, res) => res.status(404).json({ error: 'NOT_FOUND', path: req.path }));
  return app;
}

describe('webApp (the static export behind the gateway)', () => {
  let dir: string;
  beforeAll(() => (dir = fakeExport()));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves each page with a CSP that allows exactly its own inline scripts, by hash', async () => {
    const home = await request(appServing(dir)).get('/').expect(200).expect('content-type', /text\/html/);
    expect(home.text).toContain('home');
    const scriptSrc = /script-src ([^;]+)/.exec(home.headers['content-security-policy'])?.[1].split(' ');
    // Attributes and upper case do not hide a script; one with a src has nothing inline to allow.
    expect(scriptSrc).toEqual(["'self'", sha(SCRIPT_C), sha(SCRIPT_A), sha(SCRIPT_B)]);
    expect(home.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(home.headers['cache-control']).toBe('no-cache');

    const docs = await request(appServing(dir)).get('/documents/').expect(200);
    expect(/script-src ([^;]+)/.exec(docs.headers['content-security-policy'])?.[1]).toBe(`'self' ${sha(SCRIPT_B)}`);
  });

  it('asks browsers to upgrade to https only when the gateway is behind HTTPS', async () => {
    const res = await request(appServing(dir, true)).get('/').expect(200);
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('redirects a page asked for without its trailing slash, or as its file, to its folder URL, keeping the query', async () => {
    await request(appServing(dir)).get('/documents?id=42&x=y').expect(308).expect('location', '/documents/?id=42&x=y');
    await request(appServing(dir)).get('/documents/index.html?id=42').expect(308).expect('location', '/documents/?id=42');
    await request(appServing(dir)).get('/index.html').expect(308).expect('location', '/');
  });

  it('caches hashed assets for good and everything else not at all', async () => {
    const asset = await request(appServing(dir)).get('/_next/static/chunks/app.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const payload = await request(appServing(dir)).get('/documents/index.txt?_rsc=abc').expect(200);
    expect(payload.text).toBe('rsc payload');
    expect(payload.headers['cache-control']).toBe('no-cache');
  });

  it("answers an unknown page with the export's 404 page", async () => {
    const res = await request(appServing(dir)).get('/no/such/page/').expect(404).expect('content-type', /text\/html/);
    expect(res.text).toContain('could not be found');
  });

  it('never serves a file outside the export', async () => {
    writeFileSync(join(dirname(dir), 'intake-web-secret.txt'), 'secret');
    try {
      for (const path of ['/../intake-web-secret.txt', '/..%2fintake-web-secret.txt', '/%2e%2e/intake-web-secret.txt', '/documents/..%2f..%2fintake-web-secret.txt']) {
        const res = await request(appServing(dir)).get(path);
        expect([400, 403, 404]).toContain(res.status);
        expect(res.text).not.toContain('secret');
      }
    } finally {
      rmSync(join(dirname(dir), 'intake-web-secret.txt'), { force: true });
    }
  });

  it('leaves /api, /.well-known and non-GET requests to the API', async () => {
    for (const path of ['/api/documents', '/api', '/API/Health', '/.well-known/jwks.json']) {
      expect((await request(appServing(dir)).get(path).expect(404)).body).toEqual({ error: 'NOT_FOUND', path });
    }
    expect((await request(appServing(dir)).post('/').expect(404)).body).toEqual({ error: 'NOT_FOUND', path: '/' });
  });

  it('says how to build the app when there is none, and still leaves the API alone', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'intake-web-empty-'));
    try {
      const res = await request(appServing(join(empty, 'missing'))).get('/').expect(503);
      expect(res.text).toMatch(/npm run build/);
      await request(appServing(join(empty, 'missing'))).get('/api/x').expect(404);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

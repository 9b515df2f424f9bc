import { Logger } from '@nestjs/common';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pagePolicy } from './content-security';

interface Page {
  body: Buffer;
  policy: string;
}

/** Next.js names the files here by content hash, so a browser may keep them for good. */
const IMMUTABLE = '_next/static/';
const NOT_BUILT = 'The web app is not built. Run `npm run build` (or `npm start`, which builds what is missing) and restart the gateway.';

/**
 * Serves the web app's static export (dist/apps/web) at `/`: each page with a CSP that allows
 * exactly its own inline scripts by hash, `/documents` redirected to `/documents/`, hashed assets
 * cached for good, and the export's 404 page for anything else outside `/api`.
 */
export function webApp(dir: string, https: boolean): RequestHandler {
  const logger = new Logger('WebApp');
  const pages = loadPages(dir, https);
  if (!pages.size) logger.warn(`no web app in ${dir}: ${NOT_BUILT}`);
  const cacheHeaders = (res: Response, file: string) =>
    res.setHeader('cache-control', urlPathOf(dir, file).startsWith(`/${IMMUTABLE}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
  const assets = express.static(dir, { index: false, redirect: false, fallthrough: true, dotfiles: 'ignore', setHeaders: cacheHeaders });
  const notFound = pages.get('/404.html');

  const sendPage = (res: Response, page: Page, status = 200) => {
    res.status(status).set({ 'content-type': 'text/html; charset=utf-8', 'content-security-policy': page.policy, 'cache-control': 'no-cache' });
    res.end(page.body);
  };

  return (req: Request, res: Response, next: NextFunction) => {
    if (isApi(req.path) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    if (!pages.size) return void res.status(503).type('text/plain').send(NOT_BUILT);
    const page = pages.get(req.path);
    if (page) return sendPage(res, page);
    // A page asked for as its file or without the trailing slash lives at its folder URL.
    const folder = req.path.endsWith('/index.html') ? req.path.slice(0, -'index.html'.length) : `${req.path}/`;
    if (pages.has(folder)) return res.redirect(308, `${folder}${queryOf(req.url)}`);
    assets(req, res, () => (notFound ? sendPage(res, notFound, 404) : void res.status(404).type('text/plain').send('Not found')));
  };
}

/** As Nest routes them: case-insensitively. */
function isApi(path: string): boolean {
  const p = path.toLowerCase();
  return p === '/api' || p.startsWith('/api/') || p.startsWith('/.well-known/');
}

/** The query part of the request line (`req.url`, never `originalUrl`, which may be an absolute URL). */
function queryOf(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at);
}

/** A file of the export as the URL path that serves it. */
function urlPathOf(dir: string, file: string): string {
  return `/${relative(dir, file).split(sep).join('/')}`;
}

/** Every HTML file of the export, by the URL it answers (`documents/index.html` → `/documents/`). */
function loadPages(dir: string, https: boolean): Map<string, Page> {
  const pages = new Map<string, Page>();
  if (!existsSync(join(dir, 'index.html'))) return pages;
  for (const file of htmlFiles(dir)) {
    const path = urlPathOf(dir, file);
    const url = path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path;
    const body = readFileSync(file);
    pages.set(url, { body, policy: pagePolicy(body.toString('utf8'), https) });
  }
  return pages;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath, entry.name));
}

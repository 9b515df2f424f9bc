import { createHash } from 'node:crypto';

type Directives = Record<string, string[]>;

/**
 * The Content-Security-Policy of every gateway response: helmet's defaults, but
 * `upgrade-insecure-requests` only behind HTTPS (COOKIE_SECURE), or a suite reached over plain HTTP
 * on a LAN address would have the browser fetch its scripts over https:// and fail.
 */
export function securityDirectives(https: boolean): Directives {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'font-src': ["'self'", 'https:', 'data:'],
    'form-action': ["'self'"],
    'frame-ancestors': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'object-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", 'https:', "'unsafe-inline'"],
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** A page's policy: the scripts it carries inline (Next.js puts its payload there) allowed by their hash, nothing else. */
export function pagePolicy(html: string, https: boolean): string {
  const directives = securityDirectives(https);
  directives['script-src'] = ["'self'", ...inlineScripts(html).map((body) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`)];
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join(';');
}

/** Bodies of the <script> elements without a src, exactly as the browser hashes them. */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((match) => match[1]).filter((body) => body.length > 0);
}

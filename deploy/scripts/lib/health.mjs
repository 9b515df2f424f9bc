// Waits for the gateway's readiness endpoint, which asks NATS, every service and their database.
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `url` until it answers 200. Resolves { ok: true }, or { ok: false, body, error } after
 * `timeoutMs`, or { ok: false, cancelled: true } as soon as `cancelled()` is true.
 */
export async function waitForHealth(url, { timeoutMs = 60_000, cancelled = () => false } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = { body: undefined, error: 'the gateway never answered' };
  while (Date.now() < deadline) {
    if (cancelled()) return { ok: false, cancelled: true };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.status === 200) return { ok: true };
      last = { body: await response.json().catch(() => undefined), error: `HTTP ${response.status}` };
    } catch (error) {
      if (last.body === undefined) last = { body: undefined, error: `the gateway never answered (${error.cause?.code ?? error.message})` };
    }
    await delay(500);
  }
  return { ok: false, ...last };
}

/** Lines naming what the last health answer reported as down. */
export function describeDown({ body, error }) {
  if (!body || typeof body !== 'object') return [error];
  const lines = [];
  if (body.nats !== 'up') lines.push('NATS: down');
  if (body.postgres !== 'up') lines.push('PostgreSQL: down for at least one service');
  for (const [name, service] of Object.entries(body.services ?? {})) {
    if (service.status !== 'up' || service.database !== 'up') {
      lines.push(`${name}: ${service.status}, database ${service.database}${service.error ? ` (${service.error})` : ''}`);
    }
  }
  return lines.length > 0 ? lines : [`${error}: ${JSON.stringify(body)}`];
}

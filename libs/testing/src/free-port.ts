import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/**
 * Ports for the services a test starts, each jest worker from its own range below the kernel's
 * ephemeral ports. A service a test kills and starts again takes its port back; a port the kernel
 * picked (listen on 0) could meanwhile be handed to another worker's suite, and both would fail.
 */
const BASE = 20_000;
const RANGE = 2_000;
const SLOTS = 6;
const handedOut = new Set<number>();

function slot(): number {
  const worker = Number(process.env.JEST_WORKER_ID);
  return Number.isInteger(worker) && worker > 0 ? (worker - 1) % SLOTS : process.pid % SLOTS;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  const base = BASE + slot() * RANGE;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = base + randomInt(RANGE);
    if (handedOut.has(port) || !(await canListen(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port found in ${base}–${base + RANGE - 1}`);
}

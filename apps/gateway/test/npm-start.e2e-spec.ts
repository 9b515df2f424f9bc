import { freePort, waitFor, WORKSPACE_ROOT } from '@intake/testing';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** The pid of a child of the launcher whose command line holds `part`. */
function childPid(launcher: ChildProcess, part: string): number | null {
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(launcher.pid)], { encoding: 'utf8' }).split('\n').map(Number).filter(Boolean);
  return children.find((pid) => commandLine(pid).some((arg) => arg.includes(part))) ?? null;
}

/** A process's arguments; none for one that ended since it was listed (as one being restarted may). */
function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The pid of a service the launcher runs (its child whose command line names the service's build). */
const servicePid = (launcher: ChildProcess, service: string) => childPid(launcher, `dist/apps/${service}/`);

/**
 * `npm start`'s launcher (deploy/scripts/start.mjs) with its embedded PostgreSQL and nats-server,
 * as a self-hoster runs it: a service that crashes is started again, and the suite answers again by itself.
 */
describe('npm start', () => {
  let launcher: ChildProcess;
  let output = '';
  let dataDir: string;
  let base: string;
  let pgPort: number;

  beforeAll(async () => {
    const [port, docPort, embeddedPgPort, natsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    pgPort = embeddedPgPort;
    base = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(join(tmpdir(), 'intake-npm-start-'));
    // Run as root, the launcher runs PostgreSQL as the "postgres" user, who must reach the data folder.
    chmodSync(dataDir, 0o755);
    launcher = spawn(process.execPath, ['deploy/scripts/start.mjs'], {
      cwd: WORKSPACE_ROOT,
      // Empty means unset: the embedded PostgreSQL and NATS, whatever the environment says.
      env: { ...process.env, PORT: String(port), DOC_SERVICE_PORT: String(docPort), EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_NATS_PORT: String(natsPort), DATA_DIR: dataDir, DATABASE_URL: '', NATS_URL: '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    launcher.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('Intake is up') || launcher.exitCode !== null, 120_000, 200);
    if (!output.includes('Intake is up')) throw new Error(`npm start did not come up:\n${output.slice(-3000)}`);
  }, 150_000);
  afterAll(async () => {
    if (launcher && launcher.exitCode === null) {
      launcher.kill('SIGINT');
      await waitFor(() => launcher.exitCode !== null, 60_000, 200).catch(() => launcher.kill('SIGKILL'));
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 90_000);

  it('keeps the NATS password off every command line, where any local user could read it', async () => {
    const password = readFileSync(join(dataDir, 'nats-password'), 'utf8').trim();
    const nats = childPid(launcher, 'nats-server');
    expect(nats).not.toBeNull();
    expect(commandLine(nats as number)).toEqual(expect.arrayContaining(['-c', join(dataDir, 'nats.conf')]));
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(launcher.pid)], { encoding: 'utf8' }).split('\n').map(Number).filter(Boolean);
    for (const pid of children) expect(commandLine(pid).join(' ')).not.toContain(password);
    expect(statSync(join(dataDir, 'nats.conf')).mode & 0o777).toBe(0o600);
  });

  it('starts a crashed service again, and the suite answers again by itself', async () => {
    const before = servicePid(launcher, 'doc-service');
    if (!before) throw new Error(`no doc-service under the launcher:\n${output.slice(-2000)}`);
    process.kill(before, 'SIGKILL');
    await waitFor(() => /doc-service exited unexpectedly \(SIGKILL\); starting it again in 1 s/.test(output), 10_000, 100);
    await waitFor(async () => (await fetch(`${base}/api/health`).catch(() => null))?.status === 200, 60_000, 500);
    const after = servicePid(launcher, 'doc-service');
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    expect(launcher.exitCode).toBeNull();
  }, 90_000);

  const healthy = async () => (await fetch(`${base}/api/health`).catch(() => null))?.status === 200;

  /** Kills the embedded server whose command line holds `part`, and waits until the suite works again. */
  async function killAndRecover(name: string, part: string): Promise<void> {
    const before = childPid(launcher, part);
    if (!before) throw new Error(`no ${name} under the launcher:\n${output.slice(-2000)}`);
    process.kill(before, 'SIGKILL');
    const restarted = async () => childPid(launcher, part) !== null && (await healthy());
    await waitFor(() => new RegExp(`${name} exited unexpectedly \\(SIGKILL\\); starting it again in 1 s`).test(output), 10_000, 100)
      .then(() => waitFor(restarted, 60_000, 500))
      .catch((error: Error) => {
        throw new Error(`${error.message}\n${output.slice(-3000)}`);
      });
    expect(childPid(launcher, part)).not.toBe(before);
    // The suite works, not only answers: a sign-in reads and writes the database over NATS.
    const { username, password } = JSON.parse(readFileSync(join(dataDir, 'admin-credentials.json'), 'utf8')) as { username: string; password: string };
    const signIn = () => fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    await waitFor(async () => (await signIn()).status === 200, 30_000, 500);
    expect(launcher.exitCode).toBeNull();
  }

  it('starts the embedded nats-server again when it dies, and the suite works again by itself', async () => {
    await killAndRecover('nats-server', 'nats-server');
  }, 90_000);

  it('starts the embedded PostgreSQL again when it dies under a busy backend, and the suite works again by itself', async () => {
    // A backend busy computing outlives its server and would keep a new one from starting (shared memory in use).
    const busy = new Client({ connectionString: `postgres://postgres:${encodeURIComponent(readFileSync(join(dataDir, 'postgres-password'), 'utf8').trim())}@127.0.0.1:${pgPort}/postgres` });
    await busy.connect();
    busy.on('error', () => undefined);
    const running = busy.query('SELECT count(*) FROM generate_series(1, 2000000000)').catch(() => undefined);
    try {
      await killAndRecover('postgres', '/bin/postgres');
    } finally {
      await running;
      await busy.end().catch(() => undefined);
    }
  }, 120_000);

  it('stops everything on Ctrl-C', async () => {
    launcher.kill('SIGINT');
    await waitFor(() => launcher.exitCode !== null, 60_000, 200);
    expect(launcher.exitCode).toBe(0);
    expect(output).toMatch(/stopped$/m);
  }, 90_000);
});

import { freePort, waitFor, WORKSPACE_ROOT } from '@intake/testing';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The pid of a service the launcher runs (its child whose command line names the service's build). */
function servicePid(launcher: ChildProcess, service: string): number | null {
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(launcher.pid)], { encoding: 'utf8' }).split('\n').map(Number).filter(Boolean);
  return children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`dist/apps/${service}/`)) ?? null;
}

/**
 * `npm start`'s launcher (deploy/scripts/start.mjs) with its embedded PostgreSQL and nats-server,
 * as a self-hoster runs it: a service that crashes is started again, and the suite answers again by itself.
 */
describe('npm start', () => {
  let launcher: ChildProcess;
  let output = '';
  let dataDir: string;
  let base: string;

  beforeAll(async () => {
    const [port, docPort, pgPort, natsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
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

  it('stops everything on Ctrl-C', async () => {
    launcher.kill('SIGINT');
    await waitFor(() => launcher.exitCode !== null, 60_000, 200);
    expect(launcher.exitCode).toBe(0);
    expect(output).toMatch(/stopped$/m);
  }, 90_000);
});

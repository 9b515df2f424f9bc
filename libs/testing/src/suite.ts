import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { startNatsServer, type TestNats } from './nats-server';
import { builtMain, TEST_PRIVATE_KEY, TEST_PUBLIC_KEY } from './paths';
import { createTestDatabase, type TestDatabase } from './test-database';
import { waitFor } from './wait-for';

export const SERVICES = ['auth-service', 'import-service', 'doc-service', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Node flags per service, as deploy/scripts/lib/services.mjs, the Dockerfile and the manifests run them. */
const NODE_ARGS: Partial<Record<ServiceName, string[]>> = { 'import-service': ['--max-old-space-size=256'] };

export interface SuiteOptions {
  /** Extra environment for every process (e.g. LOGIN_MAX_FAILURES). */
  env?: Record<string, string>;
}

/**
 * The whole suite as it runs in production: each service a separate process built by `npm run
 * build`, on a private nats-server and a throwaway database, reached only through the gateway.
 */
export class TestSuite {
  readonly adminUsername = 'admin';
  readonly adminPassword = `Adm-${randomBytes(9).toString('base64url')}`;
  private readonly children = new Map<ServiceName, ChildProcess>();

  private constructor(
    readonly url: string,
    /** doc-service's internal API, which only the gateway should call (tests prove it checks tokens itself). */
    readonly docServicePort: number,
    readonly db: TestDatabase,
    readonly nats: TestNats,
    private readonly workDir: string,
    private readonly env: Record<string, string>,
  ) {}

  static async start(options: SuiteOptions = {}): Promise<TestSuite> {
    const [db, nats, port, docPort] = await Promise.all([createTestDatabase(), startNatsServer(), freePort(), freePort()]);
    const workDir = mkdtempSync(join(tmpdir(), 'intake-suite-'));
    const suite = new TestSuite(`http://127.0.0.1:${port}`, docPort, db, nats, workDir, {});
    Object.assign(suite.env, {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
      NATS_URL: nats.url,
      NATS_USER: nats.user,
      NATS_PASSWORD: nats.pass,
      DATA_DIR: workDir,
      PORT: String(port),
      DOC_SERVICE_PORT: String(docPort),
      DOC_SERVICE_URL: `http://127.0.0.1:${docPort}`,
      HOST: '127.0.0.1',
      JWT_PRIVATE_KEY_FILE: TEST_PRIVATE_KEY,
      JWT_PUBLIC_KEY_FILE: TEST_PUBLIC_KEY,
      ADMIN_USERNAME: suite.adminUsername,
      ADMIN_EMAIL: 'admin@example.test',
      ADMIN_PASSWORD: suite.adminPassword,
      SECRETS_KEY: randomBytes(32).toString('base64'),
      // Every test signs in from 127.0.0.1; the login limit is tested on its own with a low value.
      LOGIN_RATE_LIMIT: '10000',
      // A provider failing in passing is asked again DOC_AI_RETRIES (3) times: after 50, 100, 200 ms here, not 2, 4, 8 s.
      DOC_AI_RETRY_DELAY_MS: '50',
      ...options.env,
    });
    try {
      await Promise.all(SERVICES.map((name) => suite.startService(name)));
      await suite.waitUntilHealthy();
    } catch (error) {
      await suite.stop();
      throw error;
    }
    return suite;
  }

  async startService(name: ServiceName): Promise<void> {
    const log = createWriteStream(this.logFile(name), { flags: 'a' });
    const child = spawn(process.execPath, [...(NODE_ARGS[name] ?? []), builtMain(name)], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.children.set(name, child);
  }

  /** SIGTERM, then SIGKILL after 5 s; answers how the service ended and how long it took (null when it was not running). */
  async stopService(name: ServiceName): Promise<{ signal: NodeJS.Signals | null; code: number | null; ms: number } | null> {
    const child = this.children.get(name);
    if (!child) return null;
    this.children.delete(name);
    if (child.exitCode !== null || child.signalCode !== null) return null;
    const started = Date.now();
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    const [code, signal] = await exited;
    clearTimeout(timer);
    return { signal, code, ms: Date.now() - started };
  }

  /** Kills a service without warning (SIGKILL), as a crash or an OOM kill would. */
  async killService(name: ServiceName): Promise<void> {
    const child = this.children.get(name);
    if (!child) return;
    this.children.delete(name);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async waitUntilHealthy(timeoutMs = 45_000): Promise<void> {
    try {
      await waitFor(async () => {
        for (const [name, child] of this.children) {
          if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${this.logs(name).slice(-2000)}`);
        }
        const res = await fetch(`${this.url}/api/health`).catch(() => null);
        return res?.status === 200;
      }, timeoutMs, 100);
    } catch (error) {
      const tails = SERVICES.map((s) => `--- ${s}\n${this.logs(s).slice(-1500)}`).join('\n');
      throw new Error(`suite did not become healthy: ${(error as Error).message}\n${tails}`);
    }
  }

  /** DATA_DIR of every service (object storage lives in `objects/` under it). */
  get dataDir(): string {
    return this.workDir;
  }

  pid(name: ServiceName): number | undefined {
    return this.children.get(name)?.pid;
  }

  logs(name: ServiceName): string {
    try {
      return readFileSync(this.logFile(name), 'utf8');
    } catch {
      return '';
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.children.keys()].map((name) => this.stopService(name)));
    await Promise.allSettled([this.nats.stop(), this.db.drop()]);
    rmSync(this.workDir, { recursive: true, force: true });
  }

  private logFile(name: ServiceName): string {
    return join(this.workDir, `${name}.log`);
  }
}

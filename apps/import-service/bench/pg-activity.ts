/**
 * A poor man's profiler for the PostgreSQL side of a run (`--pg-sample`): every 50 ms, which
 * statements the import's backends are executing (pg_stat_activity, state active). The share of
 * samples per statement approximates where the database time goes; samples with nothing active are
 * time spent in Node (parsing, converting, the result file) or between round trips.
 */
import { adminDatabaseUrl } from '@intake/testing';
import { Client } from 'pg';
import { table } from './report';

const INTERVAL_MS = 50;

export class PgActivitySampler {
  private client: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private samples = 0;
  private readonly hits = new Map<string, number>();

  /** `databases`: the suite's (journal, outcomes) and the NocoBase one. */
  constructor(private readonly databases: string[]) {}

  async start(): Promise<void> {
    this.client = new Client({ connectionString: adminDatabaseUrl() });
    await this.client.connect();
    this.samples = 0;
    this.hits.clear();
    const tick = async () => {
      const client = this.client;
      if (!client) return;
      const { rows } = await client.query<{ db: string; query: string; wait: string | null }>(
        `SELECT datname AS db, query, wait_event_type || ':' || wait_event AS wait FROM pg_stat_activity
          WHERE datname = ANY($1) AND state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        [this.databases],
      );
      this.samples++;
      const keys = rows.length ? rows.map((r) => `${r.db === this.databases[0] ? 'suite' : 'nocobase'}: ${normalise(r.query)}${r.wait ? ` [${r.wait}]` : ''}`) : ['(no statement running)'];
      for (const key of new Set(keys)) this.hits.set(key, (this.hits.get(key) ?? 0) + 1);
      if (this.timer) this.timer = setTimeout(() => void tick().catch(() => undefined), INTERVAL_MS);
    };
    this.timer = setTimeout(() => void tick().catch(() => undefined), INTERVAL_MS);
  }

  /** Stops sampling and returns the table: statement, share of samples in which it was running. */
  async stop(top = 12): Promise<string> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.client?.end();
    this.client = null;
    const rows = [...this.hits]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, n]) => [key, `${((100 * n) / Math.max(1, this.samples)).toFixed(1)}%`]);
    return table([`statement (${this.samples} samples, ${INTERVAL_MS} ms apart)`, 'share'], rows);
  }
}

/** Whitespace collapsed, values and long column lists elided, cut to a readable length. */
function normalise(query: string): string {
  const text = query
    .replace(/\s+/g, ' ')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\(([^()]{40,})\)/g, '(…)')
    .trim();
  return text.length > 110 ? `${text.slice(0, 109)}…` : text;
}

import type { ImportProgress } from '@intake/contracts';

/** Rows per second over this run (not since the job began: a resumed job starts a fresh clock), and the ETA. */
export class RateMeter {
  private readonly startedAt = Date.now();
  private rows = 0;

  add(rows: number): void {
    this.rows += rows;
  }

  apply(progress: ImportProgress): ImportProgress {
    const seconds = (Date.now() - this.startedAt) / 1000;
    const rate = seconds > 0 && this.rows > 0 ? this.rows / seconds : null;
    const left = progress.rows_total === null ? null : Math.max(0, progress.rows_total - progress.rows_processed);
    return {
      ...progress,
      rows_per_second: rate === null ? null : Math.round(rate),
      eta_seconds: rate && left !== null ? Math.ceil(left / rate) : null,
    };
  }
}

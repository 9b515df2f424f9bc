/** Why an analysis ended before its end: its job was cancelled, or it ran past its time limit. */
export class AnalysisStopped extends Error {
  constructor(
    readonly reason: 'cancelled' | 'timed-out',
    message: string,
  ) {
    super(message);
  }
}

/** Rows between two looks at the clock: reading it for every row would cost more than the row. */
const ROWS_PER_CLOCK_READ = 256;

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds % 60 !== 0) return `${seconds} seconds`;
  return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`;
}

/**
 * Ends an analysis whose job was cancelled meanwhile, or that has run longer than `limitMs`. A
 * run learns of a cancel when it commits a batch; an analysis writes nothing until its end, so it
 * asks (`stillWanted`, one query) at most once per `pollMs`, between rows and between steps, telling
 * how many rows it has read so far (for those following the job).
 */
export class AnalysisWatch {
  private rows = 0;
  private nextPoll: number;
  private readonly deadline: number;

  constructor(
    private readonly stillWanted: (rowsRead: number) => Promise<boolean>,
    private readonly limitMs: number,
    private readonly pollMs = 1000,
  ) {
    const now = Date.now();
    this.deadline = now + limitMs;
    this.nextPoll = now + pollMs;
  }

  /** Once per row: a promise to await when it is time to look, else undefined (nearly free). */
  tick(): Promise<void> | undefined {
    if (++this.rows % ROWS_PER_CLOCK_READ !== 0 || Date.now() < this.nextPoll) return undefined;
    return this.check();
  }

  /** Between steps: throws AnalysisStopped past the limit, or when a look at the job finds it no longer wanted. */
  async check(): Promise<void> {
    const now = Date.now();
    if (now > this.deadline) {
      throw new AnalysisStopped(
        'timed-out',
        `The analysis was stopped after ${duration(this.limitMs)}, the longest one may take: split the file into smaller ones, or ask an administrator to raise IMPORT_ANALYSIS_TIMEOUT_SECONDS`,
      );
    }
    if (now < this.nextPoll) return;
    this.nextPoll = now + this.pollMs;
    if (!(await this.stillWanted(this.rows))) throw new AnalysisStopped('cancelled', 'The job was cancelled during its analysis');
  }
}

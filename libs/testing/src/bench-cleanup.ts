/**
 * Undo steps for everything a benchmark creates (suite, databases, temp files), run in reverse
 * order on success, on error, and on Ctrl-C / SIGTERM / SIGHUP. Each step gets a time limit, so one
 * that hangs cannot keep the others from running.
 */
type Step = { name: string; run: () => Promise<unknown> | unknown };

const STEP_LIMIT_MS = 20_000;

export class BenchCleanup {
  private readonly steps: Step[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly log: (line: string) => void) {}

  add(name: string, run: Step['run']): void {
    this.steps.push({ name, run });
  }

  /** Runs every step once (later calls wait for the first), newest first. */
  runAll(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.splice(0).reverse()) {
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`still running after ${STEP_LIMIT_MS / 1000} s`)), STEP_LIMIT_MS);
        });
        try {
          await Promise.race([Promise.resolve().then(step.run), limit]);
        } catch (error) {
          this.log(`cleanup: ${step.name}: ${(error as Error).message}`);
        } finally {
          clearTimeout(timer);
        }
      }
    })();
    return this.running;
  }

  /** On a signal: clean up, then exit with 128 + the signal's number. A second signal exits at once. */
  onSignals(): void {
    const codes: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
    let received = false;
    for (const signal of Object.keys(codes) as NodeJS.Signals[]) {
      process.on(signal, () => {
        if (received) process.exit(128 + codes[signal]);
        received = true;
        this.log(`\n${signal}: cleaning up…`);
        void this.runAll().finally(() => process.exit(128 + codes[signal]));
      });
    }
  }
}

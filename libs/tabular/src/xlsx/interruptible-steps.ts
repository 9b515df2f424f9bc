/**
 * Awaits the steps of a third-party iterator so that an outside failure ends the wait at once.
 * Not Promise.race against one long-lived "failed" promise: every race adds a reaction to it that
 * keeps the step's result alive, so a sheet of 100k rows would keep all 100k rows in memory.
 */
export class InterruptibleSteps {
  private failure: { error: unknown } | undefined;
  private interrupt: ((error: unknown) => void) | undefined;

  /** Ends the current wait (and every later one) with `error`; the first failure wins. */
  readonly fail = (error: unknown): void => {
    this.failure ??= { error };
    this.interrupt?.(this.failure.error);
  };

  step<T>(promise: Promise<T>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure.error);
    return new Promise<T>((resolve, reject) => {
      this.interrupt = reject;
      promise.then(
        (value) => {
          this.interrupt = undefined;
          resolve(value);
        },
        (error: unknown) => {
          this.interrupt = undefined;
          reject(error);
        },
      );
    });
  }
}

/** How often a yielding worker looks for a free slot again (and whether it should stop). */
const RECHECK_MS = 50;
/** How often a fetched job waiting for a slot tells JetStream it is in hand. */
const KEEP_ALIVE_MS = 1000;

const sleep = () => new Promise((resolve) => setTimeout(resolve, RECHECK_MS));

/**
 * One limit shared by the workers of two queues, one of which goes first: its jobs start as soon as
 * they arrive, taking a slot; the other queue's jobs start only while fewer than `limit` jobs run. So
 * a long backlog in the yielding queue never makes a job of the first wait for it; the first queue's
 * jobs may run beside `limit` others at most.
 */
export class WorkSlots {
  private running = 0;

  constructor(readonly limit: number) {}

  /** Takes a slot at once; the release may be called once. */
  take(): () => void {
    this.running += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running -= 1;
    };
  }

  /** Waits until a slot is free, taking none (a yielding worker looks before it fetches); false when `stillWanted` turns false first. */
  async whenFree(stillWanted: () => boolean): Promise<boolean> {
    while (this.running >= this.limit) {
      if (!stillWanted()) return false;
      await sleep();
    }
    return stillWanted();
  }

  /** Takes a slot once one is free; `keepAlive` runs about once a second meanwhile (a job fetched as the last slot went). */
  async takeWhenFree(keepAlive: () => void): Promise<() => void> {
    let told = Date.now();
    while (this.running >= this.limit) {
      if (Date.now() - told >= KEEP_ALIVE_MS) {
        keepAlive();
        told = Date.now();
      }
      await sleep();
    }
    return this.take();
  }
}

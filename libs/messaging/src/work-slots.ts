/** How often a yielding worker looks for a free slot again (and whether it should stop). */
const RECHECK_MS = 50;

/**
 * One limit shared by the workers of two queues, one of which goes first: its jobs start as soon
 * as they arrive, taking a slot; the other queue's workers wait for a free slot before they even
 * fetch. So a long backlog in the yielding queue never makes a job of the first wait for it, and
 * the two together run no more than `limit` jobs, plus the first queue's jobs that arrive while
 * every slot is taken.
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

  /** Waits for a free slot and takes it; null when `stillWanted` turns false first. */
  async whenFree(stillWanted: () => boolean): Promise<(() => void) | null> {
    while (this.running >= this.limit) {
      if (!stillWanted()) return null;
      await new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
    }
    return stillWanted() ? this.take() : null;
  }
}

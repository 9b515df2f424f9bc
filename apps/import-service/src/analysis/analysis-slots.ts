const RECHECK_MS = 100;
const sleep = () => new Promise((resolve) => setTimeout(resolve, RECHECK_MS));

/**
 * The analyses running in this process. One whose earlier analyses died with their process runs
 * alone: if it kills the process again, no other job's count of deaths goes up with it. Once one
 * waits to run alone, no other starts before it.
 */
export class AnalysisSlots {
  private running = 0;
  private alone = false;
  private waitingAlone = 0;

  async enter(runAlone: boolean): Promise<() => void> {
    if (runAlone) {
      this.waitingAlone += 1;
      while (this.alone || this.running > 0) await sleep();
      this.waitingAlone -= 1;
      this.alone = true;
    } else {
      while (this.alone || this.waitingAlone > 0) await sleep();
    }
    this.running += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.running -= 1;
      if (runAlone) this.alone = false;
    };
  }
}

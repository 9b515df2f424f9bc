/**
 * How far the process's memory (RSS) has grown while a document is read, counted from the lowest it
 * has been since the document started. Not from the start alone: the process may then still hold
 * the previous document's garbage, and memory freed while this one is read would otherwise let it
 * take that much more than its cap.
 */
export class RssGrowth {
  constructor(private lowest: number) {}

  /** Memory added that is not the document's (a copy of the next document, handed over early). */
  notCounted(bytes: number): void {
    this.lowest += bytes;
  }

  /** The growth when the process's RSS is `rss`. */
  at(rss: number): number {
    this.lowest = Math.min(this.lowest, rss);
    return rss - this.lowest;
  }
}

import { UNIQUE_CHARS_KEPT, UNIQUE_ROWS_LISTED, UNIQUE_VALUES_KEPT } from '@intake/contracts';

/** Rows waiting for one look-up of their values in the collection. */
const LOOKUP_BATCH = 2000;

/**
 * Converted rows waiting for a look-up, in row order. Rows from the first whose relation lookups are
 * still to come wait for them (`take(before)`), and rows those lookups fail are taken back (`drop`):
 * the run never gets to their values or keys.
 */
export class WaitingRows<T extends { row: number }> {
  private rows: T[] = [];

  push(item: T): void {
    this.rows.push(item);
  }

  /** Enough rows wait for a look-up. */
  get due(): boolean {
    return this.rows.length >= LOOKUP_BATCH;
  }

  drop(failed: ReadonlySet<number>): void {
    if (failed.size) this.rows = this.rows.filter((w) => !failed.has(w.row));
  }

  /** The waiting rows before row `before`, in row order; the rest keep waiting. */
  take(before = Infinity): T[] {
    const at = this.rows.findIndex((w) => w.row >= before);
    const taken = at === -1 ? this.rows : this.rows.slice(0, at);
    this.rows = at === -1 ? [] : this.rows.slice(at);
    return taken;
  }
}

/**
 * Value → the first row that had it, kept for at most `capacity` values (and UNIQUE_CHARS_KEPT
 * characters of them); past that, `full` says later repeats go unfound.
 */
export class FirstRows {
  private readonly first = new Map<string, number>();
  private chars = 0;
  full = false;

  constructor(private readonly capacity = UNIQUE_VALUES_KEPT) {}

  get(value: string): number | undefined {
    return this.first.get(value);
  }

  remember(value: string, row: number): void {
    if (this.first.size < this.capacity && this.chars + value.length <= UNIQUE_CHARS_KEPT) {
      this.first.set(value, row);
      this.chars += value.length;
    } else this.full = true;
  }
}

/** Adds `item` to a preview's list of the first rows behind a count. */
export function listFirst<T>(list: T[], item: T): void {
  if (list.length < UNIQUE_ROWS_LISTED) list.push(item);
}

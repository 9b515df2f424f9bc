/** How long a worker's pull for its next job waits when no redelivery is near; also how fast `drain()` stops. */
const PULL_MS = 1000;
/** How far from a redelivery falling due a pull must end. */
const CLEARANCE_MS = 500;
/** A pull is stretched no further, so `drain()` still ends within a service's 5 s stop grace. */
const MAX_PULL_MS = 3000;

/**
 * When the jobs a worker put back with `nak(delay)` fall due, so its pulls are waiting for them then.
 *
 * nats-server before the April 2024 fixes (nats-io/nats-server#5305, #5338; Debian's 2.9.10 among
 * them) mishandles a redelivery that falls due while every pull request it holds is dead: just expired,
 * or already given up by nats.js, whose `next()` ends 1.05 × expires after the call while the server
 * counts from the request's arrival. It counts a delivery it never made and rewinds the consumer: the
 * job comes back as delivery 1, and can then run out of deliveries with no last attempt and no giveUp,
 * left in the stream for good. A worker that pulls again right after `nak(delay)`, with 1 s pulls and
 * whole-second delays, ends a pull just when its own redelivery falls due, so it keeps its pulls'
 * ends clear of the times noted here. Best effort: redeliveries due closer together than a pull's
 * length (many jobs failing at once) cannot all be cleared within MAX_PULL_MS; nor can a job another
 * replica put back, or one back after its ack wait ran out (a crashed worker). A nats-server with
 * the fixes does not need any of this.
 */
export class RedeliverySchedule {
  private due: number[] = [];

  /** Notes a job put back at `now` to come back `delayMs` later. */
  add(now: number, delayMs: number): void {
    this.due.push(now + delayMs);
  }

  /** How long a pull starting at `now` should wait so it does not end close to a redelivery noted here. */
  pullMs(now: number): number {
    this.due = this.due.filter((at) => at > now).sort((a, b) => a - b);
    let end = now + PULL_MS;
    for (const at of this.due) if (Math.abs(end - at) < CLEARANCE_MS) end = at + CLEARANCE_MS;
    return Math.min(end - now, MAX_PULL_MS);
  }
}

/**
 * `RequestPacer`: the client's request-rate limiter. Requests leave one at a time, at least `1000 / rate` ms
 * apart, measured from when the previous one actually left, so no one-second window ever holds more than `rate`
 * requests, however late timers fire. `pause(ms)` (on a 429's Retry-After) holds back every request not yet
 * sent, not just the one that was refused.
 *
 * Hand-written rather than `bottleneck`: bottleneck schedules from planned rather than actual start times (a late
 * timer lets two requests leave closer than the interval) and cannot hold back jobs it has already released,
 * which a client-wide pause needs. This is the whole of it: a FIFO chain of turns and one loop.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export class RequestPacer {
  readonly intervalMs: number;
  private nextSlot = 0;
  private pausedUntil = 0;
  private tail: Promise<void> = Promise.resolve();
  /** Requests let through so far. */
  sent = 0;

  constructor(
    ratePerSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new RangeError(`The request rate must be a positive number of requests per second (got ${ratePerSecond}).`);
    }
    this.intervalMs = 1000 / ratePerSecond;
  }

  /** Resolves when the caller may send one request; callers are served first come, first served. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.tail.then(() => this.waitForSlot(signal));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** Holds back every request not yet sent for `ms` milliseconds from now (longer pauses win). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock() + ms);
  }

  /** Milliseconds left in the current pause, 0 when not paused. */
  pausedFor(): number {
    return Math.max(0, this.pausedUntil - this.clock());
  }

  private async waitForSlot(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock();
      const at = Math.max(this.nextSlot, this.pausedUntil);
      if (at <= now) {
        this.nextSlot = now + this.intervalMs;
        this.sent++;
        return;
      }
      // Timers may fire a fraction of a millisecond early: the loop checks again rather than trusting them.
      await sleep(Math.max(1, Math.ceil(at - now)), undefined, { signal });
    }
  }
}

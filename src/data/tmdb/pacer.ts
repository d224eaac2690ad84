/**
 * `RequestPacer`: the client's request-rate limiter, a sliding window with a minimum gap.
 *
 * For a rate of N requests/s (N whole): a request may leave when the one N places before it left more than a
 * second ago (plus 2 % to absorb arrival jitter), and at least 0.9 of an interval (900 / N ms) after the previous
 * one, so the flow stays even rather than arriving in bursts. Times are the moments requests actually left, so no
 * one-second window ever holds more than N requests however late timers fire; and a late timer costs only its own
 * delay, not a delay on every request after it, so the sustained rate stays close to N on a busy machine.
 * `pause(ms)` (on a 429's Retry-After) holds back every request not yet sent, not just the one that was refused.
 *
 * Hand-written rather than `bottleneck`: bottleneck schedules from planned rather than actual start times (a late
 * timer lets two requests leave closer than the interval) and cannot hold back jobs it has already released,
 * which a client-wide pause needs. This is the whole of it: a FIFO chain of turns and one loop.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Slack added to the window so requests that leave exactly a second apart still arrive more than a second apart. */
const WINDOW_MARGIN = 1.02;
/** The shortest gap between two requests, as a share of the even interval. */
const MIN_GAP_SHARE = 0.9;

export class RequestPacer {
  /** The even spacing at this rate, ms. */
  readonly intervalMs: number;
  private readonly windowCount: number;
  private readonly windowMs: number;
  private readonly minGapMs: number;
  /** When the last `windowCount` requests left, oldest first. */
  private readonly recent: number[] = [];
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
    this.windowCount = Math.max(1, Math.floor(ratePerSecond));
    this.windowMs = this.windowCount * this.intervalMs * WINDOW_MARGIN;
    this.minGapMs = this.intervalMs * MIN_GAP_SHARE;
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

  /** The earliest moment the next request may leave. */
  private earliest(): number {
    const last = this.recent.at(-1);
    let at = Math.max(this.pausedUntil, last === undefined ? 0 : last + this.minGapMs);
    if (this.recent.length === this.windowCount) at = Math.max(at, this.recent[0]! + this.windowMs);
    return at;
  }

  private async waitForSlot(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock();
      const at = this.earliest();
      if (at <= now) {
        this.recent.push(now);
        if (this.recent.length > this.windowCount) this.recent.shift();
        this.sent++;
        return;
      }
      // Timers may fire a fraction of a millisecond early: the loop checks again rather than trusting them.
      await sleep(Math.max(1, Math.ceil(at - now)), undefined, { signal });
    }
  }
}

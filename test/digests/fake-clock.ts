/** A clock the test moves by hand: `sleep` resolves when `advance` passes its wake-up time. */
import type { Clock } from '../../src/digests/types.ts';

export class FakeClock implements Clock {
  private ms: number;
  private sleepers: { at: number; wake: () => void }[] = [];

  constructor(start: string | Date) {
    this.ms = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  set(to: string | Date): void {
    this.ms = new Date(to).getTime();
    this.wakeDue();
  }

  advance(ms: number): void {
    this.ms += ms;
    this.wakeDue();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const entry = { at: this.ms + ms, wake: resolve };
      this.sleepers.push(entry);
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  private wakeDue(): void {
    const due = this.sleepers.filter((s) => s.at <= this.ms);
    this.sleepers = this.sleepers.filter((s) => s.at > this.ms);
    for (const s of due) s.wake();
  }
}

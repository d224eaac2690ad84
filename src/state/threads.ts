/**
 * Thread memory: what a chat thread last asked (its intent), so follow-ups ("why?", "what if budget 3?", a
 * button) reuse its parameters. In memory for one process, or on the shared state backend (embedded SQLite or
 * Redis) so follow-ups work whichever replica answers. Generic in what it keeps: this room knows no intents.
 */
import type { KvBackend } from './backend.ts';

export interface ThreadStore<T> {
  get(thread: string): Promise<T | undefined>;
  set(thread: string, value: T): Promise<void>;
}

/** Keeps the value of the most recently active threads (oldest forgotten first). */
export class MemoryThreadStore<T> implements ThreadStore<T> {
  private readonly threads = new Map<string, T>();
  constructor(private readonly maxThreads = 10_000) {}

  async get(thread: string): Promise<T | undefined> {
    return this.threads.get(thread);
  }

  async set(thread: string, value: T): Promise<void> {
    this.threads.delete(thread);
    this.threads.set(thread, value);
    for (const oldest of this.threads.keys()) {
      if (this.threads.size <= this.maxThreads) break;
      this.threads.delete(oldest);
    }
  }
}

const THREAD = 'thread:';
/** How long a thread's memory stays on the shared backend after its last question. */
export const THREAD_TTL_MS = 7 * 24 * 3600_000;

/** Thread memory on the shared state backend, as JSON; entries expire `ttlMs` after they were last written. */
export class SharedThreadStore<T> implements ThreadStore<T> {
  constructor(
    private readonly backend: Pick<KvBackend, 'get' | 'put' | 'delete'>,
    private readonly ttlMs = THREAD_TTL_MS,
  ) {}

  async get(thread: string): Promise<T | undefined> {
    const v = await this.backend.get(THREAD + thread);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }

  set(thread: string, value: T): Promise<void> {
    return this.backend.put(THREAD + thread, JSON.stringify(value), this.ttlMs);
  }

  delete(thread: string): Promise<void> {
    return this.backend.delete(THREAD + thread);
  }
}

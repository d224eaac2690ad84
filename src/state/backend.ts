/**
 * The few atomic operations the shared state needs, implemented twice: on the embedded on-disk store
 * (`@keyv/sqlite`, single SQL statements) and on Redis (single commands and Lua scripts). Everything above this
 * interface is written once: the digest state (subscriptions, the outbox, thread context) in `state.ts`, Slack's
 * retry de-duplication (`src/adapters/slack/app.ts`) and the served chart images (`src/server/images.ts`).
 */
export interface KvBackend {
  readonly kind: 'embedded' | 'redis';
  get(key: string): Promise<string | undefined>;
  /** Every entry whose key starts with `prefix`. */
  list(prefix: string): Promise<Array<[key: string, value: string]>>;
  /** Unconditional write; `ttlMs` lets the backend drop the key after that long. */
  put(key: string, value: string, ttlMs?: number): Promise<void>;
  /**
   * Writes only when the key does not exist yet (an expired key counts as absent); true when this call created
   * it. `ttlMs` lets the backend drop the key after that long. One atomic step: of several replicas racing on the
   * same key, exactly one gets true.
   */
  insertIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean>;
  /**
   * Fenced write of a JSON record with a numeric `fence` field, checked atomically by the store:
   * `claim` succeeds only when the stored fence is lower than `token` (a newer claimant takes over),
   * `commit` only when it equals `token` (the writer still holds the claim; a stale replica's write is refused).
   */
  fencedUpdate(key: string, value: string, token: number, mode: 'claim' | 'commit'): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** A strictly increasing number, shared by every replica: the fencing token. */
  nextFence(): Promise<number>;
  /** Takes the named lock for `ttlMs` when it is free or expired; true when `token` now holds it. */
  acquireLock(name: string, token: number, ttlMs: number): Promise<boolean>;
  /** Releases the lock only if `token` still holds it. */
  releaseLock(name: string, token: number): Promise<void>;
  close(): Promise<void>;
}

export class StoreError extends Error {
  override name = 'StoreError';
}

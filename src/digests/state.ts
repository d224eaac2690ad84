/**
 * Digest state on either backend: subscriptions, the outbox, alert memory and the thread-context store the
 * chat adapters use. Written once over `KvBackend`'s atomic operations.
 */
import { join } from 'node:path';
import type { Config } from '../../config.ts';
import type { OutboxEntry, Subscription } from '../types.ts';
import type { KvBackend } from './backend.ts';
import { openEmbeddedBackend } from './embedded.ts';
import { openRedisBackend, redactRedisUrl } from './redis.ts';

const SUB = 'sub:';
const OUTBOX = 'outbox:';
const ALERT = 'alert:';
const THREAD = 'thread:';

/** Per-thread memory (e.g. the last intent's parameters) for follow-up buttons; entries expire. */
export interface ThreadContextStore {
  get<T>(threadKey: string): Promise<T | undefined>;
  set<T>(threadKey: string, value: T, ttlMs?: number): Promise<void>;
  delete(threadKey: string): Promise<void>;
}

export class DigestState {
  readonly threads: ThreadContextStore;

  constructor(readonly backend: KvBackend) {
    this.threads = {
      get: async <T>(key: string) => {
        const v = await backend.get(THREAD + key);
        return v === undefined ? undefined : (JSON.parse(v) as T);
      },
      set: async <T>(key: string, value: T, ttlMs = 7 * 24 * 3600_000) => backend.put(THREAD + key, JSON.stringify(value), ttlMs),
      delete: (key: string) => backend.delete(THREAD + key),
    };
  }

  async putSubscription(sub: Subscription): Promise<void> {
    await this.backend.put(SUB + sub.id, JSON.stringify(sub));
  }

  async getSubscription(id: string): Promise<Subscription | undefined> {
    const v = await this.backend.get(SUB + id);
    return v === undefined ? undefined : (JSON.parse(v) as Subscription);
  }

  async listSubscriptions(): Promise<Subscription[]> {
    return (await this.backend.list(SUB)).map(([, v]) => JSON.parse(v) as Subscription);
  }

  /** Writes the planned delivery if it is not in the outbox yet; false when it already was (by any replica). */
  async planDelivery(entry: OutboxEntry): Promise<boolean> {
    return this.backend.insertIfAbsent(OUTBOX + entry.id, JSON.stringify(entry));
  }

  async getDelivery(id: string): Promise<OutboxEntry | undefined> {
    const v = await this.backend.get(OUTBOX + id);
    return v === undefined ? undefined : (JSON.parse(v) as OutboxEntry);
  }

  async listDeliveries(subscriptionId?: string): Promise<OutboxEntry[]> {
    const rows = await this.backend.list(subscriptionId ? `${OUTBOX}${subscriptionId}@` : OUTBOX);
    return rows.map(([, v]) => JSON.parse(v) as OutboxEntry);
  }

  /** Takes over an entry with a fresh fencing token (refused if a newer token already claimed it). */
  claimDelivery(entry: OutboxEntry, token: number): Promise<boolean> {
    return this.backend.fencedUpdate(OUTBOX + entry.id, JSON.stringify({ ...entry, fence: token }), token, 'claim');
  }

  /** Records progress under the claim `entry.fence`; false when another replica has since taken over. */
  commitDelivery(entry: OutboxEntry): Promise<boolean> {
    return this.backend.fencedUpdate(OUTBOX + entry.id, JSON.stringify(entry), entry.fence, 'commit');
  }

  /** Drops finished deliveries scheduled before `before` (the outbox keeps a bounded history). */
  async pruneDeliveries(before: Date): Promise<number> {
    let n = 0;
    for (const e of await this.listDeliveries()) {
      if ((e.state === 'sent' || e.state === 'skipped' || e.state === 'failed') && e.scheduledFor < before.toISOString()) {
        await this.backend.delete(OUTBOX + e.id);
        n++;
      }
    }
    return n;
  }

  async getAlertMemory<T>(subscriptionId: string): Promise<T | undefined> {
    const v = await this.backend.get(ALERT + subscriptionId);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }

  async putAlertMemory<T>(subscriptionId: string, memory: T): Promise<void> {
    await this.backend.put(ALERT + subscriptionId, JSON.stringify(memory));
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}

type StateConfig = Pick<Config, 'GREENLIGHT_DATA_DIR' | 'GREENLIGHT_REDIS_URL'>;

/**
 * The shared state backend: Redis when `GREENLIGHT_REDIS_URL` is set, else the embedded store at
 * `${GREENLIGHT_DATA_DIR}/state.sqlite`. The digest state, Slack's retry de-duplication and the served chart images
 * all live on it, so every replica pointed at one Redis sees the same.
 */
export function openStateBackend(config: StateConfig): Promise<KvBackend> {
  return config.GREENLIGHT_REDIS_URL
    ? openRedisBackend(config.GREENLIGHT_REDIS_URL)
    : openEmbeddedBackend(join(config.GREENLIGHT_DATA_DIR, 'state.sqlite'));
}

/** Where the shared state lives, safe to print (a Redis password is masked). */
export function describeStateBackend(config: StateConfig): string {
  return config.GREENLIGHT_REDIS_URL
    ? `Redis at ${redactRedisUrl(config.GREENLIGHT_REDIS_URL)} (shared by every replica using it)`
    : `embedded ${join(config.GREENLIGHT_DATA_DIR, 'state.sqlite')} (one process; set GREENLIGHT_REDIS_URL for replicas)`;
}

export async function openDigestState(config: StateConfig): Promise<DigestState> {
  return new DigestState(await openStateBackend(config));
}

/**
 * Digest state on either backend: subscriptions, the outbox, alert memory and the thread-context store the
 * chat adapters use. Written once over `KvBackend`'s atomic operations.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { OutboxEntry, Subscription } from '../types.ts';
import type { KvBackend } from './backend.ts';
import { openEmbeddedBackend } from './embedded.ts';
import { openRedisBackend, redactRedisUrl } from './redis.ts';

const SUB = 'sub:';
const OUTBOX = 'outbox:';
const ALERT = 'alert:';
const THREAD = 'thread:';
/** Where a record that cannot be read is moved (same key after the prefix), out of every list. */
const QUARANTINE = 'quarantine:';

/** The shape every stored subscription must have to be scheduled (a bad one is quarantined, not fatal). */
const subscriptionShape = z.object({
  id: z.string().min(1),
  channel: z.union([
    z.object({ kind: z.literal('slack'), channelId: z.string().min(1) }),
    z.object({ kind: z.literal('teams'), conversationId: z.string().min(1), serviceUrl: z.string() }),
  ]),
  owner: z.string(),
  schedule: z.object({ cron: z.string().min(1), timezone: z.string().min(1), label: z.string() }),
  content: z.union([
    z.object({ kind: z.literal('digest'), sections: z.array(z.string()) }),
    z.object({ kind: z.literal('alert'), condition: z.object({ kind: z.string() }) }),
  ]),
  createdAt: z.iso.datetime(),
  status: z.enum(['active', 'stopped', 'failed']),
});

const outboxShape = z.object({
  id: z.string().min(1),
  subscriptionId: z.string().min(1),
  scheduledFor: z.iso.datetime(),
  kind: z.enum(['digest', 'skip-note', 'manual', 'answer']),
  state: z.enum(['planned', 'sending', 'sent', 'skipped', 'failed']),
  attempts: z.number().int().min(0),
  notBefore: z.string(),
  fence: z.number(),
});

/** Told about each record moved to quarantine: its key and what was wrong. */
export type QuarantineLog = (message: string) => void;

/** Per-thread memory (e.g. the last intent's parameters) for follow-up buttons; entries expire. */
export interface ThreadContextStore {
  get<T>(threadKey: string): Promise<T | undefined>;
  set<T>(threadKey: string, value: T, ttlMs?: number): Promise<void>;
  delete(threadKey: string): Promise<void>;
}

export class DigestState {
  readonly threads: ThreadContextStore;
  /** Hears about every record quarantined (the runtime logs it as an error, by id). */
  onQuarantine: QuarantineLog = (message) => process.stderr.write(`greenlight digests [error] ${message}\n`);

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
    return this.readAll<Subscription>(await this.backend.list(SUB), subscriptionShape);
  }

  /**
   * Parses stored records; one that is not JSON or not of the expected shape is moved under `quarantine:` (kept
   * for a person to inspect), reported by key, and skipped, so that one bad record never stops the others.
   */
  private async readAll<T>(rows: Array<[string, string]>, shape: z.ZodType): Promise<T[]> {
    const out: T[] = [];
    for (const [key, value] of rows) {
      let problem: string | undefined;
      try {
        const checked = shape.safeParse(JSON.parse(value));
        if (!checked.success) problem = checked.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
      } catch (error) {
        problem = `not JSON (${(error as Error).message})`;
      }
      if (problem === undefined) {
        out.push(JSON.parse(value) as T);
        continue;
      }
      await this.quarantine(key, value, problem);
    }
    return out;
  }

  /** Moves one unreadable record out of the way (copy first, then delete: never lost). */
  async quarantine(key: string, value: string, problem: string): Promise<void> {
    try {
      await this.backend.put(QUARANTINE + key, JSON.stringify({ key, value, problem, at: new Date().toISOString() }));
      await this.backend.delete(key);
      this.onQuarantine(`record ${key} quarantined as ${QUARANTINE}${key} and skipped: ${problem}`);
    } catch (error) {
      this.onQuarantine(`record ${key} is unreadable (${problem}) and could not be quarantined: ${(error as Error).message}; skipped`);
    }
  }

  /** Quarantines a subscription that is readable but cannot be scheduled (e.g. a cron no parser accepts). */
  async quarantineSubscription(sub: Subscription, problem: string): Promise<void> {
    await this.quarantine(SUB + sub.id, JSON.stringify(sub), problem);
  }

  /** The records in quarantine (key and why), for operators and tests. */
  async listQuarantined(): Promise<Array<{ key: string; problem: string }>> {
    return (await this.backend.list(QUARANTINE)).map(([, v]) => {
      const record = JSON.parse(v) as { key: string; problem: string };
      return { key: record.key, problem: record.problem };
    });
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
    return this.readAll<OutboxEntry>(rows, outboxShape);
  }

  /** Takes over an entry with a fresh fencing token (refused if a newer token already claimed it). */
  claimDelivery(entry: OutboxEntry, token: number): Promise<boolean> {
    return this.backend.fencedUpdate(OUTBOX + entry.id, JSON.stringify({ ...entry, fence: token }), token, 'claim');
  }

  /** Records progress under the claim `entry.fence`; false when another replica has since taken over. */
  commitDelivery(entry: OutboxEntry): Promise<boolean> {
    return this.backend.fencedUpdate(OUTBOX + entry.id, JSON.stringify(entry), entry.fence, 'commit');
  }

  /**
   * Drops finished deliveries scheduled before `before` (the outbox keeps a bounded history); finished answers,
   * far more numerous, go after `answersBefore`.
   */
  async pruneDeliveries(before: Date, answersBefore: Date = before): Promise<number> {
    let n = 0;
    for (const e of await this.listDeliveries()) {
      const limit = e.kind === 'answer' ? answersBefore : before;
      if ((e.state === 'sent' || e.state === 'skipped' || e.state === 'failed') && e.scheduledFor < limit.toISOString()) {
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

/**
 * Digest state on either shared-state backend (`src/state/`): subscriptions, the outbox and alert memory. Written
 * once over `KvBackend`'s atomic operations.
 */
import { z } from 'zod';
import type { KvBackend } from '../state/backend.ts';
import { openStateBackend, type StateConfig } from '../state/open.ts';
import type { OutboxEntry, Subscription } from './types.ts';

const SUB = 'sub:';
const OUTBOX = 'outbox:';
const ALERT = 'alert:';
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

export class DigestState {
  /** Hears about every record quarantined (the runtime logs it as an error, by id). */
  onQuarantine: QuarantineLog = (message) => process.stderr.write(`greenlight digests [error] ${message}\n`);

  constructor(readonly backend: KvBackend) {}

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

  /** Forgets one delivery (a delivered answer job). */
  async dropDelivery(id: string): Promise<void> {
    await this.backend.delete(OUTBOX + id);
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

export async function openDigestState(config: StateConfig): Promise<DigestState> {
  return new DigestState(await openStateBackend(config));
}

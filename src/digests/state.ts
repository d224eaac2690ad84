/**
 * Digest state on either shared-state backend (`src/state/`): subscriptions, the outbox and alert memory. Written
 * once over `KvBackend`'s atomic operations.
 */
import type { KvBackend } from '../state/backend.ts';
import { openStateBackend, type StateConfig } from '../state/open.ts';
import type { OutboxEntry, Subscription } from './types.ts';

const SUB = 'sub:';
const OUTBOX = 'outbox:';
const ALERT = 'alert:';

export class DigestState {
  constructor(readonly backend: KvBackend) {}

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

export async function openDigestState(config: StateConfig): Promise<DigestState> {
  return new DigestState(await openStateBackend(config));
}

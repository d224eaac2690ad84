/**
 * The digest room's vocabulary: subscriptions (a channel, a schedule, what to post), outbox entries (one planned
 * delivery each, id = subscription id + scheduled time) and the clock every decision is made against.
 */
import type { ChannelRef } from '../adapters/channel.ts';
import type { ChatTurn } from '../adapters/conversation.ts';

/** Where a digest is posted: a conversation on a channel (declared with the channel seam, below the digests). */
export type { ChannelRef };

/** The sections a digest can carry; the default digest has all four. */
export const DIGEST_SECTIONS = ['rising', 'movers', 'anomalies', 'green'] as const;
export type DigestSection = (typeof DIGEST_SECTIONS)[number];

/** A condition an alert subscription watches; it posts only when the condition fires. */
export type AlertCondition = { kind: 'forecast-band'; genre: string } | { kind: 'velocity-anomaly'; title: string } | { kind: 'zone-change'; genre: string };

export interface Schedule {
  /** Five-field cron, read in `timezone` (croner). */
  cron: string;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timezone: string;
  /** How a person said it: `weekly mon 09:00 Europe/Berlin`. */
  label: string;
}

export type SubscriptionContent = { kind: 'digest'; sections: DigestSection[] } | { kind: 'alert'; condition: AlertCondition };

export interface Subscription {
  id: string;
  channel: ChannelRef;
  /** Who subscribed (a Slack user id, a Teams AAD id, or `config`): told when delivery stops on a fatal error. */
  owner: string;
  schedule: Schedule;
  content: SubscriptionContent;
  createdAt: string;
  status: 'active' | 'stopped' | 'failed';
  /** Why the subscription stopped delivering (a fatal channel error), when `status` is `failed`. */
  failure?: string;
}

export type DeliveryState = 'planned' | 'sending' | 'sent' | 'skipped' | 'failed';

/**
 * What a delivery posts: the digest itself, or (when too stale to send) a short note that it was skipped; or the
 * answer to a question a chat channel already acknowledged (`answer`, with its `job`), so that a replica that
 * restarts or survives finishes it.
 */
export type DeliveryKind = 'digest' | 'skip-note' | 'manual' | 'answer';

/** An acknowledged question still owed an answer: where to post it and the turn to answer. */
export interface AnswerJob {
  /** The conversation (and thread) the answer goes to. */
  channel: ChannelRef;
  turn: ChatTurn;
}

export interface OutboxEntry {
  /** `${subscriptionId}@${scheduledFor}`: the same planned delivery always has the same id. */
  id: string;
  subscriptionId: string;
  scheduledFor: string;
  kind: DeliveryKind;
  state: DeliveryState;
  attempts: number;
  /** Not before this time (ISO): the backoff after a retryable failure. */
  notBefore: string;
  /** The fencing token of the replica that last claimed the entry; only its writes are accepted. */
  fence: number;
  /** When the current claim's lease ends (ISO); after that another replica may reconcile the entry. */
  leaseUntil?: string;
  /** Set once the channel accepted the message (Slack `ts`, Teams activity id). */
  messageRef?: string;
  /** Images already uploaded for this delivery (so a retry never uploads one twice). */
  uploaded?: string[];
  sentAt?: string;
  /** The last attempt may have reached the channel (a timeout, a 5xx, a replica died mid-send): check first. */
  uncertain?: boolean;
  /**
   * False while the claimant is still composing (nothing has left the process): a replica that died then sent
   * nothing, so the takeover sends without asking the channel first. Absent on older entries (treated as true).
   */
  posting?: boolean;
  /** `kind: 'answer'` only: the question to answer and where. */
  job?: AnswerJob;
  lastError?: string;
  /** Why it was skipped or failed, in words a person can act on. */
  note?: string;
}

export function outboxId(subscriptionId: string, scheduledFor: Date): string {
  return `${subscriptionId}@${scheduledFor.toISOString()}`;
}

/** Time, passed in: the real one in production, a fake in tests. */
export interface Clock {
  now(): Date;
  /** Resolves after `ms` of this clock's time (or earlier when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * The seam between the digests' outbox and a chat platform. The outbox decides when and whether to send; a
 * `Deliverer` only posts one reply to one conversation and says how it went, in three outcomes the outbox acts on.
 * Each channel adapter builds its own (`ChannelAdapter.deliverer`), so the digests name no platform.
 */
import type { Config } from '../config.ts';
import type { Reply, ReplyImage } from '../reply/reply.ts';
import type { ChannelRef } from './channel.ts';

export type DeliveryOutcome =
  | { status: 'ok'; messageRef: string }
  /**
   * 429, 5xx, a timeout or a dropped connection: try again later, not before `retryAfterMs` when given.
   * `uncertain` when the message may have arrived all the same (a timeout, a 5xx): the retry asks `find` first.
   */
  | { status: 'retryable'; reason: string; retryAfterMs?: number; uncertain?: boolean }
  /**
   * The channel cannot take it (channel_not_found, not_in_channel, invalid_auth, token_revoked…): stop, and pause
   * the subscription — unless `deploymentProblem` (e.g. no token configured): then only this delivery fails.
   */
  | { status: 'fatal'; reason: string; deploymentProblem?: boolean };

/** Steps already done for this delivery (kept in the outbox), so a retry or a takeover never repeats one. */
export interface DeliveryProgress {
  messageRef?: string;
  uploaded: string[];
}

export interface DeliveryContext {
  /** The outbox id; sent with the message so that `find` can tell later whether it arrived. */
  deliveryId: string;
  signal: AbortSignal;
  progress: DeliveryProgress;
  /** Saves a step in the outbox before the next; throws when this replica has lost its claim. */
  checkpoint(progress: DeliveryProgress): Promise<void>;
}

export type FindResult = { status: 'found'; messageRef: string } | { status: 'absent' } | { status: 'unknown' };

export interface Deliverer {
  deliver(channel: ChannelRef, reply: Reply, ctx: DeliveryContext): Promise<DeliveryOutcome>;
  /**
   * Whether the message for `deliveryId` already reached the channel (posted since `since`): used when the replica
   * that was sending died mid-send. `unknown` when the platform cannot be asked — the outbox then does not resend.
   */
  find(channel: ChannelRef, deliveryId: string, since: Date, signal: AbortSignal): Promise<FindResult>;
  /** Tells a subscription's owner (the user who made it) something went wrong (a DM); best effort. */
  notifyOwner(owner: string, text: string, signal: AbortSignal): Promise<void>;
}

/** Hears what a deliverer wants an operator to know (the digests' logger). */
export type DeliveryLogger = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/** What a channel builds its deliverer from (`ChannelAdapter.deliverer`). */
export interface DeliveryOptions {
  config: Config;
  /** How long one delivery may take (ms). */
  timeoutMs: number;
  /**
   * Stores a picture where every replica serves it and resolves to its public URL (for platforms that fetch
   * pictures by URL); absent without a public URL.
   */
  imageUrl?: (image: ReplyImage) => Promise<string | undefined>;
  log?: DeliveryLogger;
}

/** A deliverer that refuses at once, naming the missing setting (the owner is told; nothing is retried). */
export function unconfiguredDeliverer(reason: string): Deliverer {
  return {
    deliver: async () => ({ status: 'fatal', reason, deploymentProblem: true }),
    find: async () => ({ status: 'unknown' }),
    notifyOwner: async () => undefined,
  };
}

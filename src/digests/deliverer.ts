/**
 * The seam between the outbox and a chat platform. The outbox decides when and whether to send; a `Deliverer`
 * only posts one reply to one channel and says how it went, in three outcomes the outbox acts on.
 */
import type { Reply } from '../reply/reply.ts';
import type { ChannelRef, Subscription } from './types.ts';

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
  /** Tells the subscription's owner something went wrong (a DM); best effort. */
  notifyOwner(subscription: Subscription, text: string, signal: AbortSignal): Promise<void>;
}

/** Chooses the deliverer for a channel kind (Slack or Teams). */
export type DelivererFor = (channel: ChannelRef) => Deliverer;

/** Slack's error codes that no retry will fix: stop delivering to that channel and tell the owner. */
export const FATAL_SLACK_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'missing_scope',
  'no_permission',
  'ekm_access_denied',
  'team_access_not_granted',
  'restricted_action',
  'invalid_blocks',
  'msg_too_long',
  'channel_is_archived',
]);

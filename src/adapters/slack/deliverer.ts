/**
 * Posting a digest to Slack (the Slack channel's `Deliverer`, see src/adapters/delivery.ts). The chart PNGs go up
 * first, privately, and the message references them (`uploadImages`, `toBlockKit`); each step is checkpointed in
 * the outbox so a retry never uploads or posts twice. The message carries Slack message metadata
 * (`greenlight_digest` + the delivery id), which `find` looks for in `conversations.history` when a replica died
 * mid-send. The WebClient's own retries are off: the outbox retries, with backoff, jitter and Retry-After.
 */
import * as webApi from '@slack/web-api';
import type { Reply } from '../../reply/reply.ts';
import type { ChannelRef } from '../channel.ts';
import type { Deliverer, DeliveryOutcome, FindResult } from '../delivery.ts';
import { toBlockKit } from './blocks.ts';
import { picturesToUpload, uploadImages } from './send.ts';

export const DIGEST_EVENT_TYPE = 'greenlight_digest';

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

export interface SlackDelivererOptions {
  token: string;
  /** `SLACK_API_URL`: Slack's, or a loopback fake in tests. */
  apiUrl: string;
  timeoutMs: number;
}

/**
 * The outbox's deliverer for acknowledged Slack questions (answer jobs): posts with the Slack adapter's
 * `postAnswer` and turns its failure into an outcome. An answer carries no marker to look for: when the last
 * attempt may have arrived, it is posted again (a duplicate answer beats a lost one).
 */
export function slackAnswerDeliverer(postAnswer: (channel: ChannelRef, reply: Reply) => Promise<string>): Deliverer {
  return {
    async deliver(channel, reply) {
      if (channel.kind !== 'slack') return { status: 'fatal', reason: `the Slack adapter got a ${channel.kind} conversation` };
      try {
        return { status: 'ok', messageRef: await postAnswer(channel, reply) };
      } catch (error) {
        return classifySlackError(error);
      }
    },
    find: async () => ({ status: 'absent' }),
    notifyOwner: async () => undefined,
  };
}

/** Maps a WebClient error to an outbox outcome: rate limits and server trouble retry, the rest is fatal. */
export function classifySlackError(error: unknown): Extract<DeliveryOutcome, { status: 'retryable' | 'fatal' }> {
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return { status: 'retryable', reason: `Slack rate limit (retry after ${error.retryAfter} s)`, retryAfterMs: error.retryAfter * 1000 };
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    if (FATAL_SLACK_ERRORS.has(code)) return { status: 'fatal', reason: code };
    return { status: 'retryable', reason: `Slack answered ${code}`, uncertain: code === 'internal_error' || code === 'fatal_error' };
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    const fatal = error.statusCode === 401 || error.statusCode === 403 || error.statusCode === 404;
    if (fatal) return { status: 'fatal', reason: `Slack HTTP ${error.statusCode}` };
    const retryAfter = Number(error.headers['retry-after']);
    return {
      status: 'retryable',
      reason: `Slack HTTP ${error.statusCode}`,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      uncertain: error.statusCode >= 500,
    };
  }
  if (error instanceof webApi.WebAPIRequestError) {
    return { status: 'retryable', reason: `Slack unreachable: ${error.original.message}`, uncertain: true };
  }
  return { status: 'retryable', reason: `Slack call failed: ${(error as Error).message}`, uncertain: true };
}

function channelId(channel: ChannelRef): string {
  if (channel.kind !== 'slack') throw new Error(`The Slack deliverer got a ${channel.kind} channel`);
  return channel.channelId;
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { delivery_id?: string } };
}

export function createSlackDeliverer(options: SlackDelivererOptions): Deliverer {
  const client = new webApi.WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    timeout: options.timeoutMs,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: webApi.LogLevel.ERROR,
  });
  return {
    async deliver(channel, reply: Reply, ctx) {
      const target = { channel: channelId(channel) };
      try {
        const progress = { ...ctx.progress, uploaded: [...ctx.progress.uploaded] };
        if (!progress.messageRef) {
          let files = new Map(progress.uploaded.map((pair) => pair.split('=') as [string, string]));
          const pictures = picturesToUpload(reply);
          if (pictures.length > 0 && files.size === 0) {
            // Uploaded privately: the one digest message shares them (a shared upload would post them twice).
            files = await uploadImages(client, pictures);
            progress.uploaded = [...files].map(([image, file]) => `${image}=${file}`);
            await ctx.checkpoint(progress);
          }
          const message = toBlockKit(reply, { files });
          const posted = await client.chat.postMessage({
            channel: target.channel,
            text: message.text,
            blocks: message.blocks,
            unfurl_links: false,
            unfurl_media: false,
            metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { delivery_id: ctx.deliveryId } },
          });
          progress.messageRef = posted.ts ?? '';
          await ctx.checkpoint(progress);
        }
        return { status: 'ok', messageRef: progress.messageRef ?? '' };
      } catch (error) {
        if (error instanceof Error && error.name === 'LostClaim') throw error;
        return classifySlackError(error);
      }
    },

    async find(channel, deliveryId, since): Promise<FindResult> {
      let cursor: string | undefined;
      do {
        const page = await client.conversations.history({
          channel: channelId(channel),
          oldest: String(since.getTime() / 1000),
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        const hit = ((page.messages ?? []) as HistoryMessage[]).find(
          (m) => m.metadata?.event_type === DIGEST_EVENT_TYPE && m.metadata.event_payload?.delivery_id === deliveryId,
        );
        if (hit) return { status: 'found', messageRef: hit.ts ?? '' };
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return { status: 'absent' };
    },

    async notifyOwner(owner, text) {
      if (!/^[UW][A-Z0-9]+$/.test(owner)) return; // configured subscriptions have no Slack owner to DM
      await client.chat.postMessage({ channel: owner, text });
    },
  };
}

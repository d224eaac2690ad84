/**
 * The channel seam: what the server, the digests and the CLI need from a chat platform, so that none of them names
 * one. Each platform (Slack, Teams) is one `ChannelAdapter` in the registry (`registry.ts`): it says whether the
 * configuration turns it on, serves its HTTP routes, starts and stops, renders a `Reply` as the exact payload the
 * platform receives, and says where a digest for a conversation goes. Moving Teams to the new Teams SDK is a
 * change to that one adapter.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.ts';
import type { KvBackend } from '../state/backend.ts';
import type { Reply, ReplyImage } from '../reply/reply.ts';
import type { ChatHandler, ChatLogger, ChatTurn, LinkPreview } from './conversation.ts';

/**
 * A conversation a message can be posted to unprompted (a digest, an answer finished by another replica). Teams
 * needs the conversation reference captured when the bot was addressed.
 */
export type ChannelRef =
  { kind: 'slack'; channelId: string; threadTs?: string } | { kind: 'teams'; conversationId: string; serviceUrl: string; tenantId?: string };

export interface ChannelRoute {
  method: 'POST' | 'GET';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

/** What a channel's set-up needs from the server that runs it. */
export interface ChannelContext {
  config: Config;
  publicUrl: string;
  handler: ChatHandler;
  /** The shared state backend (event de-duplication). */
  state: KvBackend;
  /** Stores a reply image where every replica serves it; resolves to its public URL. */
  imageUrl: (image: ReplyImage) => Promise<string | undefined>;
  logger: ChatLogger;
  /** What a pasted dashboard link previews as (Slack's unfurls). */
  preview?: LinkPreview;
  /** Test and deployment overrides a channel may take (e.g. Teams' OpenID issuer). */
  overrides?: Record<string, unknown>;
}

export interface RunningChannel {
  routes: ChannelRoute[];
  /** One line for the start-up log and `/healthz` (never secrets). */
  describe: string;
  start(): Promise<void>;
  /** Stops taking work and waits up to `graceMs` for answers already acknowledged. */
  stop(graceMs?: number): Promise<void>;
}

export interface ChannelAdapter {
  /** Registry key, `ChatTurn.channel` and the digests' `ChannelRef.kind`. */
  readonly name: string;
  readonly label: string;
  /** How many of an answer's charts it draws natively per message (their PNGs are then not rendered). */
  readonly nativeCharts: number;
  /** The paths it serves when on; answered 503 with the reason when off. */
  readonly paths: readonly string[];
  /** Whether the configuration turns it on (`{ off: what to set }`); throws `ConfigError` when half-configured. */
  setup(config: Config): { on: true } | { off: string };
  create(context: ChannelContext): Promise<RunningChannel>;
  /**
   * The exact payload the platform would receive for `reply` (the CLI's preview). `inlined`: the pictures are
   * data URIs (so a designer can show them), which lifts the platform's size budget.
   */
  render(reply: Reply, imageUrl?: (image: ReplyImage) => string | undefined, options?: { inlined?: boolean }): unknown;
  /** Where a digest subscribed from this turn posts. */
  conversationRef(turn: ChatTurn): ChannelRef;
}

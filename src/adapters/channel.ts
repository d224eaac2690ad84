/**
 * The channel seam: what the server, the digests and the CLI need from a chat platform, so that none of them names
 * one. Each platform (Slack, Teams) is one `ChannelAdapter` in the registry (`registry.ts`): it says whether the
 * configuration turns it on, serves its HTTP routes, starts and stops, renders a `Reply` as the exact payload the
 * platform receives, says where a digest for a conversation goes and posts it there (its `Deliverer`,
 * `delivery.ts`). Moving Teams to the new Teams SDK is a change to that one adapter.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.ts';
import type { KvBackend } from '../state/backend.ts';
import type { Reply, ReplyImage } from '../reply/reply.ts';
import type { ChatHandler, ChatLogger, ChatTurn, LinkPreview } from './conversation.ts';
import type { Deliverer, DeliveryOptions } from './delivery.ts';

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
  /**
   * The durable outbox for acknowledged questions (a channel that acknowledges before it answers writes each
   * question there first, so a replica that restarts or survives answers it if this one dies).
   */
  answerJobs?: AnswerQueue;
  /** Stores a reply image where every replica serves it; resolves to its public URL. */
  imageUrl: (image: ReplyImage) => Promise<string | undefined>;
  logger: ChatLogger;
  /** What a pasted dashboard link previews as (Slack's unfurls). */
  preview?: LinkPreview;
  /** Test and deployment overrides a channel may take (e.g. Teams' OpenID issuer). */
  overrides?: Record<string, unknown>;
}

/**
 * Where acknowledged questions wait to be answered (the digests' durable outbox, `answerJobsOn`): the adapter
 * writes a question there, then has it worked on at once; whichever replica is alive finishes it.
 */
export interface AnswerQueue {
  plan(job: { channel: ChannelRef; turn: ChatTurn }): Promise<string>;
  run(id: string): Promise<unknown>;
}

/** Whether a channel can answer now (e.g. its platform's API has been reached); `/healthz` reports it. */
export interface ChannelReadiness {
  ready: boolean;
  /** Why not, in words an operator can act on. */
  reason?: string;
}

export interface RunningChannel {
  routes: ChannelRoute[];
  /** One line for the start-up log and `/healthz` (never secrets). */
  describe: string;
  readiness(): ChannelReadiness;
  /**
   * Posts an answer to a conversation unprompted (an acknowledged question finished from the outbox) and resolves
   * with the message's id; throws the platform's error. Absent when the channel answers within its own request.
   */
  postAnswer?: (channel: ChannelRef, reply: Reply) => Promise<string>;
  start(): Promise<void>;
  /** Stops taking work and waits up to `graceMs` for answers already acknowledged. */
  stop(graceMs?: number): Promise<void>;
}

/** A chat command as the manifests list it: the name without a slash, a usage hint and what it does. */
export interface CommandInfo {
  name: string;
  usage: string;
  description: string;
}

/** What `greenlight manifest <channel>` asks for; each channel reads the options that concern it. */
export interface ManifestRequest {
  config: Config;
  commands: readonly CommandInfo[];
  /** The public HTTPS base URL (a placeholder when absent). */
  baseUrl?: string;
  /** Slack: Socket Mode (no request URLs). */
  socket?: boolean;
  /** Slack: put before every command name. */
  prefix?: string;
  /** Teams: the bot's Microsoft App ID. */
  appId?: string;
  /** Where to write the manifest or package (printed when absent and the channel allows it). */
  out?: string;
  /** Teams: also write the package unpacked into this directory. */
  dir?: string;
}

/** What the manifest command writes and prints. */
export interface ManifestOutput {
  files: { path: string; data: string | Buffer }[];
  /** Printed on stdout (the manifest itself, when no file was asked for). */
  print?: string;
  /** Told to the person running the command (what to do next, placeholders used). */
  notes: string[];
}

export interface ChannelAdapter {
  /** Registry key, `ChatTurn.channel` and the digests' `ChannelRef.kind`. */
  readonly name: string;
  readonly label: string;
  /** How many of an answer's charts it draws natively per message (their PNGs are then not rendered). */
  readonly nativeCharts: number;
  /** The paths it serves when on; answered 503 with the reason when off. */
  readonly paths: readonly string[];
  /**
   * Whether the configuration turns it on (`{ off: what to set }`); throws when it is half-configured or unsafe
   * (checked before anything starts: a refusal exits non-zero).
   */
  setup(config: Config): { on: true } | { off: string };
  create(context: ChannelContext): Promise<RunningChannel>;
  /**
   * The exact payload the platform would receive for `reply` (the CLI's preview). `inlined`: the pictures are
   * data URIs (so a designer can show them), which lifts the platform's size budget.
   */
  render(reply: Reply, imageUrl?: (image: ReplyImage) => string | undefined, options?: { inlined?: boolean }): unknown;
  /** Where a digest subscribed from this turn posts. */
  conversationRef(turn: ChatTurn): ChannelRef;
  /**
   * Its digest deliverer (posts a digest to one of its conversations, a notice to a subscription's owner), or what
   * to set for one. Needs only the credentials to post, not a running server (`greenlight digest send` uses it).
   */
  deliverer(options: DeliveryOptions): Deliverer | { off: string };
  /**
   * The outbox's deliverer for acknowledged questions answered later: posts through the running channel's
   * `postAnswer` and classifies its failures. Only channels that acknowledge before they answer have one.
   */
  answerDeliverer?(postAnswer: NonNullable<RunningChannel['postAnswer']>): Deliverer;
  /** How a conversation of this channel is named to people (logs, owner notices): "Slack channel C0123". */
  describeRef(ref: ChannelRef): string;
  /** The conversation's id as `greenlight digest` and digests.yaml write it (after `<name>:`), and back. */
  idOfRef(ref: ChannelRef): string;
  refFromId(id: string, serviceUrl?: string): ChannelRef;
  /** The app manifest or package the platform installs (validated against its schema before it is written). */
  manifest(request: ManifestRequest): Promise<ManifestOutput>;
}

/**
 * The Slack adapter on Bolt: slash commands (one per stage, `/greenlight <question>`, `/digest …`), app mentions,
 * direct messages and the reply's buttons. Every request is acknowledged first (Slack wants it within 3 s), then
 * answered in a thread. HTTP mode (production) exposes a request listener the server mounts at `/slack/events`;
 * Socket Mode (development) connects out with an app-level token. Both are Bolt receivers: the rest is shared.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, webApi as slackWebApi } from '@slack/bolt';
import pTimeout from 'p-timeout';
import type { BlockAction, ButtonAction, Logger, webApi } from '@slack/bolt';
import { failureReply } from '../../reply/messages.ts';
import type { Reply } from '../../reply/reply.ts';
import type { KvBackend } from '../../state/backend.ts';
import type { AnswerQueue, ChannelReadiness, ChannelRef } from '../channel.ts';
import type { ChatHandler, ChatLogger, ChatTurn, LinkPreview } from '../conversation.ts';
import { SURE_LABEL, clip, silentLogger } from '../conversation.ts';
import { COMMAND_ACTION_PREFIX, LINK_ACTION_PREFIX, MAX_NATIVE_CHARTS, SURE_ACTION_ID, escapeMrkdwn, unfurlBlocks } from './blocks.ts';
import { sendSlackReply, type SendOptions, type SlackTarget } from './send.ts';
import { SocketReceiver } from './socket-receiver.ts';
import { guardSlackRequests } from './edge.ts';

type WebClient = webApi.WebClient;

export type SlackTransport = { mode: 'http'; signingSecret: string } | { mode: 'socket'; appToken: string };

export interface SlackAdapterOptions {
  botToken: string;
  transport: SlackTransport;
  handler: ChatHandler;
  /** Slack Web API base URL (tests point it at a loopback fake). */
  apiUrl?: string;
  /** The command that takes a free question; every other command is passed on with its name. */
  askCommand?: string;
  /** The prefix the manifest put before every command (`gl-`): taken off before the command is answered. */
  commandPrefix?: string;
  /** Retries for a failed Web API call; a 429 waits for its Retry-After before the retry. */
  retries?: number;
  /**
   * The shared state backend (embedded SQLite or Redis, as `openStateBackend` opens it) where event ids are
   * remembered, so a retry that reaches another replica is not answered twice.
   */
  state: Pick<KvBackend, 'insertIfAbsent'>;
  /** How long to remember event ids so Slack's retries of an event are not answered twice (default 1 h). */
  dedupeTtlMs?: number;
  /** How long the de-duplication check may take before the event is answered anyway (default 2 s). */
  dedupeTimeoutMs?: number;
  send?: SendOptions;
  logger?: ChatLogger;
  /** Dashboard links pasted in Slack unfurl into this answer (`link_shared` → `chat.unfurl`). */
  preview?: LinkPreview;
  /**
   * The durable outbox for acknowledged questions: each is written there before it is answered, so a replica
   * that restarts or survives answers it if this one dies. Without it, answers are worked on in memory only.
   */
  answerJobs?: AnswerQueue;
  /** Waits between attempts to reach the Slack Web API at start-up while it is unreachable (ms; default 1 s … 60 s). */
  probeDelays?: { firstMs: number; maxMs: number };
}

export interface SlackAdapter {
  /** HTTP mode: handles `POST /slack/events` (signature check, ack, dispatch). */
  readonly requestListener?: (req: IncomingMessage, res: ServerResponse) => void;
  readonly client: WebClient;
  /**
   * Posts an answer into its thread and resolves with the message's ts; throws the Web API's error (the outbox
   * classifies it: `slackAnswerDeliverer` in deliverer.ts). How the outbox finishes answer jobs.
   */
  postAnswer(channel: ChannelRef, reply: Reply): Promise<string>;
  /** Whether Slack's Web API has been reached; `/healthz` reports it. */
  readiness(): ChannelReadiness;
  /**
   * Socket Mode connects here. Both modes start checking the token against the Web API in the background, with
   * backoff: an unreachable Slack at deploy time leaves the adapter not ready (and says why), never crashes.
   */
  start(): Promise<void>;
  /** Disconnects (Socket Mode) and waits up to `graceMs` for answers already acknowledged. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Remembers event ids for a while: Slack re-sends an event (with `x-slack-retry-num`) when our ack was slow, and
 * the retry may reach another replica. The ids live on the shared state backend (embedded SQLite, or Redis with
 * `GREENLIGHT_REDIS_URL`), written with one atomic insert-if-absent with a TTL, so of all replicas offered the
 * same id exactly one answers it.
 */
export class EventDeduper {
  constructor(
    private readonly state: Pick<KvBackend, 'insertIfAbsent'>,
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly timeoutMs = 2_000,
  ) {}

  /**
   * True the first time any replica offers an id (within the TTL), false for every repeat. Rejects when the
   * backend fails or does not answer within the timeout: the caller cannot tell, and answers.
   */
  async firstTime(id: string): Promise<boolean> {
    return pTimeout(this.state.insertIfAbsent(`slack-event:${id}`, new Date().toISOString(), this.ttlMs), {
      milliseconds: this.timeoutMs,
      message: `no answer within ${this.timeoutMs} ms`,
    });
  }
}

function boltLogger(log: ChatLogger): Logger {
  let level = LogLevel.INFO;
  return {
    debug: () => {},
    info: (...msg: unknown[]) => log.info(msg.map(String).join(' ')),
    warn: (...msg: unknown[]) => log.warn(msg.map(String).join(' ')),
    error: (...msg: unknown[]) => log.error(msg.map(String).join(' ')),
    setLevel: (l) => (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}

const MENTION = /<@[A-Z0-9]+(?:\|[^>]*)?>/g;
/** The longest question echoed back in the "asked:" message (characters). */
const ECHO_LIMIT = 300;

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const log = options.logger ?? silentLogger;
  const prefix = options.commandPrefix ?? '';
  const askCommand = options.askCommand ?? `/${prefix}greenlight`;
  /** `/gl-explore` → `/explore`: the grammar knows the plain names. */
  const unprefixed = (command: string) => (prefix && command.startsWith(`/${prefix}`) ? `/${command.slice(prefix.length + 1)}` : command);
  const deduper = new EventDeduper(options.state, options.dedupeTtlMs, options.dedupeTimeoutMs);
  const clientOptions: webApi.WebClientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: { retries: options.retries ?? 3, factor: 2, minTimeout: 250, maxTimeout: 5_000, randomize: true },
    rejectRateLimitedCalls: false,
  };
  const logger = boltLogger(log);
  const transport = options.transport;
  const receiver =
    transport.mode === 'http'
      ? new HTTPReceiver({ signingSecret: transport.signingSecret, endpoints: ['/slack/events'], logger })
      : new SocketReceiver({ appToken: transport.appToken, ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}), logger });
  const client: WebClient = new slackWebApi.WebClient(options.botToken, { ...clientOptions, logger });

  // Who the bot is, from `auth.test`. Bolt given a token calls it at construction and nothing catches its
  // failure (an unreachable Web API killed the process); here the call is ours: probed in the background with
  // backoff from `start()`, retried on demand, and a failure only fails the event at hand.
  let identity: Promise<{ botUserId?: string; botId?: string }> | undefined;
  let readiness: ChannelReadiness = { ready: false, reason: 'checking the Slack Web API' };
  const whoAmI = () => {
    identity ??= client.auth.test().then(
      (result) => {
        readiness = { ready: true };
        return { ...(result.user_id ? { botUserId: result.user_id } : {}), ...(result.bot_id ? { botId: result.bot_id } : {}) };
      },
      (error: unknown) => {
        identity = undefined;
        readiness = {
          ready: false,
          reason: `the Slack Web API is not reachable or refused the token (${error instanceof Error ? error.message : String(error)})`,
        };
        throw error;
      },
    );
    return identity;
  };
  const app = new App({
    logger,
    clientOptions,
    receiver,
    authorize: async () => ({ botToken: options.botToken, ...(await whoAmI()) }),
  });
  const probing = new AbortController();
  async function probe(): Promise<void> {
    const { firstMs, maxMs } = options.probeDelays ?? { firstMs: 1_000, maxMs: 60_000 };
    for (let attempt = 0; !probing.signal.aborted; attempt += 1) {
      try {
        await whoAmI();
        if (attempt > 0) log.info('slack: the Web API is reachable again; Slack is ready');
        return;
      } catch {
        const delay = Math.min(maxMs, firstMs * 2 ** attempt);
        if (attempt === 0 || delay === maxMs) log.warn(`slack: not ready: ${readiness.reason}; trying again in ${Math.round(delay / 1000)} s`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          probing.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
      }
    }
  }

  // Answers still being worked on after their ack; `stop()` lets them finish.
  const inFlight = new Set<Promise<void>>();
  function handleTurn(client: WebClient, target: SlackTarget, turn: ChatTurn): Promise<void> {
    const work = (options.answerJobs ? answerDurably(options.answerJobs, client, target, turn) : replyInThread(client, target, turn)).finally(() =>
      inFlight.delete(work),
    );
    inFlight.add(work);
    return work;
  }

  /** Writes the question into the outbox, then answers it from there (any replica finishes it if this one dies). */
  async function answerDurably(jobs: AnswerQueue, client: WebClient, target: SlackTarget, turn: ChatTurn): Promise<void> {
    let id: string;
    try {
      id = await jobs.plan({ channel: { kind: 'slack', channelId: target.channel, ...(target.threadTs ? { threadTs: target.threadTs } : {}) }, turn });
    } catch (error) {
      log.warn(`slack: cannot write the question to the outbox (${error instanceof Error ? error.message : String(error)}); answering it in memory`);
      return replyInThread(client, target, turn);
    }
    try {
      await jobs.run(id);
    } catch (error) {
      log.error(`slack: answer job ${id} failed here; it stays in the outbox for a retry`, error);
    }
  }

  async function postAnswer(channel: ChannelRef, reply: Reply): Promise<string> {
    if (channel.kind !== 'slack') throw new Error(`the Slack adapter got a ${channel.kind} conversation`);
    try {
      return await sendSlackReply(client, { channel: channel.channelId, ...(channel.threadTs ? { threadTs: channel.threadTs } : {}) }, reply, options.send);
    } catch (error) {
      log.error(`slack: posting the reply to ${channel.channelId} failed`, error);
      throw error;
    }
  }

  /** Answers one turn into a thread; any failure becomes a short message there and a full entry in the log. */
  async function replyInThread(client: WebClient, target: SlackTarget, turn: ChatTurn): Promise<void> {
    let reply: Reply;
    try {
      reply = await options.handler(turn);
    } catch (error) {
      log.error(`slack: answering "${turn.text}" failed`, error);
      reply = failureReply(turn.text);
    }
    try {
      await sendSlackReply(client, target, reply, options.send);
    } catch (error) {
      log.error(`slack: posting the reply to ${target.channel} failed`, error);
      try {
        await client.chat.postMessage({ channel: target.channel, thread_ts: target.threadTs, text: failureReply(turn.text).text });
      } catch (again) {
        log.error(`slack: posting the failure notice to ${target.channel} failed too`, again);
      }
    }
  }

  const turnFor = (text: string, team: string | undefined, channel: string, threadTs: string, user?: string): ChatTurn => ({
    channel: 'slack',
    text,
    thread: `slack:${team ?? '-'}:${channel}:${threadTs}`,
    conversation: channel,
    ...(user ? { user } : {}),
    nativeCharts: MAX_NATIVE_CHARTS,
  });

  // Slack re-sends an event when the ack seemed late; the first delivery (on any replica) already answers it.
  // Bolt has acked the event before this runs, so the check never delays the ack.
  app.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string') {
      let first = true;
      try {
        first = await deduper.firstTime(eventId);
      } catch (error) {
        // A duplicate answer is better than a lost question. The message names the backend without secrets.
        log.warn(`slack: cannot check whether event ${eventId} was already answered (${error instanceof Error ? error.message : String(error)}); answering it`);
      }
      if (!first) {
        log.info(`slack: event ${eventId} already handled (retry ${context.retryNum ?? 0}, ${context.retryReason ?? 'no reason'}); not answering twice`);
        return;
      }
    }
    await next();
  });

  app.command(/^\/.+/, async ({ command, ack, client, respond }) => {
    await ack();
    const text = command.command === askCommand ? command.text.trim() : `${unprefixed(command.command)} ${command.text}`.trim();
    let root: string | undefined;
    try {
      const posted = await client.chat.postMessage({
        channel: command.channel_id,
        // Echo a long question shortened: the full text is answered, the echo only names it.
        text: `<@${command.user_id}> asked: \`${escapeMrkdwn(clip(text || command.command, ECHO_LIMIT))}\``,
      });
      root = posted.ts;
    } catch (error) {
      log.warn(`slack: cannot post in ${command.channel_id} (${error instanceof Error ? error.message : String(error)})`);
      await respond({
        response_type: 'ephemeral',
        text: 'I cannot post in this conversation yet: invite me with `/invite @Greenlight`, or message me directly.',
      });
      return;
    }
    if (!root) return;
    await handleTurn(client, { channel: command.channel_id, threadTs: root }, turnFor(text, command.team_id, command.channel_id, root, command.user_id));
  });

  app.event('app_mention', async ({ event, client, body }) => {
    const threadTs = event.thread_ts ?? event.ts;
    const text = event.text.replace(MENTION, '').trim();
    await handleTurn(client, { channel: event.channel, threadTs }, turnFor(text, body.team_id, event.channel, threadTs, event.user));
  });

  // A dashboard link pasted in a conversation: its preview is the view's decision line and main chart.
  app.event('link_shared', async ({ event, client }) => {
    const preview = options.preview;
    if (!preview) return;
    const unfurls: Record<string, { blocks: ReturnType<typeof unfurlBlocks> }> = {};
    for (const link of event.links.slice(0, 5)) {
      try {
        const reply = await preview(link.url);
        if (reply) unfurls[link.url] = { blocks: unfurlBlocks(reply) };
      } catch (error) {
        log.error(`slack: previewing ${link.url} failed`, error);
      }
    }
    if (Object.keys(unfurls).length === 0) return;
    try {
      await client.chat.unfurl({ channel: event.channel, ts: event.message_ts, unfurls: unfurls as never });
    } catch (error) {
      log.error(`slack: chat.unfurl in ${event.channel} failed`, error);
    }
  });

  app.message(async ({ message, client, body }) => {
    if (message.channel_type !== 'im' || message.subtype !== undefined || message.bot_id) return;
    const threadTs = message.thread_ts ?? message.ts;
    const text = (message.text ?? '').replace(MENTION, '').trim();
    await handleTurn(client, { channel: message.channel, threadTs }, turnFor(text, body.team_id, message.channel, threadTs, message.user));
  });

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${COMMAND_ACTION_PREFIX}`), async ({ ack, body, action, client }) => {
    await ack();
    const channel = body.channel?.id ?? body.container.channel_id;
    const threadTs = body.message?.thread_ts ?? body.message?.ts ?? body.container.message_ts;
    if (!channel || !threadTs || !action.value) return;
    await handleTurn(client, { channel, threadTs }, turnFor(action.value, body.team?.id, channel, threadTs, body.user.id));
  });
  // "How sure are we?": the diagnostics ride in the button's value and are posted in the thread, for everyone.
  app.action<BlockAction<ButtonAction>>(SURE_ACTION_ID, async ({ ack, body, action, client }) => {
    await ack();
    const channel = body.channel?.id ?? body.container.channel_id;
    const threadTs = body.message?.thread_ts ?? body.message?.ts ?? body.container.message_ts;
    if (!channel || !threadTs || !action.value) return;
    const lines = action.value.split('\n').filter(Boolean);
    try {
      await client.chat.postMessage({
        channel,
        thread_ts: threadTs,
        text: `${SURE_LABEL} ${lines.join(' ')}`.slice(0, 3000),
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `*${SURE_LABEL}*` } },
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: lines
                .map((l) => `• ${escapeMrkdwn(l)}`)
                .join('\n')
                .slice(0, 3000),
            },
          },
        ],
        unfurl_links: false,
      });
    } catch (error) {
      log.error(`slack: posting the diagnostics to ${channel} failed`, error);
    }
  });
  // Link buttons open in the browser; Slack still sends an action, which only needs its ack.
  app.action(new RegExp(`^${LINK_ACTION_PREFIX}`), async ({ ack }) => {
    await ack();
  });

  app.error(async (error) => {
    log.error('slack: unhandled error in a listener', error);
  });

  const socket = receiver instanceof SocketReceiver;
  return {
    ...(receiver instanceof HTTPReceiver && transport.mode === 'http'
      ? { requestListener: guardSlackRequests(receiver.requestListener, { signingSecret: transport.signingSecret, state: options.state, logger: log }) }
      : {}),
    client,
    postAnswer,
    readiness: () => readiness,
    start: async () => {
      void probe();
      if (socket) await app.start();
    },
    stop: async (graceMs = 10_000) => {
      probing.abort();
      if (socket) await app.stop();
      const drained = Promise.allSettled([...inFlight]);
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    },
  };
}

/**
 * Slack as a `ChannelAdapter`: on with `SLACK_BOT_TOKEN` and a signing secret (HTTP mode at `/slack/events`) or an
 * app-level token (Socket Mode); draws two charts per message natively; renders a reply as the
 * `chat.postMessage` arguments it posts; a digest goes to the turn's channel, posted with the bot token alone.
 */
import { ConfigError, type Config } from '../../config.ts';
import type { ChannelAdapter, ChannelRef } from '../channel.ts';
import { createSlackAdapter, type SlackTransport } from './app.ts';
import { MAX_NATIVE_CHARTS, toBlockKit } from './blocks.ts';
import { createSlackDeliverer, slackAnswerDeliverer } from './deliverer.ts';
import { COMMAND_PREFIX, slackManifest, slackManifestSchema } from './manifest.ts';

/** The Slack set-up the configuration asks for, or why there is none; throws on a half-configured one. */
export function slackSetup(config: Config): SlackTransport | { off: string } {
  if (!config.SLACK_BOT_TOKEN) {
    if (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN) throw new ConfigError('Slack is half-configured: SLACK_BOT_TOKEN is missing.');
    return { off: 'set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN with SLACK_SOCKET_MODE=true)' };
  }
  if (config.SLACK_SOCKET_MODE) {
    if (!config.SLACK_APP_TOKEN) throw new ConfigError('SLACK_SOCKET_MODE=true needs SLACK_APP_TOKEN (an app-level token, xapp-…).');
    return { mode: 'socket', appToken: config.SLACK_APP_TOKEN };
  }
  if (!config.SLACK_SIGNING_SECRET) {
    throw new ConfigError('Slack HTTP mode needs SLACK_SIGNING_SECRET to verify requests; refusing to start without it.');
  }
  return { mode: 'http', signingSecret: config.SLACK_SIGNING_SECRET };
}

export const SLACK_EVENTS_PATH = '/slack/events';

export const slackChannel: ChannelAdapter = {
  name: 'slack',
  label: 'Slack',
  nativeCharts: MAX_NATIVE_CHARTS,
  paths: [SLACK_EVENTS_PATH],
  setup(config) {
    const setup = slackSetup(config);
    return 'off' in setup ? setup : { on: true };
  },
  async create({ config, publicUrl, handler, state, logger, preview, answerJobs }) {
    const transport = slackSetup(config);
    if ('off' in transport) throw new ConfigError(`Slack is off: ${transport.off}.`);
    const adapter = createSlackAdapter({
      botToken: config.SLACK_BOT_TOKEN!,
      transport,
      handler,
      apiUrl: config.SLACK_API_URL,
      state,
      logger,
      commandPrefix: config.SLACK_COMMAND_PREFIX,
      ...(preview ? { preview } : {}),
      ...(answerJobs ? { answerJobs } : {}),
    });
    const listener = adapter.requestListener;
    return {
      // Socket Mode connects out: nothing to route (the path answers 503 saying so).
      routes: listener ? [{ method: 'POST', path: SLACK_EVENTS_PATH, handle: listener }] : [],
      describe: transport.mode === 'http' ? `HTTP mode at ${publicUrl}${SLACK_EVENTS_PATH}` : 'Socket Mode',
      readiness: () => adapter.readiness(),
      postAnswer: (channel, reply) => adapter.postAnswer(channel, reply),
      start: () => adapter.start(),
      stop: (graceMs) => adapter.stop(graceMs),
    };
  },
  render: (reply) => ({ ...toBlockKit(reply), unfurl_links: false, unfurl_media: false }),
  conversationRef: (turn) => ({ kind: 'slack', channelId: turn.conversation }),
  deliverer: ({ config, timeoutMs }) =>
    config.SLACK_BOT_TOKEN
      ? createSlackDeliverer({ token: config.SLACK_BOT_TOKEN, apiUrl: config.SLACK_API_URL, timeoutMs })
      : { off: 'SLACK_BOT_TOKEN is not set, so Greenlight cannot post to Slack' },
  answerDeliverer: slackAnswerDeliverer,
  describeRef: (ref) => `Slack channel ${slackChannelId(ref)}`,
  idOfRef: (ref) => slackChannelId(ref),
  refFromId: (id) => ({ kind: 'slack', channelId: id }),
  async manifest({ config, commands, baseUrl, socket, prefix: asked, out }) {
    const prefix = asked ?? config.SLACK_COMMAND_PREFIX;
    if (prefix && !COMMAND_PREFIX.test(prefix)) {
      throw new ConfigError(`--prefix must be lower-case letters, digits, - or _ (up to 12), e.g. gl- (got "${prefix}").`);
    }
    const manifest = slackManifestSchema.parse(
      slackManifest({ commands, ...(baseUrl ? { baseUrl } : {}), socketMode: Boolean(socket), commandPrefix: prefix }),
    );
    const json = `${JSON.stringify(manifest, null, 2)}\n`;
    if (!out) return { files: [], print: json, notes: [] };
    return { files: [{ path: out, data: json }], notes: [`Wrote ${out}: paste it at https://api.slack.com/apps → Create New App → From an app manifest.`] };
  },
};

function slackChannelId(ref: ChannelRef): string {
  if (ref.kind !== 'slack') throw new Error(`The Slack channel got a ${ref.kind} conversation.`);
  return ref.channelId;
}

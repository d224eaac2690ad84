/**
 * Teams as a `ChannelAdapter`: on with `MICROSOFT_APP_ID` (or, unauthenticated, `GREENLIGHT_LOCAL_MODE=true`),
 * served at `/api/messages` by the Bot Framework transport; renders a reply as the activity it sends (an Adaptive
 * Card); posts digests proactively (`deliverer.ts`). Moving to the new Teams SDK replaces `transport.ts` and
 * `deliverer.ts` behind this adapter and nothing else.
 */
import type { Config } from '../../config.ts';
import type { ChannelAdapter, ChannelRef, ChannelRoute } from '../channel.ts';
import { join } from 'node:path';
import { replyActivity } from './bot.ts';
import { TEAMS_PLACEHOLDER_APP_ID, teamsAppPackage, teamsIcons, teamsManifest, teamsManifestSchema } from './manifest.ts';
import { imageUrlWithin } from './card.ts';
import { createTeamsDeliverer } from './deliverer.ts';
import { createBotFrameworkEndpoint, teamsConfigProblem, TeamsConfigError, type TeamsEndpoint } from './transport.ts';

/** How long a Teams chat answer waits to store its charts before describing them in words instead. */
const TEAMS_IMAGE_BUDGET_MS = 5_000;
export const TEAMS_MESSAGES_PATH = '/api/messages';

const wanted = (config: Config) => Boolean(config.MICROSOFT_APP_ID) || config.GREENLIGHT_LOCAL_MODE;

export const teamsChannel: ChannelAdapter = {
  name: 'teams',
  label: 'Teams',
  // Every chart that maps is drawn as a Chart.* element, with its PNG as the fallback (so all are rendered).
  nativeCharts: 0,
  paths: [TEAMS_MESSAGES_PATH],
  setup(config) {
    const problem = teamsConfigProblem({ appId: config.MICROSOFT_APP_ID, appPassword: config.MICROSOFT_APP_PASSWORD, localMode: config.GREENLIGHT_LOCAL_MODE });
    if (problem) throw new TeamsConfigError(problem);
    return wanted(config)
      ? { on: true }
      : { off: 'set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, or GREENLIGHT_LOCAL_MODE=true for unauthenticated local use' };
  },
  async create({ config, publicUrl, handler, imageUrl, logger, overrides }) {
    const auth = (overrides?.teamsAuth ?? {}) as { openIdMetadataUrl?: string; tokenIssuer?: string };
    const endpoint = createBotFrameworkEndpoint({
      appId: config.MICROSOFT_APP_ID,
      appPassword: config.MICROSOFT_APP_PASSWORD,
      tenantId: config.MICROSOFT_APP_TENANT_ID,
      localMode: config.GREENLIGHT_LOCAL_MODE,
      ...(config.GREENLIGHT_TEAMS_SERVICE_HOSTS ? { serviceUrlHosts: config.GREENLIGHT_TEAMS_SERVICE_HOSTS } : {}),
      ...auth,
      handler,
      // A hanging state store costs a card its pictures (described in words), not the answer.
      imageUrl: imageUrlWithin(imageUrl, TEAMS_IMAGE_BUDGET_MS),
      logger,
    });
    if (endpoint.authenticated && !config.GREENLIGHT_PUBLIC_URL) {
      logger.warn('Teams is on but GREENLIGHT_PUBLIC_URL is not set: card images point at the local address, which Teams cannot fetch.');
    }
    return {
      routes: [teamsRoute(endpoint)],
      describe: `${publicUrl}${TEAMS_MESSAGES_PATH} (${endpoint.authenticated ? 'Bot Framework authentication on' : 'LOCAL MODE: authentication off'})`,
      // Teams answers within the request that asked (no outbox, no platform API to wait for at start-up).
      readiness: () => ({ ready: true }),
      start: async () => undefined,
      stop: async () => undefined,
    };
  },
  render: (reply, imageUrl, options) => replyActivity(reply, imageUrl ?? (() => undefined), options?.inlined ? Number.POSITIVE_INFINITY : undefined),
  // In a Teams channel a turn's conversation id names its thread (`…;messageid=…`); a digest belongs to the channel.
  conversationRef: (turn) => ({
    kind: 'teams',
    conversationId: turn.conversation.split(';messageid=')[0],
    serviceUrl: turn.serviceUrl ?? '',
    ...(turn.tenantId ? { tenantId: turn.tenantId } : {}),
  }),
  deliverer({ config, timeoutMs, imageUrl, log }) {
    if (!wanted(config)) return { off: 'MICROSOFT_APP_ID is not set, so Greenlight cannot post to Teams' };
    if (!imageUrl)
      log?.('warn', 'GREENLIGHT_PUBLIC_URL is not set: Teams digests describe their charts in words (Teams cannot fetch images from a local address).');
    return createTeamsDeliverer({
      appId: config.MICROSOFT_APP_ID,
      appPassword: config.MICROSOFT_APP_PASSWORD,
      tenantId: config.MICROSOFT_APP_TENANT_ID,
      ...(imageUrl ? { imageUrl } : {}),
      ...(log ? { log } : {}),
      // Storing pictures stays well inside the delivery's time: a send that times out is never repeated on Teams.
      imageBudgetMs: Math.min(TEAMS_IMAGE_BUDGET_MS, Math.round(timeoutMs / 3)),
    });
  },
  describeRef: (ref) => `Teams conversation ${teamsRef(ref).conversationId}`,
  idOfRef: (ref) => teamsRef(ref).conversationId,
  refFromId: (id, serviceUrl) => ({ kind: 'teams', conversationId: id, serviceUrl: serviceUrl ?? '' }),
  async manifest({ config, commands, baseUrl, appId: asked, out = 'greenlight-teams.zip', dir }) {
    const appId = asked ?? config.MICROSOFT_APP_ID;
    const notes = appId ? [] : [`No --app-id (or MICROSOFT_APP_ID): the bot id is the placeholder ${TEAMS_PLACEHOLDER_APP_ID}.`];
    // Teams bots take free text in any message: the free-question command is Slack's way in, not a Teams command.
    const teamsCommands = commands.filter((cmd) => cmd.name !== 'greenlight');
    const manifest = teamsManifestSchema.parse(teamsManifest({ commands: teamsCommands, ...(appId ? { appId } : {}), ...(baseUrl ? { baseUrl } : {}) }));
    const files: { path: string; data: string | Buffer }[] = [{ path: out, data: await teamsAppPackage(manifest) }];
    if (dir) {
      const icons = await teamsIcons();
      files.push(
        { path: join(dir, 'manifest.json'), data: `${JSON.stringify(manifest, null, 2)}\n` },
        { path: join(dir, manifest.icons.color), data: icons.color },
        { path: join(dir, manifest.icons.outline), data: icons.outline },
      );
    }
    notes.push(
      `Wrote ${out} (manifest v${manifest.manifestVersion}, bot ${manifest.bots[0].botId}): upload it in Teams → Apps → Manage your apps → Upload an app.`,
    );
    return { files, notes };
  },
};

/** The Bot Framework endpoint as the server's route (`POST /api/messages`). */
export function teamsRoute(endpoint: TeamsEndpoint): ChannelRoute {
  return { method: 'POST', path: TEAMS_MESSAGES_PATH, handle: (req, res) => endpoint.handle(req, res) };
}

function teamsRef(ref: ChannelRef): Extract<ChannelRef, { kind: 'teams' }> {
  if (ref.kind !== 'teams') throw new Error(`The Teams channel got a ${ref.kind} conversation.`);
  return ref;
}

/**
 * Teams as a `ChannelAdapter`: on with `MICROSOFT_APP_ID` (or, unauthenticated, `GREENLIGHT_LOCAL_MODE=true`),
 * served at `/api/messages` by the Bot Framework transport; renders a reply as the activity it sends (an Adaptive
 * Card). Moving to the new Teams SDK replaces `transport.ts` behind this adapter and nothing else.
 */
import type { Config } from '../../config.ts';
import type { ChannelAdapter } from '../channel.ts';
import { replyActivity } from './bot.ts';
import { imageUrlWithin } from './card.ts';
import { createBotFrameworkEndpoint } from './transport.ts';

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
  setup: (config) =>
    wanted(config) ? { on: true } : { off: 'set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, or GREENLIGHT_LOCAL_MODE=true for unauthenticated local use' },
  async create({ config, publicUrl, handler, imageUrl, logger, overrides }) {
    const auth = (overrides?.teamsAuth ?? {}) as { openIdMetadataUrl?: string; tokenIssuer?: string };
    const endpoint = createBotFrameworkEndpoint({
      appId: config.MICROSOFT_APP_ID,
      appPassword: config.MICROSOFT_APP_PASSWORD,
      tenantId: config.MICROSOFT_APP_TENANT_ID,
      localMode: config.GREENLIGHT_LOCAL_MODE,
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
      routes: [{ method: 'POST', path: TEAMS_MESSAGES_PATH, handle: (req, res) => endpoint.handle(req, res) }],
      describe: `${publicUrl}${TEAMS_MESSAGES_PATH} (${endpoint.authenticated ? 'Bot Framework authentication on' : 'LOCAL MODE: authentication off'})`,
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
};

/**
 * The Slack app manifest: one slash command per stage plus `/greenlight` and `/digest`, the bot scopes the
 * adapter uses, the events it listens to, interactivity for the buttons, and the Socket Mode flag. Slack
 * publishes no offline JSON Schema for manifests, so `slackManifestSchema` is a zod schema of the fields and
 * limits its manifest reference documents (docs.slack.dev/reference/app-manifest).
 */
import { z } from 'zod';

/** A chat command as the manifests list it: the name without a slash, a usage hint and what it does. */
export interface CommandInfo {
  name: string;
  usage: string;
  description: string;
}

export const SLACK_BOT_SCOPES = [
  'commands', // slash commands
  'chat:write', // answers in threads
  'files:write', // chart PNGs (files.uploadV2)
  'files:read', // image blocks that show those files
  'app_mentions:read', // @Greenlight in channels
  'im:history', // direct messages
  'channels:history', // digests check what they already posted (exactly-once after a crash)
  'groups:history',
] as const;

export const SLACK_BOT_EVENTS = ['app_mention', 'message.im'] as const;

const url = z.url({ protocol: /^https$/ });
const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/);

export const slackManifestSchema = z.strictObject({
  _metadata: z.strictObject({ major_version: z.literal(1), minor_version: z.number().int().min(0) }).optional(),
  display_information: z.strictObject({
    name: z.string().min(1).max(35),
    description: z.string().max(140).optional(),
    long_description: z.string().min(175).max(4000).optional(),
    background_color: hexColor.optional(),
  }),
  features: z.strictObject({
    app_home: z.strictObject({ home_tab_enabled: z.boolean(), messages_tab_enabled: z.boolean(), messages_tab_read_only_enabled: z.boolean() }).partial().optional(),
    bot_user: z.strictObject({ display_name: z.string().min(1).max(80), always_online: z.boolean().optional() }),
    slash_commands: z
      .array(
        z.strictObject({
          command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
          description: z.string().min(1).max(2000),
          url: url.optional(),
          usage_hint: z.string().max(1000).optional(),
          should_escape: z.boolean().optional(),
        }),
      )
      .max(50)
      .optional(),
  }),
  oauth_config: z.strictObject({
    scopes: z.strictObject({ bot: z.array(z.string().regex(/^[a-z_.]+(:[a-z_.]+)*$/)).min(1), user: z.array(z.string()).optional() }),
    redirect_urls: z.array(url).optional(),
  }),
  settings: z.strictObject({
    event_subscriptions: z.strictObject({ request_url: url.optional(), bot_events: z.array(z.string()).max(100).optional(), user_events: z.array(z.string()).optional() }).optional(),
    interactivity: z.strictObject({ is_enabled: z.boolean(), request_url: url.optional(), message_menu_options_url: url.optional() }).optional(),
    org_deploy_enabled: z.boolean().optional(),
    socket_mode_enabled: z.boolean().optional(),
    token_rotation_enabled: z.boolean().optional(),
  }),
});

export type SlackManifest = z.infer<typeof slackManifestSchema>;

export const SLACK_PLACEHOLDER_URL = 'https://greenlight.example.com';

export interface SlackManifestOptions {
  commands: readonly CommandInfo[];
  /** The public HTTPS base URL (`/slack/events` is appended); ignored in Socket Mode. */
  baseUrl?: string;
  socketMode?: boolean;
}

export function slackManifest(options: SlackManifestOptions): SlackManifest {
  const socket = options.socketMode ?? false;
  const events = socket ? undefined : `${(options.baseUrl ?? SLACK_PLACEHOLDER_URL).replace(/\/+$/, '')}/slack/events`;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'Greenlight',
      description: 'Content-intelligence answers from TMDB movie and TV data, in your threads.',
      background_color: '#0b3d2e',
    },
    features: {
      app_home: { home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: 'Greenlight', always_online: true },
      slash_commands: options.commands.map((c) => ({
        command: `/${c.name}`,
        description: c.description.slice(0, 2000),
        ...(events ? { url: events } : {}),
        usage_hint: c.usage.slice(0, 1000),
        should_escape: false,
      })),
    },
    oauth_config: { scopes: { bot: [...SLACK_BOT_SCOPES] } },
    settings: {
      event_subscriptions: { ...(events ? { request_url: events } : {}), bot_events: [...SLACK_BOT_EVENTS] },
      interactivity: { is_enabled: true, ...(events ? { request_url: events } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: socket,
      token_rotation_enabled: false,
    },
  };
}

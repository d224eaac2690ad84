/**
 * The Slack app manifest: one slash command per stage plus `/greenlight` and `/digest` (with an optional prefix:
 * slash commands share one namespace per workspace), the bot scopes the adapter uses, the events it listens to,
 * interactivity for the buttons, link unfurling for dashboard links, and the Socket Mode flag.
 *
 * `slackManifestSchema` is checked field by field against Slack's published JSON Schema
 * (`slackapi/manifest-schema` v0.5.0, `schemas/manifest.schema.1.0.0.json`, draft-07): every limit there is here
 * (lengths, counts, patterns, unique items, `minLength: 1` on optional texts). It is stricter where Greenlight
 * needs more: `features`, `oauth_config` and `settings` are required, URLs must be https, command names are
 * lower-case words, and only the keys Greenlight writes are accepted.
 *
 * The manifest `slackManifest` builds is also typed by Slack's own SDK: it `satisfies` `SlackApiManifest`, the
 * manifest argument of `apps.manifest.validate` / `apps.manifest.create` in `@slack/web-api`, whose scope and event
 * names are Slack's published unions — a misspelt scope or event does not compile.
 */
import type { AppsManifestValidateArguments } from '@slack/web-api';
import { z } from 'zod';
import type { CommandInfo } from '../channel.ts';

/** Slack's own type for an app manifest (`@slack/web-api`). */
export type SlackApiManifest = AppsManifestValidateArguments['manifest'];
type SlackBotScope = NonNullable<NonNullable<NonNullable<SlackApiManifest['oauth_config']>['scopes']>['bot']>[number];
type SlackBotEvent = NonNullable<NonNullable<NonNullable<SlackApiManifest['settings']>['event_subscriptions']>['bot_events']>[number];

export const SLACK_BOT_SCOPES = [
  'commands', // slash commands
  'chat:write', // answers in threads
  'files:write', // chart PNGs (files.uploadV2)
  'files:read', // image blocks that show those files
  'app_mentions:read', // @Greenlight in channels
  'im:history', // direct messages
  'channels:history', // digests check what they already posted (exactly-once after a crash)
  'groups:history',
  'links:read', // link_shared: a dashboard link pasted in a conversation
  'links:write', // chat.unfurl: its preview
] as const satisfies readonly SlackBotScope[];

export const SLACK_BOT_EVENTS = ['app_mention', 'message.im', 'link_shared'] as const satisfies readonly SlackBotEvent[];

/** Request URLs: https only (Slack's schema allows http and caps them at 3,000–3,500 characters). */
const url = (max: number) => z.url({ protocol: /^https$/ }).max(max);
const hexColor = z.string().regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/);
const unique = <T>(items: readonly T[]) => new Set(items).size === items.length;
/** Optional texts in Slack's schema have `minLength: 1`. */
const text = (max: number) => z.string().min(1).max(max);
const scopeList = z
  .array(
    z
      .string()
      .regex(/^[a-z_.]+(:[a-z_.]+)*$/)
      .max(50),
  )
  .max(255);
const eventList = z.array(z.string().min(1).max(50)).max(100).refine(unique, 'events must be unique');

/** A command prefix: lower-case letters, digits, `-` or `_`, e.g. `gl-` → `/gl-explore`. */
export const COMMAND_PREFIX = /^[a-z0-9][a-z0-9_-]{0,11}$/;

export const slackManifestSchema = z.strictObject({
  _metadata: z.strictObject({ major_version: z.literal(1), minor_version: z.number().int().min(0) }).optional(),
  display_information: z.strictObject({
    name: z.string().min(1).max(35),
    description: text(140).optional(),
    long_description: z.string().min(175).max(4000).optional(),
    background_color: hexColor.optional(),
  }),
  features: z.strictObject({
    app_home: z
      .strictObject({ home_tab_enabled: z.boolean(), messages_tab_enabled: z.boolean(), messages_tab_read_only_enabled: z.boolean() })
      .partial()
      .optional(),
    bot_user: z.strictObject({ display_name: z.string().min(1).max(80), always_online: z.boolean().optional() }),
    slash_commands: z
      .array(
        z.strictObject({
          command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
          description: text(2000),
          url: url(3000).optional(),
          usage_hint: text(1000).optional(),
          should_escape: z.boolean().optional(),
        }),
      )
      .min(1)
      .max(50)
      .refine((commands) => unique(commands.map((c) => c.command)), 'slash commands must be unique')
      .optional(),
    unfurl_domains: z
      .array(
        z
          .string()
          .regex(/^(?![.-])[-a-z0-9.]+[a-z0-9]$/)
          .max(255),
      )
      .min(1)
      .max(5)
      .refine(unique, 'unfurl domains must be unique')
      .optional(),
  }),
  oauth_config: z.strictObject({
    scopes: z.strictObject({
      bot: scopeList.min(1).refine(unique, 'scopes must be unique'),
      user: scopeList.optional(),
      bot_optional: scopeList.optional(),
      user_optional: scopeList.optional(),
    }),
    redirect_urls: z.array(z.string().max(2500)).max(1000).refine(unique, 'redirect URLs must be unique').optional(),
    token_management_enabled: z.boolean().optional(),
    pkce_enabled: z.boolean().optional(),
  }),
  settings: z.strictObject({
    event_subscriptions: z.strictObject({ request_url: url(3500).optional(), bot_events: eventList.optional(), user_events: eventList.optional() }).optional(),
    interactivity: z.strictObject({ is_enabled: z.boolean(), request_url: url(3500).optional(), message_menu_options_url: url(3500).optional() }).optional(),
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
  /** Put before every command name (`gl-` → `/gl-explore`), so generic names do not collide with other apps. */
  commandPrefix?: string;
}

export function slackManifest(options: SlackManifestOptions): SlackManifest & SlackApiManifest {
  const socket = options.socketMode ?? false;
  const base = (options.baseUrl ?? SLACK_PLACEHOLDER_URL).replace(/\/+$/, '');
  const events = socket ? undefined : `${base}/slack/events`;
  const prefix = options.commandPrefix ?? '';
  return {
    _metadata: { major_version: 1 as const, minor_version: 1 },
    display_information: {
      name: 'Greenlight',
      description: 'Content-intelligence answers from TMDB movie and TV data, in your threads.',
      background_color: '#0b3d2e',
    },
    features: {
      app_home: { home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: 'Greenlight', always_online: true },
      slash_commands: options.commands.map((c) => ({
        command: `/${prefix}${c.name}`,
        description: c.description.slice(0, 2000),
        ...(events ? { url: events } : {}),
        usage_hint: c.usage.slice(0, 1000),
        should_escape: false,
      })),
      // Dashboard links pasted in Slack unfurl into the view's headline and chart (link_shared → chat.unfurl).
      unfurl_domains: [new URL(base).hostname],
    },
    oauth_config: { scopes: { bot: [...SLACK_BOT_SCOPES] } },
    settings: {
      event_subscriptions: { ...(events ? { request_url: events } : {}), bot_events: [...SLACK_BOT_EVENTS] },
      interactivity: { is_enabled: true, ...(events ? { request_url: events } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: socket,
      token_rotation_enabled: false,
    },
  } satisfies SlackApiManifest;
}

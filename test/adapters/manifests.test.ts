/**
 * The Slack manifest and the Teams app package: the committed files are exactly what the generator makes; the
 * Teams manifest passes Microsoft's official schema through `@microsoft/app-manifest` (its bundled
 * `MicrosoftTeams.schema.json` for the manifest's version, validated with ajv); the Slack manifest passes our zod
 * schema, checked field by field against `slackapi/manifest-schema` v0.5.0, and is typed by Slack's own SDK
 * (`@slack/web-api`'s manifest type, checked by `npm test`'s typecheck); the icons are the sizes Teams
 * requires, and `greenlight manifest` fills in the URLs and the command prefix.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { Command } from 'commander';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { SLACK_BOT_EVENTS, SLACK_BOT_SCOPES, slackManifest, slackManifestSchema, type SlackApiManifest } from '../../src/adapters/slack/manifest.ts';
import { teamsIcons, teamsManifest, teamsManifestSchema } from '../../src/adapters/teams/manifest.ts';
import { createContext, type CliContext } from '../../src/cli/context.ts';
import { chatCommands, registerManifest } from '../../src/cli/manifest.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const readJson = async (path: string): Promise<unknown> => JSON.parse(await readFile(join(ROOT, path), 'utf8'));
/** Runs `greenlight manifest …` in process (the CLI's real command module and context) and returns stdout. */
async function greenlight(...args: string[]): Promise<string> {
  const printed: string[] = [];
  const context: CliContext = { ...createContext({}), print: (text) => printed.push(text), info: () => {} };
  const program = new Command('greenlight').exitOverride();
  registerManifest(program, () => context);
  await program.parseAsync(args, { from: 'user' });
  return printed.join('\n');
}

describe('Slack manifest', () => {
  it('is committed exactly as generated and valid', async () => {
    const committed = slackManifestSchema.parse(await readJson('manifests/slack.json'));
    expect(committed).toEqual(slackManifest({ commands: chatCommands() }));
  });

  it('has a slash command per stage plus /greenlight and /digest, the scopes, events, interactivity and the mode flag', () => {
    const m = slackManifest({ commands: chatCommands(), baseUrl: 'https://bot.example.org' });
    expect(m.features.slash_commands?.map((c) => c.command)).toEqual([
      '/explore',
      '/understand',
      '/identify',
      '/predict',
      '/forecast',
      '/compare',
      '/help',
      '/greenlight',
      '/digest',
    ]);
    expect(new Set(m.features.slash_commands?.map((c) => c.url))).toEqual(new Set(['https://bot.example.org/slack/events']));
    expect(m.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'files:write', 'app_mentions:read', 'im:history']));
    expect(m.settings.event_subscriptions).toEqual({ request_url: 'https://bot.example.org/slack/events', bot_events: [...SLACK_BOT_EVENTS] });
    expect(m.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://bot.example.org/slack/events' });
    expect(m.settings.socket_mode_enabled).toBe(false);

    const socket = slackManifestSchema.parse(slackManifest({ commands: chatCommands(), socketMode: true }));
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toContain('request_url');
    expect(JSON.stringify(socket)).not.toContain('"url"');
  });

  it('is a manifest by Slack’s own SDK type, whose scope and event names are Slack’s published unions', () => {
    const m = slackManifest({ commands: chatCommands(), baseUrl: 'https://bot.example.org' });
    expectTypeOf(m).toExtend<SlackApiManifest>();
    // Slack's type refuses a misspelt scope or event, so the check bites: were it to accept any string, the two
    // expected errors below would be missing and the typecheck would fail.
    // @ts-expect-error 'chat:writes' is not a Slack bot scope
    const misspeltScope: SlackApiManifest = { ...m, oauth_config: { scopes: { bot: ['chat:writes'] } } };
    // @ts-expect-error 'link_pasted' is not a Slack event
    const unknownEvent: SlackApiManifest = { ...m, settings: { event_subscriptions: { bot_events: ['link_pasted'] } } };
    expect([misspeltScope.oauth_config?.scopes?.bot, unknownEvent.settings?.event_subscriptions?.bot_events]).toEqual([['chat:writes'], ['link_pasted']]);
    // Everything the committed manifest asks for is in the lists typed by Slack's unions.
    expect(m.oauth_config.scopes.bot).toEqual([...SLACK_BOT_SCOPES]);
    expect(m.settings.event_subscriptions?.bot_events).toEqual([...SLACK_BOT_EVENTS]);
  });

  it('rejects what Slack’s published schema rejects', () => {
    const good = slackManifest({ commands: chatCommands() });
    const withCommands = (slash_commands: unknown) => ({ ...good, features: { ...good.features, slash_commands } });
    const first = good.features.slash_commands![0];
    expect(slackManifestSchema.safeParse(withCommands([])).success).toBe(false); // minItems 1
    expect(slackManifestSchema.safeParse(withCommands([first, first])).success).toBe(false); // unique commands
    expect(slackManifestSchema.safeParse(withCommands([{ ...first, usage_hint: '' }])).success).toBe(false); // minLength 1
    expect(slackManifestSchema.safeParse(withCommands([{ ...first, command: `/${'x'.repeat(32)}` }])).success).toBe(false); // maxLength 32
    expect(slackManifestSchema.safeParse({ ...good, display_information: { ...good.display_information, background_color: '#0b3' } }).success).toBe(true); // #RGB too
    expect(slackManifestSchema.safeParse({ ...good, display_information: { ...good.display_information, description: '' } }).success).toBe(false);
    const events = (bot_events: string[]) => ({
      ...good,
      settings: { ...good.settings, event_subscriptions: { ...good.settings.event_subscriptions, bot_events } },
    });
    expect(slackManifestSchema.safeParse(events(['app_mention', 'app_mention'])).success).toBe(false); // uniqueItems
    const domains = (unfurl_domains: string[]) => ({ ...good, features: { ...good.features, unfurl_domains } });
    expect(
      slackManifestSchema.safeParse(domains(['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com', 'e.example.com', 'f.example.com'])).success,
    ).toBe(false); // maxItems 5
    expect(slackManifestSchema.safeParse(domains(['.example.com'])).success).toBe(false);
    expect(slackManifestSchema.safeParse({ ...good, display_information: { name: 'x'.repeat(36) } }).success).toBe(false);
    const badCommand = { ...good, features: { ...good.features, slash_commands: [{ command: 'explore', description: 'no slash' }] } };
    expect(slackManifestSchema.safeParse(badCommand).success).toBe(false);
    const plainHttp = { ...good, settings: { ...good.settings, event_subscriptions: { request_url: 'http://bot.example.org/slack/events' } } };
    expect(slackManifestSchema.safeParse(plainHttp).success).toBe(false);
  });
});

describe('Teams app package', () => {
  it('is committed exactly as generated and valid (schema v1.17)', async () => {
    const committed = teamsManifestSchema.parse(await readJson('manifests/teams/manifest.json'));
    expect(committed).toEqual(teamsManifest({ commands: chatCommands().filter((c) => c.name !== 'greenlight') }));
    expect(committed.bots[0].commandLists?.[0].commands.map((c) => c.title)).toEqual([
      'explore',
      'understand',
      'identify',
      'predict',
      'forecast',
      'compare',
      'help',
      'digest',
    ]);
    expect(committed.bots[0].scopes).toEqual(['team', 'groupChat', 'personal']);
  });

  it('passes Microsoft’s official schema for its version (@microsoft/app-manifest, offline)', async () => {
    const committed = (await readJson('manifests/teams/manifest.json')) as Parameters<typeof AppManifestUtils.validateAgainstSchema>[0];
    expect(await AppManifestUtils.validateAgainstSchema(committed)).toEqual([]);
    // The check has teeth: the old spelling of the group-chat scope is refused where it appears.
    const old = JSON.parse(JSON.stringify(committed).replaceAll('"groupChat"', '"groupchat"')) as typeof committed;
    const errors = await AppManifestUtils.validateAgainstSchema(old);
    expect(errors.map((e) => e.split(' ')[0])).toEqual(['/bots/0/scopes/1', '/bots/0/commandLists/0/scopes/1']);
  });

  it('ships a 192×192 colour icon and a 32×32 white-on-transparent outline, as committed', async () => {
    const icons = await teamsIcons();
    expect(icons.color.equals(await readFile(join(ROOT, 'manifests/teams/color.png')))).toBe(true);
    expect(icons.outline.equals(await readFile(join(ROOT, 'manifests/teams/outline.png')))).toBe(true);
    const color = await sharp(icons.color).metadata();
    expect([color.width, color.height, color.format]).toEqual([192, 192, 'png']);
    const { data, info } = await sharp(icons.outline).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([32, 32]);
    let transparent = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) transparent += 1;
      else expect([data[i], data[i + 1], data[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.5);
  });

  it('rejects what Teams would reject', () => {
    const good = teamsManifest({ commands: chatCommands() });
    expect(teamsManifestSchema.safeParse({ ...good, id: 'not-a-guid' }).success).toBe(false);
    expect(teamsManifestSchema.safeParse({ ...good, manifestVersion: '1.5' }).success).toBe(false);
    expect(teamsManifestSchema.safeParse({ ...good, developer: { ...good.developer, privacyUrl: 'http://x.example.com' } }).success).toBe(false);
    const { icons: _icons, ...noIcons } = good;
    expect(teamsManifestSchema.safeParse(noIcons).success).toBe(false);
  });
});

describe('greenlight manifest', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'greenlight-manifest-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('fills the URL into the Slack manifest', async () => {
    const m = slackManifestSchema.parse(JSON.parse(await greenlight('manifest', 'slack', '--url', 'https://bot.example.org/')));
    expect(m.settings.event_subscriptions?.request_url).toBe('https://bot.example.org/slack/events');
  });

  it('writes a Teams zip with the app id and URL filled in', async () => {
    const zipPath = join(dir, 'teams.zip');
    await greenlight('manifest', 'teams', '--url', 'https://bot.example.org', '--app-id', '11111111-2222-3333-4444-555555555555', '--out', zipPath);
    expect(execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).trim().split('\n')).toEqual(['manifest.json', 'color.png', 'outline.png']);
    execFileSync('unzip', ['-tq', zipPath]);
    const m = teamsManifestSchema.parse(JSON.parse(execFileSync('unzip', ['-p', zipPath, 'manifest.json'], { encoding: 'utf8' })));
    expect([m.id, m.bots[0].botId]).toEqual(['11111111-2222-3333-4444-555555555555', '11111111-2222-3333-4444-555555555555']);
    expect(m.developer.websiteUrl).toBe('https://bot.example.org');
    expect(m.validDomains).toEqual(['bot.example.org']);
  });

  it('puts the prefix before every Slack command', async () => {
    const m = slackManifestSchema.parse(JSON.parse(await greenlight('manifest', 'slack', '--url', 'https://bot.example.org', '--prefix', 'gl-')));
    expect(m.features.slash_commands?.map((c) => c.command)).toEqual([
      '/gl-explore',
      '/gl-understand',
      '/gl-identify',
      '/gl-predict',
      '/gl-forecast',
      '/gl-compare',
      '/gl-help',
      '/gl-greenlight',
      '/gl-digest',
    ]);
    expect(m.features.unfurl_domains).toEqual(['bot.example.org']);
    await expect(greenlight('manifest', 'slack', '--prefix', 'GL!')).rejects.toThrow(/--prefix must be lower-case/);
  });

  it('refuses a plain-http URL', async () => {
    await expect(greenlight('manifest', 'slack', '--url', 'http://bot.example.org')).rejects.toThrow(/must be https/);
  });
});

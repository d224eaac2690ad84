/**
 * `greenlight manifest slack|teams --url https://…`: the Slack app manifest (JSON) and the Teams app package
 * (zip with manifest.json and icons), with Greenlight's public URL filled in. The command list comes from the
 * intents grammar, so chat, help and manifests name the same commands.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { COMMANDS } from '../../intents/grammar.ts';
import { ConfigError } from '../config.ts';
import type { CommandInfo } from '../adapters/channel.ts';
import { CHANNEL_NAMES, channelNamed } from '../adapters/registry.ts';
import type { CliContext } from './context.ts';

const ASK: CommandInfo = {
  name: 'greenlight',
  usage: '<any question, e.g. should we greenlight a sci-fi movie for Q3?>',
  description: 'Ask Greenlight anything about the catalog',
};
const DIGEST: CommandInfo = {
  name: 'digest',
  usage: 'weekly mon 09:00 Europe/Berlin [stages…] | daily … | list | stop <id>',
  description: 'Subscribe this channel to scheduled digests and alerts',
};

/** Every chat command: the six stages (from the grammar), help, then the free question and digests. */
export function chatCommands(): CommandInfo[] {
  const fromGrammar = COMMANDS.map((c) => ({
    name: c.stage,
    usage: c.usage.replace(/^\/\S+\s*/, '') || c.stage,
    description: c.purpose.charAt(0).toUpperCase() + c.purpose.slice(1),
  }));
  return [...fromGrammar, ASK, DIGEST];
}

function httpsUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`--url must be an absolute URL (got ${value}).`);
  }
  if (url.protocol !== 'https:') throw new ConfigError(`--url must be https:// — Slack and Teams only call HTTPS endpoints (got ${value}).`);
  return url.toString().replace(/\/+$/, '');
}

interface ManifestOptions {
  url?: string;
  prefix?: string;
  socket?: boolean;
  appId?: string;
  out?: string;
  dir?: string;
}

async function writeOut(path: string, data: string | Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
}

export function registerManifest(program: Command, ctx: () => CliContext): void {
  program
    .command('manifest')
    .description('Write the Slack app manifest or the Teams app package with your public URL filled in')
    .argument('<platform>', CHANNEL_NAMES.join(' or '))
    .option('--url <https-url>', 'the public base URL Greenlight is reachable at')
    .option('--socket', 'Slack: Socket Mode (no request URLs)')
    .option(
      '--prefix <text>',
      'Slack: put before every command name (gl- → /gl-explore; default SLACK_COMMAND_PREFIX), as slash commands share one namespace per workspace',
    )
    .option('--app-id <guid>', "Teams: the bot's Microsoft App ID (default MICROSOFT_APP_ID)")
    .option('--out <path>', 'slack: write the JSON here instead of stdout; teams: the zip (default greenlight-teams.zip)')
    .option('--dir <dir>', 'teams: also write manifest.json and the icons unpacked into this directory')
    .action(async (platform: string, opts: ManifestOptions) => {
      const c = ctx();
      if (!CHANNEL_NAMES.includes(platform)) throw new ConfigError(`Unknown platform "${platform}": use ${CHANNEL_NAMES.join(' or ')}.`);
      const baseUrl = opts.url ? httpsUrl(opts.url) : undefined;
      if (!baseUrl && !opts.socket) c.info('No --url given: the manifest uses https://greenlight.example.com; replace it before installing.');
      const output = await channelNamed(platform).manifest({ ...opts, config: c.config, commands: chatCommands(), ...(baseUrl ? { baseUrl } : {}) });
      for (const file of output.files) await writeOut(file.path, file.data);
      if (output.print !== undefined) c.print(output.print);
      for (const note of output.notes) c.info(note);
    });
}

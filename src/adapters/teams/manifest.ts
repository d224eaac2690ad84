/**
 * The Teams app package: `manifest.json` (schema v1.17) with the bot, its command list for channels, group
 * chats and 1:1, and the colour (192×192) and outline (32×32, white on transparent) icons, zipped together.
 * Microsoft's `MicrosoftTeams.schema.json` is not shipped with any installed package, so `teamsManifestSchema`
 * is a zod schema of the required fields and limits of the v1.17 manifest reference.
 */
import { z } from 'zod';
import type { CommandInfo } from '../channel.ts';
import { zipSync } from 'fflate';

export const TEAMS_MANIFEST_VERSION = '1.17';
export const TEAMS_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
/** Replaced by `greenlight manifest teams --app-id` (or MICROSOFT_APP_ID). */
export const TEAMS_PLACEHOLDER_APP_ID = '00000000-0000-0000-0000-000000000000';
export const TEAMS_PLACEHOLDER_URL = 'https://greenlight.example.com';

const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);
const httpsUrl = z.url({ protocol: /^https$/ }).max(2048);
const scope = z.enum(['team', 'personal', 'groupChat']);

export const teamsManifestSchema = z.strictObject({
  $schema: z.url(),
  manifestVersion: z.literal(TEAMS_MANIFEST_VERSION),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  id: guid,
  developer: z.strictObject({ name: z.string().min(1).max(32), websiteUrl: httpsUrl, privacyUrl: httpsUrl, termsOfUseUrl: httpsUrl }),
  name: z.strictObject({ short: z.string().min(1).max(30), full: z.string().max(100).optional() }),
  description: z.strictObject({ short: z.string().min(1).max(80), full: z.string().min(1).max(4000) }),
  icons: z.strictObject({ outline: z.string().min(1).max(2048), color: z.string().min(1).max(2048) }),
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  bots: z
    .array(
      z.strictObject({
        botId: guid,
        scopes: z.array(scope).min(1).max(3),
        supportsFiles: z.boolean().optional(),
        isNotificationOnly: z.boolean().optional(),
        commandLists: z
          .array(
            z.strictObject({
              scopes: z.array(scope).min(1).max(3),
              commands: z.array(z.strictObject({ title: z.string().min(1).max(32), description: z.string().min(1).max(128) })).max(10),
            }),
          )
          .max(3)
          .optional(),
      }),
    )
    .max(1),
  permissions: z.array(z.enum(['identity', 'messageTeamMembers'])).optional(),
  validDomains: z.array(z.string().max(2048)).optional(),
});

export type TeamsManifest = z.infer<typeof teamsManifestSchema>;

export interface TeamsManifestOptions {
  commands: readonly CommandInfo[];
  /** The bot's Microsoft App ID (a GUID). */
  appId?: string;
  /** The public HTTPS base URL (dashboard links and card images come from here). */
  baseUrl?: string;
  version?: string;
}

/** What the command menu shows: the purpose and the syntax when both fit Teams' 128 characters. */
function commandDescription(c: CommandInfo): string {
  const full = `${c.description}: ${c.usage}`;
  return c.usage !== c.name && full.length <= 128 ? full : c.description.slice(0, 128);
}

export function teamsManifest(options: TeamsManifestOptions): TeamsManifest {
  const base = (options.baseUrl ?? TEAMS_PLACEHOLDER_URL).replace(/\/+$/, '');
  const appId = options.appId ?? TEAMS_PLACEHOLDER_APP_ID;
  const scopes: ('team' | 'personal' | 'groupChat')[] = ['team', 'groupChat', 'personal'];
  return {
    $schema: TEAMS_SCHEMA_URL,
    manifestVersion: TEAMS_MANIFEST_VERSION,
    version: options.version ?? '0.1.0',
    id: appId,
    developer: { name: 'Greenlight', websiteUrl: base, privacyUrl: `${base}/privacy`, termsOfUseUrl: `${base}/terms` },
    name: { short: 'Greenlight', full: 'Greenlight content intelligence' },
    description: {
      short: 'Content-intelligence answers from TMDB movie and TV data.',
      full:
        'Ask Greenlight what to make next: explore the catalog, understand what drives engagement, find open market ' +
        'windows, predict a concept’s chances, forecast genres and compare head to head. Answers come as cards with ' +
        'charts and a link to the full dashboard. This product uses the TMDB API but is not endorsed or certified by TMDB.',
    },
    icons: { outline: 'outline.png', color: 'color.png' },
    accentColor: '#0B3D2E',
    bots: [
      {
        botId: appId,
        scopes,
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [
          {
            scopes,
            commands: options.commands.slice(0, 10).map((c) => ({ title: c.name.slice(0, 32), description: commandDescription(c) })),
          },
        ],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [new URL(base).host],
  };
}

/** The two icons, drawn from SVG: a green "play" mark on dark green, and its white outline on transparent. */
export async function teamsIcons(): Promise<{ color: Buffer; outline: Buffer }> {
  const mark = 'M11 8 L25 16 L11 24 Z';
  const color = `<svg xmlns="http://www.w3.org/2000/svg" width="192" height="192" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0B3D2E"/><path d="${mark}" fill="#3DDC84"/></svg>`;
  const outline = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><path d="${mark}" fill="none" stroke="#FFFFFF" stroke-width="2" stroke-linejoin="round"/></svg>`;
  // Loaded here, not with the module: `serve` (which imports the CLI) never draws icons and need not hold sharp.
  const { default: sharp } = await import('sharp');
  const png = (svg: string, size: number) => sharp(Buffer.from(svg)).resize(size, size).png().toBuffer();
  return { color: await png(color, 192), outline: await png(outline, 32) };
}

/** The app package Teams imports: `manifest.json` and both icons at the root of a zip. */
export async function teamsAppPackage(manifest: TeamsManifest): Promise<Buffer> {
  const icons = await teamsIcons();
  // A fixed modification time, so the same manifest always gives the same bytes.
  const mtime = new Date(Date.UTC(2026, 0, 1));
  const packed = zipSync(
    {
      'manifest.json': new TextEncoder().encode(`${JSON.stringify(teamsManifestSchema.parse(manifest), null, 2)}\n`),
      [manifest.icons.color]: icons.color,
      [manifest.icons.outline]: icons.outline,
    },
    { level: 9, mtime },
  );
  return Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
}

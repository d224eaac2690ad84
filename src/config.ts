/**
 * Configuration: every setting comes from the environment, is validated once at start-up, and is documented in
 * the README (keep the two in step). Secrets are held here and never logged: `describeConfig` masks them.
 */
import { z } from 'zod';

const optionalSecret = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const configSchema = z.object({
  /** Where the catalog, the API cache, trained models and digest state live. */
  GREENLIGHT_DATA_DIR: z.string().min(1).default('.greenlight'),
  /** The snapshot imported in local mode (no catalog yet and no TMDB credentials). */
  GREENLIGHT_SNAPSHOT: z.string().min(1).default('../shared/tmdb'),
  TMDB_READ_TOKEN: optionalSecret,
  TMDB_API_KEY: optionalSecret,
  TMDB_BASE_URL: z.url().default('https://api.themoviedb.org/3'),
  /** Requests per second the client allows itself (TMDB's documented ceiling is about 40–50). */
  TMDB_RATE_LIMIT: z.coerce.number().positive().max(1000).default(40),
  /** Keep-alive connections in the client's pool. */
  TMDB_CONNECTIONS: positiveInt(8),
  /** Pages fetched per list endpoint (TMDB serves at most 500). */
  TMDB_PAGES: z.coerce.number().int().min(1).max(500).default(5),
  /** Seconds a cached API response stays fresh. */
  TMDB_CACHE_TTL: positiveInt(3600),
  /** The HTTP server (`greenlight serve`). */
  GREENLIGHT_HOST: z.string().min(1).default('127.0.0.1'),
  GREENLIGHT_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The address people reach the dashboard at; links in chat point here. */
  GREENLIGHT_PUBLIC_URL: z.url().optional(),
  /** HMAC secret that signs dashboard links (required when the dashboard is exposed beyond localhost). */
  GREENLIGHT_LINK_SECRET: optionalSecret,
  /** Shared store for several replicas (digests, cache, thread context); embedded on-disk store when unset. */
  GREENLIGHT_REDIS_URL: z.string().optional(),
  SLACK_BOT_TOKEN: optionalSecret,
  SLACK_SIGNING_SECRET: optionalSecret,
  /** Socket Mode (development): set an app-level token and SLACK_SOCKET_MODE=true. */
  SLACK_APP_TOKEN: optionalSecret,
  SLACK_SOCKET_MODE: z.stringbool().default(false),
  /** Put before every slash command (`gl-` → `/gl-explore`); the same prefix as `greenlight manifest slack --prefix`. */
  SLACK_COMMAND_PREFIX: z
    .string()
    .regex(/^([a-z0-9][a-z0-9_-]{0,11})?$/, 'lower-case letters, digits, - or _ (up to 12), e.g. gl-')
    .default(''),
  /** Slack Web API base URL (tests point it at a loopback fake). */
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  MICROSOFT_APP_ID: optionalSecret,
  MICROSOFT_APP_PASSWORD: optionalSecret,
  MICROSOFT_APP_TENANT_ID: optionalSecret,
  /** Worker threads that answer questions and compute dashboard views in `serve` (0 = on the main thread); keeps Slack acks and pages fast under load. */
  GREENLIGHT_ANSWER_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
  /**
   * Seconds an answer worker may sit idle before it stops and gives its memory back (≈ 150 MB each); the next
   * question starts one again. 0 keeps the workers for the life of the process.
   */
  GREENLIGHT_WORKER_IDLE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /**
   * A new answer worker warms up on dry-run answers while idle (src/server/warm-up.ts), and `serve` starts taking
   * requests once its workers are warm (a few seconds later): the first answers are not JIT-cold.
   */
  GREENLIGHT_WORKER_WARM_UP: z.stringbool().default(true),
  /**
   * Hosts a Teams activity's serviceUrl may name (comma-separated; `*.domain` for subdomains), where the bot posts
   * its answers. Default: Microsoft's documented Bot Framework hosts (tests: a loopback fake connector).
   */
  GREENLIGHT_TEAMS_SERVICE_HOSTS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^(\*\.)?[a-z0-9.-]+$|^\[::1\]$/, 'a host name, or *.domain')).min(1))
    .optional(),
  /** Run the Teams endpoint without Bot Framework authentication: only for local development. */
  GREENLIGHT_LOCAL_MODE: z.stringbool().default(false),
  /** Digests: how often each replica's scheduler looks for due deliveries (seconds). */
  GREENLIGHT_DIGEST_INTERVAL_SECONDS: positiveInt(30),
  /** Digests: a missed delivery later than this (or half its schedule's period) is skipped with a note. */
  GREENLIGHT_DIGEST_STALE_AFTER_MINUTES: positiveInt(360),
  /** Digests: each send is aborted (and retried) after this many seconds. */
  GREENLIGHT_DIGEST_TIMEOUT_SECONDS: positiveInt(30),
  /** Digests: a JSON file of subscriptions (configuration), loaded by `greenlight serve` at start-up. */
  GREENLIGHT_DIGESTS_FILE: z.string().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

const SECRET_KEYS = new Set<keyof Config>([
  'TMDB_READ_TOKEN',
  'TMDB_API_KEY',
  'GREENLIGHT_LINK_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'MICROSOFT_APP_PASSWORD',
]);

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; a bad value is a `ConfigError` naming the variable and what it accepts. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(Object.keys(configSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = configSchema.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      // Never echo a secret's value, even a malformed one.
      const shown = SECRET_KEYS.has(key as keyof Config) ? '' : ` (got ${JSON.stringify(env[key])})`;
      return `  ${key}${shown}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee the README's "Configuration" section.`);
  }
  return parsed.data;
}

/** True when TMDB credentials are set, i.e. `ingest` can use the live API. */
export function hasTmdbCredentials(config: Config): boolean {
  return Boolean(config.TMDB_READ_TOKEN || config.TMDB_API_KEY);
}

/** The configuration with every secret masked: safe to print or log. */
export function describeConfig(config: Config): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    out[key] = SECRET_KEYS.has(key as keyof Config) ? '***' : String(value);
  }
  return out;
}

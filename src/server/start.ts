/**
 * `startGreenlight`: everything `greenlight serve` runs in one process — the HTTP server, the Slack adapter
 * (HTTP or Socket Mode), the Teams endpoint, the dashboard, chart images — built from the validated
 * configuration. State that replicas must share (Slack's retry de-duplication, the served chart images) lives on
 * the shared state backend: embedded SQLite, or Redis with `GREENLIGHT_REDIS_URL`. It refuses half-configured or unsafe set-ups at start-up (Slack HTTP mode without a signing
 * secret, Teams without an app id unless local mode is explicit) and reports what it enabled.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, type Config } from '../config.ts';
import { slackSetup } from '../adapters/slack/channel.ts';
import type { ModelPort } from '../core/model-port.ts';
import type { Catalog } from '../data/catalog.ts';
import { QUARANTINE_REASON } from '../data/store.ts';
import type { AnswerDeps } from '../reply/deps.ts';
import { ask } from '../reply/answer.ts';
import type { Reply } from '../reply/reply.ts';
import type { Intent } from '../../intents/intent.ts';
import { consoleLogger, type ChatHandler, type ChatLogger } from '../adapters/conversation.ts';
import { createSlackAdapter, type SlackAdapter } from '../adapters/slack/app.ts';
import { MAX_NATIVE_CHARTS } from '../adapters/slack/blocks.ts';
import { createLinkPreview } from './link-preview.ts';
import { imageUrlWithin } from '../adapters/teams/card.ts';
import { createBotFrameworkEndpoint, teamsConfigProblem, TeamsConfigError, type TeamsEndpoint } from '../adapters/teams/transport.ts';
import type { AnswerJobs } from '../digests/answers.ts';
import type { Deliverer } from '../digests/deliverer.ts';
import { slackAnswerDeliverer } from '../digests/slack.ts';
import { isExposed } from '../reply/links.ts';
import { assertSafeExposure } from './dashboard/access.ts';
import { createDashboardApp } from './dashboard/app.ts';
import { createWorkerPool, type WorkerPool } from './pool.ts';
import { createAssistant, type DigestCommand } from './assistant.ts';
import { answerClientErrors, createRequestListener } from './http.ts';
import type { KvBackend } from '../state/backend.ts';
import { describeStateBackend, openStateBackend } from '../state/open.ts';
import type { ThreadStore } from '../state/threads.ts';
import { SharedImageStore, servedImageUrl, type ImageStore } from '../state/images.ts';

/** How long a Teams chat answer waits to store its charts before describing them in words instead. */
const TEAMS_IMAGE_BUDGET_MS = 5_000;

export interface StartOptions {
  config: Config;
  catalog: Catalog;
  /** The trained models (loaded once); a rejection means the stages answer without them. */
  models: () => Promise<ModelPort>;
  logger?: ChatLogger;
  now?: () => Date;
  threads?: ThreadStore<Intent>;
  digest?: DigestCommand;
  /**
   * The shared state backend (Slack event ids, chart images); `greenlight serve` passes the digests' one. When
   * absent it is opened from the configuration (`openStateBackend`) and closed with the server.
   */
  state?: KvBackend;
  /** Where Teams' signing keys and token issuer are (defaults: the Bot Framework's; tests: a loopback issuer). */
  teamsAuth?: { openIdMetadataUrl?: string; tokenIssuer?: string };
  /** Used instead of the built assistant (e.g. a load test that isolates the transport). */
  handler?: ChatHandler;
  /** Answer in this many worker threads (default `GREENLIGHT_ANSWER_WORKERS`; 0 = on the main thread). */
  answerWorkers?: number;
  /** Whether the workers load the models (they read the cache the caller warmed); default true. */
  workerModels?: boolean;
  /**
   * The durable outbox for acknowledged questions (`answerJobsOn(digests.deps)` in `greenlight serve`): Slack
   * questions are written there before they are answered, and this server answers the ones it finds there.
   */
  answerJobs?: AnswerJobs;
}

export interface Enabled {
  slack: string;
  teams: string;
  dashboard: string;
  ask: string;
  answers: string;
  state: string;
}

export interface RunningGreenlight {
  url: string;
  publicUrl: string;
  enabled: Enabled;
  server: Server;
  images: ImageStore;
  /** Stops accepting requests, lets answers in flight finish (up to `graceMs`), then closes everything. */
  close(graceMs?: number): Promise<void>;
}

/** The Slack set-up the configuration asks for (the Slack channel adapter's rule), re-exported for the start-up checks. */
export { slackSetup };

/**
 * Every reason this configuration must not start, checked before anything starts (no port bound, no scheduler,
 * nothing loaded): a refusal exits non-zero at once. The exposure rules are in docs/channels.md:
 * - a dashboard reachable beyond localhost needs GREENLIGHT_LINK_SECRET (links are signed);
 * - GREENLIGHT_LOCAL_MODE (Teams without authentication) only on a loopback address without a public URL;
 * - Slack and Teams only fully configured.
 */
export function refuseUnsafeStart(config: Config): void {
  slackSetup(config);
  const teams = teamsConfigProblem({ appId: config.MICROSOFT_APP_ID, appPassword: config.MICROSOFT_APP_PASSWORD, localMode: config.GREENLIGHT_LOCAL_MODE });
  if (teams) throw new TeamsConfigError(teams);
  if (config.GREENLIGHT_LOCAL_MODE && localModeExposed(config)) {
    throw new ConfigError(
      `GREENLIGHT_LOCAL_MODE=true runs the Teams endpoint without authentication and opens /api/ask, so it is refused on ` +
        `${config.GREENLIGHT_PUBLIC_URL ? `a public URL (GREENLIGHT_PUBLIC_URL=${config.GREENLIGHT_PUBLIC_URL})` : `a non-loopback address (GREENLIGHT_HOST=${config.GREENLIGHT_HOST})`}. ` +
        'Bind to 127.0.0.1 for local development, or set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD.',
    );
  }
  assertSafeExposure(config);
}

/** Local mode is for one machine: bound to loopback, and any public URL a loopback one too. */
function localModeExposed(config: Config): boolean {
  const loopback = (host: string) => ['localhost', '::1', '[::1]'].includes(host) || host.startsWith('127.');
  let publicHost = '127.0.0.1';
  try {
    if (config.GREENLIGHT_PUBLIC_URL) publicHost = new URL(config.GREENLIGHT_PUBLIC_URL).hostname;
  } catch {
    publicHost = '';
  }
  return !loopback(config.GREENLIGHT_HOST) || !loopback(publicHost);
}

/** `/api/ask` (answers and fresh signed dashboard links, no authentication): only local, and only without chat channels unless local mode. */
export function askAllowed(config: Config, chatChannels: boolean): boolean {
  return !isExposed(config) && (config.GREENLIGHT_LOCAL_MODE || !chatChannels);
}

/** This process's memory in MB (the main thread's heap; RSS covers the worker threads too), for /healthz and the soak bench. */
function memoryMb(): Record<'rss' | 'heapUsed' | 'external' | 'arrayBuffers', number> {
  const m = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 1048576);
  return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) };
}

/** Where answers cannot be queued (Teams answers within its own request): refuse, so the job fails visibly. */
const NO_QUEUED_ANSWERS: Deliverer = {
  deliver: async (channel) => ({ status: 'fatal', reason: `no adapter here posts queued answers to ${channel.kind}` }),
  find: async () => ({ status: 'unknown' }),
  notifyOwner: async () => undefined,
};

/** The reply as JSON for `/api/ask`, its images as URLs instead of bytes (stored first, so the URLs work). */
async function replyJson(reply: Reply, imageUrl: (image: { png: Buffer }) => Promise<string>) {
  const charts = reply.charts?.map(({ image, ...chart }) => ({ ...chart, ...(image ? { imageId: image.id } : {}) }));
  return {
    ...reply,
    ...(charts ? { charts } : {}),
    images: await Promise.all(reply.images.map(async ({ png, ...image }) => ({ ...image, url: await imageUrl({ png }) }))),
  };
}

export async function startGreenlight(options: StartOptions): Promise<RunningGreenlight> {
  const log = options.logger ?? consoleLogger;
  refuseUnsafeStart(options.config);
  const slack = slackSetup(options.config);
  const teamsWanted = Boolean(options.config.MICROSOFT_APP_ID) || options.config.GREENLIGHT_LOCAL_MODE;

  // Bind first: links and image URLs need the real port when it was 0. Until everything is set up, every request
  // (health checks included) is told the server is starting, rather than left waiting.
  const starting = (_req: unknown, res: ServerResponse) => {
    res
      .writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' })
      .end(JSON.stringify({ ok: false, ready: false, reason: 'starting' }));
  };
  const server = createServer(starting);
  answerClientErrors(server);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.config.GREENLIGHT_PORT, options.config.GREENLIGHT_HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const config: Config = { ...options.config, GREENLIGHT_PORT: port };
  const shownHost = /^(0\.0\.0\.0|::)$/.test(config.GREENLIGHT_HOST) ? '127.0.0.1' : config.GREENLIGHT_HOST;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  const publicUrl = (config.GREENLIGHT_PUBLIC_URL ?? url).replace(/\/+$/, '');
  let pool: WorkerPool | undefined;
  let ownState: KvBackend | undefined;

  try {
    const state = options.state ?? (ownState = await openStateBackend(config));
    const now = options.now ?? (() => new Date());
    const deps: AnswerDeps = { catalog: options.catalog, models: options.models, config, now, log: (m, e) => log.error(m, e) };
    const images = new SharedImageStore(state);
    const imageUrl = servedImageUrl(images, publicUrl);
    const workers = options.answerWorkers ?? config.GREENLIGHT_ANSWER_WORKERS;
    if (workers > 0 && !options.handler) {
      pool = createWorkerPool(
        { catalog: options.catalog, config, models: options.workerModels ?? true },
        { size: workers, logger: log, idleMs: config.GREENLIGHT_WORKER_IDLE_SECONDS * 1000 },
      );
      await pool.ready();
    }
    const handler =
      options.handler ??
      createAssistant({
        deps,
        ...(pool ? { ask: pool.ask } : {}),
        ...(options.threads ? { threads: options.threads } : {}),
        ...(options.digest ? { digest: options.digest } : {}),
      });

    let slackAdapter: SlackAdapter | undefined;
    if (!('off' in slack)) {
      slackAdapter = createSlackAdapter({
        botToken: config.SLACK_BOT_TOKEN!,
        transport: slack,
        handler,
        apiUrl: config.SLACK_API_URL,
        state,
        logger: log,
        ...(options.answerJobs ? { answerJobs: options.answerJobs } : {}),
        commandPrefix: config.SLACK_COMMAND_PREFIX,
        // A pasted dashboard link unfurls into its answer's decision line and main chart.
        preview: createLinkPreview(deps, config, { nativeCharts: MAX_NATIVE_CHARTS }),
      });
      await slackAdapter.start();
    }
    const slackDeliverer = slackAdapter ? slackAnswerDeliverer(slackAdapter.postAnswer) : undefined;
    options.answerJobs?.attach({ answer: handler, delivererFor: (channel) => (channel.kind === 'slack' && slackDeliverer) || NO_QUEUED_ANSWERS });
    let teams: TeamsEndpoint | undefined;
    if (teamsWanted) {
      teams = createBotFrameworkEndpoint({
        appId: config.MICROSOFT_APP_ID,
        appPassword: config.MICROSOFT_APP_PASSWORD,
        tenantId: config.MICROSOFT_APP_TENANT_ID,
        localMode: config.GREENLIGHT_LOCAL_MODE,
        ...(config.GREENLIGHT_TEAMS_SERVICE_HOSTS ? { serviceUrlHosts: config.GREENLIGHT_TEAMS_SERVICE_HOSTS } : {}),
        ...options.teamsAuth,
        handler,
        // A hanging state store costs a card its pictures (described in words), not the answer.
        imageUrl: imageUrlWithin(imageUrl, TEAMS_IMAGE_BUDGET_MS),
        logger: log,
      });
    }
    const dashboard = createDashboardApp({
      catalog: () => options.catalog,
      models: options.models,
      ...(pool ? { boards: pool.board, pages: pool.page } : {}),
      config,
      now,
    });
    const askEnabled = askAllowed(config, !('off' in slack) || Boolean(teams));

    const enabled: Enabled = {
      slack: 'off' in slack ? `off (${slack.off})` : slack.mode === 'http' ? `HTTP mode at ${publicUrl}/slack/events` : 'Socket Mode',
      teams: teams
        ? `${publicUrl}/api/messages (${teams.authenticated ? 'Bot Framework authentication on' : 'LOCAL MODE: authentication off'})`
        : 'off (set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, or GREENLIGHT_LOCAL_MODE=true for unauthenticated local use)',
      dashboard: `${publicUrl}/dashboard/explore`,
      ask: askEnabled
        ? `POST ${url}/api/ask {"text": "…"}`
        : isExposed(config)
          ? 'off (the server is reachable beyond localhost; see docs/channels.md)'
          : 'off (chat channels are configured)',
      answers: pool ? `${pool.size} worker thread${pool.size === 1 ? '' : 's'}` : 'on the main thread',
      state: describeStateBackend(config),
    };
    if (teams?.authenticated && !config.GREENLIGHT_PUBLIC_URL) {
      log.warn('Teams is on but GREENLIGHT_PUBLIC_URL is not set: card images point at the local address, which Teams cannot fetch.');
    }
    server.off('request', starting);
    server.on(
      'request',
      createRequestListener({
        slack: slackAdapter,
        teams,
        images,
        dashboard,
        ...(askEnabled ? { ask: async (text: string) => replyJson(await (pool ? pool.ask(text) : ask(text, deps)), imageUrl) } : {}),
        health: () => {
          const slackReady = slackAdapter?.readiness() ?? { ready: true };
          return {
            ready: slackReady.ready,
            titles: options.catalog.titles.length,
            quarantined: options.catalog.meta.skipped[QUARANTINE_REASON] ?? 0,
            asOf: options.catalog.meta.asOf,
            slack: !('off' in slack),
            teams: Boolean(teams),
            ...(slackAdapter ? { channels: { slack: slackReady.ready ? 'ready' : `not ready: ${slackReady.reason ?? 'unknown'}` } } : {}),
            memory: memoryMb(),
          };
        },
        disabled: { slack: 'off' in slack ? slack.off : 'it runs in Socket Mode', teams: enabled.teams },
        logger: log,
      }),
    );

    return {
      url,
      publicUrl,
      enabled,
      server,
      images,
      close: async (graceMs = 10_000) => {
        options.answerJobs?.attach(undefined);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await slackAdapter?.stop(graceMs);
        const timer = setTimeout(() => server.closeAllConnections(), graceMs).unref();
        await closed;
        clearTimeout(timer);
        await pool?.close();
        await ownState?.close();
      },
    };
  } catch (error) {
    options.answerJobs?.attach(undefined);
    server.close();
    await pool?.close();
    await ownState?.close();
    throw error;
  }
}

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
import type { ChannelAdapter, ChannelContext, RunningChannel } from '../adapters/channel.ts';
import { CHANNELS } from '../adapters/registry.ts';
import type { ModelPort } from '../core/model-port.ts';
import type { Catalog } from '../data/catalog.ts';
import { QUARANTINE_REASON } from '../data/store.ts';
import type { AnswerDeps } from '../reply/deps.ts';
import { ask } from '../reply/answer.ts';
import type { Reply } from '../reply/reply.ts';
import type { Intent } from '../../intents/intent.ts';
import { consoleLogger, type ChatHandler, type ChatLogger } from '../adapters/conversation.ts';
import { createLinkPreview } from './link-preview.ts';
import { answerDelivererFor, type AnswerJobs } from '../digests/answers.ts';
import type { DigestWorkers } from '../digests/compose.ts';
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
  /** The chat channels to run when the configuration turns them on (default: the registry's, `CHANNELS`). */
  channels?: readonly ChannelAdapter[];
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

/** What is on, one line each for the start-up log: every registered channel by name, then the server's parts. */
export type Enabled = Readonly<Record<string, string>> & {
  readonly dashboard: string;
  readonly ask: string;
  readonly answers: string;
  readonly state: string;
};

export interface RunningGreenlight {
  url: string;
  publicUrl: string;
  enabled: Enabled;
  server: Server;
  images: ImageStore;
  /** The worker pool's digest work — stages and chat pictures (absent when answers run on the main thread). */
  workers?: DigestWorkers;
  /** Stops accepting requests, lets answers in flight finish (up to `graceMs`), then closes everything. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Every reason this configuration must not start, checked before anything starts (no port bound, no scheduler,
 * nothing loaded): a refusal exits non-zero at once. The exposure rules are in docs/channels.md:
 * - a dashboard reachable beyond localhost needs GREENLIGHT_LINK_SECRET (links are signed);
 * - GREENLIGHT_LOCAL_MODE (Teams without authentication) only on a loopback address without a public URL;
 * - Slack and Teams only fully configured.
 */
export function refuseUnsafeStart(config: Config, channels: readonly ChannelAdapter[] = CHANNELS): void {
  for (const channel of channels) channel.setup(config);
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

/** The reply as JSON for `/api/ask`, its images as URLs instead of bytes (stored first, so the URLs work). */
async function replyJson(reply: Reply, imageUrl: (image: { png: Buffer }) => Promise<string>) {
  const charts = reply.charts?.map(({ image, ...chart }) => ({ ...chart, ...(image ? { imageId: image.id } : {}) }));
  return {
    ...reply,
    ...(charts ? { charts } : {}),
    images: await Promise.all(reply.images.map(async ({ png, ...image }) => ({ ...image, url: await imageUrl({ png }) }))),
  };
}

/** A channel the configuration turned on, as it runs. */
interface StartedChannel {
  adapter: ChannelAdapter;
  running: RunningChannel;
}

export async function startGreenlight(options: StartOptions): Promise<RunningGreenlight> {
  const log = options.logger ?? consoleLogger;
  const channels = options.channels ?? CHANNELS;
  refuseUnsafeStart(options.config, channels);
  const setups = channels.map((adapter) => ({ adapter, setup: adapter.setup(options.config) }));

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
  const started: StartedChannel[] = [];

  try {
    const state = options.state ?? (ownState = await openStateBackend(config));
    const now = options.now ?? (() => new Date());
    const deps: AnswerDeps = { catalog: options.catalog, models: options.models, config, now, log: (m, e) => log.error(m, e) };
    const images = new SharedImageStore(state);
    const imageUrl = servedImageUrl(images, publicUrl);
    const workers = options.answerWorkers ?? config.GREENLIGHT_ANSWER_WORKERS;
    if (workers > 0 && !options.handler) {
      pool = createWorkerPool(
        { catalog: options.catalog, config, models: options.workerModels ?? true, warmUp: config.GREENLIGHT_WORKER_WARM_UP },
        { size: workers, logger: log, idleMs: config.GREENLIGHT_WORKER_IDLE_SECONDS * 1000 },
      );
      await pool.ready();
      if (config.GREENLIGHT_WORKER_WARM_UP) {
        // Requests are told the server is starting until the workers are warm (see warm-up.ts).
        for (const report of await pool.warmedUp()) {
          if (report) log.info(`answer worker warmed up: ${report.questions} dry-run answers in ${(report.ms / 1000).toFixed(1)} s`);
        }
      }
    }
    const handler =
      options.handler ??
      createAssistant({
        deps,
        ...(pool ? { ask: pool.ask } : {}),
        ...(options.threads ? { threads: options.threads } : {}),
        ...(options.digest ? { digest: options.digest } : {}),
      });

    for (const { adapter, setup } of setups) {
      if ('off' in setup) continue;
      const context: ChannelContext = {
        config,
        publicUrl,
        handler,
        state,
        imageUrl,
        logger: log,
        // A pasted dashboard link unfurls into its answer's decision line and main chart, drawn as the channel draws.
        preview: createLinkPreview(deps, config, { nativeCharts: adapter.nativeCharts, ...(pool ? { ask: pool.ask } : {}) }),
        ...(options.answerJobs ? { answerJobs: options.answerJobs } : {}),
        ...(options.teamsAuth ? { overrides: { teamsAuth: options.teamsAuth } } : {}),
      };
      const running = await adapter.create(context);
      started.push({ adapter, running });
      await running.start();
    }
    // Acknowledged questions left in the outbox are posted by the channel they came from.
    options.answerJobs?.attach({ answer: handler, delivererFor: answerDelivererFor(new Map(started.map((c) => [c.adapter.name, c.running]))) });

    const dashboard = createDashboardApp({
      catalog: () => options.catalog,
      models: options.models,
      ...(pool ? { boards: pool.board, pages: pool.page } : {}),
      config,
      now,
    });
    const askEnabled = askAllowed(config, started.length > 0);
    const runningNamed = (name: string) => started.find((c) => c.adapter.name === name)?.running;

    const enabled: Enabled = {
      ...Object.fromEntries(setups.map(({ adapter, setup }) => [adapter.name, 'off' in setup ? `off (${setup.off})` : runningNamed(adapter.name)!.describe])),
      dashboard: `${publicUrl}/dashboard/explore`,
      ask: askEnabled
        ? `POST ${url}/api/ask {"text": "…"}`
        : isExposed(config)
          ? 'off (the server is reachable beyond localhost; see docs/channels.md)'
          : 'off (chat channels are configured)',
      answers: pool ? `${pool.size} worker thread${pool.size === 1 ? '' : 's'}` : 'on the main thread',
      state: describeStateBackend(config),
    };
    // Paths of channels that are off, or on but taking no requests here (Slack in Socket Mode), say why.
    const closed = setups.flatMap(({ adapter, setup }) => {
      const running = runningNamed(adapter.name);
      return adapter.paths
        .filter((path) => !running?.routes.some((r) => r.path === path))
        .map((path) => ({ path, reason: `${adapter.label} is not enabled here: ${'off' in setup ? setup.off : running!.describe}.` }));
    });
    server.off('request', starting);
    server.on(
      'request',
      createRequestListener({
        routes: started.flatMap((c) => c.running.routes),
        closed,
        images,
        dashboard,
        ...(askEnabled ? { ask: async (text: string) => replyJson(await (pool ? pool.ask(text) : ask(text, deps)), imageUrl) } : {}),
        health: () => {
          const readiness = started.map((c) => [c.adapter.name, c.running.readiness()] as const);
          return {
            ready: readiness.every(([, r]) => r.ready),
            titles: options.catalog.titles.length,
            quarantined: options.catalog.meta.skipped[QUARANTINE_REASON] ?? 0,
            asOf: options.catalog.meta.asOf,
            ...Object.fromEntries(setups.map(({ adapter, setup }) => [adapter.name, !('off' in setup)])),
            channels: Object.fromEntries(readiness.map(([name, r]) => [name, r.ready ? 'ready' : `not ready: ${r.reason ?? 'unknown'}`])),
            memory: memoryMb(),
          };
        },
        logger: log,
      }),
    );

    return {
      url,
      publicUrl,
      enabled,
      server,
      images,
      ...(pool ? { workers: { stage: pool.stage, pictures: pool.pictures } } : {}),
      close: async (graceMs = 10_000) => {
        options.answerJobs?.attach(undefined);
        const closing = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.all(started.map((c) => c.running.stop(graceMs)));
        const timer = setTimeout(() => server.closeAllConnections(), graceMs).unref();
        await closing;
        clearTimeout(timer);
        await pool?.close();
        await ownState?.close();
      },
    };
  } catch (error) {
    options.answerJobs?.attach(undefined);
    server.close();
    await Promise.all(started.map((c) => c.running.stop(0).catch(() => undefined)));
    await pool?.close();
    await ownState?.close();
    throw error;
  }
}

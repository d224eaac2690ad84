/**
 * `startGreenlight`: everything `greenlight serve` runs in one process — the HTTP server, every registered chat
 * channel the configuration turns on (`src/adapters/registry.ts`: Slack in HTTP or Socket Mode, Teams), the
 * dashboard, chart images — built from the validated configuration. State that replicas must share (Slack's retry de-duplication, the served chart images) lives on
 * the shared state backend: embedded SQLite, or Redis with `GREENLIGHT_REDIS_URL`. It refuses half-configured or unsafe set-ups at start-up (Slack HTTP mode without a signing
 * secret, Teams without an app id unless local mode is explicit) and reports what it enabled.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.ts';
import type { ModelPort } from '../core/model-port.ts';
import type { Catalog } from '../data/catalog.ts';
import type { AnswerDeps } from '../reply/deps.ts';
import { ask } from '../reply/answer.ts';
import type { Reply } from '../reply/reply.ts';
import { consoleLogger, type ChatHandler, type ChatLogger } from '../adapters/conversation.ts';
import type { RunningChannel } from '../adapters/channel.ts';
import { CHANNELS } from '../adapters/registry.ts';
import { createDashboardApp } from './dashboard/app.ts';
import { createWorkerPool, type WorkerPool } from './pool.ts';
import { createAssistant, type DigestCommand, type ThreadStore } from './assistant.ts';
import { createRequestListener, type ChannelParts } from './http.ts';
import { createLinkPreview } from './link-preview.ts';
import type { KvBackend } from '../digests/store/backend.ts';
import { describeStateBackend, openStateBackend } from '../digests/store/state.ts';
import { SharedImageStore, servedImageUrl, type ImageStore } from './images.ts';

export { slackSetup } from '../adapters/slack/channel.ts';

export interface StartOptions {
  config: Config;
  catalog: Catalog;
  /** The trained models (loaded once); a rejection means the stages answer without them. */
  models: () => Promise<ModelPort>;
  logger?: ChatLogger;
  now?: () => Date;
  threads?: ThreadStore;
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
}

/** What is on, for the start-up log: one line per registered channel (by name), then the other parts. */
export interface Enabled {
  [channel: string]: string;
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

/** The reply as JSON for `/api/ask`, its images as URLs instead of bytes (stored first, so the URLs work). */
async function replyJson(reply: Reply, imageUrl: (image: { png: Buffer }) => Promise<string>) {
  const charts = reply.charts?.map(({ image, ...chart }) => ({ ...chart, ...(image ? { imageId: image.id } : {}) }));
  return { ...reply, ...(charts ? { charts } : {}), images: await Promise.all(reply.images.map(async ({ png, ...image }) => ({ ...image, url: await imageUrl({ png }) }))) };
}

export async function startGreenlight(options: StartOptions): Promise<RunningGreenlight> {
  const log = options.logger ?? consoleLogger;
  // Each channel's set-up is checked before anything binds: a half-configured one stops the start.
  const setups = CHANNELS.map((channel) => ({ channel, setup: channel.setup(options.config) }));

  // Bind first: links and image URLs need the real port when it was 0.
  const server = createServer();
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
  const running: { name: string; channel: RunningChannel }[] = [];

  try {
    const state = options.state ?? (ownState = await openStateBackend(config));
    const now = options.now ?? (() => new Date());
    const deps: AnswerDeps = { catalog: options.catalog, models: options.models, config, now, log: (m, e) => log.error(m, e) };
    const images = new SharedImageStore(state);
    const imageUrl = servedImageUrl(images, publicUrl);
    const workers = options.answerWorkers ?? config.GREENLIGHT_ANSWER_WORKERS;
    if (workers > 0 && !options.handler) {
      pool = createWorkerPool({ catalog: options.catalog, config, models: options.workerModels ?? true }, { size: workers, logger: log });
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

    const channelParts: ChannelParts[] = [];
    const channelStates: Record<string, string> = {};
    for (const { channel, setup } of setups) {
      if ('off' in setup) {
        channelParts.push({ label: channel.label, paths: channel.paths, routes: [], unavailable: setup.off });
        channelStates[channel.name] = `off (${setup.off})`;
        continue;
      }
      const preview = createLinkPreview(deps, config, { nativeCharts: channel.nativeCharts });
      const started = await channel.create({ config, publicUrl, handler, state, imageUrl, logger: log, preview, overrides: { teamsAuth: options.teamsAuth } });
      await started.start();
      running.push({ name: channel.name, channel: started });
      channelParts.push({ label: channel.label, paths: channel.paths, routes: started.routes, unavailable: started.describe });
      channelStates[channel.name] = started.describe;
    }
    const dashboard = createDashboardApp({ catalog: () => options.catalog, models: options.models, ...(pool ? { views: pool.view, pages: pool.page } : {}), config, now });
    const askEnabled = config.GREENLIGHT_LOCAL_MODE || running.length === 0;

    const enabled: Enabled = {
      ...channelStates,
      dashboard: `${publicUrl}/dashboard/explore`,
      ask: askEnabled ? `POST ${url}/api/ask {"text": "…"}` : 'off (chat channels are configured)',
      answers: pool ? `${pool.size} worker thread${pool.size === 1 ? '' : 's'}` : 'on the main thread',
      state: describeStateBackend(config),
    };
    server.on(
      'request',
      createRequestListener({
        channels: channelParts,
        images,
        dashboard,
        ...(askEnabled ? { ask: async (text: string) => replyJson(await (pool ? pool.ask(text) : ask(text, deps)), imageUrl) } : {}),
        health: () => ({
          titles: options.catalog.titles.length,
          asOf: options.catalog.meta.asOf,
          ...Object.fromEntries(CHANNELS.map((c) => [c.name, running.some((r) => r.name === c.name)])),
        }),
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
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.all(running.map((r) => r.channel.stop(graceMs)));
        const timer = setTimeout(() => server.closeAllConnections(), graceMs).unref();
        await closed;
        clearTimeout(timer);
        await pool?.close();
        await ownState?.close();
      },
    };
  } catch (error) {
    await Promise.all(running.map((r) => r.channel.stop(0)));
    server.close();
    await pool?.close();
    await ownState?.close();
    throw error;
  }
}

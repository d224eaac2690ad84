/**
 * Wiring: the state store, the deliverers, the composer and the rules, from configuration — what
 * `greenlight serve`, `greenlight digest …` and the replica processes in the tests all start from.
 */
import type { DeliveryOptions } from '../adapters/delivery.ts';
import { unconfiguredDeliverer, type Deliverer } from '../adapters/delivery.ts';
import { CHANNELS } from '../adapters/registry.ts';
import type { Config } from '../config.ts';
import type { AnswerDeps } from '../reply/deps.ts';
import { SharedImageStore, servedImageUrl } from '../state/images.ts';
import { createDigestComposer, type ComposerOptions } from './compose.ts';
import { loadSubscriptionsFile } from './config-file.ts';
import type { DelivererFor, DigestComposer, DispatchDeps, Logger } from './dispatcher.ts';
import { DEFAULT_STALENESS } from './planner.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.ts';
import { startScheduler, type RunningScheduler } from './scheduler.ts';
import type { KvBackend } from '../state/backend.ts';
import { DigestState, openDigestState } from './state.ts';
import { systemClock, type ChannelRef, type Clock } from './types.ts';

export interface RuntimeOptions {
  clock?: Clock;
  log?: Logger;
  /** Render charts into digests (default true). */
  charts?: boolean;
  retry?: RetryPolicy;
  leaseMs?: number;
  random?: () => number;
  /** Replaces the composer (e.g. a preview without charts); the real one by default. */
  composer?: DigestComposer;
  /** Where the real composer runs its stages and draws its pictures (see `ComposerOptions.workers`). */
  workers?: ComposerOptions['workers'];
  /**
   * Where digests that link their pictures (Teams cards) find them. Default: `servedImageUrlFor` — the shared image
   * store on the digests' state backend under `GREENLIGHT_PUBLIC_URL`, so any `greenlight serve` replica serves them;
   * words without a public URL.
   */
  imageUrl?: DeliveryOptions['imageUrl'];
  /**
   * The shared state backend, opened by the caller (`greenlight serve` shares one with the chat server) and closed
   * by it; by default the runtime opens its own from the configuration and closes it with itself.
   */
  backend?: KvBackend;
}

/**
 * Chart images for digests that link them (Teams cards), as the chat replies have them: stored in the shared image
 * store (the same `SharedImageStore` the server serves `/images/<id>.png` from, on the same state backend) and
 * referenced under `GREENLIGHT_PUBLIC_URL`. Undefined without a public URL (a platform could not fetch a local
 * address): such digests describe their charts in words.
 */
export function servedImageUrlFor(config: Pick<Config, 'GREENLIGHT_PUBLIC_URL'>, backend: KvBackend): DeliveryOptions['imageUrl'] {
  if (!config.GREENLIGHT_PUBLIC_URL) return undefined;
  return servedImageUrl(new SharedImageStore(backend), config.GREENLIGHT_PUBLIC_URL);
}

export interface DigestRuntime {
  state: DigestState;
  deps: DispatchDeps;
  close(): Promise<void>;
}

export const stderrLogger: Logger = (level, message) => {
  if (level !== 'debug' || process.env.DEBUG) process.stderr.write(`greenlight digests [${level}] ${message}\n`);
};

/** Each registered channel's digest deliverer; a channel that is off refuses by name what would go to it. */
export function deliverersFrom(options: DeliveryOptions): DelivererFor {
  const byChannel = new Map<string, Deliverer>(
    CHANNELS.map((channel) => {
      const built = channel.deliverer(options);
      return [channel.name, 'off' in built ? unconfiguredDeliverer(built.off) : built];
    }),
  );
  // A conversation of a channel that is not registered is refused by name, never sent to another platform.
  return (channel: ChannelRef) => byChannel.get(channel.kind) ?? unconfiguredDeliverer(`Greenlight has no deliverer for '${channel.kind}' channels`);
}

export async function openDigestRuntime(config: Config, answerDeps: AnswerDeps, options: RuntimeOptions = {}): Promise<DigestRuntime> {
  const state = options.backend ? new DigestState(options.backend) : await openDigestState(config);
  const deliveryTimeoutMs = config.GREENLIGHT_DIGEST_TIMEOUT_SECONDS * 1000;
  const log = options.log ?? stderrLogger;
  state.onQuarantine = (message) => log('error', message);
  const imageUrl = options.imageUrl ?? servedImageUrlFor(config, state.backend);
  const deps: DispatchDeps = {
    state,
    delivererFor: deliverersFrom({ config, timeoutMs: deliveryTimeoutMs, ...(imageUrl ? { imageUrl } : {}), log }),
    composer:
      options.composer ?? createDigestComposer(answerDeps, state, { charts: options.charts ?? true, ...(options.workers ? { workers: options.workers } : {}) }),
    clock: options.clock ?? systemClock,
    retry: options.retry ?? DEFAULT_RETRY,
    staleness: { ...DEFAULT_STALENESS, maxLateMs: config.GREENLIGHT_DIGEST_STALE_AFTER_MINUTES * 60_000 },
    leaseMs: options.leaseMs ?? Math.max(4 * deliveryTimeoutMs, 60_000),
    deliveryTimeoutMs,
    random: options.random ?? Math.random,
    log,
  };
  return { state, deps, close: () => (options.backend ? Promise.resolve() : state.close()) };
}

export interface DigestScheduler extends RunningScheduler {
  runtime: DigestRuntime;
}

/** What `greenlight serve` calls: opens the digest state and ticks until `stop()`. */
export async function startDigestScheduler(config: Config, answerDeps: AnswerDeps, options: RuntimeOptions = {}): Promise<DigestScheduler> {
  const runtime = await openDigestRuntime(config, answerDeps, options);
  if (config.GREENLIGHT_DIGESTS_FILE) {
    const loaded = await loadSubscriptionsFile(config.GREENLIGHT_DIGESTS_FILE, runtime.state, runtime.deps.clock.now(), answerDeps.catalog);
    runtime.deps.log('info', `loaded ${loaded.length} subscription(s) from ${config.GREENLIGHT_DIGESTS_FILE}`);
  }
  const running = startScheduler(runtime.deps, config.GREENLIGHT_DIGEST_INTERVAL_SECONDS * 1000);
  return {
    runtime,
    stop: async () => {
      await running.stop();
      await runtime.close();
    },
  };
}

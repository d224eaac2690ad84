/**
 * Wiring: the state store, the deliverers, the composer and the rules, from configuration — what
 * `greenlight serve`, `greenlight digest …` and the replica processes in the tests all start from.
 */
import type { ServedImageUrl } from '../adapters/teams/card.ts';
import type { Config } from '../config.ts';
import type { AnswerDeps } from '../reply/deps.ts';
import { createDigestComposer } from './compose.ts';
import { loadSubscriptionsFile } from './config-file.ts';
import type { Deliverer, DelivererFor } from './deliverer.ts';
import type { DigestComposer, DispatchDeps, Logger } from './dispatcher.ts';
import { DEFAULT_STALENESS } from './planner.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.ts';
import { startScheduler, type RunningScheduler } from './scheduler.ts';
import { createSlackDeliverer } from './slack.ts';
import { createTeamsDeliverer } from './teams.ts';
import { openDigestState, type DigestState } from './store/state.ts';
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
  /** Where Teams cards find chart images (the server's image URLs). */
  teamsImageUrl?: ServedImageUrl;
}

export interface DigestRuntime {
  state: DigestState;
  deps: DispatchDeps;
  close(): Promise<void>;
}

export const stderrLogger: Logger = (level, message) => {
  if (level !== 'debug' || process.env.DEBUG) process.stderr.write(`greenlight digests [${level}] ${message}\n`);
};

/** A deliverer that refuses at once, naming the missing setting (the owner is told; nothing is retried). */
function unconfigured(reason: string): Deliverer {
  return {
    deliver: async () => ({ status: 'fatal', reason, deploymentProblem: true }),
    find: async () => ({ status: 'unknown' }),
    notifyOwner: async () => undefined,
  };
}

export function deliverersFrom(config: Config, timeoutMs: number, teamsImageUrl?: ServedImageUrl): DelivererFor {
  const slack = config.SLACK_BOT_TOKEN
    ? createSlackDeliverer({ token: config.SLACK_BOT_TOKEN, apiUrl: config.SLACK_API_URL, timeoutMs })
    : unconfigured('SLACK_BOT_TOKEN is not set, so Greenlight cannot post to Slack');
  const teams =
    config.MICROSOFT_APP_ID || config.GREENLIGHT_LOCAL_MODE
      ? createTeamsDeliverer({
          appId: config.MICROSOFT_APP_ID,
          appPassword: config.MICROSOFT_APP_PASSWORD,
          tenantId: config.MICROSOFT_APP_TENANT_ID,
          ...(teamsImageUrl ? { imageUrl: teamsImageUrl } : {}),
        })
      : unconfigured('MICROSOFT_APP_ID is not set, so Greenlight cannot post to Teams');
  return (channel: ChannelRef) => (channel.kind === 'slack' ? slack : teams);
}

export async function openDigestRuntime(config: Config, answerDeps: AnswerDeps, options: RuntimeOptions = {}): Promise<DigestRuntime> {
  const state = await openDigestState(config);
  const deliveryTimeoutMs = config.GREENLIGHT_DIGEST_TIMEOUT_SECONDS * 1000;
  const deps: DispatchDeps = {
    state,
    delivererFor: deliverersFrom(config, deliveryTimeoutMs, options.teamsImageUrl),
    composer: options.composer ?? createDigestComposer(answerDeps, state, { charts: options.charts ?? true }),
    clock: options.clock ?? systemClock,
    retry: options.retry ?? DEFAULT_RETRY,
    staleness: { ...DEFAULT_STALENESS, maxLateMs: config.GREENLIGHT_DIGEST_STALE_AFTER_MINUTES * 60_000 },
    leaseMs: options.leaseMs ?? Math.max(4 * deliveryTimeoutMs, 60_000),
    deliveryTimeoutMs,
    random: options.random ?? Math.random,
    log: options.log ?? stderrLogger,
  };
  return { state, deps, close: () => state.close() };
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

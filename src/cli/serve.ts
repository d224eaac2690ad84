/**
 * `greenlight serve [--host H] [--port P]`: loads the catalog, warms the models and the chart renderer, then
 * serves Slack, Teams, the dashboard and chart images on one port, saying what is enabled. SIGTERM / SIGINT
 * stop it gracefully (answers in flight finish first).
 */
import type { Command } from 'commander';
import { ConfigError, type Config } from '../config.ts';
import { loadModels } from '../core/intelligence/index.ts';
import type { ModelPort } from '../core/model-port.ts';
import type { Intent } from '../../intents/intent.ts';
import { answerJobsOn } from '../digests/answers.ts';
import { digestCommandFor } from '../digests/chat.ts';
import { startDigestScheduler } from '../digests/runtime.ts';
import { ask } from '../reply/answer.ts';
import type { AnswerDeps } from '../reply/deps.ts';
import { chatLoggerFor, digestLoggerFor } from '../server/log.ts';
import { refuseUnsafeStart, startGreenlight, type RunningGreenlight } from '../server/start.ts';
import { openStateBackend } from '../state/open.ts';
import { SharedThreadStore } from '../state/threads.ts';
import { access, mkdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliContext } from './context.ts';
import { containFailures, surviveClosedOutput } from './process-guards.ts';

function portOf(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port must be 0–65535 (got ${value}).`);
  return port;
}

/** The embedded state store lives in the data directory: one that cannot be written is a refusal that says so. */
async function assertWritable(dir: string): Promise<void> {
  const probe = join(dir, `.write-check-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
    await unlink(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    await access(probe).then(
      () => unlink(probe),
      () => undefined,
    );
    throw new ConfigError(
      `GREENLIGHT_DATA_DIR ${dir} is not writable (${code}): serve keeps its state store (state.sqlite), trained models and ` +
        'catalog there. Point GREENLIGHT_DATA_DIR at a writable directory, or set GREENLIGHT_REDIS_URL for the state.',
    );
  }
}

export function registerServe(program: Command, ctx: () => CliContext): void {
  program
    .command('serve')
    .description('Serve Slack (/slack/events), Teams (/api/messages), the dashboard and chart images on one port')
    .option('--host <host>', 'interface to bind (default GREENLIGHT_HOST, 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default GREENLIGHT_PORT, 3000)', portOf)
    .action(async (opts: { host?: string; port?: number }) => {
      const c = ctx();
      const config: Config = {
        ...c.config,
        ...(opts.host ? { GREENLIGHT_HOST: opts.host } : {}),
        ...(opts.port !== undefined ? { GREENLIGHT_PORT: opts.port } : {}),
      };
      // A refusal comes before anything starts (no catalog, no scheduler, no port): the process exits non-zero.
      refuseUnsafeStart(config);
      // An unreachable shared store is a refusal too, found before the catalog and models are loaded.
      if (config.GREENLIGHT_REDIS_URL) await (await openStateBackend(config)).close();
      else await assertWritable(config.GREENLIGHT_DATA_DIR);
      surviveClosedOutput();
      containFailures(c.info);
      const catalog = await c.catalog();
      c.info(`Catalog: ${catalog.titles.length} titles, data as of ${catalog.meta.asOf}.`);

      let started = performance.now();
      const models = (): Promise<ModelPort> => loadModels(catalog, { dataDir: config.GREENLIGHT_DATA_DIR });
      try {
        await models();
        c.info(`Models ready in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
      } catch (error) {
        c.info(`Models unavailable (${error instanceof Error ? error.message : String(error)}): predict, forecast and understand answer without them.`);
      }
      const deps: AnswerDeps = { catalog, models, config, now: () => new Date() };
      // With answer workers the drawing happens there: this thread loads the chart renderer (≈ 110 MB) only if it
      // draws itself (a digest, a link preview). Without them, warm it now so the first answer is not slower.
      if (config.GREENLIGHT_ANSWER_WORKERS === 0) {
        started = performance.now();
        await ask('/explore movies', { ...deps, log: () => {} });
        c.info(`Chart renderer warm in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
      }

      // One state backend for digests, thread memory, Slack retries and chart images: shared by replicas on Redis.
      // Digests: the scheduler ticks in this process. Teams digest cards show their charts like chat replies: stored
      // in the shared image store under GREENLIGHT_PUBLIC_URL before the card is posted (`servedImageUrlFor`).
      const state = await openStateBackend(config);
      // Digest stages and pictures run in the server's worker pool once it is up (before that, and without one, here).
      let running: RunningGreenlight | undefined;
      const digests = await startDigestScheduler(config, deps, {
        log: digestLoggerFor(config.LOG_LEVEL),
        backend: state,
        workers: () => running?.workers,
      });
      try {
        running = await startGreenlight({
          config,
          catalog,
          models,
          digest: digestCommandFor(digests.runtime, catalog),
          threads: new SharedThreadStore<Intent>(state),
          state,
          // Acknowledged questions go through the digests' durable outbox; this replica finishes any left over.
          answerJobs: answerJobsOn(digests.runtime.deps),
          logger: chatLoggerFor(config.LOG_LEVEL),
        });
      } catch (error) {
        await digests.stop(); // never keep delivering digests from a server that did not start
        await state.close();
        throw error;
      }
      c.info(`Greenlight is listening on ${running.url}`);
      for (const [part, state] of Object.entries({ ...running.enabled, digests: `scheduler every ${config.GREENLIGHT_DIGEST_INTERVAL_SECONDS} s` })) {
        c.info(`  ${part.padEnd(9)} ${state}`);
      }

      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          c.info(`${signal}: finishing answers in flight, then stopping…`);
          resolve();
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
      await running.close();
      await digests.stop();
      await state.close();
      c.info('Stopped.');
    });
}

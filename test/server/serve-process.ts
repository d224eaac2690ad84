/**
 * A `greenlight serve` process for the crash tests: the real digest scheduler (and with it the durable outbox),
 * the HTTP server, the Slack adapter and the answer jobs, wired as `src/cli/serve.ts` wires them, from the
 * environment — without trained models (the stages answer without them) and with a short outbox lease, so a
 * restart takes over what a killed process left within seconds.
 * Run: node --import tsx test/server/serve-process.ts <leaseMs>; prints `listening <url>` when it serves.
 */
import { loadConfig } from '../../src/config.ts';
import { openCatalog } from '../../src/data/open.ts';
import { answerJobsOn } from '../../src/digests/answers.ts';
import { digestCommandFor } from '../../src/digests/chat.ts';
import { SharedThreadStore } from '../../src/state/threads.ts';
import { startDigestScheduler } from '../../src/digests/runtime.ts';
import { startGreenlight } from '../../src/server/start.ts';

const leaseMs = Number(process.argv[2] ?? 5000);
const config = loadConfig();
const catalog = await openCatalog(config, () => undefined);
const models = () => Promise.reject(new Error('no models in this process'));
const deps = { catalog, config, now: () => new Date(), models, log: () => undefined };
const digests = await startDigestScheduler(config, deps, {
  charts: false,
  leaseMs,
  log: (level, message) => process.stderr.write(`[${process.pid}] ${level} ${message}\n`),
});
const running = await startGreenlight({
  config,
  catalog,
  models,
  answerWorkers: 0,
  digest: digestCommandFor(digests.runtime, catalog),
  threads: new SharedThreadStore(digests.runtime.state.backend),
  state: digests.runtime.state.backend,
  answerJobs: answerJobsOn(digests.runtime.deps),
  logger: {
    info: (m) => process.stderr.write(`[${process.pid}] info ${m}\n`),
    warn: (m) => process.stderr.write(`[${process.pid}] warn ${m}\n`),
    error: (m, e) => process.stderr.write(`[${process.pid}] error ${m} ${e instanceof Error ? e.message : ''}\n`),
  },
});
process.stdout.write(`listening ${running.url}\n`);
process.once('SIGTERM', () => {
  void running
    .close(1_000)
    .then(() => digests.stop())
    .then(() => process.exit(0));
});

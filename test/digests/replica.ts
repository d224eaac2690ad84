/**
 * One `greenlight serve`-style digest replica for the multi-process test: the real scheduler, store, lock and
 * Slack deliverer from configuration (the environment), without the HTTP server and without trained models
 * (the digest sections used in the test are descriptive). Run: node --import tsx test/digests/replica.ts <leaseMs>
 */
import { loadConfig } from '../../src/config.ts';
import { openCatalog } from '../../src/data/open.ts';
import { startDigestScheduler } from '../../src/digests/runtime.ts';

const leaseMs = Number(process.argv[2] ?? 3000);
const config = loadConfig();
const catalog = await openCatalog(config, () => undefined);
const scheduler = await startDigestScheduler(
  config,
  { catalog, config, now: () => new Date(), models: () => Promise.reject(new Error('no models in replicas')), log: () => undefined },
  { charts: false, leaseMs, log: (level, message) => process.stderr.write(`[${process.pid}] ${level} ${message}\n`) },
);
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void scheduler.stop().then(() => process.exit(0));
});

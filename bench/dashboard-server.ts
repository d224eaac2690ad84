/**
 * The dashboard as `greenlight serve` runs it (`startGreenlight`: one HTTP server, views computed by the worker
 * pool), in its own process for `bench/dashboard.ts`, so the bench's clients do not share its event loop. Slack
 * and Teams are off. Prints its URL on the first line of stdout; stops on SIGTERM.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { loadModels } from '../src/core/intelligence/index.ts';
import { importSnapshot } from '../src/data/snapshot.ts';
import { startGreenlight } from '../src/server/start.ts';

const config = loadConfig({ ...process.env, GREENLIGHT_PORT: '0', GREENLIGHT_DATA_DIR: resolve(process.env.GREENLIGHT_DATA_DIR ?? '.greenlight') });
const catalog = await importSnapshot(config.GREENLIGHT_SNAPSHOT, new Date());
const models = loadModels(catalog, { dataDir: config.GREENLIGHT_DATA_DIR });
await models; // trained once and cached: the pool's workers read the cache
const running = await startGreenlight({ config, catalog, models: () => models });
console.log(running.url);
process.once('SIGTERM', () => {
  void running.close(1000).then(() => process.exit(0));
});

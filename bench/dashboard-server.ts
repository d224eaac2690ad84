/**
 * The dashboard alone in its own process, for `bench/dashboard.ts` (so the bench's clients do not share the
 * server's event loop). Prints its URL on the first line of stdout; stops on SIGTERM.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { loadModels } from '../src/core/intelligence/index.ts';
import { importSnapshot } from '../src/data/snapshot.ts';
import { createDashboardApp } from '../src/server/dashboard/app.ts';
import { listen } from '../src/server/dashboard/standalone.ts';

const config = loadConfig();
const catalog = await importSnapshot(config.GREENLIGHT_SNAPSHOT, new Date());
const models = loadModels(catalog, { dataDir: resolve(config.GREENLIGHT_DATA_DIR) });
await models;
const server = await listen(createDashboardApp({ catalog: () => catalog, models: () => models, config, now: () => new Date() }));
console.log(server.url);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});

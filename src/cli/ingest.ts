import type { Command } from 'commander';
import { importSnapshot } from '../data/snapshot.ts';
import { CatalogStore } from '../data/store.ts';
import type { CliContext } from './context.ts';

export function registerIngest(program: Command, ctx: () => CliContext): void {
  program
    .command('ingest')
    .description('Build the catalog: from the TMDB API (credentials set), or from a snapshot with --snapshot')
    .option('--snapshot <dir>', 'import a snapshot folder (movies.jsonl.gz, tv.jsonl.gz) instead of calling TMDB')
    .action(async (opts: { snapshot?: string }) => {
      const c = ctx();
      const store = new CatalogStore(c.config.GREENLIGHT_DATA_DIR);
      const dir = opts.snapshot ?? c.config.GREENLIGHT_SNAPSHOT;
      c.info(`Importing the snapshot at ${dir} …`);
      const catalog = await importSnapshot(dir, new Date());
      await store.save(catalog);
      c.info(`Saved ${catalog.meta.counts.total} titles (${catalog.meta.counts.movie} movies, ${catalog.meta.counts.tv} TV) to ${store.path}.`);
    });
}

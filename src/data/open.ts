/**
 * Opening the catalog every command works on: the saved one, or — in local mode (none saved and no TMDB
 * credentials) — the snapshot, imported once and saved, with a line saying so.
 */
import { hasTmdbCredentials, type Config } from '../config.ts';
import type { Catalog } from './catalog.ts';
import { importSnapshot } from './snapshot.ts';
import { CatalogFormatError, CatalogStore } from './store.ts';

export type Notify = (message: string) => void;

export async function openCatalog(config: Config, notify: Notify, now: Date = new Date()): Promise<Catalog> {
  const store = new CatalogStore(config.GREENLIGHT_DATA_DIR);
  let saved: Catalog | null;
  try {
    saved = await store.load(notify);
  } catch (error) {
    // In local mode the snapshot is the source: a catalog from another version is simply imported again.
    if (!(error instanceof CatalogFormatError) || hasTmdbCredentials(config)) throw error;
    notify(`${error.message.replace(/ Run `greenlight ingest`.*$/, '')} Importing the snapshot again.`);
    saved = null;
  }
  if (saved) return saved;
  if (hasTmdbCredentials(config)) {
    throw new Error(
      `No catalog in ${config.GREENLIGHT_DATA_DIR} yet. Run \`greenlight ingest\` to fetch one from TMDB, ` +
        'or `greenlight ingest --snapshot DIR` to import a snapshot.',
    );
  }
  notify(`Local mode: no catalog in ${config.GREENLIGHT_DATA_DIR} and no TMDB credentials, so importing the snapshot ` + `at ${config.GREENLIGHT_SNAPSHOT}.`);
  const catalog = await importSnapshot(config.GREENLIGHT_SNAPSHOT, now);
  await store.save(catalog);
  notify(`Imported ${catalog.meta.counts.total} titles (${catalog.meta.counts.movie} movies, ${catalog.meta.counts.tv} TV) ` + `into ${store.path}.`);
  return catalog;
}

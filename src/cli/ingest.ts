/**
 * `greenlight ingest`: build the catalog and save it, replacing the last one only when the whole run succeeded.
 * From the live TMDB API when credentials are set, from a snapshot folder with `--snapshot`, and in local mode
 * (no credentials) from the configured snapshot, saying so.
 */
import { existsSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { hasTmdbCredentials } from '../config.ts';
import type { Catalog } from '../data/catalog.ts';
import { importSnapshot } from '../data/snapshot.ts';
import { CatalogStore } from '../data/store.ts';
import { openResponseCache } from '../data/tmdb/cache.ts';
import { TmdbClient } from '../data/tmdb/client.ts';
import { DEFAULT_SINCE_YEAR, TMDB_MAX_PAGES } from '../data/tmdb/endpoints.ts';
import { maskSecrets } from '../data/tmdb/errors.ts';
import { ingestIntoStore, type IngestProgress, type IngestReport } from '../data/tmdb/ingest.ts';
import type { CliContext } from './context.ts';

interface IngestOptions {
  snapshot?: string;
  pages?: number;
  since?: number;
  enrich?: boolean;
}

const wholeNumber =
  (name: string, min: number, max: number, hint: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} takes a whole number from ${min} to ${max} (got "${value}"). ${hint}`);
    }
    return n;
  };

/** A progress bar on stderr while the ingest runs; nothing at all when stderr is not a terminal. */
function progressBar(stream: NodeJS.WriteStream): { update(p: IngestProgress): void; stop(): void } {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream,
    format: 'TMDB {phase} [{bar}] {value}/{total} | {titles} titles | {rate} req/s | {retries} retries | {cacheHits} cached',
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  /** (elapsed ms, requests) samples: the rate shown is over the last few seconds, not since the start. */
  const samples: [number, number][] = [];
  const recentRate = (p: IngestProgress) => {
    samples.push([p.elapsedMs, p.requests]);
    while (samples.length > 2 && p.elapsedMs - samples[1]![0] >= 3_000) samples.shift();
    const [since, before] = samples[0]!;
    return ((p.requests - before) / Math.max((p.elapsedMs - since) / 1000, 0.001)).toFixed(1);
  };
  return {
    update(p) {
      const total = p.pagesPlanned + p.detailsPlanned;
      const payload = {
        phase: p.phase === 'lists' ? 'pages  ' : 'details',
        titles: p.titles,
        rate: recentRate(p),
        retries: p.retries,
        cacheHits: p.cacheHits,
      };
      if (!started) {
        bar.start(total, 0, payload);
        started = true;
      }
      bar.setTotal(total);
      bar.update(p.pagesDone + p.detailsDone, payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

function describeReport(r: IngestReport): string {
  const seconds = r.elapsedMs / 1000;
  const skipped = Object.entries(r.skipped);
  return [
    `${r.requests} requests in ${seconds.toFixed(1)} s (${(r.requests / Math.max(seconds, 0.001)).toFixed(1)}/s), ` +
      `${r.cacheHits} answered from the cache, ${r.retries} retries (${r.rateLimited} after a 429), ` +
      `${r.pagesDone} pages${r.detailsPlanned > 0 ? `, ${r.detailsDone} details (${r.detailsMissing} no longer on TMDB)` : ''}, ` +
      `${r.duplicates} repeats merged.`,
    skipped.length > 0 ? `Skipped: ${skipped.map(([reason, n]) => `${n} × ${reason}`).join('; ')}.` : 'Skipped: none.',
  ].join('\n');
}

export function registerIngest(program: Command, ctx: () => CliContext): void {
  program
    .command('ingest')
    .description('Build the catalog: from the TMDB API (credentials set), or from a snapshot with --snapshot')
    .option('--snapshot <dir>', 'import a snapshot folder (movies.jsonl.gz, tv.jsonl.gz) instead of calling TMDB')
    .option(
      '--pages <n>',
      `pages fetched per TMDB list, 1..${TMDB_MAX_PAGES} (default: TMDB_PAGES)`,
      wholeNumber('--pages', 1, TMDB_MAX_PAGES, 'TMDB serves at most 500 pages of 20 per list.'),
    )
    .option(
      '--since <year>',
      `first release year of the discover/* slices (default: ${DEFAULT_SINCE_YEAR})`,
      wholeNumber('--since', 1874, new Date().getUTCFullYear(), 'For example --since 2010.'),
    )
    .option('--enrich', "also fetch each title's details (budget, revenue, runtime, seasons, networks): one request per title")
    .addHelpText(
      'after',
      `
Live ingest needs TMDB_READ_TOKEN (a v4 read access token) or TMDB_API_KEY. It reads the genre lists, movie/* and
tv/* lists, trending/all/week and discover/movie + discover/tv for each year from --since to this year, staying
under TMDB_RATE_LIMIT requests/s (default 40) over TMDB_CONNECTIONS keep-alive connections (default 8).
Responses are cached for TMDB_CACHE_TTL seconds (default 3600) in $GREENLIGHT_DATA_DIR/tmdb-cache.sqlite.
The catalog is saved only when the whole run succeeds; a failed run leaves the last one in place.
Without credentials (and without --snapshot) local mode imports the snapshot at GREENLIGHT_SNAPSHOT.`,
    )
    .action(async (opts: IngestOptions) => {
      const c = ctx();
      const store = new CatalogStore(c.config.GREENLIGHT_DATA_DIR);
      const live = opts.snapshot === undefined && hasTmdbCredentials(c.config);
      if (!live && (opts.pages !== undefined || opts.since !== undefined || opts.enrich)) {
        c.info('Note: --pages, --since and --enrich apply to a live TMDB ingest only; they are ignored for a snapshot import.');
      }

      let catalog: Catalog;
      if (live) {
        catalog = await ingestLive(c, store, opts);
      } else {
        const dir = opts.snapshot ?? c.config.GREENLIGHT_SNAPSHOT;
        if (opts.snapshot === undefined) {
          c.info(
            'Local mode: no TMDB credentials are set (TMDB_READ_TOKEN or TMDB_API_KEY), so this imports the ' +
              `snapshot at ${dir} (GREENLIGHT_SNAPSHOT) instead of calling TMDB.`,
          );
        }
        c.info(`Importing the snapshot at ${dir} …`);
        catalog = await importSnapshot(dir, new Date());
        await store.save(catalog);
      }
      c.info(`Saved ${catalog.meta.counts.total} titles (${catalog.meta.counts.movie} movies, ${catalog.meta.counts.tv} TV) to ${store.path}.`);
    });
}

async function ingestLive(c: CliContext, store: CatalogStore, opts: IngestOptions): Promise<Catalog> {
  const { config } = c;
  c.info(
    `Fetching from TMDB at ${maskSecrets(config.TMDB_BASE_URL, [config.TMDB_API_KEY, config.TMDB_READ_TOKEN])} (${opts.pages ?? config.TMDB_PAGES} pages per list, ` +
      `since ${opts.since ?? DEFAULT_SINCE_YEAR}${opts.enrich ? ', with details' : ''}, at most ${config.TMDB_RATE_LIMIT} requests/s) …`,
  );
  const cache = await openResponseCache(config.GREENLIGHT_DATA_DIR, config.TMDB_CACHE_TTL);
  const client = new TmdbClient({
    baseUrl: config.TMDB_BASE_URL,
    readToken: config.TMDB_READ_TOKEN,
    apiKey: config.TMDB_API_KEY,
    ratePerSecond: config.TMDB_RATE_LIMIT,
    connections: config.TMDB_CONNECTIONS,
    cache,
  });
  const bar = progressBar(process.stderr);
  try {
    const { catalog, report } = await ingestIntoStore(client, store, {
      pages: opts.pages ?? config.TMDB_PAGES,
      since: opts.since,
      enrich: opts.enrich,
      now: new Date(),
      onProgress: (p) => bar.update(p),
    });
    bar.stop();
    c.info(describeReport(report));
    return catalog;
  } catch (error) {
    bar.stop();
    const message = error instanceof Error ? error.message : String(error);
    const previous = existsSync(store.path) ? 'still holds the previous catalog' : 'was not created';
    throw new Error(`${message}\nThe ingest stopped and saved nothing: ${store.path} ${previous}.`, { cause: error });
  } finally {
    await client.close();
    await cache.close();
  }
}

/**
 * A live ingest: TMDB's genre lists, then every list in the plan (up to `pages` pages each, as many as TMDB has,
 * never past its 500-page cap), optionally each title's details, into one in-memory `Catalog`.
 *
 * Titles are de-duplicated by `titleKey` (the record from the earliest list in the plan, page and position wins,
 * whatever order the responses arrive in, so the same data always gives the same catalog) and normalised by
 * `normaliseRecord`; a record that does not validate is skipped and counted under its reason in `meta.skipped`.
 * The first request that fails for good cancels the rest and rejects the whole ingest: nothing is returned, so
 * the caller's last good catalog stays as it was.
 */
import { buildCatalog, type Catalog } from '../catalog.ts';
import type { CatalogStore } from '../store.ts';
import { normaliseRecord, type GenreIdNames, type RawRecord } from '../normalise.ts';
import { countSkip, titleKey, type MediaType, type SkipCounts, type Title } from '../title.ts';
import type { TmdbClient } from './client.ts';
import { TmdbRequestError } from './errors.ts';
import { DEFAULT_SINCE_YEAR, ingestPlan, lastPage, TMDB_MAX_PAGES, type ListSource } from './endpoints.ts';
import { detailsSchema, genreIdNames, genreListSchema, isRawRecord, listPageSchema, type ListPage } from './responses.ts';

export interface IngestOptions {
  /** Pages per list (1..500). */
  pages: number;
  /** First release year of the discover slices (default 1990). */
  since?: number;
  /** Also fetch `movie/{id}` / `tv/{id}` for budget, revenue, runtime, seasons, networks, status. */
  enrich?: boolean;
  now: Date;
  onProgress?: (progress: IngestProgress) => void;
}

export interface IngestProgress {
  phase: 'lists' | 'details';
  pagesDone: number;
  /** Grows as first pages reveal how many pages each list has. */
  pagesPlanned: number;
  detailsDone: number;
  detailsPlanned: number;
  titles: number;
  requests: number;
  retries: number;
  cacheHits: number;
  elapsedMs: number;
}

export interface IngestReport extends IngestProgress {
  /** Results that repeated a title already seen on another list or page. */
  duplicates: number;
  /** 429 responses ridden out. */
  rateLimited: number;
  /** Titles whose details TMDB no longer has (404): kept as listed. */
  detailsMissing: number;
  skipped: SkipCounts;
}

export async function ingestFromTmdb(client: TmdbClient, options: IngestOptions): Promise<{ catalog: Catalog; report: IngestReport }> {
  if (!Number.isInteger(options.pages) || options.pages < 1 || options.pages > TMDB_MAX_PAGES) {
    throw new RangeError(`--pages must be a whole number from 1 to ${TMDB_MAX_PAGES} (TMDB's cap); got ${options.pages}.`);
  }
  const plan = ingestPlan(options.since ?? DEFAULT_SINCE_YEAR, options.now);
  /** Every popularity of this run is TMDB's of this day: one scale (see `popularityScaleKey`). */
  const collected = options.now.toISOString().slice(0, 10);
  const started = performance.now();
  const byKey = new Map<string, Title>();
  /** Where each kept title was listed: plan index, page, position, as one sortable number. */
  const rankOf = new Map<string, number>();
  const skipped: SkipCounts = {};
  let duplicates = 0;
  let detailsMissing = 0;
  const progress: IngestProgress = {
    phase: 'lists',
    pagesDone: 0,
    pagesPlanned: plan.length,
    detailsDone: 0,
    detailsPlanned: 0,
    titles: 0,
    requests: 0,
    retries: 0,
    cacheHits: 0,
    elapsedMs: 0,
  };
  const report = () => {
    Object.assign(progress, {
      titles: byKey.size,
      requests: client.stats.requests,
      retries: client.stats.retries,
      cacheHits: client.stats.cacheHits,
      elapsedMs: performance.now() - started,
    });
    options.onProgress?.({ ...progress });
  };

  try {
    const [movieGenres, tvGenres] = await Promise.all([
      client.get('genre/movie/list', { language: 'en-US' }, genreListSchema),
      client.get('genre/tv/list', { language: 'en-US' }, genreListSchema),
    ]);
    const genres: Record<MediaType, GenreIdNames> = { movie: genreIdNames(movieGenres), tv: genreIdNames(tvGenres) };

    const addPage = (sourceIndex: number, source: ListSource, page: ListPage) => {
      for (const [position, item] of page.results.entries()) {
        if (!isRawRecord(item)) {
          countSkip(skipped, `${source.path}: a result that is not an object`);
          continue;
        }
        const mediaType = source.mediaType === 'mixed' ? item.media_type : source.mediaType;
        if (mediaType !== 'movie' && mediaType !== 'tv') {
          countSkip(skipped, `${source.path}: a result that is not a movie or TV show (media_type ${JSON.stringify(mediaType ?? null)})`);
          continue;
        }
        const result = normaliseRecord(mediaType, item, `tmdb-api:${source.path}`, genres[mediaType], collected);
        if (!result.ok) {
          countSkip(skipped, `${mediaType}: ${result.reason}`);
          continue;
        }
        const key = titleKey(result.title);
        const rank = (sourceIndex * (TMDB_MAX_PAGES + 1) + page.page) * 1000 + position;
        const kept = rankOf.get(key);
        if (kept !== undefined) duplicates++;
        if (kept === undefined || rank < kept) {
          byKey.set(key, result.title);
          rankOf.set(key, rank);
        }
      }
      progress.pagesDone++;
      report();
    };
    const fetchPage = (source: ListSource, page: number) => client.get(source.path, { ...source.query, page }, listPageSchema);

    await Promise.all(
      plan.map(async (source, index) => {
        const first = await fetchPage(source, 1);
        const last = lastPage(first.total_pages, options.pages);
        progress.pagesPlanned += Math.max(0, last - 1);
        addPage(index, source, first);
        const rest: Promise<void>[] = [];
        for (let page = 2; page <= last; page++) rest.push(fetchPage(source, page).then((p) => addPage(index, source, p)));
        await Promise.all(rest);
      }),
    );

    if (options.enrich) {
      progress.phase = 'details';
      progress.detailsPlanned = byKey.size;
      report();
      await Promise.all(
        [...byKey.values()].map(async (listed) => {
          const key = titleKey(listed);
          let details: RawRecord | undefined;
          try {
            details = await client.get(`${listed.mediaType}/${listed.id}`, { language: 'en-US' }, detailsSchema);
          } catch (error) {
            if (!(error instanceof TmdbRequestError && error.status === 404)) throw error;
            detailsMissing++;
          }
          if (details) {
            const result = normaliseRecord(listed.mediaType, details, listed.source, genres[listed.mediaType], collected);
            if (result.ok) byKey.set(key, result.title);
            else countSkip(skipped, `${listed.mediaType} details (list record kept): ${result.reason}`);
          }
          progress.detailsDone++;
          report();
        }),
      );
    }
  } catch (error) {
    // Stop every request still queued or in flight: the ingest has failed and nothing of it will be kept.
    client.abort(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }

  report();
  const catalog = buildCatalog([...byKey.values()], { source: `tmdb-api ${client.baseUrl}`, fetchedAt: options.now, skipped });
  return {
    catalog,
    report: { ...progress, duplicates, rateLimited: client.stats.rateLimited, detailsMissing, skipped },
  };
}

/**
 * A live ingest saved to `store` only once it has fully succeeded: a run that fails part-way rejects before the
 * save, so the last good catalog on disk stays as it was.
 */
export async function ingestIntoStore(client: TmdbClient, store: CatalogStore, options: IngestOptions): Promise<{ catalog: Catalog; report: IngestReport }> {
  const result = await ingestFromTmdb(client, options);
  await store.save(result.catalog);
  return result;
}

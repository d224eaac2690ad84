/**
 * A full live ingest over loopback: the real client against the TMDB stand-in serving the real snapshot.
 * The catalog it builds is checked against the snapshot importer's, which reads the same data by another path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/data/catalog.ts';
import { canonicalGenres } from '../../src/data/genres.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { releaseYear, titleKey, type Title } from '../../src/data/title.ts';
import type { TmdbClient } from '../../src/data/tmdb/client.ts';
import { ingestFromTmdb, type IngestProgress, type IngestReport } from '../../src/data/tmdb/ingest.ts';
import { startTmdbStandIn, type TmdbStandIn } from '../fakes/tmdb-server.ts';
import { TMDB_TV_GENRES } from '../fakes/tmdb-data.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';
import { NOW, quickClient, READ_TOKEN } from './tmdb-setup.ts';

describe('live ingest from the TMDB stand-in (real snapshot, loopback HTTP)', () => {
  let standIn: TmdbStandIn;
  let client: TmdbClient;
  let catalog: Catalog;
  let report: IngestReport;
  let snapshot: Map<string, Title>;
  const progress: IngestProgress[] = [];

  beforeAll(async () => {
    standIn = await startTmdbStandIn({ readToken: READ_TOKEN });
    client = quickClient(standIn);
    ({ catalog, report } = await ingestFromTmdb(client, { pages: 25, since: 1990, now: NOW, onProgress: (p) => progress.push(p) }));
    const imported = await importSnapshot(SNAPSHOT_DIR, NOW);
    snapshot = new Map(imported.titles.map((t) => [titleKey(t), t]));
  });
  afterAll(async () => {
    await client?.close();
    await standIn?.close();
  });

  it('ingests at least 10,000 distinct titles, movies and TV, each once', () => {
    expect(catalog.meta.counts.total).toBeGreaterThanOrEqual(10_000);
    expect(catalog.meta.counts.movie).toBeGreaterThan(8_000);
    expect(catalog.meta.counts.tv).toBeGreaterThan(1_900);
    const keys = catalog.titles.map(titleKey);
    expect(new Set(keys).size).toBe(keys.length);
    // The same titles came back from several lists and were merged, not added twice.
    expect(report.duplicates).toBeGreaterThan(1_000);
    expect(catalog.meta.source).toBe(`tmdb-api ${standIn.baseUrl}`);
  });

  it('walks every list and year slice through the real endpoints, paging by total_pages', () => {
    const paths = new Set(standIn.log.map((r) => r.path));
    for (const path of [
      'genre/movie/list',
      'genre/tv/list',
      'discover/movie',
      'discover/tv',
      'movie/popular',
      'movie/top_rated',
      'movie/now_playing',
      'movie/upcoming',
      'tv/popular',
      'tv/top_rated',
      'tv/on_the_air',
      'tv/airing_today',
      'trending/all/week',
    ]) {
      expect(paths, path).toContain(path);
    }
    // by year to 2023, by month from 2024-01 to the end of the ingest year (2026-12)
    const movieSlices = standIn.log.filter((r) => r.path === 'discover/movie');
    const movieYears = new Set(movieSlices.map((r) => r.query.primary_release_year ?? r.query['primary_release_date.gte']?.slice(0, 4)));
    expect(movieYears.size).toBe(2026 - 1990 + 1);
    expect(new Set(movieSlices.map((r) => r.query['primary_release_date.gte']).filter(Boolean)).size).toBe(36);
    // 2018 has the most movies in the snapshot: every one of its pages, and not one page more.
    const served2018 = standIn.data.movies.filter((t) => t.date.startsWith('2018-')).length;
    const pages2018 = standIn.log.filter((r) => r.path === 'discover/movie' && r.query.primary_release_year === '2018');
    expect(pages2018).toHaveLength(Math.ceil(served2018 / 20));
    expect(standIn.log.every((r) => r.status === 200)).toBe(true);
    expect(report.requests).toBe(standIn.log.length);
  });

  it('has every snapshot title released from 1990 on, and nothing the snapshot lacks', () => {
    const got = new Set(catalog.titles.map(titleKey));
    const expected = [...snapshot.values()].filter((t) => (releaseYear(t) ?? 0) >= 1990);
    expect(expected.length).toBeGreaterThan(10_000);
    expect(expected.filter((t) => !got.has(titleKey(t)))).toEqual([]);
    expect(catalog.titles.filter((t) => !snapshot.has(titleKey(t)))).toEqual([]);
  });

  it('normalises each record like the snapshot importer does, field by field', () => {
    const fields = ['title', 'originalTitle', 'originalLanguage', 'overview', 'popularity', 'voteAverage', 'voteCount', 'releaseDate', 'posterPath'] as const;
    const mismatches: string[] = [];
    for (const t of catalog.titles) {
      const s = snapshot.get(titleKey(t))!;
      for (const field of fields) if (t[field] !== s[field]) mismatches.push(`${titleKey(t)} ${field}`);
      // Movies: genre_ids → TMDB's genre list → the same canonical genres as the snapshot's names.
      if (t.mediaType === 'movie' && t.genres.join() !== s.genres.join()) mismatches.push(`${titleKey(t)} genres`);
      // List results carry no details fields.
      if (t.budget !== null || t.runtime !== null || t.numberOfSeasons !== null) mismatches.push(`${titleKey(t)} details`);
      if (!t.source.startsWith('tmdb-api:')) mismatches.push(`${titleKey(t)} source`);
    }
    expect(mismatches).toEqual([]);
  });

  it('reads TV genres from TMDB TV genre ids, keeping every genre TMDB TV can express', () => {
    const expressible = new Set<string>(canonicalGenres(TMDB_TV_GENRES.map((g) => g.name)));
    const tv = catalog.titles.filter((t) => t.mediaType === 'tv');
    const withGenres = tv.filter((t) => t.genres.length > 0);
    expect(withGenres.length).toBeGreaterThan(1_000);
    const lost = tv.filter((t) => snapshot.get(titleKey(t))!.genres.some((g) => expressible.has(g) && !t.genres.includes(g)));
    expect(lost.map(titleKey)).toEqual([]);
    const got = catalog.titles.find((t) => t.mediaType === 'tv' && t.id === 1399)!; // Game of Thrones
    expect(got.genres).toEqual(['Science Fiction', 'Fantasy', 'Drama', 'Action', 'Adventure']);
  });

  it('reports progress page by page, ending with every planned page done', () => {
    expect(progress.length).toBeGreaterThan(report.pagesDone);
    const last = progress.at(-1)!;
    expect(last.pagesDone).toBe(last.pagesPlanned);
    expect(last.pagesDone).toBe(standIn.log.filter((r) => !r.path.startsWith('genre/')).length);
    expect(last.titles).toBe(catalog.titles.length);
    expect(last.requests).toBe(standIn.log.length);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.pagesDone).toBeGreaterThanOrEqual(progress[i - 1]!.pagesDone);
  });

  it('counts nothing as skipped when every record is well-formed', () => {
    expect(catalog.meta.skipped).toEqual({});
  });
});

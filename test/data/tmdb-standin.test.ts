/** The TMDB stand-in itself speaks TMDB's wire format: the client's tests are only as good as this fake. */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseGranularity, MIN_TITLES_PER_PERIOD } from '../../src/core/series.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import type { RawRecord } from '../../src/data/normalise.ts';
import { ingestFromTmdb } from '../../src/data/tmdb/ingest.ts';
import { startTmdbStandIn, type TmdbStandIn } from '../fakes/tmdb-server.ts';
import { NOW, peakPerSecond, quickClient, READ_TOKEN } from './tmdb-setup.ts';

describe('TMDB stand-in', () => {
  let standIn: TmdbStandIn;
  const get = async (path: string, token: string | null = READ_TOKEN) => {
    const res = await request(`${standIn.baseUrl}/${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    standIn = await startTmdbStandIn({ readToken: READ_TOKEN, rateLimit: 30 });
  });
  afterAll(() => standIn.close());

  it('pages lists by 20 with TMDB’s fields, reports all pages and refuses those past 500', async () => {
    const first = await get('discover/movie?page=1');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, total_results: standIn.data.movies.length });
    expect(first.body.total_pages).toBe(Math.ceil(standIn.data.movies.length / 20));
    expect(first.body.total_pages).toBeGreaterThan(500);
    const results = first.body.results as Record<string, unknown>[];
    expect(results).toHaveLength(20);
    expect(Object.keys(results[0]!).sort()).toEqual([
      'adult',
      'backdrop_path',
      'genre_ids',
      'id',
      'original_language',
      'original_title',
      'overview',
      'popularity',
      'poster_path',
      'release_date',
      'title',
      'video',
      'vote_average',
      'vote_count',
    ]);
    const past = await get('discover/movie?page=501');
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ success: false, status_code: 22 });
  });

  it('filters discover by year and sorts by popularity', async () => {
    const { body } = await get('discover/tv?first_air_date_year=2019&sort_by=popularity.desc');
    const results = body.results as { first_air_date: string; popularity: number }[];
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.first_air_date.startsWith('2019-'))).toBe(true);
    expect(results.map((r) => r.popularity)).toEqual([...results.map((r) => r.popularity)].sort((a, b) => b - a));
  });

  it('serves genre lists, details and 404s as TMDB does', async () => {
    const genres = await get('genre/movie/list');
    expect(genres.body.genres).toContainEqual({ id: 878, name: 'Science Fiction' });
    const inception = await get('movie/27205');
    expect(inception.body).toMatchObject({ id: 27205, title: 'Inception', genres: expect.arrayContaining([{ id: 878, name: 'Science Fiction' }]) });
    expect(inception.body.budget).toBeGreaterThan(0);
    const missing = await get('movie/999999999');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ success: false, status_code: 34 });
  });

  it('answers a bad token with 401 and TMDB’s error JSON', async () => {
    const res = await get('genre/tv/list', 'wrong');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ status_code: 7, status_message: 'Invalid API key: You must be granted a valid key.', success: false });
  });

  it('refuses requests over its limit with 429 and Retry-After', async () => {
    const burst = await Promise.all(Array.from({ length: 60 }, () => get('genre/tv/list')));
    const refused = burst.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.headers['retry-after']).toBe('1');
    expect(refused[0]!.body).toMatchObject({ status_code: 25 });
    // What it let through never exceeded 30 in any second.
    expect(peakPerSecond(standIn.log.filter((r) => r.status !== 429).map((r) => r.at))).toBeLessThanOrEqual(30);
  });
});

/**
 * The ingest plan slices the last three years by month. TMDB lists hundreds of new films a month; the snapshot
 * behind the stand-in holds only what its sources kept (about 10–40 titles a month since 2023), so this stand-in
 * also serves 150 generated films a month for 2023–2025 (ids from 900,000,000; six leading genres in turn, a
 * second genre on every third), modelling TMDB's volume. With 5 pages a slice, a monthly slice takes 100 of a
 * month's films; a yearly slice takes 100 for the whole year.
 */
describe('TMDB stand-in: the ingest plan is dense enough for monthly genre shares', () => {
  const LEADING = ['Drama', 'Comedy', 'Thriller', 'Action', 'Adventure', 'Crime'] as const;
  let standIn: TmdbStandIn;
  let catalog: Catalog;

  beforeAll(async () => {
    const extraMovies: RawRecord[] = [];
    for (let year = 2023; year <= 2025; year++) {
      for (let month = 1; month <= 12; month++) {
        for (let k = 0; k < 150; k++) {
          const genres = [LEADING[k % 6], ...(k % 3 === 0 ? [LEADING[(k + 1) % 6]] : [])];
          extraMovies.push({
            id: 900_000_000 + (year * 12 + month) * 1000 + k,
            title: `Generated ${year}-${month} #${k}`,
            original_language: 'en',
            popularity: 1000 - k,
            vote_average: 6,
            vote_count: 50,
            release_date: `${year}-${String(month).padStart(2, '0')}-${String((k % 28) + 1).padStart(2, '0')}`,
            genres,
          });
        }
      }
    }
    standIn = await startTmdbStandIn({ readToken: READ_TOKEN, extraMovies, today: '2026-01-01' });
    const client = quickClient(standIn);
    try {
      ({ catalog } = await ingestFromTmdb(client, { pages: 5, since: 2023, now: NOW }));
    } finally {
      await client.close();
    }
  }, 120_000);
  afterAll(() => standIn.close());

  it('asks for each month of the last three years (to the end of this one) by its release-date bounds', () => {
    const months = standIn.log.filter((r) => r.path === 'discover/movie' && r.query['primary_release_date.gte']);
    expect(new Set(months.map((r) => r.query['primary_release_date.gte']))).toEqual(
      new Set(Array.from({ length: 36 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`)),
    );
    expect(months.find((r) => r.query['primary_release_date.gte'] === '2024-02-01')?.query['primary_release_date.lte']).toBe('2024-02-29');
    expect(standIn.log.filter((r) => r.path === 'discover/movie' && r.query.primary_release_year).map((r) => r.query.primary_release_year)).toContain('2023');
  });

  it('gives each of the last 24 complete months at least 10 titles in every leading genre, so the series are monthly', () => {
    const perMonth = (month: string, genre: string) => catalog.titles.filter((t) => t.releaseDate?.startsWith(month) && t.genres.includes(genre)).length;
    for (let i = 0; i < 24; i++) {
      const month = `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
      for (const genre of LEADING) expect(perMonth(month, genre), `${genre} ${month}`).toBeGreaterThanOrEqual(MIN_TITLES_PER_PERIOD);
    }
    expect(catalog.meta.asOf).toBe('2026-01-01');
    expect(chooseGranularity(catalog, [...LEADING])).toBe('month');
    // 2023, still sliced by year, gets 100 generated films for the whole year: a few a month in each genre
    const in2023 = Array.from({ length: 12 }, (_, m) => perMonth(`2023-${String(m + 1).padStart(2, '0')}`, 'Crime'));
    expect(Math.max(...in2023)).toBeLessThan(MIN_TITLES_PER_PERIOD);
  });
});

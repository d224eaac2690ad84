/** The TMDB stand-in itself speaks TMDB's wire format: the client's tests are only as good as this fake. */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTmdbStandIn, type TmdbStandIn } from '../fakes/tmdb-server.ts';
import { peakPerSecond, READ_TOKEN } from './tmdb-setup.ts';

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
    expect(Object.keys(results[0]!).sort()).toEqual(['adult', 'backdrop_path', 'genre_ids', 'id', 'original_language',
      'original_title', 'overview', 'popularity', 'poster_path', 'release_date', 'title', 'video', 'vote_average', 'vote_count']);
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

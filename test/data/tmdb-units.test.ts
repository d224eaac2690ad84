/** The small pure parts of the TMDB client: pacing, Retry-After, the plan, page caps, masking, cache keys. */
import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../src/data/tmdb/cache.ts';
import { retryAfterMs } from '../../src/data/tmdb/client.ts';
import { discoverSlices, ingestPlan, lastPage, LIST_ENDPOINTS } from '../../src/data/tmdb/endpoints.ts';
import { describeRequest, maskSecrets } from '../../src/data/tmdb/errors.ts';
import { RequestPacer } from '../../src/data/tmdb/pacer.ts';

describe('RequestPacer', () => {
  it('never lets more than the rate through in any second, evenly spaced, first come first served', async () => {
    const pacer = new RequestPacer(20); // 50 ms apart on average, never closer than 45 ms
    const grants: { i: number; at: number }[] = [];
    await Promise.all(Array.from({ length: 25 }, (_, i) => pacer.acquire().then(() => grants.push({ i, at: performance.now() }))));
    expect(grants.map((g) => g.i)).toEqual([...Array(25).keys()]);
    for (let k = 1; k < grants.length; k++) expect(grants[k]!.at - grants[k - 1]!.at).toBeGreaterThanOrEqual(44);
    // The 21st request waits until the 1st is more than a second old.
    for (let k = 20; k < grants.length; k++) expect(grants[k]!.at - grants[k - 20]!.at).toBeGreaterThan(1000);
    expect(pacer.sent).toBe(25);
  });

  it('holds back every waiting request while paused', async () => {
    const pacer = new RequestPacer(1000);
    await pacer.acquire();
    const pausedAt = performance.now();
    pacer.pause(150);
    expect(pacer.pausedFor()).toBeGreaterThan(100);
    const grants = await Promise.all([1, 2, 3].map(() => pacer.acquire().then(() => performance.now())));
    for (const at of grants) expect(at - pausedAt).toBeGreaterThanOrEqual(149);
  });

  it('a shorter pause does not cut a longer one short', async () => {
    const pacer = new RequestPacer(1000);
    const start = performance.now();
    pacer.pause(120);
    pacer.pause(10);
    await pacer.acquire();
    expect(performance.now() - start).toBeGreaterThanOrEqual(119);
  });

  it('gives up waiting when aborted, and rejects a rate that is not a positive number', async () => {
    const pacer = new RequestPacer(1);
    await pacer.acquire();
    const controller = new AbortController();
    const waiting = pacer.acquire(controller.signal);
    controller.abort(new Error('ingest failed'));
    await expect(waiting).rejects.toThrow('ingest failed');
    expect(() => new RequestPacer(0)).toThrow(/positive number of requests per second/);
    expect(() => new RequestPacer(Number.NaN)).toThrow(RangeError);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(['1', '5'])).toBe(1000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});

describe('the ingest plan', () => {
  it('slices discover/* by month for the last three years and by year before, both media types, besides the nine lists', () => {
    const plan = ingestPlan(1990, new Date('2026-06-15T00:00:00Z'));
    // years 1990–2023 (34), months 2024-01 … 2026-12 (36: the months after June hold announced titles), movie and TV each
    expect(plan).toHaveLength(LIST_ENDPOINTS.length + 2 * (34 + 36));
    const movieYears = plan.filter((s) => s.path === 'discover/movie' && s.query.primary_release_year).map((s) => s.query.primary_release_year as number);
    expect(Math.min(...movieYears)).toBe(1990);
    expect(Math.max(...movieYears)).toBe(2023);
    const movieMonths = plan.filter((s) => s.path === 'discover/movie' && s.query['primary_release_date.gte']);
    expect(movieMonths.map((s) => s.query['primary_release_date.gte'])).toHaveLength(36);
    expect(movieMonths[0].query).toMatchObject({ 'primary_release_date.gte': '2026-12-01', 'primary_release_date.lte': '2026-12-31' });
    expect(movieMonths.at(-1)?.query).toMatchObject({ 'primary_release_date.gte': '2024-01-01', 'primary_release_date.lte': '2024-01-31' });
    const tvFeb = plan.find((s) => s.path === 'discover/tv' && s.query['first_air_date.gte'] === '2024-02-01');
    expect(tvFeb?.query['first_air_date.lte']).toBe('2024-02-29');
    expect(new Set(plan.filter((s) => s.path === 'discover/tv').map((s) => s.query.first_air_date_year ?? s.query['first_air_date.gte'])).size).toBe(70);
    const one = discoverSlices(2026, new Date('2026-02-10T00:00:00Z'));
    expect(one).toHaveLength(24);
    expect(one.slice(-2).map((s) => [s.mediaType, s.query['primary_release_date.gte'] ?? s.query['first_air_date.gte']])).toEqual([
      ['movie', '2026-01-01'],
      ['tv', '2026-01-01'],
    ]);
  });

  it('refuses a since year in the future or before cinema, saying what it accepts', () => {
    expect(() => ingestPlan(2031, new Date('2026-01-01T00:00:00Z'))).toThrow(/--since must be a year from 1874 .* to 2026 \(got 2031\)/);
    expect(() => ingestPlan(1500, new Date('2026-01-01T00:00:00Z'))).toThrow(RangeError);
  });

  it('stops at what TMDB has, what was asked for, and its 500-page cap', () => {
    expect(lastPage(3, 25)).toBe(3);
    expect(lastPage(40, 25)).toBe(25);
    expect(lastPage(508, 500)).toBe(500);
    expect(lastPage(0, 5)).toBe(0);
  });
});

describe('secrets in descriptions, masks and cache keys', () => {
  it('describes a request without its api_key', () => {
    const text = describeRequest('discover/movie', { api_key: 'k-123', page: 3, primary_release_year: 2001, language: 'en-US' });
    expect(text).toBe('discover/movie page 3 (primary_release_year=2001)');
  });

  it('masks api_key parameters and any given secret', () => {
    const masked = maskSecrets('GET /3/movie/1?api_key=abc123&page=2 with Bearer tok-999', ['tok-999']);
    expect(masked).toBe('GET /3/movie/1?api_key=***&page=2 with Bearer ***');
  });

  it('keys the cache by base URL, path and query, ignoring order and credentials', () => {
    const a = cacheKey('http://x/3/', 'discover/tv', { page: 1, first_air_date_year: 2020, api_key: 'secret' });
    const b = cacheKey('http://x/3', 'discover/tv', { first_air_date_year: 2020, page: 1 });
    expect(a).toBe(b);
    expect(a).not.toContain('secret');
    expect(cacheKey('http://x/3', 'discover/tv', { first_air_date_year: 2020, page: 2 })).not.toBe(b);
  });
});

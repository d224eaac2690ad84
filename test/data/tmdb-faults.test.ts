/**
 * What the real service does now and then, injected at the stand-in: each is ridden out with retries or ends in a
 * clear error, and a failed run never replaces the last good catalog.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/data/catalog.ts';
import { CatalogStore } from '../../src/data/store.ts';
import { titleKey } from '../../src/data/title.ts';
import type { TmdbClient } from '../../src/data/tmdb/client.ts';
import { TmdbAuthError, TmdbRequestError } from '../../src/data/tmdb/errors.ts';
import { ingestFromTmdb, ingestIntoStore } from '../../src/data/tmdb/ingest.ts';
import { startTmdbStandIn, type TmdbStandIn } from '../fakes/tmdb-server.ts';
import { API_KEY, NOW, peakPerSecond, quickClient, READ_TOKEN } from './tmdb-setup.ts';

/** A small ingest: the nine lists and the 2024–2026 discover slices, 2 pages each. */
const SMALL = { pages: 2, since: 2023, now: NOW } as const; // 2023 by year, 2024 on by month

describe('TMDB failure modes', () => {
  let standIn: TmdbStandIn;
  let clean: { keys: string[]; fingerprint: string; requests: number };
  const clients: TmdbClient[] = [];
  const client = (options: Parameters<typeof quickClient>[1] = {}) => {
    const c = quickClient(standIn, options);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    standIn = await startTmdbStandIn({ readToken: READ_TOKEN, apiKey: API_KEY });
    const { catalog, report } = await ingestFromTmdb(client(), SMALL);
    clean = { keys: catalog.titles.map(titleKey).sort(), fingerprint: catalog.meta.fingerprint, requests: report.requests };
  });
  afterEach(async () => {
    standIn.clearFaults();
    standIn.log.length = 0;
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(() => standIn.close());

  it('rides out transient faults of every kind and builds the same catalog as a clean run', async () => {
    standIn.inject({ kind: 'status', status: 503, path: 'discover/movie', page: 1, times: 2 });
    standIn.inject({ kind: 'status', status: 500, path: 'movie/popular', times: 1 });
    standIn.inject({ kind: 'slow', delayMs: 4_000, path: 'tv/popular', times: 1 });
    standIn.inject({ kind: 'drop', path: 'discover/tv', page: 2, times: 2 });
    standIn.inject({ kind: 'bad-json', path: 'trending/all/week', times: 1 });
    standIn.inject({ kind: 'wrong-shape', path: 'movie/top_rated', times: 1 });
    const c = client({ timeoutMs: 1_000 }); // the slow response is 4 s; everything else answers well within 1 s
    const { catalog, report } = await ingestFromTmdb(c, SMALL);

    const faulted = standIn.log.filter((r) => r.fault !== undefined);
    expect(faulted.map((r) => r.fault).sort()).toEqual(['bad-json', 'drop', 'drop', 'slow', 'status', 'status', 'status', 'wrong-shape']);
    expect(report.retries).toBe(faulted.length);
    expect(report.requests).toBe(clean.requests + faulted.length);
    expect(catalog.meta.fingerprint).toBe(clean.fingerprint);
  });

  it('gives up on a permanent 5xx with an error naming the endpoint and page, and keeps the last catalog', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'greenlight-tmdb-'));
    try {
      const store = new CatalogStore(dir);
      const previous = buildCatalog([], { source: 'the last good run', fetchedAt: new Date('2025-12-01T00:00:00Z') });
      await store.save(previous);
      const before = await readFile(store.path, 'utf8');

      // One year slice's page 2 fails for good (several slices have a page 2 and run concurrently).
      standIn.inject({ kind: 'status', status: 502, path: 'discover/tv', page: 2, query: { first_air_date_year: '2023' }, times: Infinity });
      const error = await ingestIntoStore(client({ maxAttempts: 3 }), store, SMALL).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(TmdbRequestError);
      const failure = error as TmdbRequestError;
      expect(failure.endpoint).toBe('discover/tv');
      expect(failure.page).toBe(2);
      expect(failure.status).toBe(502);
      expect(failure.message).toMatch(/discover\/tv page 2 \(.*first_air_date_year=2023.*\) failed after 3 attempts: HTTP 502/);
      // Three attempts at the failing page, then the run stopped.
      const failing = standIn.log.filter((r) => r.fault === 'status');
      expect(failing).toHaveLength(3);
      expect(failing.every((r) => r.query.first_air_date_year === '2023')).toBe(true);
      expect(await readFile(store.path, 'utf8')).toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('counts malformed records by reason and skips them without failing their page', async () => {
    standIn.inject({
      kind: 'malformed-records',
      path: 'movie/popular',
      page: 1,
      records: [
        { id: 'tt0111161', title: 'An IMDb id where TMDB has a number', vote_average: 8, vote_count: 10, popularity: 1 },
        { id: 990_001, overview: 'no title at all', vote_average: 7, vote_count: 3, popularity: 1 },
        { id: 990_002, title: 'A rating out of range', vote_average: 42, vote_count: 3, popularity: 1 },
      ],
    });
    standIn.inject({
      kind: 'malformed-records',
      path: 'trending/all/week',
      page: 1,
      records: [{ id: 31, media_type: 'person', name: 'Tom Hanks', popularity: 50 }],
    });
    const { catalog } = await ingestFromTmdb(client(), SMALL);

    const reasons = Object.entries(catalog.meta.skipped);
    expect(reasons.reduce((n, [, count]) => n + count, 0)).toBe(4);
    expect(reasons.find(([r]) => r.startsWith('movie: id:'))?.[1]).toBe(1);
    expect(reasons.find(([r]) => r.startsWith('movie: title:'))?.[1]).toBe(1);
    expect(reasons.find(([r]) => r.startsWith('movie: voteAverage:'))?.[1]).toBe(1);
    expect(reasons.find(([r]) => r.includes('not a movie or TV show') && r.includes('person'))?.[1]).toBe(1);
    expect(catalog.meta.fingerprint).toBe(clean.fingerprint);
  });

  it('does not retry refused credentials, and says which variables to check', async () => {
    const error = await ingestFromTmdb(client({ readToken: 'not-the-token' }), SMALL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TmdbAuthError);
    expect((error as Error).message).toMatch(/HTTP 401: Invalid API key.*TMDB_READ_TOKEN.*TMDB_API_KEY/);
    expect((error as Error).message).not.toContain('not-the-token');
    // Refused at the first request (the other genre list may have been cancelled before it left); none repeated.
    expect(standIn.log.length).toBeGreaterThanOrEqual(1);
    expect(standIn.log.every((r) => r.status === 401)).toBe(true);
    expect(new Set(standIn.log.map((r) => r.path)).size).toBe(standIn.log.length);
  });

  it('authenticates with a v3 api_key and never shows it, not in errors nor in the stand-in log', async () => {
    const c = client({ readToken: undefined, apiKey: API_KEY, maxAttempts: 2 });
    const { catalog } = await ingestFromTmdb(c, SMALL);
    expect(catalog.meta.fingerprint).toBe(clean.fingerprint);

    standIn.inject({ kind: 'drop', path: 'genre/movie/list', times: Infinity });
    const error = await ingestFromTmdb(client({ readToken: undefined, apiKey: API_KEY, maxAttempts: 2 }), SMALL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TmdbRequestError);
    expect((error as Error).message).toMatch(/genre\/movie\/list failed after 2 attempts: no complete response/);
    expect(`${(error as Error).message} ${(error as Error).stack}`).not.toContain(API_KEY);
    expect(JSON.stringify(standIn.log)).not.toContain(API_KEY);
  });
});

describe('a 429 storm at a rate-limited stand-in', () => {
  it('pauses the whole client for Retry-After and never goes over the limit', async () => {
    const limit = 20;
    const standIn = await startTmdbStandIn({ readToken: READ_TOKEN, rateLimit: limit });
    const c = quickClient(standIn, { ratePerSecond: limit, connections: 4 });
    try {
      // Four discover requests in a row are refused with Retry-After: 1, as TMDB does under load.
      standIn.inject({ kind: 'rate-limit', retryAfterSeconds: 1, path: 'discover/', times: 4 });
      const { catalog, report } = await ingestFromTmdb(c, { pages: 2, since: 2023, now: NOW });

      const refused = standIn.log.filter((r) => r.fault === 'rate-limit');
      expect(refused).toHaveLength(4);
      expect(report.rateLimited).toBe(4);
      expect(catalog.meta.counts.total).toBeGreaterThan(250);
      // Never over the limit: the stand-in refused nothing for its own limit, and no second held more than 20.
      expect(standIn.log.filter((r) => r.fault === 'limit')).toEqual([]);
      expect(peakPerSecond(standIn.log.map((r) => r.at))).toBeLessThanOrEqual(limit);
      // A 429 paused every request, not only the refused one: nothing arrived in the second that followed it
      // (bar requests sent before the client had read the 429, given 200 ms to arrive on a busy machine, and
      // the storm's other refused requests, which were on the wire together with it; unpaused, 15 would arrive).
      for (const r of refused) {
        const during = standIn.log.filter((x) => x.fault !== 'rate-limit' && x.at > r.at + 200 && x.at < r.at + 970);
        expect(during, `requests within Retry-After of the 429 at ${r.at.toFixed(0)} ms`).toEqual([]);
      }
    } finally {
      await c.close();
      await standIn.close();
    }
  });
});

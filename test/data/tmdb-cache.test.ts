/** The response cache: a second ingest within the TTL asks the stand-in for nothing it already answered. */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_FILE, openResponseCache, type ResponseCache } from '../../src/data/tmdb/cache.ts';
import { ingestFromTmdb } from '../../src/data/tmdb/ingest.ts';
import { startTmdbStandIn, type TmdbStandIn } from '../fakes/tmdb-server.ts';
import { API_KEY, NOW, quickClient, READ_TOKEN } from './tmdb-setup.ts';

const SMALL = { pages: 2, since: 2023, now: NOW } as const;

describe('TMDB response cache (keyv + sqlite on disk)', () => {
  let standIn: TmdbStandIn;
  let dir: string;
  const opened: ResponseCache[] = [];
  const open = async (ttlSeconds = 3600) => {
    const cache = await openResponseCache(dir, ttlSeconds);
    opened.push(cache);
    return cache;
  };
  const run = async (cache: ResponseCache) => {
    const client = quickClient(standIn, { readToken: undefined, apiKey: API_KEY, maxAttempts: 2, cache });
    try {
      return await ingestFromTmdb(client, SMALL);
    } finally {
      await client.close();
    }
  };

  beforeAll(async () => {
    standIn = await startTmdbStandIn({ readToken: READ_TOKEN, apiKey: API_KEY });
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'greenlight-cache-'));
    standIn.log.length = 0;
    standIn.clearFaults();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
    await rm(dir, { recursive: true, force: true });
  });
  afterAll(() => standIn.close());

  it('answers a second ingest entirely from the cache file, after reopening it', async () => {
    const first = await run(await open());
    const asked = standIn.log.length;
    expect(asked).toBe(first.report.requests);
    await opened.pop()!.close();

    const second = await run(await open());
    expect(standIn.log.length).toBe(asked);
    expect(second.report.requests).toBe(0);
    expect(second.report.cacheHits).toBe(asked);
    expect(second.catalog.meta.fingerprint).toBe(first.catalog.meta.fingerprint);
  });

  it('after a failed run, asks again only for what it did not get', async () => {
    standIn.inject({ kind: 'status', status: 503, path: 'discover/tv', page: 2, times: Infinity });
    await expect(run(await open())).rejects.toThrow(/discover\/tv page 2/);
    const answered = new Set(standIn.log.filter((r) => r.status === 200).map((r) => JSON.stringify([r.path, r.query])));
    standIn.clearFaults();
    standIn.log.length = 0;

    await run(opened[0]!);
    const repeated = standIn.log.filter((r) => answered.has(JSON.stringify([r.path, r.query])));
    expect(standIn.log.length).toBeGreaterThan(0);
    expect(repeated).toEqual([]);
  });

  it('asks again once the TTL has passed', async () => {
    const cache = await open(1);
    await run(cache);
    const asked = standIn.log.length;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const again = await run(cache);
    expect(again.report.cacheHits).toBe(0);
    expect(standIn.log.length).toBe(2 * asked);
  });

  it('never writes the API key into the cache file', async () => {
    await run(await open());
    await opened.pop()!.close();
    const files = (await readdir(dir)).filter((f) => f.startsWith(CACHE_FILE));
    expect(files).toContain(CACHE_FILE);
    for (const file of files) expect((await readFile(join(dir, file))).includes(API_KEY)).toBe(false);
    // The key did reach the stand-in, which authorised every request with it.
    expect(standIn.log.every((r) => r.status === 200)).toBe(true);
  });
});

/**
 * The API response cache: successful, validated TMDB responses kept for `TMDB_CACHE_TTL` seconds in
 * `${GREENLIGHT_DATA_DIR}/tmdb-cache.sqlite` (keyv + @keyv/sqlite), so a second ingest within the TTL asks TMDB
 * for nothing it already has. Keys are the base URL, path and query without credentials: a cache file never holds
 * a secret, and a changed key or token does not invalidate it.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { publicQuery, type Query } from './errors.ts';

export const CACHE_FILE = 'tmdb-cache.sqlite';

/** What the client needs from a cache: the real one below, or none at all. */
export interface ResponseCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  close(): Promise<void>;
}

export function cacheKey(baseUrl: string, path: string, query: Query): string {
  const params = new URLSearchParams(publicQuery(query)).toString();
  return `GET ${baseUrl.replace(/\/+$/, '')}/${path}${params ? `?${params}` : ''}`;
}

/** Opens (creating if needed) the on-disk cache in `dataDir`. */
export async function openResponseCache(dataDir: string, ttlSeconds: number): Promise<ResponseCache> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, CACHE_FILE);
  const store = new KeyvSqlite({ uri: `sqlite://${path}`, busyTimeout: 10_000 });
  // Write-ahead logging without a sync per write: ~14× faster sets (0.4 ms instead of 5.6 ms here), and a crash
  // can lose only the last few entries, never corrupt the file — right for a cache.
  try {
    await store.query('PRAGMA journal_mode=WAL');
    await store.query('PRAGMA synchronous=NORMAL');
  } catch (error) {
    throw new Error(
      `Could not open the TMDB response cache at ${path}: ${(error as Error).message}. ` +
        'Check that GREENLIGHT_DATA_DIR is writable, or delete the file to start a fresh cache.',
    );
  }
  const keyv = new Keyv<unknown>({ store, namespace: 'tmdb', ttl: ttlSeconds * 1000 });
  let storeError: Error | undefined;
  keyv.on('error', (error: Error) => {
    storeError ??= error;
  });
  const failIfBroken = () => {
    if (storeError) throw new Error(`The TMDB response cache at ${path} failed: ${storeError.message}`);
  };
  return {
    async get(key) {
      failIfBroken();
      return keyv.get(key);
    },
    async set(key, value) {
      failIfBroken();
      await keyv.set(key, value);
    },
    close: () => keyv.disconnect(),
  };
}

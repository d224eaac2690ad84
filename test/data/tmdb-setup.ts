/** Shared by the TMDB tests: a client aimed at a stand-in, quick unless a test is about timing. */
import { TmdbClient, type TmdbClientOptions } from '../../src/data/tmdb/client.ts';
import type { TmdbStandIn } from '../fakes/tmdb-server.ts';

export const NOW = new Date('2026-01-01T00:00:00Z');
export const READ_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.test-read-token.c0ffee';
export const API_KEY = 'f00dfacef00dfacef00dfacef00dface';

/** 1000 requests/s and millisecond backoff: for the tests that are not about rate or backoff. */
export function quickClient(standIn: TmdbStandIn, options: Partial<TmdbClientOptions> = {}): TmdbClient {
  return new TmdbClient({
    baseUrl: standIn.baseUrl,
    readToken: READ_TOKEN,
    ratePerSecond: 1000,
    connections: 8,
    maxAttempts: 4,
    backoffMs: { min: 5, max: 40 },
    timeoutMs: 2_000,
    ...options,
  });
}

/** The most requests that arrived at the stand-in within any one second. */
export function peakPerSecond(arrivals: readonly number[]): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 1000) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

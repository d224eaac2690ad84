/**
 * Opens the shared state backend from configuration: Redis when `GREENLIGHT_REDIS_URL` is set, else the embedded
 * store at `${GREENLIGHT_DATA_DIR}/state.sqlite`.
 */
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { KvBackend } from './backend.ts';
import { openEmbeddedBackend } from './embedded.ts';
import { openRedisBackend, redactRedisUrl } from './redis.ts';

export type StateConfig = Pick<Config, 'GREENLIGHT_DATA_DIR' | 'GREENLIGHT_REDIS_URL'>;

/**
 * The shared state backend: Redis when `GREENLIGHT_REDIS_URL` is set, else the embedded store at
 * `${GREENLIGHT_DATA_DIR}/state.sqlite`. The digest state, Slack's retry de-duplication and the served chart images
 * all live on it, so every replica pointed at one Redis sees the same.
 */
export function openStateBackend(config: StateConfig): Promise<KvBackend> {
  return config.GREENLIGHT_REDIS_URL ? openRedisBackend(config.GREENLIGHT_REDIS_URL) : openEmbeddedBackend(join(config.GREENLIGHT_DATA_DIR, 'state.sqlite'));
}

/** Where the shared state lives, safe to print (a Redis password is masked). */
export function describeStateBackend(config: StateConfig): string {
  return config.GREENLIGHT_REDIS_URL
    ? `Redis at ${redactRedisUrl(config.GREENLIGHT_REDIS_URL)} (shared by every replica using it)`
    : `embedded ${join(config.GREENLIGHT_DATA_DIR, 'state.sqlite')} (one process; set GREENLIGHT_REDIS_URL for replicas)`;
}

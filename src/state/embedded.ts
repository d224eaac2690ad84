/**
 * The embedded backend: one SQLite file (`${GREENLIGHT_DATA_DIR}/state.sqlite`) through `@keyv/sqlite`, the same
 * keyv store the cache uses — nothing to install. Every operation is one SQL statement, so each is atomic even
 * when a CLI command and `greenlight serve` share the file (SQLite locks it; a busy timeout waits).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import type { KvBackend } from './backend.ts';

const TABLE = 'greenlight_digests';
/** How often expired rows are deleted from the file. */
const PURGE_EVERY_MS = 10 * 60_000;

interface Row {
  key: string;
  value: string;
}

export async function openEmbeddedBackend(file: string, now: () => number = Date.now): Promise<KvBackend> {
  await mkdir(dirname(file), { recursive: true });
  const sqlite = new KeyvSqlite({ uri: `sqlite://${file}`, table: TABLE, busyTimeout: 10_000 });
  const query = async (sql: string, ...params: unknown[]): Promise<Row[]> => {
    try {
      return (await sqlite.query(sql, ...params)) as Row[];
    } catch (error) {
      throw new Error(`Digest state store ${file}: ${(error as Error).message}`, { cause: error });
    }
  };
  await query('PRAGMA journal_mode=WAL');
  // Expiry for keys written with a TTL lives in a JSON envelope column-free: {"exp": ms, "v": value}.
  const wrap = (value: string, ttlMs?: number) => (ttlMs ? JSON.stringify({ exp: now() + ttlMs, v: value }) : JSON.stringify({ v: value }));
  const unwrap = (stored: string): string | undefined => {
    const e = JSON.parse(stored) as { exp?: number; v: string };
    return e.exp !== undefined && e.exp <= now() ? undefined : e.v;
  };
  const fenceOf = `json_extract(json_extract(value, '$.v'), '$.fence')`;
  // Expired rows are invisible at once but only deleted here: at most once per PURGE_EVERY_MS, after a write with
  // a TTL (thread context, Slack event ids, chart images), so the file does not keep what Redis would have dropped.
  let purgedAt = Number.NEGATIVE_INFINITY;
  const purgeExpired = async (): Promise<void> => {
    const t = now();
    if (t - purgedAt < PURGE_EVERY_MS) return;
    purgedAt = t;
    try {
      await query(`DELETE FROM ${TABLE} WHERE json_extract(value, '$.exp') <= ?`, t);
    } catch {
      // Housekeeping only: the rows stay invisible, and the next purge tries again.
    }
  };
  return {
    kind: 'embedded',
    async get(key) {
      const rows = await query(`SELECT value FROM ${TABLE} WHERE key = ?`, key);
      return rows[0] ? unwrap(rows[0].value) : undefined;
    },
    async list(prefix) {
      const rows = await query(`SELECT key, value FROM ${TABLE} WHERE substr(key, 1, ?) = ? ORDER BY key`, prefix.length, prefix);
      const out: Array<[string, string]> = [];
      for (const row of rows) {
        const value = unwrap(row.value);
        if (value !== undefined) out.push([row.key, value]);
      }
      return out;
    },
    async put(key, value, ttlMs) {
      await query(`INSERT INTO ${TABLE} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, wrap(value, ttlMs));
      if (ttlMs) await purgeExpired();
    },
    async insertIfAbsent(key, value, ttlMs) {
      // An existing key wins unless it has expired (a key without `exp` never does: NULL <= t is not true).
      const rows = await query(
        `INSERT INTO ${TABLE} (key, value) VALUES (?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE json_extract(value, '$.exp') <= ?
         RETURNING key`,
        key,
        wrap(value, ttlMs),
        now(),
      );
      if (ttlMs) await purgeExpired();
      return rows.length === 1;
    },
    async fencedUpdate(key, value, token, mode) {
      const test = mode === 'claim' ? '<' : '=';
      const rows = await query(`UPDATE ${TABLE} SET value = ? WHERE key = ? AND ${fenceOf} ${test} ? RETURNING key`, wrap(value), key, token);
      return rows.length === 1;
    },
    async delete(key) {
      await query(`DELETE FROM ${TABLE} WHERE key = ?`, key);
    },
    async nextFence() {
      const rows = await query(
        `INSERT INTO ${TABLE} (key, value) VALUES ('fence', '{"v":"1"}')
         ON CONFLICT(key) DO UPDATE SET value = json_object('v', CAST(CAST(json_extract(value, '$.v') AS INTEGER) + 1 AS TEXT))
         RETURNING value`,
      );
      return Number(unwrap(rows[0].value));
    },
    async acquireLock(name, token, ttlMs) {
      const t = now();
      const rows = await query(
        `INSERT INTO ${TABLE} (key, value) VALUES (?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE json_extract(value, '$.exp') <= ?
         RETURNING key`,
        `lock:${name}`,
        wrap(String(token), ttlMs),
        t,
      );
      return rows.length === 1;
    },
    async releaseLock(name, token) {
      await query(`DELETE FROM ${TABLE} WHERE key = ? AND json_extract(value, '$.v') = ?`, `lock:${name}`, String(token));
    },
    close: () => sqlite.disconnect(),
  };
}

/**
 * The Redis backend (`GREENLIGHT_REDIS_URL`): the state several `greenlight serve` replicas share. Single commands
 * (SET NX, SET NX PX, INCR) and Lua scripts make every operation atomic; the fenced write compares the record's
 * fencing token inside the script, so a replica whose claim was taken over cannot overwrite the newer state.
 */
import { Redis } from 'ioredis';
import type { KvBackend } from './backend.ts';

const FENCED_UPDATE = `
local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
local stored = tonumber(cjson.decode(cur).fence) or 0
local token = tonumber(ARGV[2])
if (ARGV[3] == 'claim' and stored < token) or (ARGV[3] == 'commit' and stored == token) then
  redis.call('SET', KEYS[1], ARGV[1])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** The URL with any password removed: safe to print. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable Redis URL)';
  }
}

export async function openRedisBackend(url: string, prefix = 'greenlight:'): Promise<KvBackend> {
  const where = redactRedisUrl(url);
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 5_000, commandTimeout: 5_000, maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined); // failures surface on the command that hit them, named below
  const named = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw new Error(`Redis at ${where}: ${what} failed: ${(error as Error).message}`, { cause: error });
    }
  };
  try {
    await named('connect', () => redis.connect());
  } catch (error) {
    redis.disconnect(); // stop ioredis reconnecting in the background: a refused start must be able to exit
    throw error;
  }
  const k = (key: string) => prefix + key;
  return {
    kind: 'redis',
    get: (key) => named(`GET ${key}`, async () => (await redis.get(k(key))) ?? undefined),
    list: (p) =>
      named(`SCAN ${p}*`, async () => {
        const keys: string[] = [];
        const pattern = k(p).replace(/[*?[\]\\]/g, '\\$&') + '*';
        let cursor = '0';
        do {
          const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
          cursor = next;
          keys.push(...batch);
        } while (cursor !== '0');
        const unique = [...new Set(keys)].sort();
        if (unique.length === 0) return [];
        const values = await redis.mget(unique);
        const out: Array<[string, string]> = [];
        unique.forEach((key, i) => {
          const value = values[i];
          if (value !== null) out.push([key.slice(prefix.length), value]);
        });
        return out;
      }),
    put: (key, value, ttlMs) =>
      named(`SET ${key}`, async () => {
        if (ttlMs) await redis.set(k(key), value, 'PX', ttlMs);
        else await redis.set(k(key), value);
      }),
    insertIfAbsent: (key, value, ttlMs) =>
      named(`SET NX ${key}`, async () => (await (ttlMs ? redis.set(k(key), value, 'PX', ttlMs, 'NX') : redis.set(k(key), value, 'NX'))) === 'OK'),
    fencedUpdate: (key, value, token, mode) =>
      named(`fenced ${mode} of ${key}`, async () => (await redis.eval(FENCED_UPDATE, 1, k(key), value, token, mode)) === 1),
    delete: (key) => named(`DEL ${key}`, async () => void (await redis.del(k(key)))),
    nextFence: () => named('INCR fence', () => redis.incr(k('fence'))),
    acquireLock: (name, token, ttlMs) => named(`lock ${name}`, async () => (await redis.set(k(`lock:${name}`), String(token), 'PX', ttlMs, 'NX')) === 'OK'),
    releaseLock: (name, token) => named(`unlock ${name}`, async () => void (await redis.eval(RELEASE, 1, k(`lock:${name}`), String(token)))),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

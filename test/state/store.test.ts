import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KvBackend } from '../../src/state/backend.ts';
import { openEmbeddedBackend } from '../../src/state/embedded.ts';
import { openRedisBackend, redactRedisUrl } from '../../src/state/redis.ts';
import { DigestState } from '../../src/digests/state.ts';
import { SharedThreadStore } from '../../src/state/threads.ts';
import { newEntry } from '../../src/digests/planner.ts';
import type { Subscription } from '../../src/digests/types.ts';
import { startRedis, type TestRedis } from '../digests/redis-server.ts';

const sub: Subscription = {
  id: 'dg-test',
  channel: { kind: 'slack', channelId: 'C1' },
  owner: 'U1',
  schedule: { cron: '0 9 * * 1', timezone: 'Europe/Berlin', label: 'weekly mon 09:00 Europe/Berlin' },
  content: { kind: 'digest', sections: ['rising'] },
  createdAt: '2026-01-01T00:00:00.000Z',
  status: 'active',
};

let dir: string;
let redis: TestRedis;
let clockMs = Date.parse('2026-03-02T08:00:00Z');
const backends: Record<string, () => Promise<KvBackend>> = {
  embedded: () => openEmbeddedBackend(join(dir, `state-${Math.random()}.sqlite`), () => clockMs),
  redis: () => openRedisBackend(redis.url, `t${Math.random().toString(36).slice(2)}:`),
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-digest-store-'));
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe.each(Object.keys(backends))('%s store', (name) => {
  it('plans a delivery once: the second insert of the same id is refused', async () => {
    const state = new DigestState(await backends[name]());
    const entry = newEntry(sub, new Date('2026-03-02T08:00:00Z'), 'digest');
    expect(entry.id).toBe('dg-test@2026-03-02T08:00:00.000Z');
    expect(await state.planDelivery(entry)).toBe(true);
    expect(await state.planDelivery({ ...entry, kind: 'skip-note' })).toBe(false);
    expect((await state.getDelivery(entry.id))?.kind).toBe('digest');
    await state.close();
  });

  it('fencing: a newer token claims, the stale holder can no longer commit', async () => {
    const state = new DigestState(await backends[name]());
    const entry = newEntry(sub, new Date('2026-03-09T08:00:00Z'), 'digest');
    await state.planDelivery(entry);
    const a = await state.backend.nextFence();
    const b = await state.backend.nextFence();
    expect(b).toBeGreaterThan(a);
    expect(await state.claimDelivery(entry, a)).toBe(true);
    expect(await state.claimDelivery(entry, b)).toBe(true); // a takeover with a newer token
    expect(await state.claimDelivery(entry, a)).toBe(false); // an older token cannot take it back
    expect(await state.commitDelivery({ ...entry, fence: a, state: 'sent' })).toBe(false);
    expect(await state.commitDelivery({ ...entry, fence: b, state: 'sent' })).toBe(true);
    expect((await state.getDelivery(entry.id))?.state).toBe('sent');
    await state.close();
  });

  it('locks: one holder until released or expired', async () => {
    const backend = await backends[name]();
    expect(await backend.acquireLock('x', 1, 200)).toBe(true);
    expect(await backend.acquireLock('x', 2, 200)).toBe(false);
    await backend.releaseLock('x', 2); // not the holder: no effect
    expect(await backend.acquireLock('x', 3, 200)).toBe(false);
    await backend.releaseLock('x', 1);
    expect(await backend.acquireLock('x', 4, 50)).toBe(true);
    clockMs += 100;
    if (name === 'redis') await new Promise((r) => setTimeout(r, 100));
    expect(await backend.acquireLock('x', 5, 200)).toBe(true); // expired
    await backend.close();
  });

  it('insert-if-absent with a TTL: one winner, refused while the key lives, won again once it expired', async () => {
    const backend = await backends[name]();
    expect(await backend.insertIfAbsent('slack-event:Ev1', 'a', 100)).toBe(true);
    expect(await backend.insertIfAbsent('slack-event:Ev1', 'b', 100)).toBe(false);
    expect(await backend.get('slack-event:Ev1')).toBe('a');
    const race = await Promise.all(Array.from({ length: 8 }, (_, i) => backend.insertIfAbsent('slack-event:Ev2', String(i), 10_000)));
    expect(race.filter(Boolean)).toHaveLength(1);
    expect(await backend.insertIfAbsent('plain', 'x')).toBe(true);
    clockMs += 150;
    if (name === 'redis') await new Promise((r) => setTimeout(r, 150));
    expect(await backend.get('slack-event:Ev1')).toBeUndefined();
    expect(await backend.insertIfAbsent('slack-event:Ev1', 'c', 100)).toBe(true);
    expect(await backend.get('slack-event:Ev1')).toBe('c');
    expect(await backend.insertIfAbsent('slack-event:Ev2', 'late', 100)).toBe(false); // 10 s TTL: still there
    expect(await backend.insertIfAbsent('plain', 'y')).toBe(false); // no TTL: never expires
    await backend.close();
  });

  it('keeps subscriptions and expiring thread context', async () => {
    const state = new DigestState(await backends[name]());
    await state.putSubscription(sub);
    await state.putSubscription({ ...sub, id: 'dg-two' });
    expect((await state.listSubscriptions()).map((s) => s.id)).toEqual(['dg-test', 'dg-two']);
    const threads = new SharedThreadStore<{ stage: string }>(state.backend, 60);
    await threads.set('C1:171.1', { stage: 'forecast' });
    expect(await threads.get('C1:171.1')).toEqual({ stage: 'forecast' });
    clockMs += 120;
    if (name === 'redis') await new Promise((r) => setTimeout(r, 120));
    expect(await threads.get('C1:171.1')).toBeUndefined();
    await state.close();
  });
});

it('embedded: expired rows are deleted from the file, not only hidden', async () => {
  const file = join(dir, 'purge.sqlite');
  const t0 = Date.parse('2026-03-02T08:00:00Z');
  const early = await openEmbeddedBackend(file, () => t0);
  const later = await openEmbeddedBackend(file, () => t0 + 60_000);
  await early.put('image:x', 'bytes', 1_000);
  await early.put('keep', 'forever');
  expect(await early.get('image:x')).toBe('bytes');
  await later.put('thread:y', 'v', 3_600_000); // a write with a TTL purges what has expired by now
  expect(await early.get('image:x')).toBeUndefined(); // by this clock it has not expired: the row is gone
  expect(await early.get('keep')).toBe('forever');
  expect(await early.get('thread:y')).toBe('v');
  await early.close();
  await later.close();
});

it('never prints a Redis password', () => {
  expect(redactRedisUrl('redis://user:s3cret@redis.internal:6379/0')).toBe('redis://user:***@redis.internal:6379/0');
});

/**
 * Scale-out for real: a `redis-server` on loopback, three replica processes running the real scheduler against
 * the fake Slack API, one of them SIGKILLed while a post it sent is in flight. Every due digest must arrive
 * exactly once (counted at the fake), including the one whose sender died.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CatalogStore } from '../../src/data/store.ts';
import { openRedisBackend } from '../../src/state/redis.ts';
import { DigestState } from '../../src/digests/state.ts';
import { parseSchedule } from '../../src/digests/schedule.ts';
import type { Subscription } from '../../src/digests/types.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.ts';
import { realCatalog } from './harness.ts';
import { startRedis, type TestRedis } from './redis-server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CHANNELS = Array.from({ length: 9 }, (_, i) => `C0REPL${i}`);

let redis: TestRedis;
let slack: FakeSlack;
let dir: string;
const replicas: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  slack = await startFakeSlack();
  dir = await mkdtemp(join(tmpdir(), 'gl-replicas-'));
  await new CatalogStore(dir).save(await realCatalog());
});

afterAll(async () => {
  for (const child of replicas) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await slack?.close();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

function startReplica(n: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/digests/replica.ts'), '3000'], {
    cwd: ROOT,
    env: {
      ...process.env,
      GREENLIGHT_DATA_DIR: dir,
      GREENLIGHT_REDIS_URL: redis.url,
      SLACK_BOT_TOKEN: `xoxb-replica-${n}`,
      SLACK_API_URL: slack.apiUrl,
      GREENLIGHT_DIGEST_INTERVAL_SECONDS: '1',
      GREENLIGHT_DIGEST_TIMEOUT_SECONDS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  replicas.push(child);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((ready, fail) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && ready(child));
    child.once('exit', (code) => fail(new Error(`replica ${n} exited (${code}) before it was ready: ${err}`)));
  });
}

it('three replicas sharing Redis deliver every due digest exactly once, even when one is killed mid-delivery', async () => {
  // Due a minute ago (well within the catch-up limit), created yesterday.
  const now = new Date();
  const dueAt = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 60_000);
  const hhmm = `${String(dueAt.getUTCHours()).padStart(2, '0')}:${String(dueAt.getUTCMinutes()).padStart(2, '0')}`;
  const state = new DigestState(await openRedisBackend(redis.url));
  for (const [i, channelId] of CHANNELS.entries()) {
    const sub: Subscription = {
      id: `dg-repl${i}`,
      channel: { kind: 'slack', channelId },
      owner: 'U0OWNER',
      schedule: parseSchedule(['daily', hhmm, 'UTC']).schedule,
      content: { kind: 'digest', sections: ['rising'] },
      createdAt: new Date(now.getTime() - 86_400_000).toISOString(),
      status: 'active',
    };
    await state.putSubscription(sub);
  }

  // A replica's first post reaches Slack, but its answer never comes back: the replica is killed waiting for it.
  // Whichever replica posts first: its post reaches Slack, but the answer never comes back — it is killed waiting.
  let killed: { channel: string; deliveryId: string; token: string } | undefined;
  const started = [1, 2, 3].map((n) => startReplica(n));
  slack.intercept((call) => {
    if (call.method !== 'chat.postMessage' || killed) return undefined;
    const meta = call.args.metadata as { event_payload?: { delivery_id?: string } } | undefined;
    killed = { channel: String(call.args.channel), deliveryId: meta?.event_payload?.delivery_id ?? '', token: call.token ?? '' };
    replicas[Number(killed.token.replace('xoxb-replica-', '')) - 1].kill('SIGKILL');
    return 'hold';
  });
  await Promise.allSettled(started);

  // Wait for every delivery to be settled in the shared outbox.
  const deadline = Date.now() + 60_000;
  let entries = await state.listDeliveries();
  while (Date.now() < deadline) {
    entries = await state.listDeliveries();
    if (entries.length === CHANNELS.length && entries.every((e) => e.state === 'sent')) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(entries.map((e) => `${e.subscriptionId}:${e.state}`).sort()).toEqual(CHANNELS.map((_, i) => `dg-repl${i}:sent`));
  expect(killed, 'a replica was killed mid-delivery').toBeDefined();
  const victim = replicas[Number(killed?.token.replace('xoxb-replica-', '')) - 1];
  expect(victim.signalCode).toBe('SIGKILL');

  // Exactly once per channel, at the fake: the killed replica's post was found by the survivors, not repeated.
  const posts = slack.callsOf('chat.postMessage').filter((c) => (c.args.metadata as { event_type?: string } | undefined)?.event_type === 'greenlight_digest');
  for (const channel of CHANNELS) {
    const here = posts.filter((p) => p.args.channel === channel);
    expect(here, `posts to ${channel}`).toHaveLength(1);
  }
  const heldEntry = entries.find((e) => e.id === killed?.deliveryId);
  expect(heldEntry?.fence).toBeGreaterThan(0);
  // The survivors finished the dead replica's delivery: they looked for it in the channel and found it.
  const lookedUp = slack.callsOf('conversations.history').filter((c) => c.args.channel === killed?.channel && c.token !== killed?.token);
  expect(lookedUp.length).toBeGreaterThanOrEqual(1);
  await state.close();
}, 90_000);

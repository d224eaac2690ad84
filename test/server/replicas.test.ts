/**
 * Two replicas behind a load balancer, sharing state through a real `redis-server` on loopback: a Slack event and
 * its retry landing on different replicas are answered once; a chart image one replica stored for a Teams card is
 * served by the other. And when the state backend fails or hangs, the question is still answered (a duplicate beats
 * a lost question) and the Redis password never reaches the log.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatHandler, ChatTurn } from '../../src/adapters/conversation.ts';
import { createBotFrameworkEndpoint } from '../../src/adapters/teams/transport.ts';
import type { KvBackend } from '../../src/state/backend.ts';
import { openRedisBackend } from '../../src/state/redis.ts';
import { teamsRoute } from '../../src/adapters/teams/channel.ts';
import { createHttpServer } from '../../src/server/http.ts';
import { SharedImageStore, servedImageUrl } from '../../src/state/images.ts';
import { startFakeConnector, teamsMessage } from '../fakes/botframework-connector.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.ts';
import { eventBody, sendEvent } from '../fakes/slack-signing.ts';
import { startRedis, type TestRedis } from '../digests/redis-server.ts';
import { closeServer, listen, recordingLogger, SIGNING_SECRET, startSlackHarness, tempEmbeddedBackend, type SlackHarness } from '../adapters/harness.ts';
import { answerReply, png } from '../adapters/replies.ts';

let redis: TestRedis;
let fake: FakeSlack;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  redis = await startRedis();
  fake = await startFakeSlack();
});
beforeEach(() => {
  fake.calls.length = 0;
  fake.uploads.length = 0;
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await fake?.close();
  await redis?.stop();
});

/** A fresh key prefix per test, as if each test had its own Redis. */
const prefix = () => `t${Math.random().toString(36).slice(2)}:`;

async function redisBackend(url: string, keyPrefix: string): Promise<KvBackend> {
  const backend = await openRedisBackend(url, keyPrefix);
  cleanups.push(() => backend.close());
  return backend;
}

/** A replica: the Slack adapter and HTTP server on `state`, answering through a handler that records its turns. */
async function replica(state: KvBackend, turns: string[], options: { dedupeTimeoutMs?: number } = {}): Promise<SlackHarness> {
  const handler: ChatHandler = async (turn: ChatTurn) => {
    turns.push(turn.text);
    return answerReply();
  };
  const harness = await startSlackHarness(handler, { state, fake, ...options });
  cleanups.push(() => harness.close());
  return harness;
}

const threadAnswers = (thread: string) => fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === thread);
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

function mention(eventId: string, ts: string): string {
  return eventBody({ type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> what is rising?', ts, channel: 'C0CHANNEL', event_ts: ts }, eventId);
}

describe('Slack retries across replicas', () => {
  it('answers an event once when Slack retries it on the other replica', async () => {
    const p = prefix();
    const turnsA: string[] = [];
    const turnsB: string[] = [];
    const a = await replica(await redisBackend(redis.url, p), turnsA);
    const b = await replica(await redisBackend(redis.url, p), turnsB);
    const ts = '1760100000.000100';
    const body = mention('Ev0REPLICA1', ts);

    expect((await sendEvent(a.eventsUrl, SIGNING_SECRET, body)).status).toBe(200);
    await fake.waitFor('chat.postMessage', 1);
    expect((await sendEvent(b.eventsUrl, SIGNING_SECRET, body, { retryNum: 1 })).status).toBe(200);
    await settle();

    expect(threadAnswers(ts)).toHaveLength(1);
    expect(turnsA).toEqual(['what is rising?']);
    expect(turnsB).toEqual([]);
    expect(b.logger.lines.some((l) => l.includes('Ev0REPLICA1 already handled (retry 1'))).toBe(true);
  });

  it('answers once when the event and its retry reach both replicas at the same moment', async () => {
    const p = prefix();
    const turns: string[] = [];
    const a = await replica(await redisBackend(redis.url, p), turns);
    const b = await replica(await redisBackend(redis.url, p), turns);
    const ts = '1760100000.000200';
    const body = mention('Ev0REPLICA2', ts);
    const acks = await Promise.all([
      sendEvent(a.eventsUrl, SIGNING_SECRET, body),
      sendEvent(b.eventsUrl, SIGNING_SECRET, body, { retryNum: 1 }),
      sendEvent(a.eventsUrl, SIGNING_SECRET, body, { retryNum: 2 }),
    ]);
    expect(acks.map((r) => r.status)).toEqual([200, 200, 200]);
    await fake.waitFor('chat.postMessage', 1);
    await settle();
    expect(threadAnswers(ts)).toHaveLength(1);
    expect(turns).toHaveLength(1);
  });

  it('(control) answers twice when the replicas do not share their state: what Redis prevents', async () => {
    const turns: string[] = [];
    const a = await replica(await tempEmbeddedBackend(), turns);
    const b = await replica(await tempEmbeddedBackend(), turns);
    const ts = '1760100000.000300';
    const body = mention('Ev0UNSHARED', ts);
    await sendEvent(a.eventsUrl, SIGNING_SECRET, body);
    await sendEvent(b.eventsUrl, SIGNING_SECRET, body, { retryNum: 1 });
    // Both answer: wait for the second (a loaded machine can take longer than the settle time), then settle.
    for (const deadline = Date.now() + 10_000; threadAnswers(ts).length < 2 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 20));
    await settle();
    expect(threadAnswers(ts)).toHaveLength(2);
    expect(turns).toHaveLength(2);
  });
});

describe('chart images across replicas', () => {
  it('serves from replica B the images replica A stored for a Teams card, byte for byte', async () => {
    const p = prefix();
    const storeA = new SharedImageStore(await redisBackend(redis.url, p));
    const storeB = new SharedImageStore(await redisBackend(redis.url, p));
    const logger = recordingLogger();

    // Replica B: only serves; the load balancer sends Teams' image fetches there.
    const serverB = createHttpServer({ images: storeB, health: () => ({}), logger });
    const baseB = await listen(serverB);
    cleanups.push(() => closeServer(serverB));

    // Replica A: answers the Teams message; its card's image URLs carry the public (balanced) address.
    const connector = await startFakeConnector();
    cleanups.push(() => connector.close());
    const teams = createBotFrameworkEndpoint({ localMode: true, handler: () => answerReply(), imageUrl: servedImageUrl(storeA, baseB), logger });
    const serverA = createHttpServer({ routes: [teamsRoute(teams)], images: storeA, health: () => ({}), logger });
    const baseA = await listen(serverA);
    cleanups.push(() => closeServer(serverA));

    const res = await fetch(`${baseA}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(teamsMessage(connector.serviceUrl, '/explore movies drama')),
    });
    expect(res.status).toBe(200);
    const [message] = await connector.waitFor('message');
    const [attachment] = message.activity.attachments as { content: { body: { type: string; url?: string }[] } }[];
    const urls = attachment.content.body.filter((e) => e.type === 'Image').map((e) => String(e.url));
    const reply = await answerReply();
    expect(urls).toHaveLength(reply.images.length);
    for (const [i, url] of urls.entries()) {
      expect(url.startsWith(`${baseB}/images/`)).toBe(true);
      const served = await fetch(url);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(served.headers.get('cache-control')).toBe('public, max-age=86400, immutable');
      expect(Buffer.from(await served.arrayBuffer()).equals(reply.images[i].png)).toBe(true);
    }

    // Directly through A's store, a larger chart; and an id nobody stored.
    const chart = await png(250, 200, 10, 640, 400);
    const id = await storeA.put(chart);
    const served = await fetch(`${baseB}/images/${id}.png`);
    expect(Buffer.from(await served.arrayBuffer()).equals(chart)).toBe(true);
    expect((await fetch(`${baseB}/images/${'f'.repeat(32)}.png`)).status).toBe(404);
    expect((await fetch(`${baseB}/images/${id.toUpperCase()}.png`)).status).toBe(404);
  });
});

describe('a state backend that fails', () => {
  const PASSWORD = 's3cret-redis-pa55';
  let own: TestRedis;

  beforeAll(async () => {
    own = await startRedis({ password: PASSWORD });
    cleanups.push(() => own.stop());
  });

  it('still answers when Redis hangs or is gone, warning without the password', async () => {
    expect(own.url).toContain(PASSWORD);
    const turns: string[] = [];
    const state = await openRedisBackend(own.url, prefix());
    const r = await replica(state, turns, { dedupeTimeoutMs: 500 });

    // Hanging: the check times out, the question is answered.
    own.pause();
    const hungTs = '1760100000.000400';
    const started = performance.now();
    expect((await sendEvent(r.eventsUrl, SIGNING_SECRET, mention('Ev0HUNG', hungTs))).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(400); // the ack does not wait for the check
    await fake.waitFor('chat.postMessage', 1, 5_000);
    expect(threadAnswers(hungTs)).toHaveLength(1);
    own.resume();

    // Gone: the write fails, the question is answered.
    await own.stop();
    const goneTs = '1760100000.000500';
    await sendEvent(r.eventsUrl, SIGNING_SECRET, mention('Ev0GONE', goneTs));
    await fake.waitFor('chat.postMessage', 2, 10_000);
    expect(threadAnswers(goneTs)).toHaveLength(1);
    expect(turns).toHaveLength(2);

    const warnings = r.logger.lines.filter((l) => l.startsWith('warn') && l.includes('cannot check whether event'));
    expect(warnings.map((l) => /event (Ev0\w+)/.exec(l)?.[1])).toEqual(['Ev0HUNG', 'Ev0GONE']);
    expect(warnings[1]).toContain('Redis at redis://:***@127.0.0.1');
    expect(r.logger.lines.join('\n')).not.toContain(PASSWORD);
    await Promise.race([state.close(), new Promise((resolve) => setTimeout(resolve, 1_000))]);
  }, 30_000);
});

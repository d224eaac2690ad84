/** A digest posted proactively to Teams (botbuilder CloudAdapter, local mode) at the fake Bot Framework connector. */
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KvBackend } from '../../src/state/backend.ts';
import { tick } from '../../src/digests/scheduler.ts';
import { classifyTeamsError } from '../../src/adapters/teams/deliverer.ts';
import { startGreenlight, type RunningGreenlight } from '../../src/server/start.ts';
import { startFakeConnector, type ConnectorPost, type FakeConnector } from '../fakes/botframework-connector.ts';
import { recordingLogger } from '../adapters/harness.ts';
import { realCatalog, startHarness, subscription, type Harness } from './harness.ts';

const DUE = '2026-03-30T07:00:00.000Z';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface CardElement {
  type: string;
  url?: string;
  text?: string;
}

function cardBody(post: ConnectorPost): CardElement[] {
  const attachments = post.activity.attachments as { contentType: string; content: { body: CardElement[] } }[];
  expect(attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
  return attachments[0].content.body;
}

const teamsSubscription = (id: string, conversationId: string, serviceUrl: string) =>
  subscription(id, 'unused', ['weekly', 'mon', '09:00', 'Europe/Berlin'], { channel: { kind: 'teams', conversationId, serviceUrl } });

let connector: FakeConnector;
beforeAll(async () => {
  connector = await startFakeConnector();
});
afterAll(async () => {
  await connector.close();
});

describe('without GREENLIGHT_PUBLIC_URL', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('2026-03-30T07:00:05Z', { GREENLIGHT_LOCAL_MODE: 'true' }, { charts: true });
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  it('posts the digest as an Adaptive Card into the subscribed conversation, once, its charts in words', async () => {
    const conversationId = '19:digest-test@thread.tacv2';
    await h.runtime.state.putSubscription(teamsSubscription('dg-teams', conversationId, connector.serviceUrl));
    const report = await tick(h.runtime.deps);
    expect(report.results[`dg-teams@${DUE}`]).toBe('sent');
    const posts = connector.posts.filter((p) => p.conversationId === conversationId);
    expect(posts).toHaveLength(1);
    const [post] = posts;
    const body = cardBody(post);
    expect(JSON.stringify(body)).toContain('Rising stars');
    // The chart is described in words ("**<title>**: <alt text>"), not shown by URL.
    expect(body.filter((e) => e.type === 'Image')).toEqual([]);
    expect(body.some((e) => e.type === 'TextBlock' && /^\*\*[^*]+\*\*: ./.test(e.text ?? ''))).toBe(true);
    expect(post.activity.channelData).toEqual({ greenlightDeliveryId: `dg-teams@${DUE}` });
    expect((await h.runtime.state.getDelivery(`dg-teams@${DUE}`))?.messageRef).toMatch(/^1:reply-\d+$/);
    h.clock.advance(60_000);
    await tick(h.runtime.deps);
    expect(connector.posts.filter((p) => p.conversationId === conversationId)).toHaveLength(1);
  }, 60_000);

  it('a conversation without a service URL fails at once; connector errors are classified', async () => {
    await h.runtime.state.putSubscription(
      subscription('dg-teams-nourl', 'unused', ['weekly', 'mon', '09:00', 'Europe/Berlin'], {
        channel: { kind: 'teams', conversationId: '19:x', serviceUrl: '' },
      }),
    );
    expect((await tick(h.runtime.deps)).results[`dg-teams-nourl@${DUE}`]).toBe('failed');
    expect((await h.runtime.state.getSubscription('dg-teams-nourl'))?.failure).toMatch(/no service URL/);
    expect(classifyTeamsError({ statusCode: 403, message: 'bot not in conversation' }).status).toBe('fatal');
    expect(classifyTeamsError({ statusCode: 502, message: 'bad gateway' })).toMatchObject({ status: 'retryable', uncertain: true });
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('with GREENLIGHT_PUBLIC_URL, as `greenlight serve` wires it', () => {
  let h: Harness;
  let running: RunningGreenlight;
  let backend: KvBackend;
  let publicUrl: string;
  /** How many activities the connector had received each time an image finished being stored. */
  const postsWhenStored: number[] = [];
  /** How the image store behaves for the next delivery. */
  let imageStore: 'works' | 'fails' | 'hangs' = 'works';
  const realPut: { fn?: KvBackend['put'] } = {};

  beforeAll(async () => {
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    h = await startHarness(
      '2026-03-30T07:00:05Z',
      {
        GREENLIGHT_LOCAL_MODE: 'true',
        GREENLIGHT_PUBLIC_URL: `${publicUrl}/`,
        GREENLIGHT_PORT: String(port),
        SLACK_SIGNING_SECRET: 'digest-test-secret',
        GREENLIGHT_LINK_SECRET: 'digest-test-link-secret',
      },
      { charts: true },
    );
    // One state backend for the digests and the server, as in `greenlight serve`; a spy on its writes.
    backend = h.runtime.state.backend;
    const put = backend.put.bind(backend);
    realPut.fn = put;
    backend.put = async (key, value, ttlMs) => {
      if (key.startsWith('image:') && imageStore === 'hangs') return new Promise<void>(() => undefined);
      if (key.startsWith('image:') && imageStore === 'fails') throw new Error('connect ECONNREFUSED redis://:s3cret-pass@redis.internal:6379');
      await put(key, value, ttlMs);
      if (key.startsWith('image:')) postsWhenStored.push(connector.posts.length);
    };
    const models = () => Promise.reject(new Error('no models in this test'));
    running = await startGreenlight({ config: h.config, catalog: await realCatalog(), models, logger: recordingLogger(), answerWorkers: 0, state: backend });
    expect(running.publicUrl).toBe(publicUrl);
  }, 60_000);
  afterAll(async () => {
    if (realPut.fn) backend.put = realPut.fn;
    await running?.close(1_000);
    await h?.close();
  });

  /** Subscribes a conversation, delivers its digest (sent) with the image store in `mode`, and returns its posts (one). */
  async function deliverWhileImageStore(mode: typeof imageStore, id: string, conversationId: string) {
    await h.runtime.state.putSubscription(teamsSubscription(id, conversationId, connector.serviceUrl));
    imageStore = mode;
    try {
      expect((await tick(h.runtime.deps)).results[`${id}@${DUE}`]).toBe('sent');
    } finally {
      imageStore = 'works';
    }
    const posts = connector.posts.filter((p) => p.conversationId === conversationId);
    expect(posts).toHaveLength(1);
    return posts;
  }

  it('the card shows its charts as Image elements the server serves at /images/<id>.png, stored before the post', async () => {
    const conversationId = '19:digest-images@thread.tacv2';
    await h.runtime.state.putSubscription(teamsSubscription('dg-teams-img', conversationId, connector.serviceUrl));
    const before = connector.posts.length;
    const report = await tick(h.runtime.deps);
    expect(report.results[`dg-teams-img@${DUE}`]).toBe('sent');
    const posts = connector.posts.filter((p) => p.conversationId === conversationId);
    expect(posts).toHaveLength(1);

    const images = cardBody(posts[0]).filter((e) => e.type === 'Image');
    expect(images.length).toBeGreaterThan(0);
    // Every image was in the shared store before the card reached the connector.
    expect(postsWhenStored.length).toBeGreaterThanOrEqual(images.length);
    expect(postsWhenStored.every((n) => n === before)).toBe(true);
    for (const image of images) {
      const match = new RegExp(`^${publicUrl}/images/([0-9a-f]{32})\\.png$`).exec(image.url ?? '');
      expect(match, image.url).not.toBeNull();
      const res = await fetch(image.url!);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      const png = Buffer.from(await res.arrayBuffer());
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(createHash('sha256').update(png).digest('hex').slice(0, 32)).toBe(match![1]);
    }

    // Later ticks do not post it again (the outbox is unchanged by the images).
    h.clock.advance(60_000);
    await tick(h.runtime.deps);
    expect(connector.posts.filter((p) => p.conversationId === conversationId)).toHaveLength(1);
  }, 60_000);

  it('a chart that cannot be stored is described in words, with a warning that keeps secrets out', async () => {
    const conversationId = '19:digest-store-down@thread.tacv2';
    const posts = await deliverWhileImageStore('fails', 'dg-teams-down', conversationId);
    const body = cardBody(posts[0]);
    expect(body.filter((e) => e.type === 'Image')).toEqual([]);
    expect(body.some((e) => e.type === 'TextBlock' && /^\*\*[^*]+\*\*: ./.test(e.text ?? ''))).toBe(true);
    const warnings = h.logs.filter((l) => l.startsWith('warn') && l.includes(`dg-teams-down@${DUE}`));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(/could not be stored .* described in words/);
    expect(h.logs.join('\n')).not.toContain('s3cret-pass');
  }, 60_000);

  it('a state store that hangs costs the charts, not the digest: posted in words within the delivery timeout', async () => {
    const conversationId = '19:digest-store-hangs@thread.tacv2';
    const posts = await deliverWhileImageStore('hangs', 'dg-teams-hang', conversationId);
    expect(cardBody(posts[0]).filter((e) => e.type === 'Image')).toEqual([]);
    expect(h.logs.some((l) => l.startsWith('warn') && l.includes(`dg-teams-hang@${DUE}`) && /took over \d+ ms/.test(l))).toBe(true);
  }, 60_000);
});

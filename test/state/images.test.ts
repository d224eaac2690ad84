/**
 * One process on the embedded (SQLite) state backend: chart images stored and served over HTTP (binary-safe,
 * expiring, capped), Slack event ids remembered for the de-duplication TTL, and a store that fails leaving the
 * card's charts described in words.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventDeduper } from '../../src/adapters/slack/app.ts';
import { cardImageUrls } from '../../src/adapters/teams/bot.ts';
import { toAdaptiveCard } from '../../src/adapters/teams/card.ts';
import type { KvBackend } from '../../src/state/backend.ts';
import { createHttpServer } from '../../src/server/http.ts';
import { IMAGE_ID, IMAGE_TTL_MS, ImageTooLargeError, SharedImageStore, servedImageUrl } from '../../src/state/images.ts';
import { closeServer, listen, recordingLogger, tempEmbeddedBackend } from '../adapters/harness.ts';
import { answerReply, png } from '../adapters/replies.ts';

let clockMs = Date.parse('2026-03-02T08:00:00Z');
let state: KvBackend;
let store: SharedImageStore;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  state = await tempEmbeddedBackend(() => clockMs);
  store = new SharedImageStore(state, { maxBytes: 64 * 1024 });
  const server = createHttpServer({ images: store, health: () => ({}), logger: recordingLogger() });
  base = await listen(server);
  close = async () => {
    await closeServer(server);
    await state.close();
  };
});
afterAll(() => close());

describe('chart images on the embedded backend', () => {
  it('round-trips any bytes under their content hash and serves them with the PNG headers', async () => {
    const chart = await png(10, 120, 200, 300, 200);
    const allBytes = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7) % 256)); // every byte value, NULs included
    for (const bytes of [chart, allBytes]) {
      const id = await store.put(bytes);
      expect(id).toMatch(IMAGE_ID);
      expect(id).toBe(createHash('sha256').update(bytes).digest('hex').slice(0, 32));
      expect(await store.put(Buffer.from(bytes))).toBe(id); // same bytes, same id
      expect((await store.get(id))?.equals(bytes)).toBe(true);

      const res = await fetch(`${base}/images/${id}.png`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('cache-control')).toBe('public, max-age=86400, immutable');
      expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
      const head = await fetch(`${base}/images/${id}.png`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(Number(head.headers.get('content-length'))).toBe(bytes.length);
    }
  });

  it('404s unknown and malformed ids', async () => {
    expect((await fetch(`${base}/images/${'0'.repeat(32)}.png`)).status).toBe(404);
    expect((await fetch(`${base}/images/${'A'.repeat(32)}.png`)).status).toBe(404);
    expect((await fetch(`${base}/images/../state.sqlite`)).status).toBe(404);
    expect((await fetch(`${base}/images/abc.png`)).status).toBe(404);
    expect(await store.get('not-an-id')).toBeUndefined();
  });

  it('keeps an image for the TTL after it was last stored, then forgets it', async () => {
    const chart = await png(1, 2, 3);
    const id = await store.put(chart);
    clockMs += IMAGE_TTL_MS - 60_000;
    expect((await store.get(id))?.equals(chart)).toBe(true);
    await store.put(chart); // shown again: the expiry starts over
    clockMs += IMAGE_TTL_MS - 60_000;
    expect((await store.get(id))?.equals(chart)).toBe(true);
    clockMs += 120_000;
    expect(await store.get(id)).toBeUndefined();
    expect((await fetch(`${base}/images/${id}.png`)).status).toBe(404);
  });

  it('refuses an image over the size cap', async () => {
    await expect(store.put(Buffer.alloc(64 * 1024 + 1, 1))).rejects.toThrow(ImageTooLargeError);
  });

  it('describes a chart in words when it cannot be stored, and says why in the log', async () => {
    const broken = await tempEmbeddedBackend();
    await broken.close(); // every query now fails, as a store that went away would
    const reply = await answerReply();
    const warnings: string[] = [];
    const urls = await cardImageUrls(reply, servedImageUrl(new SharedImageStore(broken), base), (image, error) =>
      warnings.push(`${image.title}: ${error instanceof Error ? error.message : String(error)}`),
    );
    const card = toAdaptiveCard(reply, urls);
    expect(card.body.filter((e) => e.type === 'Image')).toHaveLength(0);
    expect(JSON.stringify(card.body)).toContain('**Titles by genre**');
    expect(warnings).toHaveLength(reply.images.length);

    // With a working store the same reply gets served URLs.
    const working = toAdaptiveCard(reply, await cardImageUrls(reply, servedImageUrl(store, base), () => undefined));
    expect(working.body.filter((e) => e.type === 'Image').map((e) => e.url)).toEqual(
      reply.images.map((i) => `${base}/images/${createHash('sha256').update(i.png).digest('hex').slice(0, 32)}.png`),
    );
  });
});

describe('Slack event ids on the embedded backend', () => {
  it('answers an id once within the TTL, and again after it', async () => {
    const deduper = new EventDeduper(state, 60 * 60_000);
    expect(await deduper.firstTime('Ev0EMBED1')).toBe(true);
    expect(await deduper.firstTime('Ev0EMBED1')).toBe(false);
    expect(await deduper.firstTime('Ev0EMBED2')).toBe(true);
    clockMs += 59 * 60_000;
    expect(await deduper.firstTime('Ev0EMBED1')).toBe(false);
    clockMs += 2 * 60_000;
    expect(await deduper.firstTime('Ev0EMBED1')).toBe(true);
    expect(await deduper.firstTime('Ev0EMBED1')).toBe(false);
  });

  it('rejects (so the event is answered) when the backend fails', async () => {
    const broken = await tempEmbeddedBackend();
    await broken.close();
    await expect(new EventDeduper(broken).firstTime('Ev0BROKEN')).rejects.toThrow();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { ChartSpec } from '../../charts/spec.ts';
import { loadConfig } from '../../src/config.ts';
import { renderImages } from '../../src/reply/images.ts';
import { createWorkerPool } from '../../src/server/pool.ts';
import { realCatalog } from '../intents/helpers.ts';
import { recordingLogger } from '../adapters/harness.ts';
import { startHarness, subscription, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('digest charts', () => {
  it('each section shows the chart that draws it (chosen by typed chart id), one image per chart, in section order', async () => {
    h = await startHarness('2026-03-30T07:00:05Z', {}, { charts: true });
    const sub = subscription('dg-charts', 'C0CHARTS', ['weekly', 'mon', '09:00', 'Europe/Berlin'], {
      content: { kind: 'digest', sections: ['green', 'rising', 'anomalies', 'movers'] },
    });
    const reply = await h.runtime.deps.composer.compose(sub, new Date('2026-03-30T07:00:00Z'));
    expect(reply?.images.map((image) => image.id)).toEqual([
      'identify.saturation',
      'forecast.rising-stars',
      'understand.anomalies',
      'forecast.genre-forecasts',
    ]);
    for (const image of reply?.images ?? []) expect(image.png.subarray(1, 4).toString()).toBe('PNG');
  }, 60_000);

  it('two sections drawn by the same chart share one image', async () => {
    h = await startHarness('2026-03-30T07:00:05Z', {}, { charts: true });
    const sub = subscription('dg-alert', 'C0ALERT', ['weekly', 'mon', '09:00', 'Europe/Berlin'], {
      content: { kind: 'digest', sections: ['rising', 'rising'] },
    });
    const reply = await h.runtime.deps.composer.compose(sub, new Date('2026-03-30T07:00:00Z'));
    expect(reply?.images.map((image) => image.id)).toEqual(['forecast.rising-stars']);
  }, 60_000);

  it("runs its stages and draws its pictures where it is told (serve's worker pool), looked up at each digest", async () => {
    const drawn: string[][] = [];
    const staged: string[] = [];
    const live: { pool?: ReturnType<typeof createWorkerPool> } = {};
    h = await startHarness(
      '2026-03-30T07:00:05Z',
      {},
      {
        charts: true,
        workers: () => {
          const pool = live.pool;
          if (!pool) return undefined;
          return {
            stage: (stage, now) => (staged.push(stage), pool.stage(stage, now)),
            pictures: (specs) => (drawn.push(specs.map((s) => s.id)), pool.pictures(specs)),
          };
        },
      },
    );
    const sub = subscription('dg-pool', 'C0POOL', ['weekly', 'mon', '09:00', 'Europe/Berlin'], { content: { kind: 'digest', sections: ['green', 'rising'] } });
    // Before the pool is up: computed and drawn here.
    const before = await h.runtime.deps.composer.compose(sub, new Date('2026-03-30T07:00:00Z'));
    expect([staged, drawn]).toEqual([[], []]);
    const pool = createWorkerPool({ catalog: await realCatalog(), config: loadConfig({}), models: false }, { size: 1, logger: recordingLogger() });
    live.pool = pool;
    try {
      await pool.ready();
      // A later digest (past the composer's five-minute cache of stage results): its stages run in the pool.
      h.clock.advance(6 * 60_000);
      const after = await h.runtime.deps.composer.compose(sub, new Date('2026-03-30T07:00:00Z'));
      expect(staged.sort()).toEqual(['forecast', 'identify']);
      expect(drawn).toEqual([['identify.saturation', 'forecast.rising-stars']]);
      // The same digest as composed in this thread: its words, and its pictures as Buffers.
      expect(after?.text).toBe(before?.text);
      expect(after?.bullets).toEqual(before?.bullets);
      expect(after?.images.map((i) => [i.id, i.width, i.height, Buffer.isBuffer(i.png)])).toEqual(before?.images.map((i) => [i.id, i.width, i.height, true]));
    } finally {
      await pool.close();
    }
  }, 120_000);
});

describe('the worker pool draws chat pictures', () => {
  it('as this thread does: the same sizes and bytes for the same specs', async () => {
    const pool = createWorkerPool({ catalog: await realCatalog(), config: loadConfig({}), models: false }, { size: 1, logger: recordingLogger() });
    try {
      await pool.ready();
      const { galleryCharts } = await import('../../src/cli/charts.ts');
      const specs: ChartSpec[] = galleryCharts(await realCatalog(), { now: new Date('2026-03-30T07:00:00Z'), stages: ['identify'], surface: 'chat' }).slice(
        0,
        2,
      );
      const [inPool, here] = await Promise.all([pool.pictures(specs), renderImages(specs, () => undefined)]);
      expect(inPool.map((i) => i.id)).toEqual(specs.map((s) => s.id));
      expect(inPool.map((i) => i.png.length)).toEqual(here.images.map((i) => i.png.length));
      expect(inPool.every((i) => Buffer.isBuffer(i.png))).toBe(true);
    } finally {
      await pool.close();
    }
  }, 120_000);
});

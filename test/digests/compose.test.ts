import { afterEach, describe, expect, it } from 'vitest';
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
});

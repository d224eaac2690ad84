/**
 * Alerts post only when their condition fires, with the evidence and drill-in buttons — evaluated on the real
 * catalog's stage results, delivered through the real outbox to the fake Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import { evaluateForecastBand, evaluateZoneChange } from '../../src/digests/alerts.ts';
import { tick } from '../../src/digests/scheduler.ts';
import { parseSchedule } from '../../src/digests/schedule.ts';
import { realCatalog, startHarness, subscription, type Harness } from './harness.ts';

describe('alert conditions on the real catalog', () => {
  it('zone-change fires only when the zone differs from the last evaluation', async () => {
    const identify = validateAndRunStage('identify', {}, { catalog: await realCatalog(), now: new Date('2026-01-01T00:00:00Z') });
    const horror = identify.data.saturation.genres.find((g) => g.genre === 'Horror');
    expect(horror).toBeDefined();
    const first = evaluateZoneChange('Horror', identify, {});
    expect(first.fired).toBe(false);
    expect(first.memory.zone).toBe(horror?.zone);
    const other = horror?.zone === 'GREEN' ? 'RED' : 'GREEN';
    const moved = evaluateZoneChange('Horror', identify, { zone: other });
    expect(moved.fired).toBe(true);
    expect(moved.evidence[0]).toMatch(new RegExp(`Horror moved from ${other} to ${horror?.zone}: hit rate \\d+%`));
  });

  it('forecast-band fires when a month with actuals fell outside the band forecast for it', async () => {
    const forecast = validateAndRunStage('forecast', {}, { catalog: await realCatalog(), now: new Date('2026-01-01T00:00:00Z') });
    const drama = forecast.data.series.find((s) => s.genre === 'Drama');
    const last = drama?.history.filter((p) => p.value > 0).at(-1);
    expect(last).toBeDefined();
    const month = last?.month ?? '';
    const value = last?.value ?? 0;
    const inside = evaluateForecastBand('Drama', forecast, { band: [{ month, value, low: value - 1, high: value + 1 }] });
    expect(inside.fired).toBe(false);
    const above = evaluateForecastBand('Drama', forecast, { band: [{ month, value: value / 3, low: value / 4, high: value / 2 }] });
    expect(above.fired).toBe(true);
    expect(above.evidence[0]).toContain(`Drama ${month}: actual engagement`);
    expect(above.evidence[0]).toContain('above the forecast band');
  });
});

describe('an alert subscription through the outbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('2026-03-30T09:00:10Z');
  });
  afterAll(() => h.close());

  it('stays quiet while nothing changes, then posts the evidence with drill-in buttons', async () => {
    const sub = subscription('al-horror', 'C0ALERT', ['daily', '09:00', 'UTC'], {
      content: { kind: 'alert', condition: { kind: 'zone-change', genre: 'Horror' } },
      schedule: parseSchedule(['daily', '09:00', 'UTC']).schedule,
    });
    await h.runtime.state.putSubscription(sub);
    const first = await tick(h.runtime.deps);
    expect(first.results['al-horror@2026-03-30T09:00:00.000Z']).toBe('quiet');
    expect(await h.messages('C0ALERT')).toHaveLength(0);
    const memory = await h.runtime.state.getAlertMemory<{ zone: string }>('al-horror');
    expect(memory?.zone).toMatch(/GREEN|AMBER|RED/);

    // The next day the zone recorded yesterday differs from today's.
    const yesterday = memory?.zone === 'RED' ? 'GREEN' : 'RED';
    await h.runtime.state.putAlertMemory('al-horror', { zone: yesterday });
    h.clock.set('2026-03-31T09:00:10Z');
    expect((await tick(h.runtime.deps)).results['al-horror@2026-03-31T09:00:00.000Z']).toBe('sent');
    const post = h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === 'C0ALERT');
    const blocks = JSON.stringify(post?.args.blocks);
    expect(blocks).toContain('Alert: Horror changes zone');
    expect(blocks).toContain(`Horror moved from ${yesterday} to ${memory?.zone}`);
    expect(blocks).toContain('/identify Horror'); // "Why?" drills into the stage
    expect(blocks).toContain('/digest stop al-horror');
  });
});

/**
 * Digests lead with what changed since the last one: each section's figure against the same figure last time
 * (▲/▼/=), composed on the real catalog and remembered per subscription.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createDigestComposer } from '../../src/digests/compose.ts';
import { changeLine, risingStars, type Measure } from '../../src/digests/sections.ts';
import { summarise } from '../../src/reply/summary.ts';
import { openEmbeddedBackend } from '../../src/state/embedded.ts';
import { DigestState } from '../../src/digests/state.ts';
import type { Subscription } from '../../src/digests/types.ts';
import { realCatalog } from '../intents/helpers.ts';

describe('changeLine', () => {
  const now: Measure[] = [
    { label: 'GREEN-zone genres', value: 3, unit: 'count' },
    { label: 'Horror forecast change', value: 0.12, unit: 'share' },
    { label: 'known outliers', value: 40, unit: 'count' },
  ];
  it('says ▲, ▼ or = against the same figure last time, and leaves out what was not measured then', () => {
    const before: Measure[] = [
      { label: 'GREEN-zone genres', value: 4, unit: 'count' },
      { label: 'Drama forecast change', value: 0.3, unit: 'share' }, // another top genre: not comparable
      { label: 'known outliers', value: 40, unit: 'count' },
    ];
    expect(changeLine(now, before, 'data as of 2026-05-31')).toBe(
      'Since the last digest (data as of 2026-05-31): ▼ GREEN-zone genres 4 → 3 · = known outliers 40.',
    );
    expect(changeLine(now, [{ label: 'Horror forecast change', value: 0.05, unit: 'share' }], undefined)).toBe(
      'Since the last digest: ▲ Horror forecast change 5% → 12%.',
    );
  });
  it('calls a first digest the baseline', () => {
    expect(changeLine(now, undefined, undefined)).toMatch(/^First digest here/);
  });
});

describe('a digest composed twice', () => {
  let dir: string;
  let state: DigestState;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gl-changes-'));
    state = new DigestState(await openEmbeddedBackend(join(dir, 'state.sqlite')));
  });
  afterAll(async () => {
    await state.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('leads with the change since the last one', async () => {
    const catalog = await realCatalog();
    const deps = {
      catalog,
      config: loadConfig({}),
      now: () => new Date('2026-07-01T09:00:00Z'),
      models: () => Promise.reject(new Error('no models in this test')),
      log: () => {},
    };
    const composer = createDigestComposer(deps, state, { charts: false });
    const sub: Subscription = {
      id: 'dg-changes',
      channel: { kind: 'slack', channelId: 'C0DIGEST' },
      owner: 'U0ALICE',
      schedule: { cron: '0 9 * * 1', timezone: 'UTC', label: 'weekly mon 09:00 UTC' },
      content: { kind: 'digest', sections: ['green'] },
      createdAt: '2026-06-01T00:00:00Z',
      status: 'active',
    };
    const first = await composer.compose(sub, new Date());
    expect(first?.decision).toMatch(/^First digest here/);
    const memory = (await state.getAlertMemory<{ measures: Measure[] }>(sub.id))!;
    const green = memory.measures.find((m) => m.label === 'GREEN-zone genres')!;
    // As if the last digest had seen one GREEN zone more.
    await state.putAlertMemory(sub.id, { ...memory, measures: [{ ...green, value: green.value + 1 }] });
    const second = await composer.compose(sub, new Date());
    expect(second?.decision).toBe(`Since the last digest: ▼ GREEN-zone genres ${green.value + 1} → ${green.value}.`);
  }, 60_000);
});

describe('the rising-stars section', () => {
  it('gives velocities on the comparable scale and names the genre each title outpaces', async () => {
    const { validateAndRunStage } = await import('../../src/core/stages/index.ts');
    const result = validateAndRunStage('forecast', {}, { catalog: await realCatalog(), now: new Date('2026-07-01T09:00:00Z') });
    const text = risingStars(result).bullet;
    const star = result.data.risingStars[0];
    if (!star) throw new Error('expected a rising star on the real snapshot');
    // Velocity is popularity percentile per day (raw popularity is not comparable across sources), against the median
    // of the genre the title outpaces most — one of its genres, not "its" genre.
    expect(text).toContain(`${star.title} (${star.year}) `);
    expect(text).toContain(`popularity percentile/day, ${star.ratio.toFixed(0)}× the ${star.genre} median`);
    expect(text).not.toMatch(/ popularity\/day/);
    // The chat reply's key figure names the same genre.
    expect(summarise(result).facts.find((f) => f.label === 'Rising star')?.value).toBe(`${star.title} (${star.ratio.toFixed(1)}× the ${star.genre} median)`);
  });
});

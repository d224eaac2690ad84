/** Predict's per-view bullets (`details`) on a small catalog with a constructed model port. */
import { describe, expect, it } from 'vitest';
import type { CopilotInput, CopilotPrediction, Driver, GenreForecast, ModelPort, MonthlyPoint } from '../../src/core/model-port.ts';
import { runStage } from '../../src/core/stages/index.ts';
import type { Insight } from '../../src/core/types.ts';
import { catalogOf, expectWellFormedDetails, title } from './fixtures.ts';

const now = new Date('2025-01-01T00:00:00Z');

/**
 * 40 Science Fiction movies of 2016–2023 with budgets 1M..40M (so budget levels map to 4M-wide deciles), popularity
 * 2..202 rising faster than the budget, released across the four quarters; 2 Science Fiction series; 10 dramas.
 */
const catalog = catalogOf([
  ...Array.from({ length: 40 }, (_, k) =>
    title({
      title: `Star ${k + 1}`,
      genres: ['Science Fiction'],
      budget: (k + 1) * 1e6,
      popularity: 2 + (k + 1) ** 2 / 8,
      voteAverage: 5 + (k % 5) * 0.5,
      voteCount: 50 + 40 * k,
      runtime: 90 + (k % 4) * 10,
      releaseDate: `${2016 + (k % 8)}-${String((k % 4) * 3 + 2).padStart(2, '0')}-01`,
    }),
  ),
  title({ title: 'Orbit', genres: ['Science Fiction'], mediaType: 'tv', popularity: 40, releaseDate: '2021-03-01' }),
  title({ title: 'Relay', genres: ['Science Fiction'], mediaType: 'tv', popularity: 20, releaseDate: '2022-05-01' }),
  ...Array.from({ length: 10 }, (_, k) => title({ genres: ['Drama'], popularity: 10 + k, releaseDate: '2019-01-01' })),
]);

/** Predicted popularity per budget level: flat between 5 and 7 (the plan asks for 7), steepest from 8 to 9. */
const CURVE = [10, 11, 12, 13, 20, 20, 20, 22, 30, 31];
const HIT = [0.3, 0.32, 0.31, 0.35, 0.4, 0.41, 0.42, 0.43, 0.5, 0.52];
const DRIVERS: Driver[] = [
  { feature: 'runtime band: 90–119 min', contribution: -6 },
  { feature: 'genre: Science Fiction', contribution: 4 },
  { feature: 'budget level: 7', contribution: 2.5 },
  { feature: 'release quarter: Q3', contribution: 0 },
  { feature: 'original language: en', contribution: -0.5 },
];

function prediction(input: CopilotInput, budgetMatters = true): CopilotPrediction {
  const level = budgetMatters ? input.budgetLevel : 1;
  const value = CURVE[level - 1];
  return {
    popularity: { value, low: value / 4, high: value * 3, level: 0.8 },
    hitProbability: HIT[level - 1],
    risk: 'MEDIUM',
    recommendation: 'CONSIDER',
    drivers: DRIVERS,
    baseValue: 20,
    model: 'constructed',
    accuracyNotes: [],
  };
}

function models(copilot: (input: CopilotInput) => CopilotPrediction): ModelPort {
  return {
    copilot,
    anomalies: () => [],
    forecast: (genre: string, history: readonly MonthlyPoint[]): GenreForecast => ({ genre, periodMonths: 3, history: [...history], forecast: [], method: 'naive', model: 'none', outlook: false, backtest: null }),
    metrics: () => [],
  };
}

const PLAN = { genre: 'sci-fi', type: 'movie', budget: 7, quarter: 'Q3' };
const named = (list: readonly Insight[], part: string) => list.find((i) => i.text.includes(part));


describe('predict details with models', () => {
  const r = runStage('predict', PLAN, { catalog, models: models((input) => prediction(input)), now });

  it('gives every view 1–4 bullets citing figures in the result, none repeated across views', () => {
    expect(r.data.budgetCurve.map((c) => c.popularity)).toEqual(CURVE);
    expectWellFormedDetails(r);
  });

  it('outlook: places the prediction against the genre median and compares the interval with the genre spread', () => {
    const list = r.details.outlook;
    const { p10, p50, p90 } = r.data.genreDistribution;
    expect(list[0].figures).toMatchObject({ p50, popularity: 20 });
    expect(list[0].text).toContain(20 >= (p50 ?? 0) ? 'the plan is above it' : 'the plan is below it');
    const interval = named(list, 'interval');
    // 5–60 spans 12×; the genre's 10th–90th percentile spans p90 / p10
    expect(interval?.text).toContain('12.0×');
    expect(interval?.text).toContain(12 > (p90 ?? 0) / (p10 ?? 1) ? 'wider than' : 'within');
    expect(named(list, 'hit probability compares with')?.figures).toMatchObject({ hitProbability: 0.42, hitRate: r.data.benchmarks.stats.hitRate });
  });

  it('budget-curve: names the cheapest level predicting as much as the plan, the steepest step and the hit-probability extremes', () => {
    const list = r.details['budget-curve'];
    const at = r.data.budgetCurve[6];
    const cheapest = r.data.budgetCurve.find((c) => c.popularity >= at.popularity);
    expect(cheapest?.level).toBe(5);
    const band = r.data.budgetBands.find((b) => b.level === 5);
    expect(named(list, 'predicts as much as level 7')?.text.startsWith(`Level 5 ($${(band?.min ?? 0) / 1e6}`)).toBe(true);
    const steps = r.data.budgetCurve.slice(1).map((c, k) => ({ from: k + 1, jump: c.popularity - r.data.budgetCurve[k].popularity }));
    const steepest = steps.reduce((a, b) => (Math.abs(b.jump) > Math.abs(a.jump) ? b : a));
    expect(named(list, 'steepest step')?.figures).toMatchObject({ fromLevel: steepest.from, toLevel: steepest.from + 1 });
    const hit = named(list, 'Hit probability ranges');
    const byHit = [...r.data.budgetCurve].sort((a, b) => a.hitProbability - b.hitProbability);
    expect(hit?.figures).toMatchObject({ lowLevel: byHit[0].level, highLevel: byHit[byHit.length - 1].level });
    expect(hit?.text).not.toContain('only'); // 30% to 52% is not a narrow range
  });

  it('profile: names the measure on which the hits differ most from the genre', () => {
    const list = r.details.profile;
    const spread = r.data.profile
      .filter((m) => m.genreHits !== null && m.genreAll !== null && m.genreHits > 0 && m.genreAll > 0)
      .map((m) => ({ metric: m.metric, gap: Math.abs(Math.log((m.genreHits ?? 1) / (m.genreAll ?? 1))) }))
      .sort((a, b) => b.gap - a.gap || a.metric.localeCompare(b.metric));
    expect(list[0].figures.metric).toBe(spread[0].metric);
    expect(named(list, 'barely separates')?.figures.metric).toBe(spread[spread.length - 1].metric);
    const pop = r.data.profile.find((m) => m.metric === 'popularity');
    expect(named(list, "plan's predicted popularity")?.figures).toMatchObject({ planned: 20, genreAll: pop?.genreAll });
  });

  it('benchmarks: the engagement leader is the top of the list, the hits are counted from it', () => {
    const list = r.details.benchmarks;
    const titles = r.data.benchmarks.titles;
    const leader = [...titles].sort((a, b) => b.engagement - a.engagement)[0];
    expect(leader.key).not.toBe(titles[0].key);
    expect(named(list, 'leads the list on engagement')?.figures).toMatchObject({ title: leader.title, engagement: leader.engagement });
    const hits = titles.filter((t) => t.hit).length;
    expect(named(list, 'titles listed were hits')?.text.startsWith(`${hits} of the ${titles.length} titles listed were hits`)).toBe(true);
    // the stage's own bullets about the benchmarks are the same sentences
    expect(list[0].text).toBe(r.insights.find((i) => i.text.includes('became hits'))?.text);
  });

  it('drivers: the biggest driver, the strongest in the other direction, the budget input and its rank', () => {
    const list = r.details.drivers;
    expect(list[0].text).toBe('Biggest driver: runtime band: 90–119 min (-6.00 popularity).');
    const up = DRIVERS.filter((d) => d.contribution > 0).sort((a, b) => b.contribution - a.contribution)[0];
    expect(named(list, 'strongest push up')?.figures.feature).toBe(up.feature);
    // zero contributions are not inputs that moved it: 4 of them, budget 3rd
    expect(named(list, 'The budget itself')?.text).toContain('3rd of 4 inputs');
    expect(named(list, 'push the prediction up')?.text).toBe('2 inputs push the prediction up by +6.50 in all, 2 pull it down by -6.50, from a base value of 20.0.');
  });

  it('is deterministic', () => {
    expect(runStage('predict', PLAN, { catalog, models: models((input) => prediction(input)), now }).details).toEqual(r.details);
  });
});

describe('predict details without models, on TV and on thin data', () => {
  it('without models: one bullet each for the budget curve and the drivers, the outlook describes the genre alone', () => {
    const r = runStage('predict', PLAN, { catalog, now });
    expect(r.details['budget-curve']).toHaveLength(1);
    expect(r.details.drivers).toHaveLength(1);
    expect(r.details.outlook[0].text).toContain('No prediction without trained models');
    expect(r.details.outlook.length).toBeGreaterThan(1);
    expectWellFormedDetails(r);
  });

  it('a budget that moves nothing is said in one bullet, and TV plans get no budget band', () => {
    const r = runStage('predict', { ...PLAN, type: 'tv' }, { catalog, models: models((input) => prediction(input, false)), now });
    expect(r.details['budget-curve'].map((i) => i.text)).toEqual(['The budget level does not move the prediction: every level predicts popularity 10.0, hit probability 30% (TMDB has no budgets for TV).']);
    expect(named(r.details.benchmarks, 'No title can match a budget band here (TMDB has no TV budgets)')).toBeDefined();
    // two series only: too few to place the plan in the genre's percentiles
    expect(r.details.outlook.map((i) => i.text)).toEqual(["Only 2 Science Fiction series in the catalog: too few for the genre's percentiles to place the plan."]);
    expectWellFormedDetails(r);
  });

  it('a genre with no titles of the type: one plain bullet per descriptive view', () => {
    const r = runStage('predict', { ...PLAN, genre: 'western' }, { catalog, models: models((input) => prediction(input)), now });
    expect(r.data.genreDistribution.titles).toBe(0);
    for (const view of ['outlook', 'profile', 'benchmarks'] as const) expect(r.details[view], view).toHaveLength(1);
    expect(r.details.benchmarks[0].text).toMatch(/^No Western movies were released \d{4}–\d{4}: nothing to benchmark against\.$/);
    expectWellFormedDetails(r);
  });
});

/** Predict's per-view bullets (`details`) on a small catalog with a constructed model port. */
import { describe, expect, it } from 'vitest';
import type { CopilotInput, CopilotPrediction, Driver, ModelPort, ReferenceOutcomes } from '../../src/core/model-port.ts';
import { verdictOf } from '../../src/core/intelligence/rules.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import { DISAGREEMENT } from '../../src/core/stages/predict-details.ts';
import type { Insight } from '../../src/core/types.ts';
import { summarise } from '../../src/reply/summary.ts';
import { catalogOf, expectWellFormedDetails, noForecast, title } from './fixtures.ts';

const now = new Date('2025-01-01T00:00:00Z');

/**
 * 40 Science Fiction movies of 2016–2023 with budgets 1M..40M (so budget levels map to 4M-wide deciles), popularity
 * 2..202 rising faster than the budget, revenues 0.5–4.5× their budgets, released across the four quarters; 2 Science
 * Fiction series; 10 dramas.
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
      revenue: (k + 1) * 1e6 * (0.5 + (k % 5)),
      runtime: 90 + (k % 4) * 10,
      releaseDate: `${2016 + (k % 8)}-${String((k % 4) * 3 + 2).padStart(2, '0')}-01`,
    }),
  ),
  title({ title: 'Orbit', genres: ['Science Fiction'], mediaType: 'tv', popularity: 40, releaseDate: '2021-03-01' }),
  title({ title: 'Relay', genres: ['Science Fiction'], mediaType: 'tv', popularity: 20, releaseDate: '2022-05-01' }),
  ...Array.from({ length: 10 }, (_, k) => title({ genres: ['Drama'], popularity: 10 + k, releaseDate: '2019-01-01' })),
]);

/** Predicted popularity percentile per budget level; break-even odds fall as the budget (the hurdle) rises. */
const CURVE = [10, 11, 12, 13, 20, 20, 20, 22, 30, 31];
const HIT = [0.3, 0.32, 0.31, 0.35, 0.4, 0.41, 0.42, 0.43, 0.5, 0.52];
const DRIVERS: Driver[] = [
  { feature: 'runtime 100 min (assumed)', contribution: -0.6 },
  { feature: 'genre: Science Fiction', contribution: 0.4 },
  { feature: 'budget $20M', contribution: 0.25 },
  { feature: 'release year 2024 (assumed)', contribution: 0 },
];
const ASSUMPTIONS = ['runtime 100 min (the median of Science Fiction movies with budgets and revenues)', 'original language en (the most common)'];

/** A constructed copilot: money for movies with a dollar budget (revenue = 2.2 × budget^0.98), the real verdict rule. */
function prediction(input: CopilotInput, reference?: ReferenceOutcomes, seen?: (ReferenceOutcomes | undefined)[]): CopilotPrediction {
  seen?.push(reference);
  const value = CURVE[input.budgetLevel - 1];
  const usd = input.mediaType === 'movie' ? input.budgetUsd : undefined;
  const revenue = usd !== undefined ? 2.2 * usd ** 0.98 : null;
  const money =
    usd !== undefined && revenue !== null
      ? {
          budgetUsd: usd,
          budgetNote: input.budgetNote ?? 'as given',
          revenue: { value: revenue, low: revenue / 4, high: revenue * 3, level: 0.8 },
          multiple: { value: revenue / usd, low: revenue / usd / 4, high: (3 * revenue) / usd, level: 0.8 },
          breakEvenMultiple: 2.5,
          breakEvenProbability: 0.62 - 0.03 * input.budgetLevel,
          outOfTime: [
            { window: 'recent', test: 'released 2019 or later', n: 400, r2: 0.37, baselineR2: 0.3, referenceClassR2: 0.33, auc: 0.66, referenceClassAuc: 0.6 },
          ],
          trackRecord: [
            { recommendation: 'GREENLIGHT' as const, n: 120, breakEvenRate: 0.61, hitRate: 0.4 },
            { recommendation: 'CONSIDER' as const, n: 300, breakEvenRate: 0.5, hitRate: 0.45 },
            { recommendation: 'PASS' as const, n: 200, breakEvenRate: 0.28, hitRate: 0.4 },
          ],
        }
      : null;
  const verdict = reference
    ? verdictOf({
        breakEvenProbability: money?.breakEvenProbability ?? null,
        classBreakEvenRate: money ? reference.breakEvenRate : null,
        predictedMultiple: money?.multiple.value ?? null,
        classMedianMultiple: money ? reference.medianMultiple : null,
        hitProbability: HIT[input.budgetLevel - 1],
        classHitRate: reference.hitRate,
        predictedPopularity: value,
        classMedianPopularity: reference.medianPopularity,
      })
    : { recommendation: 'CONSIDER' as const, reasons: [] };
  return {
    popularity: { value, low: value / 4, high: Math.min(100, value * 3), level: 0.8 },
    hitProbability: HIT[input.budgetLevel - 1],
    risk: 'MEDIUM',
    recommendation: verdict.recommendation,
    verdictReasons: verdict.reasons,
    drivers: money ? DRIVERS : DRIVERS.filter((d) => !d.feature.startsWith('budget')),
    baseValue: money ? 17 : 20,
    model: 'constructed',
    accuracyNotes: [],
    money,
    assumptions: input.mediaType === 'tv' ? ASSUMPTIONS.slice(1) : ASSUMPTIONS,
  };
}

function models(copilot: ModelPort['copilot']): ModelPort {
  return {
    copilot,
    anomalies: () => [],
    forecast: noForecast,
    metrics: () => [],
  };
}

const PLAN = { genre: 'sci-fi', type: 'movie', budget: 7, quarter: 'Q3' };
const DOLLARS = { genre: 'sci-fi', type: 'movie', budgetUsd: '$20M', quarter: 'Q3' };
const named = (list: readonly Insight[], part: string) => list.find((i) => i.text.includes(part));
const texts = (r: ReturnType<typeof validateAndRunStage<'predict'>>) => [...r.insights, ...Object.values(r.details).flat()].map((i) => i.text);

describe('predict with a dollar budget', () => {
  const seen: (ReferenceOutcomes | undefined)[] = [];
  const r = validateAndRunStage('predict', DOLLARS, { catalog, models: models((input, ref) => prediction(input, ref, seen)), now });

  it('leads with the verdict line: verdict, break-even odds against the comparables, how much the model explains out of time', () => {
    const ref = r.data.reference;
    const money = r.data.prediction?.money;
    expect(money?.budgetUsd).toBe(20e6);
    expect(r.data.budget).toEqual({ usd: 20e6, given: true, note: '$20M, as given' });
    expect(r.data.verdictLine).toBe(
      `${r.data.prediction?.recommendation} · ${Math.round(100 * (money?.breakEvenProbability ?? 0))}% chance to break even (comparables ${Math.round(100 * (ref?.breakEvenRate ?? 0))}%) · revenue model explains 37% of variation out of time`,
    );
    expect(r.insights[0].text).toMatch(/^(GREENLIGHT|CONSIDER|PASS): a \$20M Science Fiction movie in Q3 is expected to gross \$[\d.]+M worldwide/);
    expect(r.insights[0].text).toContain('chance to reach the 2.5× break-even');
  });

  it('names the reference class and passes its outcomes, on the same scales, to the copilot', () => {
    const ref = r.data.reference;
    expect(ref?.n).toBe(40); // every sci-fi movie has a budget and revenue: the class is the 40 nearest
    const multiples = (ref?.members ?? []).map((m) => m.multiple as number).sort((a, b) => a - b);
    expect(ref?.breakEvenRate).toBe(multiples.filter((m) => m >= 2.5).length / multiples.length);
    // popularity: the comparable percentile (0–100), the scale of the prediction and of the genre distribution
    const pops = (ref?.members ?? []).map((m) => m.popularity);
    expect(Math.max(...pops)).toBeLessThanOrEqual(100);
    expect(seen[0]).toEqual({
      breakEvenRate: ref?.breakEvenRate,
      medianMultiple: ref?.multiple?.p50,
      hitRate: ref?.hitRate,
      medianPopularity: ref?.medianPopularity,
    });
    expect(named(r.insights, 'Comparable: 40 Science Fiction movies')?.text).toMatch(
      /median [\d.]+× \(P10–P90 [\d.]+×–[\d.]+×\), \d+% broke even, \d+% hits\.$/,
    );
  });

  it('quotes the track record and lists what it assumed', () => {
    expect(named(r.insights, 'Track record')?.text).toBe(
      'Track record, out of time (movies of 2015 on, judged with only earlier years): of past GREENLIGHTs, 61% broke even (n = 120); of PASSes, 28% (n = 200).',
    );
    expect(named(r.insights, 'Assumed:')?.text).toBe(`Assumed: ${ASSUMPTIONS.join('; ')}.`);
  });

  it('gives every view 1–4 bullets citing figures in the result, none repeated across views', () => {
    expectWellFormedDetails(r);
  });

  it('budget-curve: the budget is a cost: the multiple and break-even chance across the levels', () => {
    const curve = r.data.budgetCurve;
    expect(curve).toHaveLength(10);
    expect(curve.every((c) => c.breakEvenProbability !== null)).toBe(true);
    const first = named(r.details['budget-curve'], 'the budget is a cost');
    expect(first?.figures).toMatchObject({ lowBudget: curve[0].budgetUsd, highBudget: curve[9].budgetUsd });
  });

  it('is deterministic', () => {
    const again = validateAndRunStage('predict', DOLLARS, { catalog, models: models((input, ref) => prediction(input, ref)), now });
    expect(again.data).toEqual(r.data);
    expect(again.details).toEqual(r.details);
  });
});

describe('predict with a budget level only', () => {
  const seen: CopilotInput[] = [];
  const r = validateAndRunStage('predict', PLAN, { catalog, models: models((input, ref) => (seen.push(input), prediction(input, ref))), now });

  it('assumes the middle of the level’s band, and says so among the assumptions', () => {
    const band = r.data.budgetBands[6];
    expect(r.data.budget?.given).toBe(false);
    expect(r.data.budget?.usd).toBeCloseTo(Math.sqrt(band.min * band.max), 6);
    expect(seen[0].budgetNote).toBe(r.data.budget?.note);
    expect(named(r.insights, 'Assumed:')?.text.startsWith(`Assumed: budget ${r.data.budget?.note.replace(/^assumed /, '')}; runtime 100 min`)).toBe(true);
    expectWellFormedDetails(r);
  });
});

describe('a low budget', () => {
  it('its verdict says beside the odds that the catalog flatters cheap films; a mid budget’s does not', () => {
    const low = validateAndRunStage('predict', { ...PLAN, budget: 2 }, { catalog, models: models((input, ref) => prediction(input, ref)), now });
    const mid = validateAndRunStage('predict', { ...PLAN, budget: 7 }, { catalog, models: models((input, ref) => prediction(input, ref)), now });
    expect(low.data.verdictLine).toMatch(/ · likely optimistic: the catalog’s low-budget films are mostly ones that broke out$/);
    expect(mid.data.verdictLine).not.toContain('optimistic');
  });

  it('budget levels ignore budgets under $100K (TMDB entry errors such as "$4" for $4M)', () => {
    const withErrors = catalogOf([
      ...catalog.titles,
      ...[4, 50, 900].map((budget) => title({ genres: ['Science Fiction'], budget, revenue: 1e6, releaseDate: '2020-01-01' })),
    ]);
    const r = validateAndRunStage('predict', PLAN, { catalog: withErrors, models: models((input, ref) => prediction(input, ref)), now });
    expect(r.data.budgetBands[0].min).toBeGreaterThanOrEqual(1e5);
    expect(r.data.budgetBands).toEqual(validateAndRunStage('predict', PLAN, { catalog, now }).data.budgetBands);
  });
});

describe('predict for TV', () => {
  const seen: CopilotInput[] = [];
  const r = validateAndRunStage(
    'predict',
    { ...DOLLARS, type: 'tv' },
    { catalog, models: models((input, ref) => (seen.push(input), prediction(input, ref))), now },
  );

  it('makes no budget claim: no dollars, no budget level, no budget curve, no money', () => {
    expect(seen).toHaveLength(1); // no budget curve: one question only
    expect(seen[0].budgetUsd).toBeUndefined();
    expect(r.data.budget).toBeNull();
    expect(r.data.budgetCurve).toEqual([]);
    expect(r.data.prediction?.money).toBeNull();
    expect(r.data.reference?.budgetRange).toBeNull();
    for (const text of texts(r)) {
      expect(text, text).not.toMatch(/\$\d/);
      expect(text, text).not.toMatch(/budget level \d|budget band \$|break even|multiple/i);
    }
    expect(r.data.verdictLine).toMatch(
      /^(GREENLIGHT|CONSIDER|PASS) · \d+% chance of a hit \(comparables \d+%\) · TV: judged on popularity and hits, no budget data$/,
    );
    expect(named(r.details['budget-curve'], 'No budget curve for TV')).toBeDefined();
  });
});

describe('the verdict line says when the model and its comparables disagree', () => {
  // The same plan, its comparables fixed; the model's chance moved 20 and 30 points away from theirs.
  const at =
    (shift: number) =>
    (input: CopilotInput, ref?: ReferenceOutcomes): CopilotPrediction => {
      const base = prediction(input, ref);
      return { ...base, hitProbability: Math.min(1, Math.max(0, (ref?.hitRate ?? 0.3) + shift)) };
    };
  it(`beside the odds, ${Math.round(100 * DISAGREEMENT)} points or more apart, in the points the line shows`, () => {
    const far = validateAndRunStage('predict', { ...PLAN, type: 'tv' }, { catalog, models: models(at(-0.3)), now });
    const near = validateAndRunStage('predict', { ...PLAN, type: 'tv' }, { catalog, models: models(at(-0.2)), now });
    const shown = (v: number | undefined) => Math.round(100 * (v ?? 0));
    const gap = Math.abs(shown(far.data.prediction?.hitProbability) - shown(far.data.reference?.hitRate));
    expect(far.data.verdictLine).toContain(`(comparables ${shown(far.data.reference?.hitRate)}%) · model and comparables ${gap} points apart: weigh both`);
    expect(near.data.verdictLine).not.toContain('apart');
  });
});

describe('each probability carries its qualifier in the same bullet', () => {
  const withQuality = (input: CopilotInput, ref?: ReferenceOutcomes): CopilotPrediction => ({
    ...prediction(input, ref),
    hitModel: { auc: 0.69, calibrationError: 0.029 },
    popularityModel: { r2: -0.02, baselineR2: -0.04 },
  });

  it('a TV prediction: the popularity with its model’s out-of-time R², the hit probability with its AUC and calibration, in the bullet and the decision line', () => {
    const r = validateAndRunStage('predict', { ...PLAN, type: 'tv' }, { catalog, models: models(withQuality), now });
    const verdict = r.insights[0].text;
    expect(verdict).toContain('(80% interval ');
    expect(verdict).toMatch(/; the model explains little of popularity out of time, R² -0\.02 vs -0\.04 for the genre median\), hit probability/);
    expect(verdict).toMatch(/hit probability \d+% \(model AUC 0\.69: ranks better than chance; calibrated within 2\.9 points\), /);
    expect(r.data.verdictLine).toMatch(/chance of a hit \(comparables \d+%\) · hit model AUC 0\.69, calibrated within 2\.9 points · TV:/);
    // The key figure in chat carries it too; a probability whose model was never measured says so.
    expect(summarise(r).facts.find((f) => f.label === 'Hit probability')?.value).toMatch(/^\d+% \(model AUC 0\.69\)$/);
    const unmeasured = validateAndRunStage('predict', DOLLARS, { catalog, models: models((i, ref) => prediction(i, ref)), now });
    expect(summarise(unmeasured).facts.find((f) => f.label === 'Hit probability')?.value).toMatch(/^\d+% \(not validated\)$/);
    // A weaker model is said to be weaker.
    const weak = validateAndRunStage(
      'predict',
      { ...PLAN, type: 'tv' },
      { catalog, models: models((i, ref) => ({ ...prediction(i, ref), hitModel: { auc: 0.55, calibrationError: 0.08 } })), now },
    );
    expect(weak.insights[0].text).toContain('(model AUC 0.55: barely better than chance; calibrated within 8.0 points)');
  });

  it('a break-even chance: the out-of-time AUC against the comparables alone', () => {
    const r = validateAndRunStage('predict', DOLLARS, { catalog, models: models(withQuality), now });
    expect(r.insights[0].text).toMatch(/chance to reach the 2\.5× break-even \(break-even AUC 0\.66 out of time, comparables alone 0\.60\)\./);
  });
});

describe('predict without models, on thin data', () => {
  it('without models: comparables and benchmarks, no verdict', () => {
    const r = validateAndRunStage('predict', PLAN, { catalog, now });
    expect(r.data.verdictLine).toMatch(/^NO VERDICT · the models are not loaded · comparables: 40 Science Fiction movies, \d+% hits$/);
    expect(r.details['budget-curve']).toHaveLength(1);
    expect(r.details.drivers).toHaveLength(1);
    expect(r.details.outlook[0].text).toContain('No prediction without trained models');
    expectWellFormedDetails(r);
  });

  it('a genre with no titles of the type: one plain bullet per descriptive view', () => {
    const r = validateAndRunStage('predict', { ...PLAN, genre: 'western' }, { catalog, models: models((input, ref) => prediction(input, ref)), now });
    expect(r.data.genreDistribution.titles).toBe(0);
    expect(r.data.reference).toBeNull();
    for (const view of ['outlook', 'profile', 'benchmarks', 'reference-class'] as const) expect(r.details[view], view).toHaveLength(1);
    expect(r.details.benchmarks[0].text).toMatch(/^No Western movies were released \d{4}–\d{4}: nothing to benchmark against\.$/);
    expectWellFormedDetails(r);
  });
});

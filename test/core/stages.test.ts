import { describe, expect, it } from 'vitest';
import type { CopilotInput, CopilotPrediction, ModelPort, MonthlyPoint } from '../../src/core/model-port.ts';
import { genreShareSeries } from '../../src/core/series.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import { evenSample } from '../../src/core/stages/scope.ts';
import { catalogOf, noForecast, title } from './fixtures.ts';
import { decisionFor } from '../../src/reply/decision.ts';

const now = new Date('2025-01-01T00:00:00Z');

describe('explore', () => {
  const catalog = catalogOf([
    title({ genres: ['Drama', 'Comedy'], originalLanguage: 'en', popularity: 30, releaseDate: '2020-01-01' }),
    title({ genres: ['Drama'], originalLanguage: 'fr', popularity: 20, releaseDate: '2020-05-01' }),
    title({ genres: ['Horror'], mediaType: 'tv', originalLanguage: 'en', popularity: 10, releaseDate: '2021-01-01' }),
  ]);

  it('counts genre tags (shares sum to 1) and the share of titles per genre', () => {
    const r = validateAndRunStage('explore', {}, { catalog, now });
    expect(r.data.genres.map((g) => [g.genre, g.total, g.share, g.titleShare])).toEqual([
      ['Drama', 2, 0.5, 2 / 3],
      ['Comedy', 1, 0.25, 1 / 3],
      ['Horror', 1, 0.25, 1 / 3],
    ]);
    expect(r.data.genres.find((g) => g.genre === 'Horror')).toMatchObject({ movie: 0, tv: 1 });
    expect(r.data.languages).toEqual([
      { language: 'en', name: 'English', count: 2, share: 2 / 3 },
      { language: 'fr', name: 'French', count: 1, share: 1 / 3 },
    ]);
    expect(r.data.releaseVolume.map((y) => [y.year, y.total])).toEqual([
      [2020, 2],
      [2021, 1],
    ]);
    // a thin scope says so first, and in the decision line beside the figures (so the chat bullets leave it out)
    expect(r.insights[0].text).toBe('Only 3 titles match all titles: treat the shares and averages as indicative.');
    expect(r.insights[0].headline).toBe(true);
    expect(decisionFor(r)).toBe(
      `3 titles (all titles); ${Math.round(r.data.scope.hitRate * 100)}% are hits (top quarter of engagement in their cohort) — too few titles to read the shares as more than indicative.`,
    );
  });

  it('filters by type, genre, years and language, and refuses an empty result', () => {
    expect(validateAndRunStage('explore', { type: 'tv' }, { catalog, now }).data.scope.titles).toBe(1);
    expect(validateAndRunStage('explore', { genres: 'drama', language: 'fr' }, { catalog, now }).data.scope.titles).toBe(1);
    expect(validateAndRunStage('explore', { years: '2021-2030' }, { catalog, now }).data.scope.titles).toBe(1);
    expect(() => validateAndRunStage('explore', { genres: 'western' }, { catalog, now })).toThrow('No titles match Western.');
  });
});

describe('compare', () => {
  // All have 100 votes (= P99) so engagement = 0.4 × popularity + 0.6 × vote average.
  const catalog = catalogOf([
    title({ id: 1, title: 'D1', genres: ['Drama'], popularity: 10, voteAverage: 8, releaseDate: '2023-01-01' }), // 8.8
    title({ id: 2, title: 'D2', genres: ['Drama'], popularity: 30, voteAverage: 6, releaseDate: '2010-01-01' }), // 15.6
    title({ id: 3, title: 'C1', genres: ['Comedy'], popularity: 20, voteAverage: 7.5, releaseDate: '2024-06-01' }), // 12.5
    title({ id: 4, title: 'C2', genres: ['Comedy'], popularity: 20, voteAverage: 7.5, releaseDate: '2012-01-01' }), // 12.5
  ]);

  it('scores genre vs genre metric by metric, and calls nothing on two titles a side', () => {
    const r = validateAndRunStage('compare', { left: 'Drama', right: 'Comedy' }, { catalog, now });
    const m = Object.fromEntries(r.data.metrics.map((x) => [x.metric, x]));
    expect(m.meanEngagement.left).toBeGreaterThan(0);
    expect(m.meanEngagement.test).toMatchObject({ method: 'bootstrap', thin: true });
    expect(m.medianPopularity.test).toMatchObject({ method: 'Mann–Whitney U', thin: true });
    expect(m.meanVoteAverage).toMatchObject({ left: 7, right: 7.5 });
    // one hit cohort of 4 movies (no year or decade has 30): the hit is D2
    expect(m.hitRate).toMatchObject({ left: 0.5, right: 0 });
    expect(m.hitRate.test).toMatchObject({ method: 'two-proportion z', n: { left: 2, right: 2 }, thin: true, significant: false });
    // velocity over the last 5 years: D1 10/730 days, C1 20/213 days
    expect(m.medianVelocity.right).toBeGreaterThan(m.medianVelocity.left ?? Infinity);
    expect(m.medianRoi).toMatchObject({ left: null, right: null, winner: null });
    expect(m.titles).toMatchObject({ higherIsBetter: null, winner: null });
    // two titles a side are under the minimum group: no winner anywhere, and the reply says why
    for (const x of r.data.metrics) expect(x.winner, x.metric).toBeNull();
    expect(r.data.overall).toEqual({ winner: 'tie', score: 0, won: { left: 0, right: 0, ties: 0 }, compared: 0 });
    expect(r.insights.map((i) => i.text).join(' ')).toContain('under the 50 needed');
  });

  it('compares titles, with the cohort percentile', () => {
    const r = validateAndRunStage('compare', { left: 'D2', right: 'C1' }, { catalog, now });
    expect(r.params).toEqual({ kind: 'title', left: 'movie:2', right: 'movie:3' });
    const pctl = r.data.metrics.find((x) => x.metric === 'cohortPercentile');
    expect(pctl).toMatchObject({ left: 1, right: 0.75, winner: 'left' });
    // Both titles come from one source: their vote counts were counted on the same day and are scored.
    expect(r.data.metrics.find((x) => x.metric === 'voteCount')?.higherIsBetter).toBe(true);
  });

  it('does not score the vote counts of titles observed on different dates (votes grow with time)', () => {
    const mixed = catalogOf([
      title({ id: 1, title: 'Old Source', source: 'top10k_2022', voteCount: 9000, voteAverage: 7 }),
      title({ id: 2, title: 'New Source', source: 'lists_2026', voteCount: 100, voteAverage: 7 }),
    ]);
    const r = validateAndRunStage('compare', { left: 'Old Source', right: 'New Source' }, { catalog: mixed, now });
    const votes = r.data.metrics.find((x) => x.metric === 'voteCount');
    expect(votes).toMatchObject({ left: 9000, right: 100, higherIsBetter: null, winner: null });
    expect(r.insights.map((i) => i.text).join(' ')).not.toContain('Widest gap: Votes');
  });
});

describe('forecast', () => {
  const catalog = catalogOf([
    title({ genres: ['Drama'], popularity: 10, voteAverage: 0, releaseDate: '2024-08-05' }),
    title({ genres: ['Drama', 'Crime'], popularity: 5, voteAverage: 0, releaseDate: '2024-09-20' }),
    title({ genres: ['Comedy'], popularity: 7, voteAverage: 0, releaseDate: '2024-07-20' }),
    title({ genres: ['Drama'], popularity: 50, voteAverage: 0, releaseDate: '2024-12-02' }), // quarter not complete
    title({ genres: ['Drama'], popularity: 50, voteAverage: 0, releaseDate: '2008-12-02' }), // before the window
    title({ genres: ['Crime'], popularity: 25, voteAverage: 0, releaseDate: '2009-01-31' }),
  ]);

  it('builds quarterly share series from 15 years back to the last complete quarter', () => {
    const { span, series } = genreShareSeries(catalog, ['Drama', 'Crime']);
    expect(span).toMatchObject({ granularity: 'quarter', first: '2009-01', last: '2024-07' });
    const drama = series.get('Drama')?.history ?? [];
    expect(drama).toHaveLength(15 * 4 + 3); // 2009 Q1 .. 2024 Q3
    expect(drama[0]).toMatchObject({ month: '2009-01', value: 0, titles: 0, total: 1 }); // the Crime title alone
    // 2024 Q3: Drama 2 of 3 releases
    expect(drama.at(-1)).toMatchObject({ month: '2024-07', titles: 2, total: 3 });
    expect(drama.at(-1)?.value).toBeCloseTo(200 / 3, 12);
    expect(series.get('Crime')?.history[0].value).toBe(100);
  });

  it('hands each series to the forecaster, in periods', () => {
    const calls: { genre: string; history: readonly MonthlyPoint[]; horizon: number; periodMonths: number }[] = [];
    const models = constructedModels({
      forecast: (genre, history, horizon, periodMonths) => {
        calls.push({ genre, history, horizon, periodMonths });
        return { genre, periodMonths, history: [...history], forecast: [], method: 'naive', model: 'constructed', outlook: false, backtest: null };
      },
    });
    const r = validateAndRunStage('forecast', { genres: 'drama', horizon: 6 }, { catalog, models, now });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ genre: 'Drama', horizon: 2, periodMonths: 3 });
    expect(calls[0].history).toEqual(genreShareSeries(catalog, ['Drama']).series.get('Drama')?.history);
    expect(r.data.series[0].forecast?.model).toBe('constructed');
  });

  it('names as the outlook the largest change among forecasts that beat every baseline, never a baseline', () => {
    // Drama's last 4 quarters average 66.7 / 4 = 16.7 %; a Prophet forecast of 20 % (+3.3 points, typical error 1).
    // Crime's naive forecast of 60 % is a bigger change but a baseline: not an outlook.
    const score = (method: 'prophet' | 'naive' | 'seasonal-naive', mase: number) => ({ method, mase, smape: 10, mae: 1 });
    const models = constructedModels({
      forecast: (genre, history, horizon, periodMonths) => {
        const prophet = genre === 'Drama';
        const scores = prophet
          ? [score('prophet', 0.6), score('seasonal-naive', 0.9)]
          : [score('naive', 0.7), score('prophet', 0.8), score('seasonal-naive', 0.9)];
        return {
          genre,
          periodMonths,
          history: [...history],
          forecast: ['2024-10', '2025-01'].map((month) => ({ month, value: prophet ? 20 : 60, low: 0, high: 100 })).slice(0, horizon),
          method: scores[0].method,
          model: 'constructed',
          outlook: prophet,
          backtest: {
            origins: 6,
            horizon: 4,
            firstOrigin: '2022-04',
            lastOrigin: '2023-07',
            scores,
            winner: scores[0].method,
            mase: scores[0].mase,
            baselineMase: 0.9,
            smape: 10,
            baselineSmape: 10,
          },
        };
      },
    });
    const r = validateAndRunStage('forecast', { genres: 'drama,crime', horizon: 6 }, { catalog, models, now });
    const outlook = r.insights.find((i) => i.text.startsWith('Outlook'));
    expect(outlook?.text).toBe(
      'Outlook: Drama at 20.0% of releases in 2024 Q4–2025 Q1, +3.3 points on the last 12 months; Prophet won its backtest by 33% over seasonal naive (MASE 0.60 vs 0.90).',
    );
    expect(outlook?.figures.change).toBeCloseTo(20 - 200 / 3 / 4, 12);
    expect(r.data.series.find((s) => s.genre === 'Crime')?.forecast?.outlook).toBe(false);
  });
});

describe('predict', () => {
  const catalog = catalogOf([
    ...Array.from({ length: 20 }, (_, k) =>
      title({ genres: ['Science Fiction'], budget: (k + 1) * 1e6, releaseDate: `2020-${String((k % 4) * 3 + 1).padStart(2, '0')}-01`, popularity: k }),
    ),
    title({ genres: ['Science Fiction'], mediaType: 'tv', releaseDate: '2020-01-01' }),
  ]);

  it('passes the validated inputs to the copilot, once per budget level for the curve', () => {
    const seen: CopilotInput[] = [];
    const models = constructedModels({
      copilot: (input) => {
        seen.push(input);
        return prediction(10 * input.budgetLevel + input.quarter);
      },
    });
    const r = validateAndRunStage('predict', { genre: 'scifi', type: 'movie', budget: 7, quarter: 'Q3' }, { catalog, models, now });
    // No dollar budget given: the middle of level 7's band is assumed, and the input says so.
    const band = r.data.budgetBands[6];
    expect(seen[0]).toMatchObject({ genre: 'Science Fiction', mediaType: 'movie', budgetLevel: 7, quarter: 3 });
    expect(seen[0].budgetUsd).toBeCloseTo(Math.sqrt(band.min * band.max), 6);
    expect(seen[0].budgetNote).toMatch(/^assumed \$[\d.]+M, the middle of budget level 7/);
    expect(r.data.budget).toMatchObject({ given: false });
    expect(r.data.prediction?.popularity.value).toBe(73);
    expect(r.data.budgetCurve.map((p) => p.popularity)).toEqual([13, 23, 33, 43, 53, 63, 73, 83, 93, 103]);
  });

  it('without models, gives the benchmarks and says so', () => {
    const r = validateAndRunStage('predict', { genre: 'scifi', type: 'movie', budget: 10, quarter: 'Q4' }, { catalog, now });
    expect(r.data.prediction).toBeNull();
    expect(r.insights[0].text).toContain('No trained models are loaded');
    expect(r.data.benchmarks.stats.titles).toBe(20);
    // level 10 = the top budget decile of 1M..20M: [18.5M, 20M]; only the 20M title (October) meets budget and Q4
    expect(r.data.budgetBands[9]).toEqual({ level: 10, min: 18.5e6, max: 20e6 });
    expect(r.data.benchmarks.titles[0]).toMatchObject({ similarity: 1, budget: 20e6, releaseDate: '2020-10-01' });
    // next: the 19M title (July: budget, not quarter) and the other October titles (quarter, not budget), by engagement
    expect(r.data.benchmarks.titles.slice(1, 6).map((t) => t.similarity)).toEqual([0.8, 0.8, 0.8, 0.8, 0.8]);
    expect(r.insights[0].text).toContain('what similar Science Fiction movies did');
  });

  it('speaks of series, not "seriess", for TV', () => {
    const r = validateAndRunStage('predict', { genre: 'scifi', type: 'tv', budget: 5, quarter: 'Q1' }, { catalog, now });
    const text = r.insights.map((i) => i.text).join(' ');
    expect(text).toContain('similar Science Fiction series did');
    expect(text).not.toMatch(/seriess|series s\b/);
  });
});

function prediction(value: number): CopilotPrediction {
  return {
    popularity: { value, low: value - 1, high: value + 1, level: 0.8 },
    hitProbability: 0.5,
    risk: 'MEDIUM',
    recommendation: 'CONSIDER',
    drivers: [{ feature: 'budgetLevel', contribution: value / 2 }],
    baseValue: value / 2,
    model: 'constructed',
    accuracyNotes: [],
    money: null,
    verdictReasons: [],
    assumptions: [],
  };
}

/** A ModelPort whose answers are simple functions of its inputs, to check what the stages pass and keep. */
function constructedModels(parts: Partial<ModelPort>): ModelPort {
  return {
    copilot: parts.copilot ?? ((input) => prediction(input.budgetLevel)),
    anomalies: parts.anomalies ?? (() => []),
    forecast: parts.forecast ?? noForecast,
    metrics: parts.metrics ?? (() => []),
  };
}

describe('understand', () => {
  it('lists the anomalies the models flag in scope, most anomalous first, as a share of the titles it scores', () => {
    // The last 10 have too few votes for their average to be a rating: the model does not score them.
    const titles = Array.from({ length: 40 }, (_, k) =>
      title({ id: 100 + k, popularity: k, releaseDate: `2020-${String((k % 12) + 1).padStart(2, '0')}-01`, ...(k >= 30 ? { voteCount: 3 } : {}) }),
    );
    const catalog = catalogOf(titles);
    const models = constructedModels({
      anomalies: () => [
        { key: 'movie:101', score: 0.7, anomalous: true },
        { key: 'movie:102', score: 0.9, anomalous: true },
        { key: 'movie:103', score: 0.95, anomalous: false },
      ],
    });
    const r = validateAndRunStage('understand', {}, { catalog, models, now });
    expect(r.data.anomalies).toMatchObject({ available: true, count: 2, scored: 30, rate: 2 / 30 });
    expect(r.insights.map((i) => i.text).join('\n')).not.toContain('2 titles (');
    expect(r.data.anomalies.titles.map((t) => [t.key, t.score])).toEqual([
      ['movie:102', 0.9],
      ['movie:101', 0.7],
    ]);
    expect(validateAndRunStage('understand', {}, { catalog, now }).data.anomalies).toEqual({
      available: false,
      count: 0,
      scored: 0,
      rate: 0,
      titles: [],
      context: [],
    });
  });
});

describe('evenSample', () => {
  it('keeps everything up to the cap, else an even stride', () => {
    expect(evenSample([5, 6, 7], 5)).toEqual([5, 6, 7]);
    expect(evenSample([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5)).toEqual([0, 2, 4, 6, 8]);
    expect(evenSample([0, 1, 2, 3, 4, 5, 6], 3)).toEqual([0, 2, 4]); // ⌊k·7/3⌋
  });
});

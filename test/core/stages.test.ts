import { describe, expect, it } from 'vitest';
import type { CopilotInput, CopilotPrediction, GenreForecast, ModelPort, MonthlyPoint } from '../../src/core/model-port.ts';
import { monthlyGenreSeries } from '../../src/core/series.ts';
import { runStage } from '../../src/core/stages/index.ts';
import { evenSample } from '../../src/core/stages/scope.ts';
import { catalogOf, title } from './fixtures.ts';

const now = new Date('2025-01-01T00:00:00Z');

describe('explore', () => {
  const catalog = catalogOf([
    title({ genres: ['Drama', 'Comedy'], originalLanguage: 'en', popularity: 30, releaseDate: '2020-01-01' }),
    title({ genres: ['Drama'], originalLanguage: 'fr', popularity: 20, releaseDate: '2020-05-01' }),
    title({ genres: ['Horror'], mediaType: 'tv', originalLanguage: 'en', popularity: 10, releaseDate: '2021-01-01' }),
  ]);

  it('counts genre tags (shares sum to 1) and the share of titles per genre', () => {
    const r = runStage('explore', {}, { catalog, now });
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
    // a thin scope says so first
    expect(r.insights[0].text).toBe('Only 3 titles match all titles: treat the shares and averages as indicative.');
  });

  it('filters by type, genre, years and language, and refuses an empty result', () => {
    expect(runStage('explore', { type: 'tv' }, { catalog, now }).data.scope.titles).toBe(1);
    expect(runStage('explore', { genres: 'drama', language: 'fr' }, { catalog, now }).data.scope.titles).toBe(1);
    expect(runStage('explore', { years: '2021-2030' }, { catalog, now }).data.scope.titles).toBe(1);
    expect(() => runStage('explore', { genres: 'western' }, { catalog, now })).toThrow('No titles match Western.');
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

  it('scores genre vs genre metric by metric', () => {
    const r = runStage('compare', { left: 'Drama', right: 'Comedy' }, { catalog, now });
    const m = Object.fromEntries(r.data.metrics.map((x) => [x.metric, x]));
    expect(m.meanEngagement).toMatchObject({ winner: 'right' });
    expect(m.meanEngagement.left).toBeCloseTo(12.2, 12);
    expect(m.meanEngagement.delta).toBeCloseTo(0.3, 12);
    expect(m.medianPopularity).toMatchObject({ left: 20, right: 20, winner: 'tie' });
    expect(m.meanVoteAverage).toMatchObject({ left: 7, right: 7.5, winner: 'right' });
    expect(m.medianVoteCount).toMatchObject({ winner: 'tie' });
    // one hit cohort of 4 movies (no year or decade has 30): the hit is D2
    expect(m.hitRate).toMatchObject({ left: 0.5, right: 0, winner: 'left' });
    // velocity over the last 5 years: D1 10/730 days, C1 20/213 days
    expect(m.medianVelocity.left).toBeCloseTo(10 / 730, 12);
    expect(m.medianVelocity.right).toBeCloseTo(20 / 213, 12);
    expect(m.medianRoi).toMatchObject({ left: null, right: null, winner: null });
    expect(m.titles).toMatchObject({ higherIsBetter: null, winner: null });
    expect(r.data.overall).toEqual({ winner: 'right', score: 0.5, won: { left: 1, right: 3, ties: 2 }, compared: 6 });
    expect(r.insights[0].text).toBe('Comedy wins 3 of 6 metrics against Drama (score 0.50).');
  });

  it('compares titles, with the cohort percentile', () => {
    const r = runStage('compare', { left: 'D2', right: 'C1' }, { catalog, now });
    expect(r.params).toEqual({ kind: 'title', left: 'movie:2', right: 'movie:3' });
    const pctl = r.data.metrics.find((x) => x.metric === 'cohortPercentile');
    expect(pctl).toMatchObject({ left: 1, right: 0.75, winner: 'left' });
  });
});

describe('forecast', () => {
  const catalog = catalogOf([
    title({ genres: ['Drama'], popularity: 10, voteAverage: 0, releaseDate: '2024-11-05' }),
    title({ genres: ['Drama', 'Crime'], popularity: 5, voteAverage: 0, releaseDate: '2024-11-20' }),
    title({ genres: ['Drama'], popularity: 50, voteAverage: 0, releaseDate: '2024-12-02' }), // month not complete
    title({ genres: ['Drama'], popularity: 50, voteAverage: 0, releaseDate: '2008-12-02' }), // before the window
    title({ genres: ['Crime'], popularity: 25, voteAverage: 0, releaseDate: '2009-01-31' }),
  ]);

  it('builds monthly total-engagement series from 15 years back to the last complete month', () => {
    const s = monthlyGenreSeries(catalog, 'Drama');
    expect(s).toHaveLength(15 * 12 + 11); // 2009-01 .. 2024-11
    expect(s[0]).toEqual({ month: '2009-01', value: 0 });
    expect(s[s.length - 1]).toEqual({ month: '2024-11', value: 0.4 * 15 });
    expect(s.reduce((a, p) => a + p.value, 0)).toBeCloseTo(6, 12);
    expect(monthlyGenreSeries(catalog, 'Crime')[0]).toEqual({ month: '2009-01', value: 10 });
  });

  it('hands each series to the forecaster', () => {
    const calls: { genre: string; history: readonly MonthlyPoint[]; horizon: number }[] = [];
    const models = constructedModels({
      forecast: (genre, history, horizon) => {
        calls.push({ genre, history, horizon });
        return { genre, history: [...history], forecast: [], model: 'constructed', backtest: null };
      },
    });
    const r = runStage('forecast', { genres: 'drama', horizon: 6 }, { catalog, models, now });
    expect(calls).toHaveLength(1);
    expect(calls[0].genre).toBe('Drama');
    expect(calls[0].horizon).toBe(6);
    expect(calls[0].history).toEqual(monthlyGenreSeries(catalog, 'Drama'));
    expect(r.data.series[0].forecast?.model).toBe('constructed');
  });

  it('names the strongest outlook by its forecast mean against its last 12 months, not by its last forecast month', () => {
    // Drama's last 12 months average 0.5; its forecast averages 2 (+300 %) but ends in a trough; Crime's averages
    // 0.6 against 0.5 (+20 %) and ends on a peak.
    const flat = (history: readonly MonthlyPoint[]) => history.map((p) => ({ ...p, value: 0.5 }));
    const months = ['2024-12', '2025-01', '2025-02', '2025-03'];
    const shapes: Record<string, number[]> = { Drama: [3, 3, 1.5, 0.5], Crime: [0.2, 0.2, 0.2, 1.8] };
    const models = constructedModels({
      forecast: (genre, history) => ({
        genre,
        history: flat(history),
        forecast: months.map((month, i) => ({ month, value: shapes[genre][i], low: 0, high: 5 })),
        model: 'constructed',
        backtest: null,
      }),
    });
    const r = runStage('forecast', { genres: 'drama,crime', horizon: 4 }, { catalog, models, now });
    const outlook = r.insights.find((i) => i.text.includes('strongest outlook'));
    expect(outlook?.text).toBe(
      'Drama has the strongest outlook: its forecast averages 2.00 monthly engagement over 2024-12 to 2025-03, up 300% on its last 12 months — constructed.',
    );
    expect(outlook?.figures).toMatchObject({ genre: 'Drama', forecastMean: 2, historyMean: 0.5, change: 3 });
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
    const r = runStage('predict', { genre: 'scifi', type: 'movie', budget: 7, quarter: 'Q3' }, { catalog, models, now });
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
    const r = runStage('predict', { genre: 'scifi', type: 'movie', budget: 10, quarter: 'Q4' }, { catalog, now });
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
    const r = runStage('predict', { genre: 'scifi', type: 'tv', budget: 5, quarter: 'Q1' }, { catalog, now });
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
    forecast:
      parts.forecast ?? ((genre: string, history: readonly MonthlyPoint[]): GenreForecast => ({ genre, history: [...history], forecast: [], model: 'none', backtest: null })),
    metrics: parts.metrics ?? (() => []),
  };
}

describe('understand', () => {
  it('lists the anomalies the models flag in scope, most anomalous first', () => {
    const titles = Array.from({ length: 40 }, (_, k) => title({ id: 100 + k, popularity: k, releaseDate: `2020-${String((k % 12) + 1).padStart(2, '0')}-01` }));
    const catalog = catalogOf(titles);
    const models = constructedModels({
      anomalies: () => [
        { key: 'movie:101', score: 0.7, anomalous: true },
        { key: 'movie:102', score: 0.9, anomalous: true },
        { key: 'movie:103', score: 0.95, anomalous: false },
      ],
    });
    const r = runStage('understand', {}, { catalog, models, now });
    expect(r.data.anomalies).toMatchObject({ available: true, count: 2, rate: 2 / 40 });
    expect(r.data.anomalies.titles.map((t) => [t.key, t.score])).toEqual([
      ['movie:102', 0.9],
      ['movie:101', 0.7],
    ]);
    expect(runStage('understand', {}, { catalog, now }).data.anomalies).toEqual({ available: false, count: 0, rate: 0, titles: [] });
  });
});

describe('evenSample', () => {
  it('keeps everything up to the cap, else an even stride', () => {
    expect(evenSample([5, 6, 7], 5)).toEqual([5, 6, 7]);
    expect(evenSample([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5)).toEqual([0, 2, 4, 6, 8]);
    expect(evenSample([0, 1, 2, 3, 4, 5, 6], 3)).toEqual([0, 2, 4]); // ⌊k·7/3⌋
  });
});

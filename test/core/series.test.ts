/**
 * The forecaster's series: each genre's share of the period's releases, monthly or quarterly as the data allows,
 * to the last complete period before the as-of date; upcoming titles are never history; and every consumer says
 * where the history ends and what "now" is.
 */
import { describe, expect, it } from 'vitest';
import type { ForecastPoint, GenreForecast, ModelPort, MonthlyPoint } from '../../src/core/model-port.ts';
import { chooseGranularity, genreShareSeries, monthLabel, monthNumber, periodLabel, seriesWindow, shiftMonth } from '../../src/core/series.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import type { ForecastResult } from '../../src/core/stages/types.ts';
import type { Title } from '../../src/data/title.ts';
import { biggestMovers } from '../../src/digests/sections.ts';
import { summarise } from '../../src/reply/summary.ts';
import { genreForecasts } from '../../charts/forecast.ts';
import { catalogOf, title } from './fixtures.ts';

const now = new Date('2025-01-01T00:00:00Z');
const AS_OF = '2024-12-31'; // the last complete quarter is 2024 Q3, the last complete month 2024-11

/** No votes: engagement = 0.4 × popularity percentile / 10. */
const t = (overrides: Partial<Title>) => title({ voteAverage: 0, voteCount: 0, ...overrides });

/**
 * `perMonth(month)` titles a month from 2009-01 to 2024-12: of every 4, one Drama, one Drama + Comedy, two
 * Action. Drama's share is 50 %, Comedy's 25 %, however many titles a month holds.
 */
function monthlyTitles(perMonth: (month: string) => number): Title[] {
  const out: Title[] = [];
  const genres = [['Drama'], ['Drama', 'Comedy'], ['Action'], ['Action']];
  for (let abs = monthNumber('2009-01'); abs <= monthNumber('2024-12'); abs++) {
    const month = monthLabel(abs);
    for (let k = 0; k < perMonth(month); k++)
      out.push(t({ genres: genres[k % 4], popularity: 10 + k, releaseDate: `${month}-${String((k % 28) + 1).padStart(2, '0')}` }));
  }
  return out;
}

/** A port that forecasts a flat line at the history's last value, starting the period after the history. */
const flatModels: ModelPort = {
  copilot: () => {
    throw new Error('not used');
  },
  anomalies: () => [],
  metrics: () => [],
  forecast(genre: string, history: readonly MonthlyPoint[], horizon: number, periodMonths: 1 | 3): GenreForecast {
    const last = history.at(-1) as MonthlyPoint;
    const forecast: ForecastPoint[] = Array.from({ length: horizon }, (_, k) => ({
      month: shiftMonth(last.month, (k + 1) * periodMonths),
      value: last.value,
      low: last.value,
      high: last.value,
    }));
    return { genre, periodMonths, history: [...history], forecast, method: 'naive', model: 'flat', outlook: false, backtest: null };
  },
};

describe('the share series', () => {
  it('is each genre’s share of the period’s releases and of their engagement, with the counts it rests on', () => {
    // 2024 Q3: Drama 2 of 4 titles (one also Comedy), Crime 1; popularity 10, 20, 30, 40 → percentiles 12.5 … 87.5.
    const titles = [
      t({ genres: ['Drama'], popularity: 10, releaseDate: '2024-07-02' }),
      t({ genres: ['Drama', 'Comedy'], popularity: 20, releaseDate: '2024-08-02' }),
      t({ genres: ['Crime'], popularity: 30, releaseDate: '2024-09-02' }),
      t({ genres: ['Action'], popularity: 40, releaseDate: '2024-09-30' }),
      t({ genres: ['Drama'], popularity: 50, releaseDate: '2024-03-01' }), // 2024 Q1
    ];
    const { span, series } = genreShareSeries(catalogOf(titles, AS_OF), ['Drama', 'Crime', 'Comedy']);
    expect(span).toEqual({ granularity: 'quarter', first: '2009-01', last: '2024-07', end: '2024-09', asOf: AS_OF });
    const drama = series.get('Drama')?.history ?? [];
    // the history starts at the first quarter with releases
    expect(drama.map((p) => p.month)).toEqual(['2024-01', '2024-04', '2024-07']);
    expect(drama[2]).toMatchObject({ value: 50, titles: 2, total: 4 });
    // percentiles (mid-rank of 5): 10 → 10, 20 → 30, 30 → 50, 40 → 70, 50 → 90; engagement = percentile / 25
    expect(drama[2].engagementShare).toBeCloseTo((100 * (10 + 30)) / (10 + 30 + 50 + 70), 12);
    expect(series.get('Crime')?.history[2]).toMatchObject({ value: 25, titles: 1, total: 4 });
    // Q2 has no releases: it carries Q1's shares, visibly empty
    expect(drama[1]).toMatchObject({ value: 100, titles: 0, total: 0 });
    expect(series.get('Drama')?.titles).toBe(3);
  });

  it('does not fall when the catalog thins: a third of the titles in the last year leaves every share where it was', () => {
    const full = genreShareSeries(
      catalogOf(
        monthlyTitles(() => 12),
        AS_OF,
      ),
      ['Drama', 'Comedy'],
    ).series;
    const thin = genreShareSeries(
      catalogOf(
        monthlyTitles((m) => (m >= '2024-01' ? 4 : 12)),
        AS_OF,
      ),
      ['Drama', 'Comedy'],
    ).series;
    for (const g of ['Drama', 'Comedy'] as const) {
      expect(thin.get(g)?.history.map((p) => p.value)).toEqual(full.get(g)?.history.map((p) => p.value));
    }
    expect(full.get('Drama')?.history.at(-1)?.value).toBe(50);
    expect(full.get('Comedy')?.history.at(-1)?.value).toBe(25);
    expect(thin.get('Drama')?.history.at(-1)).toMatchObject({ titles: 6, total: 12 });
  });

  it('never counts upcoming titles, nor the part-observed current period, as history', () => {
    const base = monthlyTitles(() => 12);
    const upcoming = [
      t({ title: 'Coming', genres: ['Drama'], releaseDate: '2025-01-20' }),
      t({ title: 'Also coming', genres: ['Comedy'], releaseDate: '2025-03-02' }),
      t({ title: 'Later', genres: ['Drama'], releaseDate: '2025-06-01' }),
    ];
    const before = genreShareSeries(catalogOf(base, AS_OF), ['Drama', 'Comedy']).series;
    const after = genreShareSeries(catalogOf([...base, ...upcoming], AS_OF), ['Drama', 'Comedy']).series;
    // (engagement shares may move: an upcoming title takes part in its source's popularity percentiles)
    const counted = (x: typeof before, g: 'Drama' | 'Comedy') => x.get(g)?.history.map((p) => [p.month, p.value, p.titles, p.total]);
    expect(counted(after, 'Drama')).toEqual(counted(before, 'Drama'));
    expect(counted(after, 'Comedy')).toEqual(counted(before, 'Comedy'));
    expect(after.get('Drama')?.titles).toBe(before.get('Drama')?.titles);
    // 2024 Q4 (October to the as-of date) is not a history period
    expect(after.get('Drama')?.history.at(-1)?.month).toBe('2024-07');

    // The stage shows them as the slate: titles announced for the 3 months after the as-of date.
    const r = validateAndRunStage(
      'forecast',
      { genres: 'drama,comedy' },
      { catalog: catalogOf([...base, ...upcoming], AS_OF), models: flatModels, now },
    ) as ForecastResult;
    expect(r.data.slate).toMatchObject({ from: '2025-01-01', to: '2025-03-31', titles: 2, lastPeriod: '2024 Q3' });
    expect(r.data.slate.byGenre).toEqual([
      { genre: 'Drama', titles: 1, share: 50, lastShare: 50 },
      { genre: 'Comedy', titles: 1, share: 50, lastShare: 25 },
    ]);
    expect(r.data.slate.listed.map((x) => x.title)).toEqual(['Coming', 'Also coming']);
    expect(r.data.series.every((s) => s.history.every((p) => p.month <= '2024-07'))).toBe(true);
  });

  it('is monthly only when every genre has 10 titles in each of the last 24 complete months', () => {
    const dense = catalogOf(
      monthlyTitles(() => 40),
      AS_OF,
    ); // Drama 20, Comedy 10 a month
    expect(chooseGranularity(dense, ['Drama', 'Comedy'])).toBe('month');
    const oneThinMonth = catalogOf(
      monthlyTitles((m) => (m === '2023-05' ? 36 : 40)),
      AS_OF,
    ); // Comedy 9 in 2023-05
    expect(chooseGranularity(oneThinMonth, ['Drama', 'Comedy'])).toBe('quarter');
    expect(chooseGranularity(oneThinMonth, ['Drama'])).toBe('month');
    const monthly = genreShareSeries(dense, ['Drama']);
    expect(monthly.span).toMatchObject({ granularity: 'month', last: '2024-11', end: '2024-11' });
    expect(monthly.series.get('Drama')?.history).toHaveLength(15 * 12 + 11);
  });

  it('ends at the last complete period before the as-of date, within a period of it', () => {
    expect(seriesWindow('2026-02-21', 'quarter')).toMatchObject({ last: '2025-10', end: '2025-12' });
    expect(seriesWindow('2026-02-21', 'month')).toMatchObject({ last: '2026-01', end: '2026-01' });
    expect(seriesWindow('2026-04-01', 'quarter')).toMatchObject({ last: '2026-01', end: '2026-03' });
    expect(periodLabel('2025-10', 'quarter')).toBe('2025 Q4');
    expect(periodLabel('2025-10', 'month')).toBe('2025-10');
    expect(shiftMonth('2022-12', 1)).toBe('2023-01');
    expect(shiftMonth('2023-01', -1)).toBe('2022-12');
  });
});

describe('what the user is told', () => {
  const catalog = catalogOf(
    monthlyTitles((m) => (m >= '2024-01' ? 4 : 12)),
    AS_OF,
  );

  it('the forecasts start the period after the history, and every surface names the as-of date', () => {
    const seen: { history: MonthlyPoint[]; horizon: number; periodMonths: number }[] = [];
    const models: ModelPort = {
      ...flatModels,
      forecast: (g, h, n, p) => (seen.push({ history: [...h], horizon: n, periodMonths: p }), flatModels.forecast(g, h, n, p)),
    };
    const r = validateAndRunStage('forecast', { genres: 'drama', horizon: 6 }, { catalog, models, now }) as ForecastResult;
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ horizon: 2, periodMonths: 3 }); // 6 months = 2 quarters
    expect(seen[0].history).toEqual(genreShareSeries(catalog, ['Drama']).series.get('Drama')?.history);
    expect(r.data.series[0].forecast?.forecast.map((p) => p.month)).toEqual(['2024-10', '2025-01']);
    expect(r.insights[0].text).toBe(
      "As of 2024-12-31, the data's collection date: quarterly shares of releases run to 2024 Q3; forecasts cover 2024 Q4 to 2025 Q1; titles announced for later are the slate, not history.",
    );
    expect(summarise(r).title).toBe('Forecast as of 2024-12-31: the next 6 months after 2024 Q3 for Drama');
    expect(biggestMovers(r).bullet).toBe(
      'Biggest movers: Drama +0.0 pts (share of releases: the forecast of the next 6 months vs the last 12, as of 2024-12-31; "level" = within the forecast\'s typical error).',
    );
    const chart = genreForecasts(r);
    expect(chart.reading).toContain("to 2024 Q3, the last complete quarter before the data's collection date 2024-12-31");
    expect(chart.title).toBe('Drama: quarterly share of releases, 6-month forecast (as of 2024-12-31)');
  });

  it('without models: history only, said so, and the movers compare the last 12 months with the 12 before', () => {
    const bare = validateAndRunStage('forecast', {}, { catalog, now }) as ForecastResult;
    expect(bare.details['genre-forecasts'].map((i) => i.text)).toContain('No trained models are loaded: the series are history only, with no forecast.');
    expect(bare.notes).toContain('No trained models were loaded: no forecasts, history only.');
    expect(bare.insights[0].text).toMatch(/^As of 2024-12-31, .* run to 2024 Q3 \(history only\)/);
    expect(biggestMovers(bare).bullet).toContain('the last 12 months vs the 12 before, as of 2024-12-31 (no forecast models)');
    expect(bare.data.series.find((s) => s.genre === 'Drama')?.trend).toBe(0); // 50 % before and after the thinning
  });

  it('is deterministic', () => {
    expect(validateAndRunStage('forecast', {}, { catalog, models: flatModels, now })).toEqual(
      validateAndRunStage('forecast', {}, { catalog, models: flatModels, now }),
    );
  });
});

/**
 * The forecaster's monthly series end at the last month with full data coverage (`coverageEnd`), and every
 * consumer says where the data ends: generated catalogs whose last months are thin, or fully covered.
 */
import { describe, expect, it } from 'vitest';
import type { ForecastPoint, GenreForecast, ModelPort, MonthlyPoint } from '../../src/core/model-port.ts';
import { coverageEnd, monthLabel, monthlyGenreSeries, monthlyGenreSeriesMany, monthNumber, seriesSpan, shiftMonth } from '../../src/core/series.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import type { Title } from '../../src/data/title.ts';
import { biggestMovers } from '../../src/digests/sections.ts';
import { summarise } from '../../src/reply/summary.ts';
import { genreForecasts } from '../../charts/forecast.ts';
import { catalogOf, title } from './fixtures.ts';

const now = new Date('2025-01-01T00:00:00Z');
const AS_OF = '2024-12-31'; // window 2009-01 .. 2024-11

/** `perMonth(month)` Drama (and every third one also Comedy) titles released in each month of the window. */
function monthlyTitles(perMonth: (month: string) => number): Title[] {
  const out: Title[] = [];
  for (let abs = monthNumber('2009-01'); abs <= monthNumber('2024-11'); abs++) {
    const month = monthLabel(abs);
    for (let k = 0; k < perMonth(month); k++) {
      out.push(title({ genres: k % 3 === 0 ? ['Drama', 'Comedy'] : ['Drama'], popularity: 10, voteAverage: 0, releaseDate: `${month}-${String(k + 1).padStart(2, '0')}` }));
    }
  }
  return out;
}

/** 10 releases a month until 2022-06, then 1 a month: the trailing 3-month mean falls under 5 after 2022-07. */
const thin = catalogOf(monthlyTitles((m) => (m < '2022-07' ? 10 : 1)), AS_OF);
/** 10 releases every month. */
const full = catalogOf(monthlyTitles(() => 10), AS_OF);

/** A port that forecasts a flat line at the history's last value, starting the month after the history. */
const flatModels: ModelPort = {
  copilot: () => {
    throw new Error('not used');
  },
  anomalies: () => [],
  metrics: () => [],
  forecast(genre: string, history: readonly MonthlyPoint[], horizon: number): GenreForecast {
    const last = history.at(-1) as MonthlyPoint;
    const forecast: ForecastPoint[] = Array.from({ length: horizon }, (_, k) => ({
      month: shiftMonth(last.month, k + 1), value: last.value, low: last.value, high: last.value,
    }));
    return { genre, history: [...history], forecast, model: 'flat', backtest: null };
  },
};

describe('coverageEnd', () => {
  const months = Array.from({ length: 24 }, (_, i) => monthLabel(monthNumber('2020-01') + i));
  const titles = months.flatMap((m, i) => Array.from({ length: i < 18 ? 10 : 1 }, (_, k) => title({ releaseDate: `${m}-${String(k + 1).padStart(2, '0')}` })));

  it('ends at the last month whose trailing 3-month mean of releases is at least half the median month', () => {
    // Months 0–17 have 10 releases, 18–23 one: the trailing mean is 7 at month 18, 4 at month 19 (half the median: 5).
    expect(coverageEnd(titles, months)).toBe(months[18]);
    expect(coverageEnd(titles.filter((t) => (t.releaseDate as string) < months[18]), months.slice(0, 18))).toBe(months[17]);
  });

  it('counts every title by release month, ignores undated ones, and needs 3 months', () => {
    const undated = Array.from({ length: 50 }, () => title({ releaseDate: null }));
    expect(coverageEnd([...titles, ...undated], months)).toBe(months[18]);
    expect(coverageEnd(titles, months.slice(0, 2))).toBeNull();
  });
});

describe('the series end at the coverage end', () => {
  it('a catalog whose last months are thin: every series stops at the coverage end', () => {
    expect(seriesSpan(thin)).toEqual({ first: '2009-01', end: '2022-07', lastComplete: '2024-11', thinned: true });
    const drama = monthlyGenreSeries(thin, 'Drama');
    expect(drama).toHaveLength(13 * 12 + 7); // 2009-01 .. 2022-07
    expect(drama[0].month).toBe('2009-01');
    expect(drama.at(-1)).toEqual({ month: '2022-07', value: 0.4 * 10 }); // one title of popularity 10
    const many = monthlyGenreSeriesMany(thin, ['Drama', 'Comedy']);
    expect(many.get('Comedy')?.history.at(-1)?.month).toBe('2022-07');
    // titles: the releases inside the series' months only
    expect(many.get('Drama')?.titles).toBe((13 * 12 + 6) * 10 + 1);
  });

  it('months shift across year ends', () => {
    expect(shiftMonth('2022-07', 1)).toBe('2022-08');
    expect(shiftMonth('2022-12', 1)).toBe('2023-01');
    expect(shiftMonth('2022-07', 12)).toBe('2023-07');
    expect(shiftMonth('2023-01', -1)).toBe('2022-12');
  });

  it('a fully covered catalog keeps the whole window, to the last complete month', () => {
    expect(seriesSpan(full)).toEqual({ first: '2009-01', end: '2024-11', lastComplete: '2024-11', thinned: false });
    const drama = monthlyGenreSeries(full, 'Drama');
    expect(drama).toHaveLength(15 * 12 + 11);
    expect(drama.at(-1)).toEqual({ month: '2024-11', value: 0.4 * 10 * 10 });
  });

  it('the forecast stage hands the forecaster the cut series, so forecasts start the month after the coverage end', () => {
    const seen: MonthlyPoint[][] = [];
    const models: ModelPort = { ...flatModels, forecast: (g, h, n) => (seen.push([...h]), flatModels.forecast(g, h, n)) };
    const r = validateAndRunStage('forecast', { genres: 'drama', horizon: 6 }, { catalog: thin, models, now });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual(monthlyGenreSeries(thin, 'Drama'));
    expect(r.data.coverage).toEqual(seriesSpan(thin));
    expect(r.data.series[0].history.at(-1)?.month).toBe('2022-07');
    expect(r.data.series[0].forecast?.forecast.map((p) => p.month)).toEqual(['2022-08', '2022-09', '2022-10', '2022-11', '2022-12', '2023-01']);
    // the trend compares the 12 months to the coverage end with the 12 before (1 + 10 × 11 vs 12 × 10 releases)
    expect(r.data.series[0].trend).toBeCloseTo(111 / 120 - 1, 12);
  });
});

describe('what the user is told', () => {
  it('with a thin tail: the first insight, a note, the reply title and the digest name the coverage month', () => {
    const r = validateAndRunStage('forecast', {}, { catalog: thin, models: flatModels, now });
    expect(r.insights[0].text).toBe(
      'The data is complete only to 2022-07 (later months hold under half the usual releases), so the histories end there and the 12-month forecasts run 2022-08 to 2023-07, not from today.',
    );
    expect(r.insights[0].figures).toEqual({ coverageEnd: '2022-07', lastCompleteMonth: '2024-11' });
    expect(r.notes.some((n) => n.startsWith('Data complete to 2022-07') && n.includes('forecasts run from 2022-08'))).toBe(true);
    expect(summarise(r).title).toBe('Forecast: 12 months from 2022-08 (data complete to 2022-07) for Drama, Comedy');
    expect(biggestMovers(r).bullet).toContain('the 12 months after 2022-07, where the data is complete');
    expect(genreForecasts(r).reading).toContain('to 2022-07, the last month with complete data');

    const bare = validateAndRunStage('forecast', {}, { catalog: thin, now });
    expect(bare.insights[0].text).toBe('The data is complete only to 2022-07 (later months hold under half the usual releases), so the histories end there rather than at 2024-11.');
    // Comedy: 11 × 4 + 1 releases in the 12 months to 2022-07 vs 12 × 4 before
    expect(bare.insights.map((i) => i.text)).toContain("Comedy's release engagement over the 12 months to 2022-07 is down 6.3% on the 12 before — and every top genre is down.");
    expect(biggestMovers(bare).bullet).toContain('the 12 months to 2022-07, where the data is complete');
  });

  it('fully covered: nothing about coverage, and the forecasts are "the next" months', () => {
    const r = validateAndRunStage('forecast', {}, { catalog: full, models: flatModels, now });
    expect(r.data.series[0].forecast?.forecast[0].month).toBe('2024-12');
    expect(r.insights.some((i) => /complete only to/.test(i.text))).toBe(false);
    expect(r.notes.some((n) => n.startsWith('Data complete to'))).toBe(false);
    expect(r.notes.some((n) => n.includes('up to 2024-11, the last month with full data coverage'))).toBe(true);
    expect(summarise(r).title).toBe('Forecast: the next 12 months for Drama, Comedy');
    expect(biggestMovers(r).bullet).toContain('forecast engagement of the next 12 months vs the average month of the last 3 years');
  });
});

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { smape } from '../../models/metrics.ts';
import { forecastMonthly, initProphet, monthsAfter, prophetWasmUrl, seasonalNaive } from '../../models/prophet.ts';

/** Ten years of a planted series: a linear trend times a yearly season peaking in July. */
function planted(months: number) {
  const labels = ['2014-12', ...monthsAfter('2014-12', months - 1)];
  const values = labels.map((_, i) => (100 + 2 * i) * (1 + 0.3 * Math.cos((2 * Math.PI * (i - 7)) / 12)));
  return { labels, values };
}

describe('Prophet wrapper', () => {
  beforeAll(() => initProphet(readFileSync(prophetWasmUrl())));

  it('recovers a planted trend and yearly season', () => {
    const all = planted(132);
    const history = { labels: all.labels.slice(0, 120), values: all.values.slice(0, 120) };
    const f = forecastMonthly(history.labels, history.values, 12);
    expect(f.months).toEqual(all.labels.slice(120));
    const truth = all.values.slice(120);
    expect(smape(truth, f.point)).toBeLessThan(3);
    // The season: the forecast peaks in July and bottoms out in January, like the planted series.
    const peak = f.months[f.point.indexOf(Math.max(...f.point))];
    const trough = f.months[f.point.indexOf(Math.min(...f.point))];
    expect(peak.slice(5)).toBe('07');
    expect(trough.slice(5)).toBe('01');
    // The trend: next January is above last January.
    expect(f.point[0]).toBeGreaterThan(history.values[history.values.length - 12]);
    // And it beats seasonal-naive, which misses the trend.
    expect(smape(truth, f.point)).toBeLessThan(smape(truth, seasonalNaive(history.values, 12)));
  });

  it('gives intervals around the point, deterministic run to run', () => {
    const rough = planted(60);
    const noisy = rough.values.map((v, i) => v * (1 + 0.05 * Math.sin(i * 12.9898)));
    const a = forecastMonthly(rough.labels, noisy, 6);
    const b = forecastMonthly(rough.labels, noisy, 6);
    expect(a).toEqual(b);
    a.point.forEach((p, i) => {
      expect(a.low[i]).toBeLessThan(p);
      expect(a.high[i]).toBeGreaterThan(p);
    });
  });

  it('refuses too short a history or a bad month', () => {
    expect(() => forecastMonthly(['2020-01'], [1], 12)).toThrow(/24 months/);
    const p = planted(30);
    expect(() => forecastMonthly(['2020-13', ...p.labels.slice(1)], p.values, 12)).toThrow(/YYYY-MM/);
  });
});

describe('genre forecasts over degenerate histories', () => {
  it('answer without Prophet for an all-zero history, and say which model answered', async () => {
    const { genreForecast } = await import('../../src/core/intelligence/forecasts.ts');
    const history = ['2019-12', ...monthsAfter('2019-12', 39)].map((month) => ({ month, value: 0 }));
    const f = genreForecast('Western', history, 12, 42);
    expect(f.forecast).toHaveLength(12);
    expect(f.forecast.every((p) => p.value === 0)).toBe(true);
    expect(f.model).toMatch(/all zeros/);
    const short = genreForecast('Western', history.slice(0, 18).map((p, i) => ({ ...p, value: i + 1 })), 3, 42);
    expect(short.model).toMatch(/seasonal-naive/);
    expect(short.forecast.map((p) => p.value)).toEqual([7, 8, 9]);
  });
});

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { drift, historicalMean, naive, seasonalNaive } from '../../models/baselines.ts';
import { mase, smape } from '../../models/metrics.ts';
import { forecastPeriods, initProphet, monthsAfter, prophetWasmUrl } from '../../models/prophet.ts';

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
    const f = forecastPeriods(history.labels, history.values, 12);
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
    const a = forecastPeriods(rough.labels, noisy, 6);
    const b = forecastPeriods(rough.labels, noisy, 6);
    expect(a).toEqual(b);
    a.point.forEach((p, i) => {
      expect(a.low[i]).toBeLessThan(p);
      expect(a.high[i]).toBeGreaterThan(p);
    });
  });

  it('refuses too short a history or a bad month', () => {
    expect(() => forecastPeriods(['2020-01'], [1], 12)).toThrow(/24 months \(24 periods\)/);
    const p = planted(30);
    expect(() => forecastPeriods(['2020-13', ...p.labels.slice(1)], p.values, 12)).toThrow(/YYYY-MM/);
  });

  it('forecasts quarters: labelled by their first month, a planted season recovered', () => {
    // 12 years of quarters: a slow trend plus a yearly wave peaking in the third quarter.
    const labels = ['2012-01', ...monthsAfter('2012-01', 51, 3)];
    const values = labels.map((_, i) => 20 + 0.1 * i + 4 * Math.cos((2 * Math.PI * (i - 2)) / 4));
    const f = forecastPeriods(labels.slice(0, 48), values.slice(0, 48), 4, { periodMonths: 3 });
    expect(f.months).toEqual(['2024-01', '2024-04', '2024-07', '2024-10']);
    expect(f.months[f.point.indexOf(Math.max(...f.point))]).toBe('2024-07');
    expect(smape(values.slice(48), f.point)).toBeLessThan(5);
    expect(() => forecastPeriods(labels.slice(0, 7), values.slice(0, 7), 4, { periodMonths: 3 })).toThrow(/8 periods/);
  });
});

describe('baselines and MASE', () => {
  const v = [1, 2, 3, 4, 5, 6, 7, 8];

  it('repeat last season, the last value, the line from first to last, or the mean', () => {
    expect(seasonalNaive(v, 6, 4)).toEqual([5, 6, 7, 8, 5, 6]);
    expect(naive(v, 2)).toEqual([8, 8]);
    expect(drift(v, 2)).toEqual([9, 10]);
    expect(historicalMean(v, 2)).toEqual([4.5, 4.5]);
    expect(() => seasonalNaive([1, 2], 1, 4)).toThrow(/4 periods/);
  });

  it('scales the error by the in-sample seasonal-naive error, falling back to naive when that is 0', () => {
    // train 1..8 with season 4: every seasonal difference is 4, so the scale is 4; MAE 2 → MASE 0.5.
    expect(mase([10, 12], [12, 10], v, 4)).toBeCloseTo(0.5, 12);
    // an exactly periodic history has seasonal scale 0: the lag-1 scale (|1−2|, |2−1|, … = 1) is used.
    expect(mase([1, 2], [2, 2], [1, 2, 1, 2, 1, 2], 2)).toBeCloseTo(0.5, 12);
  });
});

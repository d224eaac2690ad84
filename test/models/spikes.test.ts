import { describe, expect, it } from 'vitest';
import { median } from '../../models/metrics.ts';
import { forecastMonthly, monthsAfter } from '../../models/prophet.ts';
import { capOneOffSpikes, ensureProphet, genreForecast } from '../../src/core/intelligence/forecasts.ts';
import type { MonthlyPoint } from '../../src/core/model-port.ts';

/** Ten years to 2022-07 of a mild yearly season (±20 %, peak in March) around 500, with deterministic noise. */
const months = ['2012-08', ...monthsAfter('2012-08', 119)];
function seasonal(peakMonth?: string): number[] {
  return months.map((m, i) => {
    const base = 500 * (1 + 0.2 * Math.cos((2 * Math.PI * (Number(m.slice(5)) - 3)) / 12)) * (1 + 0.1 * Math.sin(i * 12.9898));
    return m.slice(5) === peakMonth ? 3 * base : base;
  });
}
function history(values: readonly number[]): MonthlyPoint[] {
  return months.map((month, i) => ({ month, value: values[i] }));
}
const at = (f: { forecast: { month: string; value: number }[] }, month: string) => f.forecast.find((p) => p.month === month)?.value ?? NaN;

describe('forecasts over one-off spikes', () => {
  // Like the snapshot's 2021-09: one month at ~12× the usual level, a year before the forecast's September.
  const spiked = seasonal();
  spiked[months.indexOf('2021-09')] = 6000;
  const usual = median(spiked);

  it('cap the one-off month, and only it, before fitting', () => {
    const capped = capOneOffSpikes(spiked);
    expect(capped[months.indexOf('2021-09')]).toBeLessThan(2 * usual);
    expect(capped.filter((v, i) => v !== spiked[i])).toHaveLength(1);
  });

  it('do not repeat the spike a year later, while the history keeps the real month', () => {
    ensureProphet();
    // Fitted on the raw series, Prophet's yearly seasonality repeats the spike (the problem this guards against) …
    const raw = forecastMonthly(months, spiked, 12, { seed: 42 });
    expect(raw.point[raw.months.indexOf('2022-09')]).toBeGreaterThan(3 * usual);
    // … the genre forecast does not: its September stays within a small factor of the usual level.
    const f = genreForecast('Drama', history(spiked), 12, 42);
    expect(f.forecast[1].month).toBe('2022-09');
    expect(at(f, '2022-09')).toBeLessThan(1.5 * usual);
    expect(at(f, '2022-09')).toBeGreaterThan(usual / 2);
    expect(f.history.find((p) => p.month === '2021-09')?.value).toBe(6000);
    // Deterministic run to run.
    expect(genreForecast('Drama', history(spiked), 12, 42)).toEqual(f);
  });

  it('still forecast a genuine yearly peak (the same month every year), spike or not', () => {
    ensureProphet();
    const peaked = seasonal('12');
    expect(capOneOffSpikes(peaked)).toEqual(peaked);
    peaked[months.indexOf('2021-09')] = 6000;
    const level = median(peaked);
    const f = genreForecast('Drama', history(peaked), 12, 42);
    const top = f.forecast.reduce((a, b) => (b.value > a.value ? b : a));
    expect(top.month).toBe('2022-12');
    expect(at(f, '2022-12')).toBeGreaterThan(2 * level);
    expect(at(f, '2022-09')).toBeLessThan(1.5 * level);
  });
});

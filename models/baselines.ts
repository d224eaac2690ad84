/**
 * The baselines every forecast is backtested against (Hyndman & Athanasopoulos, "Forecasting: principles and
 * practice", §5.2): each takes a history of equal periods and returns `horizon` values. Pure.
 */
import { mean } from './metrics.ts';

/** Each period repeats the value one season (`season` periods) before it; needs ≥ `season` values. */
export function seasonalNaive(values: readonly number[], horizon: number, season = 12): number[] {
  if (values.length < season) throw new RangeError(`seasonal-naive needs at least ${season} periods`);
  return Array.from({ length: horizon }, (_, h) => values[values.length - season + (h % season)]);
}

/** Every period repeats the last value. */
export function naive(values: readonly number[], horizon: number): number[] {
  if (values.length === 0) throw new RangeError('naive needs at least one period');
  return Array.from({ length: horizon }, () => values[values.length - 1]);
}

/** The last value plus the average change per period over the history (a straight line from first to last). */
export function drift(values: readonly number[], horizon: number): number[] {
  if (values.length < 2) throw new RangeError('drift needs at least two periods');
  const last = values[values.length - 1];
  const slope = (last - values[0]) / (values.length - 1);
  return Array.from({ length: horizon }, (_, h) => last + slope * (h + 1));
}

/** Every period is the mean of the history. */
export function historicalMean(values: readonly number[], horizon: number): number[] {
  if (values.length === 0) throw new RangeError('the mean needs at least one period');
  const m = mean(values);
  return Array.from({ length: horizon }, () => m);
}

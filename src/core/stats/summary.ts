/**
 * Summary statistics over a selection of a typed column (an index list into it), skipping NaN (= missing).
 * Quantiles use simple-statistics' `quantileSorted` (nearest rank; the mean of the two middle values at an exact
 * even split) on values sorted by the linear-time `sortedFinite`.
 */
import { quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { sortedFinite } from './order.ts';

export type Indices = Int32Array | readonly number[];

/** The finite values of `column` at `idx`, sorted ascending. */
export function sortedValues(column: Float64Array, idx: Indices): Float64Array {
  const values = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) values[k] = column[idx[k]];
  return sortedFinite(values);
}

/** Quantile p (0..1) of sorted values; null when empty. */
export function quantileOfSorted(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  return quantileSorted(sorted as unknown as number[], p);
}

export function medianOf(column: Float64Array, idx: Indices): number | null {
  return quantileOfSorted(sortedValues(column, idx), 0.5);
}

/** Mean of the finite values; null when there are none. */
export function meanOf(column: Float64Array, idx: Indices): number | null {
  let sum = 0;
  let n = 0;
  for (let k = 0; k < idx.length; k++) {
    const v = column[idx[k]];
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? null : sum / n;
}

/** a / b, or null when b is 0. */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/** The sample standard deviation (n − 1, simple-statistics' `sampleStandardDeviation`); 0 under two values. */
export function sampleSd(values: readonly number[]): number {
  return values.length < 2 ? 0 : sampleStandardDeviation([...values]);
}

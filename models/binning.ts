/**
 * Histogram binning, as in LightGBM: each feature's values are cut into at most 255 bins once, before training,
 * so finding a split scans a histogram of bins instead of sorting rows. A feature with few distinct values gets
 * one bin per value (cuts halfway between neighbours); otherwise the cuts sit at quantiles of the distinct values
 * weighted by their counts. Bin `b` holds values in `(cuts[b-1], cuts[b]]`, so a split "bin ≤ b" is the raw
 * test "value ≤ cuts[b]" and trained trees need no binning at prediction time.
 */

/** Row-major numeric data: one array of feature values per row. Values must be finite. */
export type Rows = readonly (readonly number[])[];

export const MAX_BINS = 255;

export interface BinnedData {
  /** Row-major bin indices: the bin of feature `f` of row `r` is `bins[r * features + f]`. */
  bins: Uint8Array;
  /** Per feature, the upper edge of each bin but the last (length = number of bins − 1). */
  cuts: Float64Array[];
  rows: number;
  features: number;
}

/** The cut points of one feature's values. */
export function featureCuts(values: ArrayLike<number>, maxBins: number = MAX_BINS): Float64Array {
  if (maxBins < 2 || maxBins > MAX_BINS) throw new RangeError(`maxBins must be 2..${MAX_BINS}, got ${maxBins}`);
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i];
    if (!Number.isFinite(v)) throw new RangeError(`feature values must be finite, got ${v}`);
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1] += 1;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  if (distinct.length <= maxBins) {
    const cuts = new Float64Array(Math.max(0, distinct.length - 1));
    for (let i = 0; i < cuts.length; i++) cuts[i] = (distinct[i] + distinct[i + 1]) / 2;
    return cuts;
  }
  // Quantile cuts: walk the distinct values, closing a bin whenever it holds about n / maxBins rows.
  const perBin = sorted.length / maxBins;
  const cuts: number[] = [];
  let filled = 0;
  for (let i = 0; i < distinct.length - 1 && cuts.length < maxBins - 1; i++) {
    filled += counts[i];
    if (filled >= perBin * (cuts.length + 1)) cuts.push((distinct[i] + distinct[i + 1]) / 2);
  }
  return Float64Array.from(cuts);
}

/** Index of the bin holding `value`: the number of cuts strictly below it. */
export function binOf(cuts: Float64Array, value: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Fits the cuts on `rows` and bins them. */
export function binRows(rows: Rows, maxBins: number = MAX_BINS): BinnedData {
  const n = rows.length;
  if (n === 0) throw new RangeError('cannot bin an empty data set');
  const features = rows[0].length;
  const bins = new Uint8Array(n * features);
  const cuts: Float64Array[] = [];
  const column = new Float64Array(n);
  for (let f = 0; f < features; f++) {
    for (let r = 0; r < n; r++) {
      if (rows[r].length !== features) throw new RangeError(`row ${r} has ${rows[r].length} features, expected ${features}`);
      column[r] = rows[r][f];
    }
    const c = featureCuts(column, maxBins);
    for (let r = 0; r < n; r++) bins[r * features + f] = binOf(c, column[r]);
    cuts.push(c);
  }
  return { bins, cuts, rows: n, features };
}

/**
 * Two-group tests for "is this difference real?", each returning a p-value and one standardised effect on a
 * common scale so that metrics of different kinds can be ranked against each other:
 *
 * - the effect is Cliff's δ = P(a > b) − P(a < b) ∈ [−1, 1] (= the rank-biserial correlation of Mann–Whitney's U;
 *   for 0/1 outcomes it is exactly the difference of the two proportions), so a hit-rate gap and a median gap
 *   are on one scale;
 * - hit rates (0/1 outcomes): the two-proportion z test (pooled standard error);
 * - medians and other ordinal comparisons: Mann–Whitney U with the normal approximation and the tie correction;
 * - means, where neither fits: a seeded percentile bootstrap interval of the difference of means.
 *
 * Normal tail probabilities come from jStat; ranks from the core's `fractionalRanks` (ties averaged).
 */
import jStatModule from 'jstat';
import { LRUCache } from 'lru-cache';
import { fractionalRanks } from './spearman.ts';

const { jStat } = jStatModule;

/** Two-sided p of a standard normal statistic. */
function twoSided(z: number): number {
  return Math.max(0, Math.min(1, 2 * (1 - jStat.normal.cdf(Math.abs(z), 0, 1))));
}

export interface TestResult {
  /** Cliff's δ of a against b (positive: a tends to be larger). */
  effect: number;
  /** Two-sided p-value (null when the test cannot be run: an empty group or no variation at all). */
  p: number | null;
}

/** Two-proportion z test of x1/n1 against x2/n2; effect = p1 − p2 (Cliff's δ of 0/1 outcomes). */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): TestResult {
  if (n1 === 0 || n2 === 0) return { effect: 0, p: null };
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { effect: p1 - p2, p: p1 === p2 ? 1 : 0 };
  return { effect: p1 - p2, p: twoSided((p1 - p2) / se) };
}

/** The level a picked gap is judged significant at. */
export const PICKED_GAP_ALPHA = 0.05;

/**
 * The two-proportion p of a gap that was picked as the largest of `comparisons` possible ones (the best month
 * against the worst, the best genre against the rest), Bonferroni-adjusted: the extremes of many groups differ even
 * when no group matters. 1 when the test cannot be run.
 */
export function pickedGapP(x1: number, n1: number, x2: number, n2: number, comparisons: number): number {
  const { p } = twoProportionTest(x1, n1, x2, n2);
  return Math.min(1, (p ?? 1) * Math.max(1, comparisons));
}

/** The finite values of an array. */
function finite(values: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out.push(values[i]);
  return Float64Array.from(out);
}

/**
 * Mann–Whitney U of a against b (normal approximation with the tie correction; NaN values skipped). The effect is
 * the rank-biserial correlation 2U/(n1·n2) − 1 = Cliff's δ.
 */
export function mannWhitneyTest(aValues: ArrayLike<number>, bValues: ArrayLike<number>): TestResult {
  const a = finite(aValues);
  const b = finite(bValues);
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { effect: 0, p: null };
  const all = new Float64Array(n1 + n2);
  all.set(a, 0);
  all.set(b, n1);
  const ranks = fractionalRanks(all);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const effect = (2 * u) / (n1 * n2) - 1;
  // Tie correction: Σ (t³ − t) over groups of tied values.
  const sorted = Float64Array.from(all).sort();
  let ties = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    const t = j - i;
    ties += t * t * t - t;
    i = j;
  }
  const n = n1 + n2;
  const variance = ((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1)));
  if (variance <= 0) return { effect, p: 1 };
  return { effect, p: twoSided((u - (n1 * n2) / 2) / Math.sqrt(variance)) };
}

export interface BootstrapResult extends TestResult {
  /** The observed difference of means (a − b) and its 95% percentile interval. */
  difference: number;
  low: number;
  high: number;
}

/**
 * Two 32-bit hashes of a sample's values (FNV-1a and a multiplicative mix over their bytes) and its length: the
 * identity of a group for `resampledMeans`.
 */
function sampleKey(x: Float64Array): { key: string; hash: number } {
  const words = new Uint32Array(x.buffer, x.byteOffset, x.length * 2);
  let fnv = 0x811c9dc5;
  let mix = 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    fnv = Math.imul(fnv ^ words[i], 0x01000193);
    mix = Math.imul(mix ^ (words[i] + 0x7f4a7c15 + (mix << 6) + (mix >>> 2)), 0x85ebca6b);
  }
  return { key: `${x.length}:${(fnv >>> 0).toString(36)}:${(mix >>> 0).toString(36)}`, hash: fnv >>> 0 };
}

/** Resampled means already drawn, by group, iterations and seed (≈ 8 kB each). */
const resampledCache = new LRUCache<string, Float64Array>({ max: 256 });

/**
 * `iterations` means of resamples (with replacement) of one group, from its own stream: the seed mixed with a hash
 * of the group's values. A group therefore resamples the same way in every comparison it is part of — the two
 * groups of a bootstrap are resampled independently anyway — and is resampled once however many comparisons it
 * is in (a pure function of its values: kept in a small LRU).
 */
function resampledMeans(x: Float64Array, iterations: number, seed: number): Float64Array {
  const { key, hash } = sampleKey(x);
  const cacheKey = `${key}|${iterations}|${seed}`;
  const kept = resampledCache.get(cacheKey);
  if (kept) return kept;
  const means = bootstrapMeans(x, iterations, (seed ^ hash) >>> 0);
  resampledCache.set(cacheKey, means);
  return means;
}

/**
 * The means of `iterations` resamples of `x` with replacement, drawn with `createRng(seed)`'s stream (mulberry32)
 * inlined: the same draws as `rng.int(n)` (the tests compare them), without two calls per draw — this loop runs
 * iterations × n times, a million and more for a large genre.
 */
export function bootstrapMeans(x: Float64Array, iterations: number, seed: number): Float64Array {
  let state = seed >>> 0;
  const n = x.length;
  const means = new Float64Array(iterations);
  for (let k = 0; k < iterations; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      s += x[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)];
    }
    means[k] = s / n;
  }
  return means;
}

/**
 * The difference of means a − b with a seeded percentile bootstrap 95% interval (`iterations` resamples of each
 * group, each from its own seeded stream: `resampledMeans`). p is the bootstrap's two-sided p (twice the share of
 * resampled differences on the far side of 0), the effect Cliff's δ (from Mann–Whitney's U) so that it ranks with
 * the other tests.
 */
export function bootstrapMeanTest(aValues: ArrayLike<number>, bValues: ArrayLike<number>, iterations = 1000, seed = 7): BootstrapResult {
  const a = finite(aValues);
  const b = finite(bValues);
  const { effect } = mannWhitneyTest(a, b);
  if (a.length === 0 || b.length === 0) return { effect, p: null, difference: 0, low: 0, high: 0 };
  const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
  const difference = mean(a) - mean(b);
  const aMeans = resampledMeans(a, iterations, seed);
  const bMeans = resampledMeans(b, iterations, seed);
  const diffs = new Float64Array(iterations);
  for (let k = 0; k < iterations; k++) diffs[k] = aMeans[k] - bMeans[k];
  diffs.sort();
  const at = (q: number) => diffs[Math.min(iterations - 1, Math.max(0, Math.floor(q * iterations)))];
  let below = 0;
  let above = 0;
  for (const d of diffs) {
    if (d <= 0) below++;
    if (d >= 0) above++;
  }
  const p = Math.min(1, (2 * Math.min(below, above)) / iterations);
  return { effect, p, difference, low: at(0.025), high: at(0.975) };
}

/**
 * Holm's step-down adjustment of a family of p-values (null stays null): controls the chance of any false
 * "significant" among the metrics of one comparison.
 */
export function holm(ps: readonly (number | null)[]): (number | null)[] {
  const order = ps
    .map((p, i) => ({ p, i }))
    .filter((x): x is { p: number; i: number } => x.p !== null)
    .sort((x, y) => x.p - y.p || x.i - y.i);
  const m = order.length;
  const out: (number | null)[] = ps.map(() => null);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    out[i] = running;
  });
  return out;
}

import { describe, expect, it } from 'vitest';
import { binOf, binRows, featureCuts, MAX_BINS } from '../../models/binning.ts';
import { brier, calibrationBins, mae, median, quantile, r2, rocAuc, smape } from '../../models/metrics.ts';
import { bootstrap, createRng, permutation } from '../../models/prng.ts';

describe('metrics (hand-computed cases)', () => {
  it('R² and MAE', () => {
    // actual mean 2, SST = 2; errors 0.5, 0, −0.5 → SSE 0.5 → R² 0.75; MAE 1/3.
    expect(r2([1, 2, 3], [1.5, 2, 2.5])).toBeCloseTo(0.75, 12);
    expect(mae([1, 2, 3], [1.5, 2, 2.5])).toBeCloseTo(1 / 3, 12);
    expect(r2([1, 2, 3], [2, 2, 2])).toBe(0);
  });

  it('ROC AUC counts ordered pairs, ties as half', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4])).toBe(0);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    // Pairs (pos, neg): (0.8,0.1) ✓ (0.8,0.6) ✓ (0.4,0.1) ✓ (0.4,0.6) ✗ → 3/4.
    expect(rocAuc([1, 0, 1, 0], [0.8, 0.1, 0.4, 0.6])).toBe(0.75);
  });

  it('Brier, calibration bins and sMAPE', () => {
    expect(brier([1, 0], [0.8, 0.4])).toBeCloseTo((0.04 + 0.16) / 2, 12);
    const bins = calibrationBins([1, 0, 1, 1], [0.05, 0.15, 0.95, 0.85], 2);
    expect(bins.map((b) => [b.from, b.to, b.count, b.observedRate])).toEqual([
      [0, 0.5, 2, 0.5],
      [0.5, 1, 2, 1],
    ]);
    expect(bins[0].meanPredicted).toBeCloseTo(0.1, 12);
    expect(bins[1].meanPredicted).toBeCloseTo(0.9, 12);
    // |110 − 100| / (210 / 2) = 9.5238…%; second term 0.
    expect(smape([100, 50], [110, 50])).toBeCloseTo((200 * 10) / 210 / 2, 10);
  });

  it('quantiles interpolate like numpy', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 0, 5], 0.25)).toBe(2.5);
    expect(median([3, 1, 2])).toBe(2);
  });
});

describe('binning', () => {
  it('gives one bin per distinct value when there are few', () => {
    const cuts = featureCuts([3, 1, 2, 2, 1]);
    expect(Array.from(cuts)).toEqual([1.5, 2.5]);
    expect([1, 2, 3].map((v) => binOf(cuts, v))).toEqual([0, 1, 2]);
  });

  it('caps at 255 bins with roughly equal counts, cuts increasing', () => {
    const rng = createRng(3);
    const values = Array.from({ length: 20000 }, () => rng.next() ** 3);
    const cuts = featureCuts(values);
    expect(cuts.length).toBeLessThanOrEqual(MAX_BINS - 1);
    expect(cuts.length).toBeGreaterThan(200);
    for (let i = 1; i < cuts.length; i++) expect(cuts[i]).toBeGreaterThan(cuts[i - 1]);
    const data = binRows(values.map((v) => [v]));
    const counts = new Array<number>(cuts.length + 1).fill(0);
    for (const b of data.bins) counts[b] += 1; // one feature: the row-major bins are its column
    expect(Math.max(...counts)).toBeLessThan(3 * (values.length / MAX_BINS));
  });

  it('rejects values that are not finite', () => {
    expect(() => featureCuts([1, Number.POSITIVE_INFINITY])).toThrow(/finite/);
  });
});

describe('seeded PRNG', () => {
  it('repeats for a seed and differs across seeds; permutations are permutations', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(seqA);
    expect(c.next()).not.toBe(seqA[0]);
    const p = Array.from(permutation(100, createRng(1))).sort((x, y) => x - y);
    expect(p).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const boot = bootstrap(1000, createRng(2));
    expect(new Set(boot).size).toBeLessThan(1000);
  });
});

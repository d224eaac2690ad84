/** The bootstrap test of a difference of means: seeded, each group resampled from its own stream. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../models/prng.ts';
import { bootstrapMeans, bootstrapMeanTest } from '../../src/core/stats/tests.ts';

/** `n` normal-ish values around `mean` (sum of uniforms), seeded. */
function sample(n: number, mean: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => mean + (rng.next() + rng.next() + rng.next() - 1.5));
}

describe('bootstrapMeans', () => {
  it('draws exactly what createRng(seed).int(n) draws', () => {
    const x = sample(37, 2, 11);
    const rng = createRng(12345);
    const expected = Float64Array.from({ length: 50 }, () => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[rng.int(x.length)];
      return s / x.length;
    });
    expect(bootstrapMeans(x, 50, 12345)).toEqual(expected);
  });
});

describe('bootstrapMeanTest', () => {
  it('gives the same answer for the same groups, in any order of earlier calls', () => {
    const a = sample(400, 1, 1);
    const b = sample(300, 1.1, 2);
    const c = sample(500, 0.9, 3);
    const first = bootstrapMeanTest(a, b);
    bootstrapMeanTest(c, a);
    bootstrapMeanTest(b, c);
    expect(bootstrapMeanTest(a, b)).toEqual(first);
    // A copy of the values (another array) is the same group.
    expect(bootstrapMeanTest(Float64Array.from(a), [...b])).toEqual(first);
  });

  it('finds a real difference, with an interval around it that excludes 0', () => {
    const a = sample(400, 1.3, 4);
    const b = sample(400, 1, 5);
    const r = bootstrapMeanTest(a, b);
    expect(r.difference).toBeGreaterThan(0.2);
    expect(r.low).toBeGreaterThan(0);
    expect(r.low).toBeLessThan(r.difference);
    expect(r.high).toBeGreaterThan(r.difference);
    expect(r.p).toBeLessThan(0.01);
  });

  it('finds none between two draws of one population, and none between a group and itself', () => {
    const r = bootstrapMeanTest(sample(400, 1, 6), sample(400, 1, 7));
    expect(r.low).toBeLessThan(0);
    expect(r.high).toBeGreaterThan(0);
    expect(r.p).toBeGreaterThan(0.05);
    const a = sample(200, 1, 8);
    expect(bootstrapMeanTest(a, a)).toMatchObject({ difference: 0, low: 0, high: 0, p: 1 });
  });

  it('resamples the two groups independently: the interval width matches the standard error of the difference', () => {
    // Independent groups: sd(mean a − mean b) = sqrt(var a / n + var b / n); the 95% interval spans ≈ 3.92 of it.
    const a = sample(1000, 0, 9);
    const b = sample(1000, 0, 10);
    const variance = (x: Float64Array) => {
      const m = x.reduce((s, v) => s + v, 0) / x.length;
      return x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1);
    };
    const se = Math.sqrt(variance(a) / a.length + variance(b) / b.length);
    const r = bootstrapMeanTest(a, b);
    expect((r.high - r.low) / se).toBeGreaterThan(3.92 * 0.85);
    expect((r.high - r.low) / se).toBeLessThan(3.92 * 1.15);
  });
});

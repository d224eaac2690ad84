import { sampleCorrelation, sampleRankCorrelation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { correlationPValue, fractionalRanks, spearman } from '../../src/core/stats/spearman.ts';

const f = (xs: number[]) => Float64Array.from(xs);

describe('fractional ranks', () => {
  it('gives tied values their average rank', () => {
    expect(Array.from(fractionalRanks(f([10, 20, 20, 5, 20])))).toEqual([2, 4, 4, 1, 4]);
    expect(Array.from(fractionalRanks(f([3, 3])))).toEqual([1.5, 1.5]);
  });
});

describe('Spearman ρ', () => {
  it('matches a hand computation without ties: 1 − 6Σd² / (n(n² − 1))', () => {
    // ranks x: 1..5, ranks y: 2,1,4,3,5 → Σd² = 1+1+1+1+0 = 4 → ρ = 1 − 24/120 = 0.8
    const r = spearman(f([1, 2, 3, 4, 5]), f([20, 10, 40, 30, 50]));
    expect(r.rho).toBeCloseTo(0.8, 12);
    expect(r.n).toBe(5);
  });

  it('matches simple-statistics on tie-free data', () => {
    const x = [3.1, 0.2, 7.7, 5.5, 1.9, 8.8, 4.4, 6.6, 2.3, 9.1];
    const y = [2.0, 1.1, 9.5, 4.2, 3.3, 7.9, 6.1, 5.0, 0.4, 8.1];
    expect(spearman(f(x), f(y)).rho).toBeCloseTo(sampleRankCorrelation(x, y), 12);
  });

  it('handles ties as Pearson on average ranks (hand-ranked reference)', () => {
    const x = [1, 2, 2, 3, 4];
    const y = [5, 6, 7, 7, 9];
    // hand ranks: x → 1, 2.5, 2.5, 4, 5; y → 1, 2, 3.5, 3.5, 5
    const expected = sampleCorrelation([1, 2.5, 2.5, 4, 5], [1, 2, 3.5, 3.5, 5]);
    expect(spearman(f(x), f(y)).rho).toBeCloseTo(expected, 12);
  });

  it('uses only the complete pairs (NaN = missing) and needs 3 of them', () => {
    const r = spearman(f([1, 2, Number.NaN, 3, 4]), f([1, 2, 100, 4, 3]));
    expect(r.n).toBe(4);
    // ranks 1,2,3,4 vs 1,2,4,3 → Σd² = 2 → ρ = 1 − 12/60 = 0.8
    expect(r.rho).toBeCloseTo(0.8, 12);
    expect(spearman(f([1, Number.NaN, 2]), f([1, 2, 3]))).toEqual({ rho: null, p: null, n: 2 });
  });

  it('is null for a constant column', () => {
    expect(spearman(f([1, 1, 1, 1]), f([1, 2, 3, 4])).rho).toBeNull();
  });
});

describe('p-value', () => {
  it('is 0.05 at the tabulated two-sided critical t of 10 degrees of freedom (2.228)', () => {
    const t = 2.228;
    const rho = t / Math.sqrt(t * t + 10); // n = 12
    expect(correlationPValue(rho, 12)).toBeCloseTo(0.05, 3);
  });
  it('is 0.01 at t = 2.845 with 20 degrees of freedom', () => {
    const t = 2.845;
    expect(correlationPValue(t / Math.sqrt(t * t + 20), 22)).toBeCloseTo(0.01, 3);
  });
  it('is 1 for ρ = 0 and 0 for |ρ| = 1', () => {
    expect(correlationPValue(0, 50)).toBeCloseTo(1, 6); // jStat's t CDF is accurate to ~1e-8
    expect(correlationPValue(-1, 50)).toBe(0);
  });
});

describe('ranks by counting and by sorting agree', () => {
  it('gives whole numbers (counting path) the same ranks as the sort path', () => {
    const ints = f([2016, 1999, 2016, 2020, 1999, 1999, 2001]);
    // sorted: 1999 ×3 (ranks 1..3 → 2), 2001 (4), 2016 ×2 (5.5), 2020 (7)
    expect(Array.from(fractionalRanks(ints))).toEqual([5.5, 2, 5.5, 7, 2, 2, 4]);
    // the same values nudged off whole numbers take the sort path and keep the order
    expect(Array.from(fractionalRanks(f(Array.from(ints, (v) => v + 0.5))))).toEqual([5.5, 2, 5.5, 7, 2, 2, 4]);
    // a span of 2^16 or more takes the sort path too
    expect(Array.from(fractionalRanks(f([0, 70_000, 0])))).toEqual([1.5, 3, 1.5]);
  });
});

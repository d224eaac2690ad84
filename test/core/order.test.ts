import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../models/prng.ts';
import { argsort, sortedFinite } from '../../src/core/stats/order.ts';

/** Reference: a stable comparator sort of positions (NaN last). */
function reference(values: readonly number[]): number[] {
  const key = (v: number) => (Number.isNaN(v) ? Infinity : v);
  return values
    .map((v, i) => ({ v, i }))
    .sort((a, b) => (Number.isNaN(a.v) !== Number.isNaN(b.v) ? (Number.isNaN(a.v) ? 1 : -1) : key(a.v) - key(b.v) || a.i - b.i))
    .map((x) => x.i);
}

describe('argsort', () => {
  it('orders small arrays stably, ties by position, −0 with +0, NaN last', () => {
    expect(Array.from(argsort([3, -1, 2, -1, 0, -0, Number.NaN, -Infinity]))).toEqual([7, 1, 3, 4, 5, 2, 0, 6]);
  });

  it('agrees with a stable comparator sort on large arrays (the radix path)', () => {
    const rng = createRng(7);
    const values = Array.from({ length: 20_000 }, () => {
      const r = rng.next();
      if (r < 0.05) return Number.NaN;
      if (r < 0.3) return Math.round(rng.next() * 20) / 2 - 3; // many ties, negatives and zeros
      return (rng.next() - 0.3) * 10 ** (rng.int(12) - 4);
    });
    values[5] = -0;
    values[6] = 0;
    expect(Array.from(argsort(values))).toEqual(reference(values));
  });

  it('agrees with the comparator sort on arbitrary doubles', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 2048, maxLength: 2600 }), (values) => {
        expect(Array.from(argsort(values))).toEqual(reference(values));
      }),
      { numRuns: 15 },
    );
  });

  it('sortedFinite drops NaN and infinities', () => {
    expect(Array.from(sortedFinite([2, Number.NaN, -1, Infinity, 0.5]))).toEqual([-1, 0.5, 2]);
  });
});

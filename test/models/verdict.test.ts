/** The verdict rule (`verdictOf`): monotone in its evidence, never GREENLIGHT below the class median, budget-free. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BREAK_EVEN_MULTIPLE, verdictOf, VERDICT_THRESHOLDS, type VerdictEvidence } from '../../src/core/intelligence/rules.ts';
import { breakEvenProbability } from '../../src/core/intelligence/revenue.ts';
import { distance, referenceClass, type ReferenceCandidate } from '../../src/core/intelligence/reference.ts';

const RANK = { PASS: 0, CONSIDER: 1, GREENLIGHT: 2 } as const;
const share = fc.double({ min: 0, max: 1, noNaN: true });
const multiple = fc.double({ min: 0.05, max: 20, noNaN: true });
const percentile = fc.double({ min: 0, max: 100, noNaN: true });

const movieEvidence = fc.record({
  breakEvenProbability: share,
  classBreakEvenRate: share,
  predictedMultiple: multiple,
  classMedianMultiple: multiple,
  hitProbability: share,
  classHitRate: share,
  predictedPopularity: fc.constant(null),
  classMedianPopularity: fc.constant(null),
}) as fc.Arbitrary<VerdictEvidence>;

const tvEvidence = fc.record({
  breakEvenProbability: fc.constant(null),
  classBreakEvenRate: fc.constant(null),
  predictedMultiple: fc.constant(null),
  classMedianMultiple: fc.constant(null),
  hitProbability: share,
  classHitRate: share,
  predictedPopularity: percentile,
  classMedianPopularity: percentile,
}) as fc.Arbitrary<VerdictEvidence>;

const rank = (e: VerdictEvidence) => RANK[verdictOf(e).recommendation];

describe('the verdict rule', () => {
  it('movies: never better with a lower break-even chance, a lower multiple or a lower hit chance; never worse with weaker comparables', () => {
    fc.assert(
      fc.property(movieEvidence, share, multiple, share, share, (e, dp, dm, dh, dc) => {
        const p = e.breakEvenProbability as number;
        expect(rank({ ...e, breakEvenProbability: Math.min(1, p + dp) })).toBeGreaterThanOrEqual(rank(e));
        expect(rank({ ...e, predictedMultiple: (e.predictedMultiple as number) + dm })).toBeGreaterThanOrEqual(rank(e));
        expect(rank({ ...e, hitProbability: Math.min(1, e.hitProbability + dh) })).toBeGreaterThanOrEqual(rank(e));
        expect(rank({ ...e, classBreakEvenRate: Math.max(0, (e.classBreakEvenRate as number) - dc) })).toBeGreaterThanOrEqual(rank(e));
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it('TV: never better with a lower hit chance or popularity; never worse with weaker comparables', () => {
    fc.assert(
      fc.property(tvEvidence, share, percentile, share, (e, dh, dq, dc) => {
        expect(rank({ ...e, hitProbability: Math.min(1, e.hitProbability + dh) })).toBeGreaterThanOrEqual(rank(e));
        expect(rank({ ...e, predictedPopularity: Math.min(100, (e.predictedPopularity as number) + dq) })).toBeGreaterThanOrEqual(rank(e));
        expect(rank({ ...e, classHitRate: Math.max(0, e.classHitRate - dc) })).toBeGreaterThanOrEqual(rank(e));
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it('is never GREENLIGHT when the prediction is below the class median, and then says so', () => {
    fc.assert(
      fc.property(movieEvidence, tvEvidence, (m, t) => {
        const movieBelow = (m.predictedMultiple as number) < (m.classMedianMultiple as number);
        const mv = verdictOf(m);
        if (movieBelow) expect(mv.recommendation).not.toBe('GREENLIGHT');
        if (movieBelow && mv.recommendation === 'CONSIDER') expect(mv.reasons.join(' ')).toMatch(/below the comparables' median/);
        const tvBelow = (t.predictedPopularity as number) < (t.classMedianPopularity as number);
        const tv = verdictOf(t);
        if (tvBelow) expect(tv.recommendation).not.toBe('GREENLIGHT');
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('decides the stated cases at the thresholds', () => {
    const base: VerdictEvidence = {
      breakEvenProbability: 0.6,
      classBreakEvenRate: 0.5,
      predictedMultiple: 3,
      classMedianMultiple: 2.5,
      hitProbability: 0.4,
      classHitRate: 0.4,
      predictedPopularity: null,
      classMedianPopularity: null,
    };
    expect(verdictOf(base).recommendation).toBe('GREENLIGHT');
    expect(verdictOf({ ...base, breakEvenProbability: 0.54 }).recommendation).toBe('CONSIDER'); // not 5 points above 50%
    expect(verdictOf({ ...base, breakEvenProbability: VERDICT_THRESHOLDS.passBreakEven - 0.01 }).recommendation).toBe('PASS');
    expect(verdictOf({ ...base, breakEvenProbability: 0.45, classBreakEvenRate: 0.6 }).recommendation).toBe('PASS'); // 15 points below
    expect(verdictOf({ ...base, hitProbability: 0.3 }).recommendation).toBe('CONSIDER'); // 10 points under the class hit rate
    // Gaps between two percentages are said in percentage points ("5 points", not "5% points").
    expect(verdictOf({ ...base, breakEvenProbability: 0.54 }).reasons).toEqual(["break-even chance 54% is not 5 points above the comparables' 50%"]);
    expect(verdictOf({ ...base, breakEvenProbability: 0.45, classBreakEvenRate: 0.6 }).reasons).toEqual([
      "break-even chance 45% is more than 10 points below the comparables' 60%",
    ]);
  });
});

describe('break-even probability from the residuals', () => {
  const residuals = [-1, -0.5, 0, 0.5, 1];

  it('is the share of residuals that lift the prediction to the hurdle, and falls as the budget rises', () => {
    const budget = 100;
    const atHurdle = Math.log(BREAK_EVEN_MULTIPLE * budget);
    expect(breakEvenProbability(residuals, atHurdle, budget)).toBe(0.6); // r ≥ 0: 3 of 5
    expect(breakEvenProbability(residuals, atHurdle + 2, budget)).toBe(1);
    expect(breakEvenProbability(residuals, atHurdle - 2, budget)).toBe(0);
    let last = 1;
    for (const b of [50, 100, 200, 400]) {
      const p = breakEvenProbability(residuals, atHurdle, b);
      expect(p).toBeLessThanOrEqual(last);
      last = p;
    }
  });
});

describe('reference classes', () => {
  const candidate = (k: number, over: Partial<ReferenceCandidate> = {}): ReferenceCandidate => ({
    key: `movie:${k}`,
    genres: ['Action'],
    year: 2010 + (k % 10),
    month: (k % 12) + 1,
    language: 'en',
    budget: 1e6 * (k + 1),
    multiple: 1 + (k % 5),
    hit: k % 3 === 0,
    popularity: k % 100,
    ...over,
  });
  const pool = [...Array.from({ length: 100 }, (_, k) => candidate(k)), candidate(500, { genres: ['Drama'], budget: 50e6 })];

  it('keeps the k nearest of the genre with a known multiple, and reports their outcomes', () => {
    const cls = referenceClass(pool, { genre: 'Action', budget: 50e6, quarter: 3, year: 2019, language: 'en' }, BREAK_EVEN_MULTIPLE, 20);
    expect(cls?.n).toBe(20);
    expect(cls?.members.every((m) => m.genres.includes('Action'))).toBe(true);
    const budgets = (cls?.members ?? []).map((m) => m.budget as number);
    // the nearest in budget: all within a factor of 2 of $50M here
    expect(Math.min(...budgets)).toBeGreaterThanOrEqual(25e6);
    const multiples = (cls?.members ?? []).map((m) => m.multiple as number);
    expect(cls?.breakEvenRate).toBe(multiples.filter((m) => m >= BREAK_EVEN_MULTIPLE).length / 20);
    expect(cls?.hitRate).toBe((cls?.members ?? []).filter((m) => m.hit).length / 20);
  });

  it('keeps exactly the first k of all eligible candidates sorted by (distance, key), ties at the cut included', () => {
    // Many ties: coarse budgets, years, months and languages; with and without a planned budget.
    const arbCandidate = fc.record({
      key: fc.integer({ min: 0, max: 300 }).map((k) => `movie:${k}`),
      genres: fc.subarray(['Action', 'Drama', 'Comedy'], { minLength: 1 }),
      year: fc.integer({ min: 2000, max: 2004 }),
      month: fc.integer({ min: 1, max: 12 }),
      language: fc.constantFrom('en', 'fr', null),
      budget: fc.constantFrom(1e6, 2e6, 4e6, null),
      multiple: fc.constantFrom(0.5, 2, 3, null),
      hit: fc.boolean(),
      popularity: fc.integer({ min: 0, max: 100 }),
    }) as fc.Arbitrary<ReferenceCandidate>;
    fc.assert(
      fc.property(
        fc.uniqueArray(arbCandidate, { selector: (c) => c.key, maxLength: 120 }),
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom(2e6, null),
        (candidates, k, budget) => {
          const p = { genre: 'Action', budget, quarter: 2, year: 2002, language: 'en' };
          const naive = candidates
            .filter((c) => c.genres.includes('Action') && (budget === null || c.multiple !== null))
            .map((c) => ({ c, d: distance(c, p) }))
            .sort((a, b) => a.d - b.d || (a.c.key < b.c.key ? -1 : a.c.key > b.c.key ? 1 : 0))
            .slice(0, k)
            .map((x) => x.c.key);
          expect(referenceClass(candidates, p, BREAK_EVEN_MULTIPLE, k)?.members.map((m) => m.key) ?? []).toEqual(naive);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('is deterministic, ties broken by key', () => {
    const p = { genre: 'Action', budget: 10e6, quarter: 1, year: 2015, language: 'en' };
    expect(referenceClass([...pool].reverse(), p, 2.5, 15)?.members.map((m) => m.key)).toEqual(referenceClass(pool, p, 2.5, 15)?.members.map((m) => m.key));
  });
});

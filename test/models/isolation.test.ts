import { describe, expect, it } from 'vitest';
import { fitIsolationForest } from '../../models/isolation.ts';
import { createRng } from '../../models/prng.ts';

describe('isolation forest wrapper', () => {
  // 980 points in a tight cluster and 20 planted far away (2 % contamination).
  const rng = createRng(5);
  const rows: number[][] = [];
  for (let i = 0; i < 980; i++) rows.push([rng.next(), rng.next(), rng.next(), rng.next()]);
  const planted = new Set<number>();
  for (let i = 0; i < 20; i++) {
    planted.add(rows.length);
    rows.push([4 + rng.next(), -3 - rng.next(), rng.next(), 5 * rng.next() + 3]);
  }
  const model = fitIsolationForest(rows);

  it('flags the planted outliers and few others', () => {
    const flagged = model.trainingScores.map((s, i) => (s > model.threshold ? i : -1)).filter((i) => i >= 0);
    const hits = flagged.filter((i) => planted.has(i)).length;
    expect(hits).toBeGreaterThanOrEqual(18);
    expect(flagged.length).toBeLessThanOrEqual(25);
    const minPlanted = Math.min(...[...planted].map((i) => model.trainingScores[i]));
    const inliers = model.trainingScores.filter((_, i) => !planted.has(i)).sort((a, b) => a - b);
    expect(minPlanted).toBeGreaterThan(inliers[Math.floor(inliers.length * 0.9)]);
  });

  it('scores new rows: a far point above the threshold, the centre below', () => {
    const [far, centre] = model.score([
      [10, 10, 10, 10],
      [0.5, 0.5, 0.5, 0.5],
    ]);
    expect(far).toBeGreaterThan(model.threshold);
    expect(centre).toBeLessThan(model.threshold);
  });

  it('is deterministic for a seed and leaves Math.random alone', () => {
    const random = Math.random;
    const again = fitIsolationForest(rows);
    expect(again.trainingScores).toEqual(model.trainingScores);
    expect(Math.random).toBe(random);
  });
});

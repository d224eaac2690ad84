import { describe, expect, it } from 'vitest';
import { boosterContributions, DEPTHWISE_PARAMS, predictBooster, trainBooster } from '../../models/booster.ts';
import { mean, mse } from '../../models/metrics.ts';
import { createRng } from '../../models/prng.ts';
import type { Tree } from '../../models/tree.ts';

/** `n` rows of `d` uniform features in [0, 1) and targets `f(row)` plus Gaussian-ish noise of scale `noise`. */
function synthetic(n: number, d: number, f: (x: number[]) => number, seed: number, noise = 0.05) {
  const rng = createRng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: d }, () => rng.next());
    X.push(x);
    y.push(f(x) + noise * (rng.next() + rng.next() + rng.next() - 1.5));
  }
  return { X, y };
}

const step = (x: number[]) => (x[0] > 0.5 ? 3 : 1);
const interaction = (x: number[]) => (x[0] > 0.5 === x[1] > 0.5 ? 2 : -2);

function depth(tree: Tree, node = 0): number {
  return tree.feature[node] < 0 ? 0 : 1 + Math.max(depth(tree, tree.left[node]), depth(tree, tree.right[node]));
}

describe('gradient booster', () => {
  it.each([
    ['a step', step],
    ['an interaction (XOR of two features)', interaction],
  ])('fits %s to low error and beats the mean', (_name, f) => {
    const train = synthetic(1500, 5, f, 1);
    const test = synthetic(500, 5, f, 2);
    const model = trainBooster(train, undefined, { nTrees: 150, learningRate: 0.1 });
    const predicted = test.X.map((x) => predictBooster(model, x));
    const truth = test.X.map(f);
    const meanPrediction = test.y.map(() => mean(train.y));
    const modelError = mse(truth, predicted);
    // Low error: under 5 % of the variance the mean leaves unexplained (R² > 0.95 on the noiseless truth).
    expect(modelError).toBeLessThan(0.05 * mse(truth, meanPrediction));
  });

  it('stops early on a validation set and keeps the best number of trees', () => {
    const train = synthetic(600, 3, step, 3, 0.5);
    const valid = synthetic(300, 3, step, 4, 0.5);
    const model = trainBooster(train, valid, { nTrees: 300, learningRate: 0.3, earlyStoppingRounds: 10 });
    const best = model.validationCurve.indexOf(Math.min(...model.validationCurve)) + 1;
    expect(model.trees.length).toBe(best);
    expect(model.validationCurve.length).toBeLessThan(300);
  });

  it('per-feature contributions plus the base value add up to every prediction', () => {
    const train = synthetic(800, 4, (x) => 2 * x[0] + (x[1] > 0.3 ? x[2] : -x[2]), 5);
    const model = trainBooster(train, undefined, { nTrees: 60 });
    for (const x of synthetic(50, 4, step, 6).X) {
      const { base, values } = boosterContributions(model, x);
      const sum = values.reduce((a, b) => a + b, base);
      expect(sum).toBeCloseTo(predictBooster(model, x), 9);
    }
    // A feature the target ignores gets (almost) no credit compared with the one that drives it.
    const x = [0.9, 0.5, 0.5, 0.5];
    const { values } = boosterContributions(model, x);
    expect(Math.abs(values[3])).toBeLessThan(Math.abs(values[0]) / 5);
  });

  it('is deterministic for a seed, and the seed matters', () => {
    const train = synthetic(400, 5, interaction, 7);
    const a = trainBooster(train, undefined, { nTrees: 30 });
    const b = trainBooster(train, undefined, { nTrees: 30 });
    const c = trainBooster(train, undefined, { nTrees: 30, seed: 7 });
    const probe = train.X.slice(0, 20);
    expect(probe.map((x) => predictBooster(a, x))).toEqual(probe.map((x) => predictBooster(b, x)));
    expect(probe.map((x) => predictBooster(a, x))).not.toEqual(probe.map((x) => predictBooster(c, x)));
  });

  it('grows leaf-wise up to num_leaves, and depth-wise to max depth 6 for the fallback', () => {
    const train = synthetic(2000, 4, (x) => Math.sin(6 * x[0]) + x[1] * x[2], 8);
    const leafwise = trainBooster(train, undefined, { nTrees: 5, numLeaves: 31, minDataInLeaf: 5 });
    const leaves = (t: Tree) => t.feature.filter((f) => f < 0).length;
    for (const t of leafwise.trees) expect(leaves(t)).toBe(31);
    expect(Math.max(...leafwise.trees.map((t) => depth(t)))).toBeGreaterThan(6);
    const depthwise = trainBooster(train, undefined, { ...DEPTHWISE_PARAMS, nTrees: 5, minDataInLeaf: 5 });
    for (const t of depthwise.trees) {
      expect(depth(t)).toBe(6);
      expect(leaves(t)).toBeLessThanOrEqual(64);
    }
  });

  it('respects min_data_in_leaf', () => {
    const train = synthetic(300, 2, step, 9);
    const model = trainBooster(train, undefined, { nTrees: 3, minDataInLeaf: 100, rowSubsample: 1, featureSubsample: 1 });
    for (const t of model.trees) expect(t.feature.filter((f) => f < 0).length).toBeLessThanOrEqual(3);
  });

  it('with the Huber loss, resists planted target outliers better than squared error', () => {
    const train = synthetic(1500, 3, step, 10);
    const rng = createRng(11);
    const dirty = { X: train.X, y: train.y.map((v) => (rng.next() < 0.05 ? v + 40 : v)) };
    const test = synthetic(400, 3, step, 12).X;
    const truth = test.map(step);
    const l2 = trainBooster(dirty, undefined, { nTrees: 100, learningRate: 0.1 });
    const huber = trainBooster(dirty, undefined, { nTrees: 100, learningRate: 0.1, objective: 'huber', huberDelta: 1 });
    const err = (m: typeof l2) =>
      mse(
        truth,
        test.map((x) => predictBooster(m, x)),
      );
    expect(err(huber)).toBeLessThan(err(l2) / 4);
  });

  it('rejects targets that are not finite', () => {
    expect(() => trainBooster({ X: [[1], [2]], y: [1, Number.NaN] })).toThrow(/finite/);
  });
});

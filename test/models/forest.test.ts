import { describe, expect, it } from 'vitest';
import { forestContributions, predictProba, trainForest } from '../../models/forest.ts';
import { brier, calibrationBins, expectedCalibrationError, rocAuc } from '../../models/metrics.ts';
import { createRng } from '../../models/prng.ts';

/**
 * A problem whose true probabilities are known: P(y = 1 | x) = 0.05 + 0.6·x0² (a rare positive class, base
 * rate 25 %), with two features that carry no signal.
 */
function problem(n: number, seed: number) {
  const rng = createRng(seed);
  const X: number[][] = [];
  const y: (0 | 1)[] = [];
  const p: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = [rng.next(), rng.next(), rng.next()];
    const truth = 0.05 + 0.6 * x[0] * x[0];
    X.push(x);
    p.push(truth);
    y.push(rng.next() < truth ? 1 : 0);
  }
  return { X, y, p };
}

describe('random forest classifier', () => {
  const train = problem(3000, 11);
  const test = problem(3000, 12);
  // Every tree sees all 3 features: with the product's 30 % most trees here would see only a noise feature.
  const params = { nTrees: 60, minDataInLeaf: 40, featureSubsample: 1 };
  const model = trainForest(train.X, train.y, params);
  const predicted = test.X.map((x) => predictProba(model, x));

  it('gives calibrated probabilities, not votes, despite balanced class weights', () => {
    const bins = calibrationBins(test.y, predicted, 5);
    expect(expectedCalibrationError(bins)).toBeLessThan(0.04);
    // The mean probability matches the base rate (the prior correction undoes the balancing).
    const meanP = predicted.reduce((a, b) => a + b, 0) / predicted.length;
    const rate = test.y.reduce<number>((a, b) => a + b, 0) / test.y.length;
    expect(Math.abs(meanP - rate)).toBeLessThan(0.03);
    // Close to the true probabilities, and many distinct values (not a handful of vote shares).
    const maeToTruth = predicted.reduce((s, v, i) => s + Math.abs(v - test.p[i]), 0) / predicted.length;
    expect(maeToTruth).toBeLessThan(0.06);
    expect(new Set(predicted.map((v) => v.toFixed(3))).size).toBeGreaterThan(100);
  });

  it('ranks better than chance and beats the base-rate Brier score', () => {
    expect(rocAuc(test.y, predicted)).toBeGreaterThan(0.7);
    const rate = train.y.reduce<number>((a, b) => a + b, 0) / train.y.length;
    expect(brier(test.y, predicted)).toBeLessThan(
      brier(
        test.y,
        test.y.map(() => rate),
      ),
    );
  });

  it('contributions add up to the raw (balanced) probability and credit the informative feature', () => {
    const x = [0.95, 0.5, 0.5];
    const { base, values } = forestContributions(model, x);
    const raw = values.reduce((a, b) => a + b, base);
    const pi = model.positiveRate;
    const corrected = (raw * pi) / (raw * pi + (1 - raw) * (1 - pi));
    expect(corrected).toBeCloseTo(predictProba(model, x), 9);
    expect(values[0]).toBeGreaterThan(Math.abs(values[1]) + Math.abs(values[2]));
  });

  it('is deterministic for a seed', () => {
    const again = trainForest(train.X, train.y, params);
    expect(test.X.slice(0, 50).map((x) => predictProba(again, x))).toEqual(predicted.slice(0, 50));
  });

  it('refuses a single class', () => {
    expect(() => trainForest([[1], [2]], [0, 0])).toThrow(/both classes/);
  });
});

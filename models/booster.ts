/**
 * A compact LightGBM-style gradient booster for regression (squared loss).
 *
 * Each round fits one histogram tree (see `tree.ts`) to the residuals of the current prediction on a row
 * subsample (0.8, without replacement) and a feature subsample (0.8, per tree), shrinks it by the learning rate
 * and adds it. With a validation set, training keeps the number of trees with the lowest validation MSE and stops
 * after `earlyStoppingRounds` rounds without improvement. All randomness comes from the seeded PRNG.
 *
 * The same code is the fallback regressor with depth-wise settings (`DEPTHWISE_PARAMS`: max depth 6, XGBoost
 * style); the caller decides which one answers.
 */
import { binRows, MAX_BINS, type Rows } from './binning.ts';
import { createRng, DEFAULT_SEED, sampleWithoutReplacement } from './prng.ts';
import { addTreeContributions, growTree, predictTree, scaleTree, type Tree, type TreeParams } from './tree.ts';

export interface BoosterParams extends TreeParams {
  /** Loss: squared error, or Huber (squared within ±huberDelta of the target, absolute beyond — robust to outliers). */
  objective: 'l2' | 'huber';
  huberDelta: number;
  nTrees: number;
  learningRate: number;
  /** Share of rows each tree sees (sampled without replacement). */
  rowSubsample: number;
  /** Share of features each tree may split on. */
  featureSubsample: number;
  /** Stop after this many rounds without a better validation MSE (only with a validation set). */
  earlyStoppingRounds: number;
  maxBins: number;
  seed: number;
}

/** The defaults: 300 trees, learning rate 0.05, leaf-wise with 31 leaves, subsamples 0.8, λ = 1. */
export const BOOSTER_DEFAULTS: BoosterParams = {
  objective: 'l2',
  huberDelta: 1,
  nTrees: 300,
  learningRate: 0.05,
  numLeaves: 31,
  maxDepth: 1000, // no limit in practice (JSON has no Infinity)
  minDataInLeaf: 20,
  lambda: 1,
  minGainToSplit: 0,
  minSumHessian: 1e-3,
  rowSubsample: 0.8,
  featureSubsample: 0.8,
  earlyStoppingRounds: 30,
  maxBins: MAX_BINS,
  seed: DEFAULT_SEED,
};

/** The fallback's depth-wise trees: every node split down to depth 6 (at most 64 leaves). */
export const DEPTHWISE_PARAMS: Partial<BoosterParams> = { maxDepth: 6, numLeaves: 64 };

export interface BoosterModel {
  kind: 'gbdt';
  /** The starting prediction: the mean of the training targets. */
  base: number;
  /** Trees with the learning rate already applied to their values. */
  trees: Tree[];
  nFeatures: number;
  /** Validation loss per round (MSE, or 2×Huber loss; empty without a validation set). */
  validationCurve: number[];
  params: BoosterParams;
}

export interface TrainSet {
  X: Rows;
  y: readonly number[];
}

function checkTargets(y: readonly number[], rows: number, what: string): void {
  if (y.length !== rows) throw new RangeError(`${what}: ${rows} rows but ${y.length} targets`);
  for (const v of y) if (!Number.isFinite(v)) throw new RangeError(`${what}: targets must be finite, got ${v}`);
}

export function trainBooster(train: TrainSet, validation?: TrainSet, overrides: Partial<BoosterParams> = {}): BoosterModel {
  const params: BoosterParams = { ...BOOSTER_DEFAULTS, ...overrides };
  const n = train.X.length;
  checkTargets(train.y, n, 'training set');
  if (validation) checkTargets(validation.y, validation.X.length, 'validation set');
  const data = binRows(train.X, params.maxBins);
  const rng = createRng(params.seed);
  let base = 0;
  for (const v of train.y) base += v;
  base /= n;

  const pred = new Float64Array(n).fill(base);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n).fill(1);
  const valPred = validation ? new Float64Array(validation.X.length).fill(base) : null;
  const trees: Tree[] = [];
  const curve: number[] = [];
  let bestRound = 0;
  let bestLoss = Infinity;
  const rowCount = Math.max(1, Math.round(params.rowSubsample * n));
  const featureCount = Math.max(1, Math.round(params.featureSubsample * data.features));

  for (let round = 0; round < params.nTrees; round++) {
    for (let i = 0; i < n; i++) {
      const e = pred[i] - train.y[i];
      grad[i] = params.objective === 'huber' ? Math.max(-params.huberDelta, Math.min(params.huberDelta, e)) : e;
    }
    const rows = sampleWithoutReplacement(n, rowCount, rng);
    const features = Array.from(sampleWithoutReplacement(data.features, featureCount, rng));
    const tree = scaleTree(growTree(data, grad, hess, rows, features, params), params.learningRate);
    trees.push(tree);
    for (let i = 0; i < n; i++) pred[i] += predictTree(tree, train.X[i]);
    if (validation && valPred) {
      let loss = 0;
      for (let i = 0; i < valPred.length; i++) {
        valPred[i] += predictTree(tree, validation.X[i]);
        const e = Math.abs(valPred[i] - validation.y[i]);
        loss += params.objective === 'huber' && e > params.huberDelta ? params.huberDelta * (2 * e - params.huberDelta) : e * e;
      }
      loss /= valPred.length;
      curve.push(loss);
      if (loss < bestLoss) {
        bestLoss = loss;
        bestRound = round + 1;
      } else if (round + 1 - bestRound >= params.earlyStoppingRounds) break;
    }
  }
  return {
    kind: 'gbdt',
    base,
    trees: validation ? trees.slice(0, bestRound) : trees,
    nFeatures: data.features,
    validationCurve: curve,
    params,
  };
}

export function predictBooster(model: BoosterModel, x: ArrayLike<number>): number {
  let sum = model.base;
  for (const tree of model.trees) sum += predictTree(tree, x);
  return sum;
}

export interface Contributions {
  /** The prediction before any feature is known (the training mean plus every tree's root value). */
  base: number;
  /** One value per feature; `base` + their sum = the prediction. */
  values: number[];
}

export function boosterContributions(model: BoosterModel, x: ArrayLike<number>): Contributions {
  const values = new Float64Array(model.nFeatures);
  let base = model.base;
  for (const tree of model.trees) base += addTreeContributions(tree, x, values);
  return { base, values: Array.from(values) };
}

/**
 * A random forest classifier (binary) on the histogram tree learner.
 *
 * Each of the trees sees a bootstrap sample of the rows and a random subset of the features, and grows
 * leaf-wise with class-probability leaves: a leaf's value is the weighted share of positives among its rows
 * (gradients −w·y, hessians w, no L2 — the split gain is then the weighted Gini decrease). The forest's
 * probability is the mean of its trees' leaf values — probabilities, not votes.
 *
 * Balanced classes: rows are weighted n / (2·n_class), so each class carries half the weight and the rare class
 * is not ignored. That shifts the trees' probabilities to a 50 % prior; `predictProba` undoes the shift with the
 * standard prior correction p = p_b·π / (p_b·π + (1 − p_b)(1 − π)), π the training share of positives, so the
 * probabilities stay calibrated to the real base rate.
 */
import { binRows, MAX_BINS, type Rows } from './binning.ts';
import { bootstrap, createRng, DEFAULT_SEED, sampleWithoutReplacement } from './prng.ts';
import { addTreeContributions, growTree, predictTree, type Tree, type TreeParams } from './tree.ts';

export interface ForestParams extends TreeParams {
  nTrees: number;
  /** Share of features each tree may split on. */
  featureSubsample: number;
  balanced: boolean;
  maxBins: number;
  seed: number;
}

export const FOREST_DEFAULTS: ForestParams = {
  nTrees: 300,
  featureSubsample: 0.3,
  numLeaves: 32,
  maxDepth: 1000, // no limit in practice (JSON has no Infinity)
  minDataInLeaf: 30,
  lambda: 0,
  minGainToSplit: 1e-9,
  minSumHessian: 0,
  balanced: true,
  maxBins: MAX_BINS,
  seed: DEFAULT_SEED,
};

export interface ForestModel {
  kind: 'forest';
  trees: Tree[];
  nFeatures: number;
  /** π: the share of positives in the training data. */
  positiveRate: number;
  balanced: boolean;
  params: ForestParams;
}

export function trainForest(X: Rows, y: readonly (0 | 1 | boolean)[], overrides: Partial<ForestParams> = {}): ForestModel {
  const params: ForestParams = { ...FOREST_DEFAULTS, ...overrides };
  const n = X.length;
  if (y.length !== n) throw new RangeError(`${n} rows but ${y.length} labels`);
  const labels = Float64Array.from(y, (v) => (v ? 1 : 0));
  let positives = 0;
  for (const v of labels) positives += v;
  if (positives === 0 || positives === n) throw new RangeError('the forest needs both classes in the training data');
  const positiveRate = positives / n;
  const w1 = params.balanced ? n / (2 * positives) : 1;
  const w0 = params.balanced ? n / (2 * (n - positives)) : 1;
  const grad = Float64Array.from(labels, (v) => (v ? -w1 : 0));
  const hess = Float64Array.from(labels, (v) => (v ? w1 : w0));
  const data = binRows(X, params.maxBins);
  const rng = createRng(params.seed);
  const featureCount = Math.max(1, Math.round(params.featureSubsample * data.features));
  const trees: Tree[] = [];
  for (let t = 0; t < params.nTrees; t++) {
    const rows = bootstrap(n, rng);
    const features = Array.from(sampleWithoutReplacement(data.features, featureCount, rng));
    trees.push(growTree(data, grad, hess, rows, features, params));
  }
  return { kind: 'forest', trees, nFeatures: data.features, positiveRate, balanced: params.balanced, params };
}

/** The trees' mean leaf value (under the balanced prior when the forest is balanced). */
function rawProba(model: ForestModel, x: ArrayLike<number>): number {
  let sum = 0;
  for (const tree of model.trees) sum += predictTree(tree, x);
  return sum / model.trees.length;
}

function correctPrior(model: ForestModel, pb: number): number {
  if (!model.balanced) return pb;
  const pi = model.positiveRate;
  const num = pb * pi;
  const den = num + (1 - pb) * (1 - pi);
  return den > 0 ? num / den : pi;
}

/** P(y = 1 | x), calibrated to the training base rate. */
export function predictProba(model: ForestModel, x: ArrayLike<number>): number {
  return correctPrior(model, rawProba(model, x));
}

/** Per-feature contributions to the forest's raw (before prior correction) probability: base + Σ = raw. */
export function forestContributions(model: ForestModel, x: ArrayLike<number>): { base: number; values: number[] } {
  const values = new Float64Array(model.nFeatures);
  const scale = 1 / model.trees.length;
  let base = 0;
  for (const tree of model.trees) base += addTreeContributions(tree, x, values, scale);
  return { base, values: Array.from(values) };
}

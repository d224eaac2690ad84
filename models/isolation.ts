/**
 * Anomaly detection: a thin wrapper over the `isolation-forest` package (Liu, Ting & Zhou's isolation forest).
 *
 * Two things the package does not do are handled here:
 *  - Its `fit` builds every tree on the full data set (the subsample it draws is discarded), and it draws its
 *    random splits from `Math.random`. The wrapper builds the package's own `ITree`s on seeded subsamples of 256
 *    rows (the algorithm as published) and assigns them to an `IsolationForest`, whose `predict` then computes
 *    the usual score 2^(−E[h(x)] / c(256)). While the trees are built, `Math.random` is temporarily replaced by
 *    the seeded PRNG (and always restored), so the same data and seed give the same forest.
 *  - The threshold: a row is anomalous when its score is above the (1 − contamination) quantile of the training
 *    scores, so with 2 % contamination about 2 % of the training rows are flagged.
 */
import { IsolationForest, type DataObject } from 'isolation-forest';
import { ITree } from 'isolation-forest/dist/iTree.js';
import type { Rows } from './binning.ts';
import { quantile } from './metrics.ts';
import { createRng, DEFAULT_SEED, sampleWithoutReplacement, type Rng } from './prng.ts';

export interface IsolationParams {
  nTrees: number;
  sampleSize: number;
  contamination: number;
  seed: number;
}

export const ISOLATION_DEFAULTS: IsolationParams = { nTrees: 200, sampleSize: 256, contamination: 0.02, seed: DEFAULT_SEED };

export interface IsolationModel {
  /** Anomaly scores in (0, 1): higher = easier to isolate = more anomalous. */
  score(rows: Rows): number[];
  /** Scores above this are anomalous. */
  threshold: number;
  /** The training rows' scores. */
  trainingScores: number[];
}

function toObjects(rows: Rows): DataObject[] {
  return rows.map((row) => {
    const o: DataObject = {};
    row.forEach((v, i) => (o[`f${i}`] = v));
    return o;
  });
}

/** Runs `build` with `Math.random` drawing from `rng`; restores the original afterwards, even on error. */
function withSeededRandom<T>(rng: Rng, build: () => T): T {
  const original = Math.random;
  Math.random = rng.next;
  try {
    return build();
  } finally {
    Math.random = original;
  }
}

export function fitIsolationForest(rows: Rows, overrides: Partial<IsolationParams> = {}): IsolationModel {
  const params = { ...ISOLATION_DEFAULTS, ...overrides };
  if (rows.length < 2) throw new RangeError('the isolation forest needs at least two rows');
  if (!(params.contamination > 0 && params.contamination < 0.5)) throw new RangeError('contamination must be in (0, 0.5)');
  const objects = toObjects(rows);
  const sampleSize = Math.min(params.sampleSize, rows.length);
  const heightLimit = Math.ceil(Math.log2(sampleSize));
  const rng = createRng(params.seed);
  const forest = new IsolationForest(params.nTrees, sampleSize);
  forest.trees = withSeededRandom(rng, () =>
    Array.from({ length: params.nTrees }, () => {
      const sample = Array.from(sampleWithoutReplacement(rows.length, sampleSize, rng), (i) => objects[i]);
      return new ITree(sample, heightLimit);
    }),
  );
  const trainingScores = forest.predict(objects);
  const threshold = quantile(trainingScores, 1 - params.contamination);
  return { score: (r) => forest.predict(toObjects(r)), threshold, trainingScores };
}

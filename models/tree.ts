/**
 * The histogram tree learner shared by the booster, the fallback and the random forest.
 *
 * It fits one regression tree to gradients and hessians (second-order, as in LightGBM/XGBoost): a node's value
 * is −G/(H+λ) and a split's gain is G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ), where G and H are the sums of the
 * gradients and hessians of the node's rows and λ the L2 penalty. Squared loss gives g = prediction − y, h = 1;
 * the forest passes g = −w·y, h = w with λ = 0, so a leaf's value is the weighted share of positives (a class
 * probability) and the gain is the weighted Gini decrease.
 *
 * Growth is best-first ("leaf-wise"): the leaf whose best split gains most is split next, until `numLeaves`
 * leaves exist or no split gains. With `maxDepth` d and `numLeaves` ≥ 2^d every node above depth d is split
 * regardless of order, which is depth-wise growth — the fallback's XGBoost-style trees come from the same code.
 * Histograms are built for the smaller child only; the larger child's is the parent's minus the smaller's.
 */
import type { BinnedData } from './binning.ts';

export interface TreeParams {
  /** Maximum number of leaves (leaf-wise growth). */
  numLeaves: number;
  /** Maximum depth; `Infinity` for none. */
  maxDepth: number;
  /** Minimum rows (sample entries) in a leaf. */
  minDataInLeaf: number;
  /** L2 penalty λ on leaf values. */
  lambda: number;
  /** A split must gain more than this. */
  minGainToSplit: number;
  /** Minimum hessian sum in a leaf. */
  minSumHessian: number;
}

/**
 * A fitted tree in flat arrays (JSON-friendly). Node 0 is the root; a leaf has `feature` −1. Every node keeps
 * its value (what the tree predicts if it stopped there), which per-feature contributions need.
 */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
  gl: number;
  hl: number;
  cl: number;
}

interface OpenLeaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  hist: Float64Array;
  split: Split | null;
}

const SLOTS = 3; // gradient sum, hessian sum, count per bin

/** Fits one tree on the sample `rows` (indices into `data`, repeats allowed) using the features `features`. */
export function growTree(data: BinnedData, grad: Float64Array, hess: Float64Array, rows: Uint32Array, features: readonly number[], params: TreeParams): Tree {
  const { lambda } = params;
  const binCounts = features.map((f) => data.cuts[f].length + 1);
  const offsets: number[] = [];
  let histSize = 0;
  for (const count of binCounts) {
    offsets.push(histSize);
    histSize += count * SLOTS;
  }
  const idx = Uint32Array.from(rows);
  const scratch = new Uint32Array(idx.length);
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const addNode = (value: number): number => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(value);
    return tree.value.length - 1;
  };
  const leafValue = (g: number, h: number) => (h + lambda > 0 ? -g / (h + lambda) : 0);

  const width = data.features;
  const bins = data.bins;
  const nf = features.length;
  const buildHist = (start: number, end: number): Float64Array => {
    // Row by row (the bins are row-major): one random access per row for its gradient, hessian and bins.
    const hist = new Float64Array(histSize);
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const g = grad[r];
      const h = hess[r];
      const rowBase = r * width;
      for (let j = 0; j < nf; j++) {
        const k = offsets[j] + bins[rowBase + features[j]] * SLOTS;
        hist[k] += g;
        hist[k + 1] += h;
        hist[k + 2] += 1;
      }
    }
    return hist;
  };

  const bestSplit = (leaf: Omit<OpenLeaf, 'split'>): Split | null => {
    const count = leaf.end - leaf.start;
    if (leaf.depth >= params.maxDepth || count < 2 * params.minDataInLeaf) return null;
    const parentScore = (leaf.g * leaf.g) / (leaf.h + lambda);
    let best: Split | null = null;
    for (let j = 0; j < features.length; j++) {
      const base = offsets[j];
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 0; b < binCounts[j] - 1; b++) {
        const k = base + b * SLOTS;
        gl += leaf.hist[k];
        hl += leaf.hist[k + 1];
        cl += leaf.hist[k + 2];
        const cr = count - cl;
        if (cl < params.minDataInLeaf) continue;
        if (cr < params.minDataInLeaf) break;
        const hr = leaf.h - hl;
        if (hl < params.minSumHessian || hr < params.minSumHessian) continue;
        const gr = leaf.g - gl;
        const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore;
        if (gain > params.minGainToSplit && (best === null || gain > best.gain)) {
          best = { gain, feature: j, bin: b, gl, hl, cl };
        }
      }
    }
    return best;
  };

  const open = (node: number, start: number, end: number, depth: number, g: number, h: number, hist: Float64Array) => {
    const leaf = { node, start, end, depth, g, h, hist };
    return { ...leaf, split: bestSplit(leaf) };
  };

  let g0 = 0;
  let h0 = 0;
  for (let i = 0; i < idx.length; i++) {
    g0 += grad[idx[i]];
    h0 += hess[idx[i]];
  }
  const leaves: OpenLeaf[] = [open(addNode(leafValue(g0, h0)), 0, idx.length, 0, g0, h0, buildHist(0, idx.length))];
  let leafCount = 1;

  while (leafCount < params.numLeaves) {
    let pick = -1;
    for (let i = 0; i < leaves.length; i++) {
      const s = leaves[i].split;
      if (s && (pick < 0 || s.gain > (leaves[pick].split as Split).gain)) pick = i;
    }
    if (pick < 0) break;
    const leaf = leaves[pick];
    const split = leaf.split as Split;
    const f = features[split.feature];
    // Stable partition of the leaf's rows: bin ≤ split.bin to the left.
    let l = leaf.start;
    let s = 0;
    for (let i = leaf.start; i < leaf.end; i++) {
      const r = idx[i];
      if (bins[r * width + f] <= split.bin) idx[l++] = r;
      else scratch[s++] = r;
    }
    idx.set(scratch.subarray(0, s), l);
    const mid = l;
    const gr = leaf.g - split.gl;
    const hr = leaf.h - split.hl;
    const leftNode = addNode(leafValue(split.gl, split.hl));
    const rightNode = addNode(leafValue(gr, hr));
    tree.feature[leaf.node] = f;
    tree.threshold[leaf.node] = data.cuts[f][split.bin];
    tree.left[leaf.node] = leftNode;
    tree.right[leaf.node] = rightNode;

    const leftSmaller = mid - leaf.start <= leaf.end - mid;
    const small = leftSmaller ? buildHist(leaf.start, mid) : buildHist(mid, leaf.end);
    const large = leaf.hist;
    for (let k = 0; k < histSize; k++) large[k] -= small[k];
    const [histL, histR] = leftSmaller ? [small, large] : [large, small];
    const depth = leaf.depth + 1;
    leaves.splice(pick, 1, open(leftNode, leaf.start, mid, depth, split.gl, split.hl, histL), open(rightNode, mid, leaf.end, depth, gr, hr, histR));
    leafCount += 1;
  }
  return tree;
}

/** The leaf value the tree gives `x`. */
export function predictTree(tree: Tree, x: ArrayLike<number>): number {
  let node = 0;
  while (tree.feature[node] >= 0) node = x[tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  return tree.value[node];
}

/**
 * Saabas path attribution: walking from the root to `x`'s leaf, each split's feature is credited with the change
 * in node value it caused. The root value plus the credits equals the leaf value exactly (the sum telescopes).
 * Adds `scale` × credits into `out` and returns `scale` × root value.
 */
export function addTreeContributions(tree: Tree, x: ArrayLike<number>, out: Float64Array, scale = 1): number {
  let node = 0;
  while (tree.feature[node] >= 0) {
    const f = tree.feature[node];
    const next = x[f] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
    out[f] += scale * (tree.value[next] - tree.value[node]);
    node = next;
  }
  return scale * tree.value[0];
}

/** Multiplies every node value by `factor` (the booster's shrinkage). */
export function scaleTree(tree: Tree, factor: number): Tree {
  return { ...tree, value: tree.value.map((v) => v * factor) };
}

/**
 * Spearman rank correlation with tied values given their average rank (fractional ranking), and its two-sided
 * p-value. Hand-written because `simple-statistics`' `sampleRankCorrelation` ranks ties by input order (wrong
 * when many values tie, as TMDB vote averages do) and sorts boxed arrays; this one ranks a typed array with a
 * linear-time radix `argsort`, so it runs on a million titles.
 *
 *   ρ = Pearson correlation of the fractional ranks
 *   t = ρ · √((n − 2) / (1 − ρ²)),  p = 2 · (1 − T_{n−2}(|t|))   (Student's t CDF from jStat)
 */
import jStatModule from 'jstat';
import { argsort } from './order.ts';

const { jStat } = jStatModule;

/**
 * Fractional (1-based, ties averaged) ranks of `values`: by counting when they are whole numbers within a span
 * of 2^16 (years, vote counts, runtimes, genre counts), else from one linear-time `argsort`.
 */
export function fractionalRanks(values: Float64Array): Float64Array {
  return integerRanks(values) ?? sortedRanks(values);
}

const COUNTING_SPAN = 1 << 16;

function integerRanks(values: Float64Array): Float64Array | null {
  const n = values.length;
  if (n === 0) return new Float64Array(0);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isInteger(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max - min >= COUNTING_SPAN) return null;
  const counts = new Float64Array(max - min + 1);
  for (let i = 0; i < n; i++) counts[values[i] - min]++;
  // counts → the average 1-based rank of each value: (first + last) / 2 of its run of positions
  let before = 0;
  for (let d = 0; d < counts.length; d++) {
    const c = counts[d];
    counts[d] = before + (c + 1) / 2;
    before += c;
  }
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) ranks[i] = counts[values[i] - min];
  return ranks;
}

function sortedRanks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = argsort(values);
  const ranks = new Float64Array(n);
  let j = 0;
  while (j < n) {
    let k = j + 1;
    while (k < n && values[order[k]] === values[order[j]]) k++;
    const rank = (j + 1 + k) / 2; // mean of the 1-based positions j+1 .. k
    for (let m = j; m < k; m++) ranks[order[m]] = rank;
    j = k;
  }
  return ranks;
}

/** Pearson correlation of two equal-length typed arrays; null when either is constant or n < 2. */
export function pearson(x: Float64Array, y: Float64Array): number | null {
  const n = x.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Two-sided p-value of a correlation ρ over n pairs (t with n − 2 degrees of freedom); null when n < 3. */
export function correlationPValue(rho: number, n: number): number | null {
  if (n < 3) return null;
  if (Math.abs(rho) >= 1) return 0;
  const t = Math.abs(rho) * Math.sqrt((n - 2) / (1 - rho * rho));
  return Math.max(0, Math.min(1, 2 * (1 - jStat.studentt.cdf(t, n - 2))));
}

export interface SpearmanResult {
  rho: number | null;
  p: number | null;
  n: number;
}

/** Spearman ρ and p over the pairs where both values are finite (NaN = missing). */
export function spearman(x: Float64Array, y: Float64Array): SpearmanResult {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) n++;
  let xs = x;
  let ys = y;
  if (n !== x.length) {
    xs = new Float64Array(n);
    ys = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < x.length; i++) {
      if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
        xs[k] = x[i];
        ys[k++] = y[i];
      }
    }
  }
  if (n < 3) return { rho: null, p: null, n };
  const rho = pearson(fractionalRanks(xs), fractionalRanks(ys));
  return { rho, p: rho === null ? null : correlationPValue(rho, n), n };
}

/** Spearman on already-ranked, complete columns (used when one ranking serves many pairs). */
export function spearmanOfRanks(rx: Float64Array, ry: Float64Array): SpearmanResult {
  const rho = pearson(rx, ry);
  return { rho, p: rho === null ? null : correlationPValue(rho, rx.length), n: rx.length };
}

/**
 * Spearman ρ between many pairs of columns over the same rows, each pair on the rows where both are known.
 * Rows with the same set of known values share one ranking: each column is ranked once per distinct
 * "complete rows" pattern, not once per pair (a matrix of 7 columns with 3 sparse ones needs a handful of
 * rankings instead of 40).
 */
export class PairwiseSpearman {
  private readonly masks: Uint8Array[] = [];
  private readonly positions: Int32Array[] = [];
  private readonly ranks = new Map<string, Float64Array>();
  private readonly present: Uint8Array[];
  private readonly complete: boolean[];
  private readonly columnMask = new Map<number, number>();
  private readonly pairMask = new Map<string, number>();

  constructor(private readonly columns: readonly Float64Array[]) {
    this.complete = [];
    this.present = columns.map((c) => {
      const known = new Uint8Array(c.length);
      let all = true;
      for (let k = 0; k < c.length; k++) {
        known[k] = Number.isFinite(c[k]) ? 1 : 0;
        if (!known[k]) all = false;
      }
      this.complete.push(all);
      return known;
    });
  }

  /** The id of a row mask, reusing an equal one already seen. */
  private intern(mask: Uint8Array): number {
    const found = this.masks.findIndex((m) => sameBytes(m, mask));
    if (found >= 0) return found;
    const pos: number[] = [];
    for (let k = 0; k < mask.length; k++) if (mask[k]) pos.push(k);
    this.masks.push(mask);
    this.positions.push(Int32Array.from(pos));
    return this.masks.length - 1;
  }

  private maskOfColumn(j: number): number {
    let id = this.columnMask.get(j);
    if (id === undefined) this.columnMask.set(j, (id = this.intern(this.present[j])));
    return id;
  }

  private maskId(a: number, b: number): number {
    if (this.complete[b] || a === b) return this.maskOfColumn(a);
    if (this.complete[a]) return this.maskOfColumn(b);
    const key = `${a}:${b}`;
    let id = this.pairMask.get(key);
    if (id === undefined) {
      const pa = this.present[a];
      const pb = this.present[b];
      const mask = new Uint8Array(pa.length);
      for (let k = 0; k < mask.length; k++) mask[k] = pa[k] & pb[k];
      this.pairMask.set(key, (id = this.intern(mask)));
    }
    return id;
  }

  private ranksOf(column: number, mask: number): Float64Array {
    const key = `${mask}:${column}`;
    let r = this.ranks.get(key);
    if (!r) {
      const values = this.columns[column];
      const pos = this.positions[mask];
      const picked = new Float64Array(pos.length);
      for (let j = 0; j < pos.length; j++) picked[j] = values[pos[j]];
      r = fractionalRanks(picked);
      this.ranks.set(key, r);
    }
    return r;
  }

  /** ρ, p and n of columns a and b on their complete rows (null ρ below 3 rows or for a constant column). */
  pair(a: number, b: number): SpearmanResult {
    const mask = this.maskId(a, b);
    const n = this.positions[mask].length;
    if (n < 3) return { rho: null, p: null, n };
    if (a === b) return { rho: 1, p: 0, n };
    return spearmanOfRanks(this.ranksOf(a, mask), this.ranksOf(b, mask));
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

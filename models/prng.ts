/**
 * A small seeded pseudo-random generator (mulberry32): every random choice in `models/` comes from one of these,
 * so the same data and seed give bit-identical models. Not for cryptography.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

export const DEFAULT_SEED = 42;

export function createRng(seed: number = DEFAULT_SEED): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}

/** Fisher–Yates shuffle of `0..n-1`. */
export function permutation(n: number, rng: Rng): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = out[i];
    out[i] = out[j];
    out[j] = tmp;
  }
  return out;
}

/** `k` distinct indices of `0..n-1`, in ascending order (sampling without replacement). */
export function sampleWithoutReplacement(n: number, k: number, rng: Rng): Uint32Array {
  const picked = permutation(n, rng).subarray(0, Math.min(k, n));
  return Uint32Array.from(picked).sort();
}

/** `n` indices drawn with replacement from `0..n-1` (a bootstrap sample), in ascending order. */
export function bootstrap(n: number, rng: Rng): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(n);
  return out.sort();
}

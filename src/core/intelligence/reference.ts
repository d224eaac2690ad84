/**
 * Reference classes: the comparable past titles of a proposal, and what happened to them. Pure.
 *
 * Members are past titles of the same media type that have the proposal's genre (anywhere in their genres). Among
 * them the `k` nearest under this distance are kept (ties by key):
 *
 *     d = |log2(budget / planned budget)|          (movies only: one unit per doubling or halving of the budget)
 *       + 0.5 · [different release quarter]
 *       + |release year − planned year| / 10       (one unit per decade)
 *       + 1 · [different original language]
 *
 * For TV there is no budget term (TMDB has no TV budgets). The class's outcomes: n, the revenue multiple's median
 * and 10th–90th percentiles and the break-even rate (movies), the hit rate, the median popularity percentile.
 */
import { titleKey } from '../../data/title.ts';
import { quantile } from '../../../models/metrics.ts';
import type { Columns } from '../columns.ts';

export const REFERENCE_CLASS_SIZE = 40;
/** Budgets and revenues below this are mostly TMDB entry errors ("5" meaning $5M): no multiple is taken from them. */
export const MIN_MONEY_USD = 1e5;
export const DISTANCE_WEIGHTS = { quarter: 0.5, decade: 1, language: 1 } as const;
export const REFERENCE_DISTANCE =
  'distance = |log2 budget ratio| (movies) + 0.5 if another release quarter + years apart / 10 + 1 if another original language';

/** One past title as a reference class sees it. */
export interface ReferenceCandidate {
  key: string;
  genres: readonly string[];
  year: number;
  month: number;
  language: string | null;
  /** USD (movies with a known budget); null otherwise. */
  budget: number | null;
  /** revenue / budget; null when either is unknown. */
  multiple: number | null;
  hit: boolean;
  /** Popularity percentile within its scale (0–100). */
  popularity: number;
}

export interface Proposal {
  genre: string;
  /** USD, or null (TV: never used). */
  budget: number | null;
  quarter: number;
  year: number;
  language: string;
}

export interface ReferenceClass {
  members: ReferenceCandidate[];
  n: number;
  multiple: { p10: number; p50: number; p90: number } | null;
  breakEvenRate: number | null;
  hitRate: number;
  medianPopularity: number;
  budgetRange: [number, number] | null;
  yearRange: [number, number];
  /** Share of members released in the planned quarter. */
  sameQuarter: number;
}

export function distance(c: ReferenceCandidate, p: Proposal): number {
  let d = 0;
  if (p.budget !== null && c.budget !== null && c.budget > 0 && p.budget > 0) d += Math.abs(Math.log2(c.budget / p.budget));
  if (Math.ceil(c.month / 3) !== p.quarter) d += DISTANCE_WEIGHTS.quarter;
  d += (DISTANCE_WEIGHTS.decade * Math.abs(c.year - p.year)) / 10;
  if (c.language !== p.language) d += DISTANCE_WEIGHTS.language;
  return d;
}

/**
 * The `k` nearest candidates with the proposal's genre. With a planned budget only candidates with a multiple
 * (known budget and revenue) qualify, so every member has an outcome in money.
 */
export function referenceClass(
  candidates: readonly ReferenceCandidate[],
  p: Proposal,
  breakEvenMultiple: number,
  k = REFERENCE_CLASS_SIZE,
): ReferenceClass | null {
  const eligible = eligibleFor(candidates, p.genre, p.budget !== null);
  if (eligible.length === 0) return null;
  const members = nearest(eligible, p, k);
  const multiples = members.map((m) => m.multiple).filter((v): v is number => v !== null);
  const budgets = members.map((m) => m.budget).filter((v): v is number => v !== null);
  const years = members.map((m) => m.year);
  return {
    members,
    n: members.length,
    multiple: multiples.length > 0 ? { p10: quantile(multiples, 0.1), p50: quantile(multiples, 0.5), p90: quantile(multiples, 0.9) } : null,
    breakEvenRate: multiples.length > 0 ? multiples.filter((m) => m >= breakEvenMultiple).length / multiples.length : null,
    hitRate: members.filter((m) => m.hit).length / members.length,
    medianPopularity: quantile(
      members.map((m) => m.popularity),
      0.5,
    ),
    budgetRange: budgets.length > 0 ? [quantile(budgets, 0.1), quantile(budgets, 0.9)] : null,
    yearRange: [Math.min(...years), Math.max(...years)],
    sameQuarter: members.filter((m) => Math.ceil(m.month / 3) === p.quarter).length / members.length,
  };
}

const eligibleCache = new WeakMap<readonly ReferenceCandidate[], Map<string, readonly ReferenceCandidate[]>>();

/**
 * The candidates with the genre (and, with a planned budget, a multiple), memoised per candidate list: a
 * prediction asks for one class per budget level, all from the same genre's pool.
 */
function eligibleFor(candidates: readonly ReferenceCandidate[], genre: string, needsMoney: boolean): readonly ReferenceCandidate[] {
  let byGenre = eligibleCache.get(candidates);
  if (!byGenre) eligibleCache.set(candidates, (byGenre = new Map()));
  const key = `${needsMoney ? 'money' : 'any'}|${genre}`;
  let eligible = byGenre.get(key);
  if (!eligible) byGenre.set(key, (eligible = candidates.filter((c) => c.genres.includes(genre) && (!needsMoney || c.multiple !== null))));
  return eligible;
}

const byKey = (a: ReferenceCandidate, b: ReferenceCandidate) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The `k` nearest of `eligible` to `p`, nearest first, ties by key: the same as sorting them all by (distance, key)
 * and keeping `k`, without sorting them all — only those within the k-th smallest distance are ordered.
 */
function nearest(eligible: readonly ReferenceCandidate[], p: Proposal, k: number): ReferenceCandidate[] {
  const d = new Float64Array(eligible.length);
  for (let i = 0; i < eligible.length; i++) d[i] = distance(eligible[i], p);
  const threshold = eligible.length <= k ? Number.POSITIVE_INFINITY : Float64Array.from(d).sort()[k - 1];
  const within: { c: ReferenceCandidate; d: number }[] = [];
  for (let i = 0; i < eligible.length; i++) if (d[i] <= threshold) within.push({ c: eligible[i], d: d[i] });
  within.sort((a, b) => a.d - b.d || byKey(a.c, b.c));
  return within.slice(0, k).map((x) => x.c);
}

const candidateCache = new WeakMap<Columns, { index: number; candidate: ReferenceCandidate }[]>();

/**
 * Every released, dated title of the catalog as a reference-class candidate (catalog position + candidate), in
 * catalog order. A multiple only for movies with a budget and a revenue of at least `MIN_MONEY_USD`. Memoised per
 * columns object.
 */
export function referenceCandidates(cols: Columns): { index: number; candidate: ReferenceCandidate }[] {
  const cached = candidateCache.get(cols);
  if (cached) return cached;
  const out: { index: number; candidate: ReferenceCandidate }[] = [];
  for (let i = 0; i < cols.n; i++) {
    if (cols.upcoming[i] === 1 || cols.year[i] === 0 || cols.month[i] === 0) continue;
    const t = cols.titles[i];
    const budget = cols.tv[i] === 0 && cols.budget[i] >= MIN_MONEY_USD ? cols.budget[i] : null;
    const money = budget !== null && cols.revenue[i] >= MIN_MONEY_USD;
    out.push({
      index: i,
      candidate: {
        key: titleKey(t),
        genres: t.genres,
        year: cols.year[i],
        month: cols.month[i],
        language: t.originalLanguage,
        budget,
        multiple: money ? cols.revenue[i] / (budget as number) : null,
        hit: cols.hits.hit[i] === 1,
        popularity: cols.popularity[i],
      },
    });
  }
  candidateCache.set(cols, out);
  return out;
}

/**
 * The three per-title measures every stage (and the models) build on. Pure: titles in, numbers out.
 *
 * ## Engagement score (0.4 · popularity + 0.6 · damped rating)
 *
 *     engagement = 0.4 · popularity + 0.6 · (voteAverage · voteFactor)
 *     voteFactor = min(1, log1p(voteCount) / log1p(P99))
 *
 * where P99 is the 99th percentile of `voteCount` among the titles of the same media type (movies and TV are
 * voted on at different scales) in the set being scored (simple-statistics' `quantileSorted`: the nearest-rank value, or the mean of the two
 * values at an exact even split). A title with
 * few votes has its rating damped towards 0; from the P99 vote count on, the rating counts in full.
 * - Monotone: non-decreasing in popularity, vote average and vote count (each term is, and the weights are > 0).
 * - Stable under outliers: the damping uses a high percentile (not the maximum) and a logarithm, and it is capped
 *   at 1, so one title with a huge vote count changes no other title's score by more than the P99 shift; a title
 *   with an extreme popularity changes only its own score.
 * - When P99 is 0 (nobody voted), voteFactor is 1 for a title with votes and 0 without.
 * Popularity is TMDB's, on the scale of its source (see the snapshot README): compare within a media type.
 *
 * ## Velocity (momentum)
 *
 *     velocity = popularity / max(30, days from release to asOf)
 *
 * "asOf" is the catalog's date (`meta.asOf`), not the wall clock. The 30-day floor keeps a title released
 * yesterday from being credited its whole popularity in one day (it would top every ranking by orders of
 * magnitude). `null` for a title without a release date or
 * released after asOf (unreleased).
 *
 * ## Hit
 *
 * A title is a hit when its engagement is in the top 25% of its cohort: engagement ≥ the engagement of the
 * ⌈n/4⌉-th best title of the cohort (so ties at the threshold are all hits). The cohort is the most specific
 * of these that has at least `MIN_COHORT` titles: same media type and release year → same media type and
 * release decade → same media type (all years); the threshold is taken over every title of that group. Titles without a release date are judged within their media type.
 * Each title's cohort basis is reported, so a result can say which comparison was made.
 */
import { quantileSorted } from 'simple-statistics';
import { releaseYear, type MediaType, type Title } from '../data/title.ts';
import { argsort, sortedFinite } from './stats/order.ts';

export const ENGAGEMENT_WEIGHTS = { popularity: 0.4, rating: 0.6 } as const;
/** Percentile of vote counts from which a rating counts in full. */
export const VOTE_COUNT_FULL_PERCENTILE = 0.99;
/** Share of a cohort that counts as hits. */
export const HIT_SHARE = 0.25;
/** Smallest cohort judged on its own; smaller year cohorts fall back to the decade, then the media type. */
export const MIN_COHORT = 30;
/** Days below which a title's age counts as this many in velocity. */
export const VELOCITY_MIN_DAYS = 30;

export const ENGAGEMENT_DEFINITION =
  'engagement = 0.4 × popularity + 0.6 × vote average × min(1, log1p(vote count) / log1p(P99 vote count of the media type))';
export const VELOCITY_DEFINITION = `velocity = popularity / max(${VELOCITY_MIN_DAYS}, days since release), as of the catalog date; none for unreleased titles`;
export const HIT_DEFINITION =
  `hit = top ${HIT_SHARE * 100}% engagement within the same media type and release year (decade, or all years, when fewer than ${MIN_COHORT} titles share the year)`;

type EngagementInput = Pick<Title, 'mediaType' | 'popularity' | 'voteAverage' | 'voteCount'>;

/** The P99 vote count per media type (0 when the type is absent). */
export function voteCountP99(titles: readonly Pick<Title, 'mediaType' | 'voteCount'>[]): Record<MediaType, number> {
  const out: Record<MediaType, number> = { movie: 0, tv: 0 };
  for (const type of ['movie', 'tv'] as const) {
    const counts = new Float64Array(titles.length);
    let n = 0;
    for (const t of titles) if (t.mediaType === type) counts[n++] = t.voteCount;
    if (n === 0) continue;
    out[type] = quantileSorted(sortedFinite(counts.subarray(0, n)) as unknown as number[], VOTE_COUNT_FULL_PERCENTILE);
  }
  return out;
}

/** The vote-count damping factor in [0, 1] for one title, given its media type's P99 vote count. */
export function voteFactor(voteCount: number, p99: number): number {
  if (p99 <= 0) return voteCount > 0 ? 1 : 0;
  return Math.min(1, Math.log1p(voteCount) / Math.log1p(p99));
}

/** Engagement of one title given its media type's P99 vote count. */
export function engagementOf(t: Omit<EngagementInput, 'mediaType'>, p99: number): number {
  return ENGAGEMENT_WEIGHTS.popularity * t.popularity + ENGAGEMENT_WEIGHTS.rating * t.voteAverage * voteFactor(t.voteCount, p99);
}

/** Engagement of every title, in input order (P99 taken over `titles` per media type). */
export function engagementScores(titles: readonly EngagementInput[]): Float64Array {
  const p99 = voteCountP99(titles);
  const out = new Float64Array(titles.length);
  for (let i = 0; i < titles.length; i++) out[i] = engagementOf(titles[i], p99[titles[i].mediaType]);
  return out;
}

/**
 * Days since 1970-01-01 of a YYYY-MM-DD date (proleptic Gregorian), by Howard Hinnant's `days_from_civil`
 * arithmetic: the same number as `Date.parse(date) / 86 400 000` without parsing a Date per title.
 */
export function epochDay(date: string): number {
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const y = Number(date.slice(0, 4)) - (m <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** Whole days from a YYYY-MM-DD release date to asOf (negative when released later); asOf may be an `epochDay`. */
export function daysBetween(releaseDate: string, asOf: string | number): number {
  return (typeof asOf === 'number' ? asOf : epochDay(asOf)) - epochDay(releaseDate);
}

/** Velocity from popularity and whole days since release; null when released after asOf (days < 0). */
export function velocityFromDays(popularity: number, days: number): number | null {
  return days < 0 ? null : popularity / Math.max(VELOCITY_MIN_DAYS, days);
}

/** Popularity per day since release; null when unreleased as of `asOf` or the date is unknown. */
export function velocityOf(t: Pick<Title, 'popularity' | 'releaseDate'>, asOf: string): number | null {
  return t.releaseDate ? velocityFromDays(t.popularity, daysBetween(t.releaseDate, asOf)) : null;
}

/** Velocity of every title (NaN where undefined), in input order. */
export function velocities(titles: readonly Pick<Title, 'popularity' | 'releaseDate'>[], asOf: string): Float64Array {
  const out = new Float64Array(titles.length);
  for (let i = 0; i < titles.length; i++) out[i] = velocityOf(titles[i], asOf) ?? Number.NaN;
  return out;
}

export type CohortBasis = 'year' | 'decade' | 'mediaType';

export interface HitFlags {
  /** 1 = hit, in input order. */
  hit: Uint8Array;
  /** Each title's cohort label, e.g. "movie 2019", "tv 1990s", "movie (all years)". */
  cohort: string[];
  basis: CohortBasis[];
  /** How many titles were judged on each basis. */
  basisCounts: Record<CohortBasis, number>;
  /** The engagement threshold of each cohort (≥ threshold = hit). */
  thresholds: Record<string, number>;
  definition: string;
}

/** Top-25% threshold of a list of engagement values: the ⌈n/4⌉-th largest. */
export function hitThreshold(values: Float64Array | readonly number[]): number {
  if (values.length === 0) return Number.POSITIVE_INFINITY;
  const sorted = sortedFinite(values);
  return sorted[sorted.length - Math.ceil(values.length * HIT_SHARE)];
}

/** Group numbers: year groups, then decade groups, then media-type groups (type 0 = movie, 1 = tv). */
const YEAR_GROUP = 0;
const DECADE_GROUP = 20_000;
const TYPE_GROUP = 40_000;
const GROUPS = 40_002;

function groupLabel(g: number): string {
  if (g >= TYPE_GROUP) return `${g === TYPE_GROUP ? 'movie' : 'tv'} (all years)`;
  const base = g >= DECADE_GROUP ? g - DECADE_GROUP : g - YEAR_GROUP;
  const type = base >= 10_000 ? 'tv' : 'movie';
  const year = base % 10_000;
  return g >= DECADE_GROUP ? `${type} ${year}s` : `${type} ${year}`;
}

/**
 * Hit flags (top 25% engagement within cohort, see the module comment). `engagement` defaults to
 * `engagementScores(titles)`, `order` its ascending `argsort`; pass them when already computed. Every title belongs to its year, decade and
 * media-type groups; a cohort's threshold is taken over all of its group (a 2019 title judged by its decade is
 * compared with every title of the 2010s). One linear-time sort of engagement, then one pass best-first in which
 * each group's threshold is the engagement of its ⌈size/4⌉-th member.
 */
export function hitFlags(
  titles: readonly (EngagementInput & Pick<Title, 'releaseDate'>)[],
  engagement: Float64Array = engagementScores(titles),
  order: Uint32Array = argsort(engagement),
): HitFlags {
  const n = titles.length;
  const yearG = new Int32Array(n);
  const decadeG = new Int32Array(n);
  const typeG = new Int32Array(n);
  const size = new Uint32Array(GROUPS);
  for (let i = 0; i < n; i++) {
    const type = titles[i].mediaType === 'tv' ? 1 : 0;
    const y = releaseYear(titles[i]);
    typeG[i] = TYPE_GROUP + type;
    size[typeG[i]]++;
    if (y === null) {
      yearG[i] = decadeG[i] = -1;
      continue;
    }
    yearG[i] = YEAR_GROUP + type * 10_000 + y;
    decadeG[i] = DECADE_GROUP + type * 10_000 + Math.floor(y / 10) * 10;
    size[yearG[i]]++;
    size[decadeG[i]]++;
  }
  const chosen = new Int32Array(n);
  const basis: CohortBasis[] = new Array<CohortBasis>(n);
  const basisCounts: Record<CohortBasis, number> = { year: 0, decade: 0, mediaType: 0 };
  const used = new Uint8Array(GROUPS);
  for (let i = 0; i < n; i++) {
    if (yearG[i] >= 0 && size[yearG[i]] >= MIN_COHORT) [chosen[i], basis[i]] = [yearG[i], 'year'];
    else if (decadeG[i] >= 0 && size[decadeG[i]] >= MIN_COHORT) [chosen[i], basis[i]] = [decadeG[i], 'decade'];
    else [chosen[i], basis[i]] = [typeG[i], 'mediaType'];
    basisCounts[basis[i]] += 1;
    used[chosen[i]] = 1;
  }
  const need = new Uint32Array(GROUPS);
  for (let g = 0; g < GROUPS; g++) if (used[g]) need[g] = Math.ceil(size[g] * HIT_SHARE);
  const seen = new Uint32Array(GROUPS);
  const threshold = new Float64Array(GROUPS).fill(Number.POSITIVE_INFINITY);
  for (let j = n - 1; j >= 0; j--) {
    const i = order[j];
    for (const g of [yearG[i], decadeG[i], typeG[i]]) {
      if (g < 0 || !used[g]) continue;
      if (++seen[g] === need[g]) threshold[g] = engagement[i];
    }
  }
  const hit = new Uint8Array(n);
  const labels = new Map<number, string>();
  const cohort: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const g = chosen[i];
    hit[i] = engagement[i] >= threshold[g] ? 1 : 0;
    let label = labels.get(g);
    if (label === undefined) labels.set(g, (label = groupLabel(g)));
    cohort[i] = label;
  }
  const thresholds: Record<string, number> = {};
  for (const [g, label] of [...labels].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))) thresholds[label] = threshold[g];
  return { hit, cohort, basis, basisCounts, thresholds, definition: HIT_DEFINITION };
}

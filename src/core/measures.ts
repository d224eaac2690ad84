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
    const sorted = counts.subarray(0, n).sort();
    out[type] = quantileSorted(Array.from(sorted), VOTE_COUNT_FULL_PERCENTILE);
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

const DAY_MS = 86_400_000;

/** Milliseconds of a YYYY-MM-DD date at 00:00 UTC. */
export function dayMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** Whole days from a YYYY-MM-DD release date to asOf (negative when released later); asOf may be given in ms. */
export function daysBetween(releaseDate: string, asOf: string | number): number {
  return Math.round(((typeof asOf === 'number' ? asOf : dayMs(asOf)) - dayMs(releaseDate)) / DAY_MS);
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
  const sorted = Float64Array.from(values).sort();
  const k = Math.ceil(values.length * HIT_SHARE);
  return sorted[sorted.length - k];
}

/**
 * Hit flags (top 25% engagement within cohort, see the module comment). `engagement` defaults to
 * `engagementScores(titles)`; pass it when already computed.
 */
export function hitFlags(
  titles: readonly (EngagementInput & Pick<Title, 'releaseDate'>)[],
  engagement: Float64Array = engagementScores(titles),
): HitFlags {
  const n = titles.length;
  const yearKey = (i: number): string | null => {
    const y = releaseYear(titles[i]);
    return y === null ? null : `${titles[i].mediaType} ${y}`;
  };
  const decadeKey = (i: number): string | null => {
    const y = releaseYear(titles[i]);
    return y === null ? null : `${titles[i].mediaType} ${Math.floor(y / 10) * 10}s`;
  };
  const typeKey = (i: number) => `${titles[i].mediaType} (all years)`;
  // Every title belongs to its year, decade and media-type groups; a cohort's threshold is taken over all of
  // its group (a 2019 title judged by its decade is compared with every title of the 2010s).
  const groups = new Map<string, number[]>();
  const join = (key: string | null, i: number) => {
    if (key === null) return;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  };
  for (let i = 0; i < n; i++) {
    join(yearKey(i), i);
    join(decadeKey(i), i);
    join(typeKey(i), i);
  }
  const size = (key: string | null) => (key === null ? 0 : (groups.get(key)?.length ?? 0));
  const cohort: string[] = new Array<string>(n);
  const basis: CohortBasis[] = new Array<CohortBasis>(n);
  const basisCounts: Record<CohortBasis, number> = { year: 0, decade: 0, mediaType: 0 };
  for (let i = 0; i < n; i++) {
    const y = yearKey(i);
    const d = decadeKey(i);
    if (y !== null && size(y) >= MIN_COHORT) [cohort[i], basis[i]] = [y, 'year'];
    else if (d !== null && size(d) >= MIN_COHORT) [cohort[i], basis[i]] = [d, 'decade'];
    else [cohort[i], basis[i]] = [typeKey(i), 'mediaType'];
    basisCounts[basis[i]] += 1;
  }
  const thresholds: Record<string, number> = {};
  for (const key of [...new Set(cohort)].sort()) {
    thresholds[key] = hitThreshold(Float64Array.from(groups.get(key) ?? [], (i) => engagement[i]));
  }
  const hit = new Uint8Array(n);
  for (let i = 0; i < n; i++) hit[i] = engagement[i] >= thresholds[cohort[i]] ? 1 : 0;
  return { hit, cohort, basis, basisCounts, thresholds, definition: HIT_DEFINITION };
}

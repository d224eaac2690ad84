/**
 * The three per-title measures every stage (and the models) build on. Pure: titles in, numbers out.
 *
 * ## Comparable popularity (the popularity percentile within its scale)
 *
 * TMDB popularity is a time-dependent score: the snapshot's sources were collected in 2022, 2024, 2025 and 2026
 * on very different scales (a January-2025 `discover/tv` row has 13,121 where a 2022 top-rated movie has 20–60),
 * and a live catalog built from ingests on different days has the same problem. So raw popularity is compared
 * only within its *scale*: the titles observed together (`popularityScaleKey`: one snapshot source × media type,
 * or one live ingest day × media type). Wherever titles are compared, ranked, aggregated or trended, the
 * popularity used is the title's **percentile within its scale** (0–100, mid-rank for ties: 50 = the scale's
 * median). Multiplying every popularity of one source by any positive constant changes no percentile.
 * Why a percentile and not a log-ratio to the scale's median: see docs/core.md ("Comparable popularity").
 *
 * ## Engagement score (0.4 · popularity percentile / 10 + 0.6 · damped rating), on 0–10
 *
 *     engagement = 0.4 · (popularity percentile / 10) + 0.6 · (voteAverage · voteFactor)
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
 * The seed's formula is kept; only its popularity term is the comparable one, divided by 10 so that both terms
 * are on the rating's 0–10 scale.
 *
 * ## Velocity (momentum)
 *
 *     velocity = popularity percentile / max(30, days from release to asOf)
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
 *
 * ## Upcoming titles
 *
 * "As of" is when the data was collected (`catalog.meta.asOf`), not the newest release date. A title released
 * after it is *upcoming*: it has hype, not an outcome, so it is never a hit or a miss and takes no part in any
 * cohort's threshold (`isUpcoming`).
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
/**
 * Fewest votes for a vote average to count as a rating in the anomaly model: TMDB shows a title nobody has rated
 * yet as 0.0, and a handful of votes is noise, so such titles would be "unusual" for want of data.
 */
export const RATED_MIN_VOTES = 10;

export const POPULARITY_DEFINITION =
  'popularity percentile = rank of TMDB popularity among the titles observed on the same scale (same source and media type, or same live ingest day), 0–100';
export const ENGAGEMENT_DEFINITION =
  'engagement = 0.4 × popularity percentile / 10 + 0.6 × vote average × min(1, log1p(vote count) / log1p(P99 vote count of the media type)), 0–10';
/** What a velocity is measured in, as every reply says it (never "popularity/day": raw popularity is not comparable across sources). */
export const VELOCITY_UNIT = 'popularity percentile/day';
export const VELOCITY_DEFINITION = `velocity = popularity percentile / max(${VELOCITY_MIN_DAYS}, days since release), as of the collection date; none for unreleased titles`;
export const HIT_DEFINITION = `hit = top ${HIT_SHARE * 100}% engagement within the same media type and release year (decade, or all years, when fewer than ${MIN_COHORT} titles share the year); upcoming titles are not judged`;

type ScaleInput = Pick<Title, 'source' | 'mediaType' | 'collected'>;
type EngagementInput = ScaleInput & Pick<Title, 'popularity' | 'voteAverage' | 'voteCount'>;

/**
 * The popularity scale a title's raw value is on. Live API rows: TMDB's popularity of the ingest day, whatever
 * list or endpoint they came from. Snapshot rows: their source (one export at one time; the sbtlTV lists span one
 * month, which its README calls roughly comparable). Movies and TV are never on one scale.
 */
export function popularityScaleKey(t: ScaleInput): string {
  if (t.source.startsWith('tmdb-api')) return `tmdb-api|${t.mediaType}|${t.collected ?? 'undated'}`;
  return `${t.source}|${t.mediaType}`;
}

/**
 * Each title's popularity percentile within its scale (0–100, in input order): 100 × (mid-rank − ½) / n, where
 * tied values share their mean rank. A scale with one title puts it at 50.
 */
export function comparablePopularity(titles: readonly (ScaleInput & Pick<Title, 'popularity'>)[]): Float64Array {
  const groups = new Map<string, number[]>();
  titles.forEach((t, i) => {
    const key = popularityScaleKey(t);
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  const out = new Float64Array(titles.length);
  for (const members of groups.values()) {
    members.sort((a, b) => titles[a].popularity - titles[b].popularity);
    const n = members.length;
    for (let lo = 0; lo < n;) {
      let hi = lo;
      while (hi + 1 < n && titles[members[hi + 1]].popularity === titles[members[lo]].popularity) hi++;
      const midRank = (lo + hi) / 2 + 1; // 1-based mean rank of the tie run
      const pct = (100 * (midRank - 0.5)) / n;
      for (let k = lo; k <= hi; k++) out[members[k]] = pct;
      lo = hi + 1;
    }
  }
  return out;
}

/** True when the title is released after the collection date: it has hype, not an outcome. */
export function isUpcoming(t: Pick<Title, 'releaseDate'>, asOf: string): boolean {
  return t.releaseDate !== null && t.releaseDate > asOf;
}

/**
 * The latest calendar year a snapshot collected on `asOf` covers whole: its own year only on 31 December. A
 * part-year (seven weeks of 2026 on 2026-02-21) holds few, young releases: a yearly mean or count of it is not
 * comparable with the full years before it.
 */
export function lastFullYear(asOf: string): number {
  const year = Number(asOf.slice(0, 4));
  return asOf.slice(5, 10) === '12-31' ? year : year - 1;
}

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

/** Engagement (0–10) of one title given its popularity percentile (0–100) and its media type's P99 vote count. */
export function engagementOf(t: { popularityPercentile: number } & Pick<Title, 'voteAverage' | 'voteCount'>, p99: number): number {
  return (ENGAGEMENT_WEIGHTS.popularity * t.popularityPercentile) / 10 + ENGAGEMENT_WEIGHTS.rating * t.voteAverage * voteFactor(t.voteCount, p99);
}

/**
 * Engagement of every title, in input order (popularity percentiles and P99 taken over `titles`); pass the
 * percentiles when already computed.
 */
export function engagementScores(titles: readonly EngagementInput[], percentile: Float64Array = comparablePopularity(titles)): Float64Array {
  const p99 = voteCountP99(titles);
  const out = new Float64Array(titles.length);
  for (let i = 0; i < titles.length; i++) {
    const t = titles[i];
    out[i] = engagementOf({ popularityPercentile: percentile[i], voteAverage: t.voteAverage, voteCount: t.voteCount }, p99[t.mediaType]);
  }
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

/** Velocity from a popularity percentile and whole days since release; null when released after asOf (days < 0). */
export function velocityFromDays(popularityPercentile: number, days: number): number | null {
  return days < 0 ? null : popularityPercentile / Math.max(VELOCITY_MIN_DAYS, days);
}

/** Popularity percentile per day since release; null when unreleased as of `asOf` or the date is unknown. */
export function velocityOf(t: Pick<Title, 'releaseDate'> & { popularityPercentile: number }, asOf: string): number | null {
  return t.releaseDate ? velocityFromDays(t.popularityPercentile, daysBetween(t.releaseDate, asOf)) : null;
}

/** How a title was judged; `upcoming` titles (released after the collection date) are not judged at all. */
export type CohortBasis = 'year' | 'decade' | 'mediaType' | 'upcoming';

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
  asOf: string,
  engagement: Float64Array = engagementScores(titles),
  order: Uint32Array = argsort(engagement),
): HitFlags {
  const n = titles.length;
  const yearG = new Int32Array(n);
  const decadeG = new Int32Array(n);
  const typeG = new Int32Array(n);
  const size = new Uint32Array(GROUPS);
  for (let i = 0; i < n; i++) {
    if (isUpcoming(titles[i], asOf)) {
      yearG[i] = decadeG[i] = typeG[i] = -1;
      continue;
    }
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
  const basisCounts: Record<CohortBasis, number> = { year: 0, decade: 0, mediaType: 0, upcoming: 0 };
  const used = new Uint8Array(GROUPS);
  for (let i = 0; i < n; i++) {
    if (typeG[i] < 0) {
      [chosen[i], basis[i]] = [-1, 'upcoming'];
      basisCounts.upcoming += 1;
      continue;
    }
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
    if (g < 0) {
      cohort[i] = 'upcoming';
      continue;
    }
    hit[i] = engagement[i] >= threshold[g] ? 1 : 0;
    let label = labels.get(g);
    if (label === undefined) labels.set(g, (label = groupLabel(g)));
    cohort[i] = label;
  }
  const thresholds: Record<string, number> = {};
  for (const [g, label] of [...labels].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))) thresholds[label] = threshold[g];
  return { hit, cohort, basis, basisCounts, thresholds, definition: HIT_DEFINITION };
}

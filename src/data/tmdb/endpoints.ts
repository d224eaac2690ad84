/**
 * What an ingest asks TMDB for: the list endpoints the product samples the market with, and `discover/*` sliced by
 * release date so the catalog spans `since` (default 1990) to this month rather than only this week's hits.
 * Slices are by year, and by month for the last `MONTHLY_YEARS` years (January of this year − 2 on): a slice
 * yields at most `--pages` × 20 titles, so a yearly slice gives a recent year a few titles a month — too few for
 * monthly genre shares (the forecaster wants 10 a month in each leading genre, `MIN_TITLES_PER_PERIOD`), while a
 * monthly slice gives each month the full page budget. Pure: the plan is data, the ingest walks it.
 */
import type { MediaType } from '../title.ts';
import type { Query } from './errors.ts';

/** TMDB serves at most this many pages of any list. */
export const TMDB_MAX_PAGES = 500;
export const DEFAULT_SINCE_YEAR = 1990;

export interface ListSource {
  /** Path below the base URL, e.g. `discover/movie`. */
  path: string;
  /** Query parameters other than `page`. */
  query: Query;
  /** The media type of every result, or `mixed` when each result names its own (`trending/all/*`). */
  mediaType: MediaType | 'mixed';
}

const COMMON = { language: 'en-US' } as const;

export const LIST_ENDPOINTS: readonly ListSource[] = [
  { path: 'movie/popular', mediaType: 'movie', query: COMMON },
  { path: 'movie/top_rated', mediaType: 'movie', query: COMMON },
  { path: 'movie/now_playing', mediaType: 'movie', query: COMMON },
  { path: 'movie/upcoming', mediaType: 'movie', query: COMMON },
  { path: 'tv/popular', mediaType: 'tv', query: COMMON },
  { path: 'tv/top_rated', mediaType: 'tv', query: COMMON },
  { path: 'tv/on_the_air', mediaType: 'tv', query: COMMON },
  { path: 'tv/airing_today', mediaType: 'tv', query: COMMON },
  { path: 'trending/all/week', mediaType: 'mixed', query: COMMON },
];

/** Recent years sliced by month rather than by year (this one and the two before). */
export const MONTHLY_YEARS = 3;

const MOVIE_QUERY = { ...COMMON, sort_by: 'popularity.desc', include_adult: false, include_video: false } as const;
const TV_QUERY = { ...COMMON, sort_by: 'popularity.desc', include_adult: false, include_null_first_air_dates: false } as const;

/** The last day (YYYY-MM-DD) of a month. */
function monthEnd(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/**
 * `discover/movie` and `discover/tv` from `since` to the end of this year (later months of this year hold titles
 * already announced: upcoming, never history), newest first: one slice per release (first-air) month from
 * January of (this year − `MONTHLY_YEARS` + 1), by TMDB's release-date bounds (`primary_release_date.gte/lte`,
 * `first_air_date.gte/lte`); one per year before that.
 */
export function discoverSlices(since: number, now: Date): ListSource[] {
  const thisYear = now.getUTCFullYear();
  const firstMonthly = Math.max(since, thisYear - MONTHLY_YEARS + 1);
  const slices: ListSource[] = [];
  for (let year = thisYear; year >= firstMonthly; year--) {
    for (let month = 12; month >= 1; month--) {
      const from = `${year}-${String(month).padStart(2, '0')}-01`;
      const to = monthEnd(year, month);
      slices.push({ path: 'discover/movie', mediaType: 'movie', query: { ...MOVIE_QUERY, 'primary_release_date.gte': from, 'primary_release_date.lte': to } });
      slices.push({ path: 'discover/tv', mediaType: 'tv', query: { ...TV_QUERY, 'first_air_date.gte': from, 'first_air_date.lte': to } });
    }
  }
  for (let year = firstMonthly - 1; year >= since; year--) {
    slices.push({ path: 'discover/movie', mediaType: 'movie', query: { ...MOVIE_QUERY, primary_release_year: year } });
    slices.push({ path: 'discover/tv', mediaType: 'tv', query: { ...TV_QUERY, first_air_date_year: year } });
  }
  return slices;
}

/** Every list an ingest reads: the fixed lists, then the discover slices. */
export function ingestPlan(since: number, now: Date): ListSource[] {
  const thisYear = now.getUTCFullYear();
  if (!Number.isInteger(since) || since < 1874 || since > thisYear) {
    throw new RangeError(`--since must be a year from 1874 (the oldest film TMDB lists) to ${thisYear} (got ${since}).`);
  }
  return [...LIST_ENDPOINTS, ...discoverSlices(since, now)];
}

/** The last page to fetch: what TMDB has (`total_pages`), what was asked for, and never past TMDB's cap. */
export function lastPage(totalPages: number, pagesWanted: number): number {
  return Math.max(0, Math.min(totalPages, pagesWanted, TMDB_MAX_PAGES));
}

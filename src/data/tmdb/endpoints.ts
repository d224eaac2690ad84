/**
 * What an ingest asks TMDB for: the list endpoints the product samples the market with, and `discover/*` sliced by
 * release year so the catalog spans `since` (default 1990) to this year rather than only this week's hits.
 * Pure: the plan is data, the ingest walks it.
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

/** `discover/movie` and `discover/tv`, one slice per release (first-air) year from `since` to `untilYear`. */
export function discoverSlices(since: number, untilYear: number): ListSource[] {
  const slices: ListSource[] = [];
  for (let year = untilYear; year >= since; year--) {
    slices.push({
      path: 'discover/movie',
      mediaType: 'movie',
      query: { ...COMMON, primary_release_year: year, sort_by: 'popularity.desc', include_adult: false, include_video: false },
    });
    slices.push({
      path: 'discover/tv',
      mediaType: 'tv',
      query: { ...COMMON, first_air_date_year: year, sort_by: 'popularity.desc', include_adult: false, include_null_first_air_dates: false },
    });
  }
  return slices;
}

/** Every list an ingest reads: the fixed lists, then the discover slices. */
export function ingestPlan(since: number, now: Date): ListSource[] {
  const thisYear = now.getUTCFullYear();
  if (!Number.isInteger(since) || since < 1874 || since > thisYear) {
    throw new RangeError(`--since must be a year from 1874 (the oldest film TMDB lists) to ${thisYear} (got ${since}).`);
  }
  return [...LIST_ENDPOINTS, ...discoverSlices(since, thisYear)];
}

/** The last page to fetch: what TMDB has (`total_pages`), what was asked for, and never past TMDB's cap. */
export function lastPage(totalPages: number, pagesWanted: number): number {
  return Math.max(0, Math.min(totalPages, pagesWanted, TMDB_MAX_PAGES));
}

/**
 * The TMDB stand-in's data: the real snapshot (`shared/tmdb`) turned back into the shapes TMDB's API serves.
 *
 * - Movies: the snapshot rows are TMDB records already; `genres` names become `genre_ids` by TMDB's real movie
 *   genre ids. Fields a row lacks are served as null (or 0 where TMDB writes 0 for unknown), never invented.
 * - TV: the rows with a TMDB id. Rows from TMDB lists carry their own genre ids, language and country; the others
 *   are filled from the hybrid row linked to them (`matched_tmdb_id`): genres as TMDB TV
 *   genre ids (a name TMDB's TV list lacks maps through the canonical vocabulary to the TV genre holding it, e.g.
 *   "Action" → "Action & Adventure"; one it cannot hold, e.g. "Thriller", is dropped, as TMDB would not have it),
 *   the original language, seasons, episodes, networks. Unlinked hybrid rows have no TMDB id and are not served.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { canonicalGenre } from '../../src/data/genres.ts';
import type { RawRecord } from '../../src/data/normalise.ts';
import { languageCode } from '../../src/data/languages.ts';
import { SNAPSHOT_FILES } from '../../src/data/snapshot.ts';

/** TMDB's `genre/movie/list`. */
export const TMDB_MOVIE_GENRES: readonly { id: number; name: string }[] = [
  { id: 28, name: 'Action' },
  { id: 12, name: 'Adventure' },
  { id: 16, name: 'Animation' },
  { id: 35, name: 'Comedy' },
  { id: 80, name: 'Crime' },
  { id: 99, name: 'Documentary' },
  { id: 18, name: 'Drama' },
  { id: 10751, name: 'Family' },
  { id: 14, name: 'Fantasy' },
  { id: 36, name: 'History' },
  { id: 27, name: 'Horror' },
  { id: 10402, name: 'Music' },
  { id: 9648, name: 'Mystery' },
  { id: 10749, name: 'Romance' },
  { id: 878, name: 'Science Fiction' },
  { id: 10770, name: 'TV Movie' },
  { id: 53, name: 'Thriller' },
  { id: 10752, name: 'War' },
  { id: 37, name: 'Western' },
];

/** TMDB's `genre/tv/list`. */
export const TMDB_TV_GENRES: readonly { id: number; name: string }[] = [
  { id: 10759, name: 'Action & Adventure' },
  { id: 16, name: 'Animation' },
  { id: 35, name: 'Comedy' },
  { id: 80, name: 'Crime' },
  { id: 99, name: 'Documentary' },
  { id: 18, name: 'Drama' },
  { id: 10751, name: 'Family' },
  { id: 10762, name: 'Kids' },
  { id: 9648, name: 'Mystery' },
  { id: 10763, name: 'News' },
  { id: 10764, name: 'Reality' },
  { id: 10765, name: 'Sci-Fi & Fantasy' },
  { id: 10766, name: 'Soap' },
  { id: 10767, name: 'Talk' },
  { id: 10768, name: 'War & Politics' },
  { id: 37, name: 'Western' },
];

export interface ServedTitle {
  mediaType: 'movie' | 'tv';
  id: number;
  /** As a list endpoint returns it (`genre_ids`). */
  list: RawRecord;
  /** As `movie/{id}` / `tv/{id}` returns it (`genres: [{id, name}]`, details fields). */
  details: RawRecord;
  popularity: number;
  voteAverage: number;
  voteCount: number;
  /** Release / first-air date, YYYY-MM-DD or ''. */
  date: string;
  /** TV only: still running (the linked hybrid row has no last air year). */
  ongoing: boolean;
}

export interface StandInData {
  movies: ServedTitle[];
  tv: ServedTitle[];
  /** The newest movie release date in the snapshot. */
  latestRelease: string;
}

const num = (v: unknown, fallback = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const strOrNull = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
const names = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

const movieGenreId = new Map(TMDB_MOVIE_GENRES.map((g) => [g.name, g.id]));
const tvGenreByName = new Map(TMDB_TV_GENRES.map((g) => [g.name, g]));

/** A genre name from the hybrid rows → TMDB TV genre ids (see the module comment). */
export function tvGenreIds(name: string): number[] {
  const exact = tvGenreByName.get(name);
  if (exact) return [exact.id];
  const ids: number[] = [];
  for (const genre of canonicalGenre(name)) {
    const holder = TMDB_TV_GENRES.find((g) => canonicalGenre(g.name).includes(genre));
    if (holder && !ids.includes(holder.id)) ids.push(holder.id);
  }
  return ids;
}

function rows(buffer: Buffer): RawRecord[] {
  return gunzipSync(buffer)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RawRecord);
}

/** A snapshot movie row as TMDB serves it. */
export function servedMovie(row: RawRecord): ServedTitle {
  const genreIds = names(row.genres)
    .map((n) => movieGenreId.get(n))
    .filter((id): id is number => id !== undefined);
  const list: RawRecord = {
    adult: row.adult === true,
    backdrop_path: strOrNull(row.backdrop_path),
    genre_ids: genreIds,
    id: row.id,
    original_language: strOrNull(row.original_language),
    original_title: strOrNull(row.original_title),
    overview: typeof row.overview === 'string' ? row.overview : '',
    popularity: row.popularity,
    poster_path: strOrNull(row.poster_path),
    release_date: typeof row.release_date === 'string' ? row.release_date : '',
    title: row.title,
    video: false,
    vote_average: row.vote_average,
    vote_count: row.vote_count,
  };
  const { genre_ids: _ids, ...rest } = list;
  const details: RawRecord = {
    ...rest,
    genres: genreIds.map((id) => ({ id, name: TMDB_MOVIE_GENRES.find((g) => g.id === id)?.name })),
    budget: num(row.budget),
    revenue: num(row.revenue),
    runtime: num(row.runtime),
    status: strOrNull(row.status),
    tagline: strOrNull(row.tagline) ?? '',
    imdb_id: strOrNull(row.imdb_id),
    homepage: strOrNull(row.homepage) ?? '',
  };
  return {
    mediaType: 'movie',
    id: num(row.id),
    list,
    details,
    popularity: num(row.popularity),
    voteAverage: num(row.vote_average),
    voteCount: num(row.vote_count),
    date: String(list.release_date),
    ongoing: false,
  };
}

function tvShow(row: RawRecord, hybrid: RawRecord | undefined): ServedTitle {
  // A row from a TMDB list (sbtlTV) carries its own genres, language and country; older rows borrow the hybrid's.
  const ownGenreIds = Array.isArray(row.genre_ids) ? row.genre_ids.filter((id): id is number => typeof id === 'number') : [];
  const genreIds = ownGenreIds.length > 0 ? ownGenreIds : [...new Set(names(hybrid?.genres).flatMap(tvGenreIds))];
  const list: RawRecord = {
    adult: row.adult === true,
    backdrop_path: strOrNull(row.backdrop_path),
    genre_ids: genreIds,
    id: row.id,
    origin_country: names(row.origin_country),
    original_language: strOrNull(row.original_language) ?? (hybrid ? languageCode(hybrid.original_language_name) : null),
    original_name: strOrNull(row.original_name),
    overview: typeof row.overview === 'string' ? row.overview : '',
    popularity: row.popularity,
    poster_path: strOrNull(row.poster_path),
    first_air_date: typeof row.first_air_date === 'string' ? row.first_air_date : '',
    name: row.name,
    vote_average: row.vote_average,
    vote_count: row.vote_count,
  };
  const { genre_ids: _ids, ...rest } = list;
  const details: RawRecord = {
    ...rest,
    genres: genreIds.map((id) => tvGenreByNameId(id)),
    number_of_seasons: hybrid?.number_of_seasons ?? null,
    number_of_episodes: hybrid?.number_of_episodes ?? null,
    networks: names(hybrid?.networks).map((name, i) => ({ id: i + 1, name, logo_path: null, origin_country: '' })),
    episode_run_time: [],
    status: null,
    in_production: hybrid ? hybrid.last_air_year === null : null,
  };
  return {
    mediaType: 'tv',
    id: num(row.id),
    list,
    details,
    popularity: num(row.popularity),
    voteAverage: num(row.vote_average),
    voteCount: num(row.vote_count),
    date: String(list.first_air_date),
    ongoing: hybrid !== undefined && hybrid.last_air_year === null,
  };
}

function tvGenreByNameId(id: number): { id: number; name: string } {
  const genre = TMDB_TV_GENRES.find((g) => g.id === id);
  if (!genre) throw new Error(`TV genre id ${id} is not in TMDB's TV list`);
  return genre;
}

const loaded = new Map<string, Promise<StandInData>>();

/** The snapshot in TMDB's shapes; loaded once per directory and shared by every stand-in in the process. */
export function loadStandInData(snapshotDir: string): Promise<StandInData> {
  let data = loaded.get(snapshotDir);
  if (!data) {
    data = (async () => {
      const [movieRows, tvRows] = await Promise.all([
        readFile(join(snapshotDir, SNAPSHOT_FILES.movie)).then(rows),
        readFile(join(snapshotDir, SNAPSHOT_FILES.tv)).then(rows),
      ]);
      const hybridByTmdbId = new Map<number, RawRecord>();
      for (const row of tvRows) {
        const linked = row.matched_tmdb_id;
        if (typeof linked === 'number' && !hybridByTmdbId.has(linked)) hybridByTmdbId.set(linked, row);
      }
      const seen = new Set<number>();
      const movies = movieRows.filter((r) => typeof r.id === 'number' && !seen.has(r.id) && seen.add(r.id)).map(servedMovie);
      seen.clear();
      const tv = tvRows.filter((r) => typeof r.id === 'number' && !seen.has(r.id) && seen.add(r.id)).map((r) => tvShow(r, hybridByTmdbId.get(r.id as number)));
      const latestRelease = movies.reduce((latest, m) => (m.date > latest ? m.date : latest), '');
      return { movies, tv, latestRelease };
    })();
    loaded.set(snapshotDir, data);
  }
  return data;
}

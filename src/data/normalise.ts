/**
 * TMDB-shaped JSON → `Title`. One normaliser serves both sources: the live API (list results carry `genre_ids`,
 * details carry `genres: [{id, name}]`) and the snapshot (its rows use TMDB's field names with `genres` as names).
 * A record that does not validate is returned as a reason string, never thrown: callers count and skip it.
 */
import { canonicalGenres } from './genres.ts';
import { describeIssues, titleSchema, type MediaType, type Title } from './title.ts';

/** Loosely typed TMDB JSON: we read what is there and validate the result, not the input. */
export type RawRecord = Record<string, unknown>;

/** TMDB genre id → name, per media type, from `genre/movie/list` and `genre/tv/list`. */
export type GenreIdNames = ReadonlyMap<number, string>;

export type Normalised = { ok: true; title: Title } | { ok: false; reason: string };

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** TMDB writes 0 for an unknown budget, revenue or runtime. */
const positive = (v: unknown): number | null => {
  const n = num(v);
  return n !== null && n > 0 ? n : null;
};
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : str((x as RawRecord | null)?.name))).filter((x): x is string => x !== null) : [];

/** Genre names from whichever form the record has: names, `{id, name}` objects, or `genre_ids`. */
function genreNames(raw: RawRecord, genreIds: GenreIdNames | undefined): string[] {
  if (Array.isArray(raw.genres)) return strings(raw.genres);
  if (Array.isArray(raw.genre_ids) && genreIds) {
    return raw.genre_ids.map((id) => genreIds.get(id as number)).filter((x): x is string => x !== undefined);
  }
  return [];
}

/** TMDB's release dates are sometimes "" for unreleased titles; anything but YYYY-MM-DD becomes null. */
function date(v: unknown): string | null {
  const s = str(v);
  return s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : null;
}

/** Keywords as the snapshot has them (names) or as TMDB's details append them (`{keywords: […]}` / `{results: […]}`). */
function keywordNames(v: unknown): string[] {
  if (Array.isArray(v)) return strings(v);
  const wrapped = v as { keywords?: unknown; results?: unknown } | null;
  return strings(wrapped?.keywords ?? wrapped?.results);
}

export function normaliseRecord(mediaType: MediaType, raw: RawRecord, source: string, genreIds?: GenreIdNames, collected: string | null = null): Normalised {
  const isMovie = mediaType === 'movie';
  const episodeRuntimes = Array.isArray(raw.episode_run_time) ? raw.episode_run_time.filter((x) => typeof x === 'number') : [];
  const candidate = {
    mediaType,
    id: raw.id,
    title: str(isMovie ? raw.title : raw.name) ?? str(isMovie ? raw.original_title : raw.original_name),
    originalTitle: str(isMovie ? raw.original_title : raw.original_name),
    originalLanguage: str(raw.original_language),
    overview: str(raw.overview) ?? '',
    popularity: raw.popularity,
    voteAverage: raw.vote_average,
    voteCount: raw.vote_count,
    releaseDate: date(isMovie ? raw.release_date : raw.first_air_date),
    genres: canonicalGenres(genreNames(raw, genreIds)),
    posterPath: str(raw.poster_path),
    budget: positive(raw.budget),
    revenue: positive(raw.revenue),
    runtime: positive(raw.runtime) ?? (episodeRuntimes.length > 0 ? positive(episodeRuntimes[0]) : null),
    status: str(raw.status),
    numberOfSeasons: num(raw.number_of_seasons),
    numberOfEpisodes: num(raw.number_of_episodes),
    networks: strings(raw.networks),
    keywords: keywordNames(raw.keywords),
    productionCompanies: strings(raw.production_companies),
    source,
    collected,
  };
  const parsed = titleSchema.safeParse(candidate);
  return parsed.success ? { ok: true, title: parsed.data } : { ok: false, reason: describeIssues(parsed.error) };
}

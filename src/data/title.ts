/**
 * `Title`: one normalised movie or TV show, whatever source it came from (the live TMDB API or the snapshot).
 * Field meanings follow TMDB's; names are camelCase. Movies and TV share one record so every stage can treat
 * them alike; fields a source does not have are `null`, never guessed.
 */
import { z } from 'zod';

export const MEDIA_TYPES = ['movie', 'tv'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date');

export const titleSchema = z.object({
  mediaType: z.enum(MEDIA_TYPES),
  id: z.number().int().positive(),
  title: z.string().min(1),
  originalTitle: z.string().nullable(),
  originalLanguage: z
    .string()
    .regex(/^[a-z]{2}$/, 'expected an ISO 639-1 code')
    .nullable(),
  overview: z.string(),
  popularity: z.number().finite().nonnegative(),
  voteAverage: z.number().min(0).max(10),
  voteCount: z.number().int().nonnegative(),
  /** Release date for movies, first air date for TV; `null` when unknown. */
  releaseDate: isoDate.nullable(),
  /** Canonical genre names (see `genres.ts`), in source order, without duplicates. */
  genres: z.array(z.string()),
  posterPath: z.string().nullable(),
  /** USD; `null` when unknown (TMDB's 0 means unknown and is stored as null). */
  budget: z.number().nonnegative().nullable(),
  revenue: z.number().nonnegative().nullable(),
  /** Minutes: the movie's runtime, or a TV episode's typical runtime. */
  runtime: z.number().nonnegative().nullable(),
  status: z.string().nullable(),
  numberOfSeasons: z.number().int().nonnegative().nullable(),
  numberOfEpisodes: z.number().int().nonnegative().nullable(),
  networks: z.array(z.string()),
  /** Pre-release signals (movies): TMDB keywords ("sequel", "based on novel or book") and production companies. */
  keywords: z.array(z.string()),
  productionCompanies: z.array(z.string()),
  /** Where the record came from: `tmdb-api:<endpoint>` or the snapshot's `source` field. */
  source: z.string(),
  /**
   * YYYY-MM-DD on which popularity and votes were observed: the ingest date for the live API, the row's own
   * `collected` date or its source's stated collection date for the snapshot; `null` when unknown. Popularity is
   * comparable only between titles observed on the same scale (see `popularityScaleKey` in core/measures.ts).
   */
  collected: isoDate.nullable(),
});

export type Title = z.infer<typeof titleSchema>;

/** The key titles are de-duplicated by: TMDB ids are unique only within a media type. */
export function titleKey(title: Pick<Title, 'mediaType' | 'id'>): string {
  return `${title.mediaType}:${title.id}`;
}

/** Release year, or null when the date is unknown. */
export function releaseYear(title: Pick<Title, 'releaseDate'>): number | null {
  return title.releaseDate ? Number(title.releaseDate.slice(0, 4)) : null;
}

/** Why a record was left out of the catalog, counted per reason. */
export type SkipCounts = Record<string, number>;

export function countSkip(skipped: SkipCounts, reason: string): void {
  skipped[reason] = (skipped[reason] ?? 0) + 1;
}

/** Zod issues → one short line naming the field, for skip reasons and error messages. */
export function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid record';
  const path = first.path.join('.') || 'record';
  return `${path}: ${first.message}`;
}

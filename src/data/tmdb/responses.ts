/**
 * The shapes of TMDB's responses the client relies on (zod). A response that does not match is treated like
 * malformed JSON: retried, then reported. Records inside `results` are not validated here: `normaliseRecord`
 * does that one by one, so one bad record is skipped and counted instead of failing its page.
 */
import { z } from 'zod';
import type { GenreIdNames, RawRecord } from '../normalise.ts';

/** `genre/movie/list`, `genre/tv/list`. */
export const genreListSchema = z.object({
  genres: z.array(z.object({ id: z.number().int(), name: z.string() })),
});

/** Every paged list: `discover/*`, `movie/popular`, `trending/all/week`, … */
export const listPageSchema = z.object({
  page: z.number().int().positive(),
  results: z.array(z.unknown()),
  total_pages: z.number().int().nonnegative(),
  total_results: z.number().int().nonnegative(),
});
export type ListPage = z.infer<typeof listPageSchema>;

/** `movie/{id}`, `tv/{id}`: an object; its fields are validated by `normaliseRecord`. */
export const detailsSchema = z.record(z.string(), z.unknown()) as z.ZodType<RawRecord>;

export function genreIdNames(list: z.infer<typeof genreListSchema>): GenreIdNames {
  return new Map(list.genres.map((g) => [g.id, g.name]));
}

export function isRawRecord(value: unknown): value is RawRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

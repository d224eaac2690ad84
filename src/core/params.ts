/**
 * Stage parameters: one zod schema per stage (the typed shape a stage receives) and `validateParams`, which turns
 * loosely typed input — chat words, URL query values, CLI options — into those types or an `InputError` a person
 * can act on. The same function serves chat, the CLI and the dashboard API, so the messages are the same
 * everywhere.
 *
 * Accepted raw forms (all optional unless stated):
 * - explore / understand / identify: `mediaType` (movie|movies|film|tv|series|shows|all|both; alias `type`),
 *   `genres` (array or comma-separated words, aliases allowed; alias `genre`), `yearFrom`, `yearTo` (numbers or
 *   numeric strings) or `years` ("2010-2024", "2015"), `language` (ISO 639-1 code or English name).
 * - predict: `genre` (required), `mediaType` (default movie), `budgetLevel` 1–10 (alias `budget`; words low /
 *   medium / high / big) or `budgetUsd` (a budget in dollars, e.g. 200000000 or "200M"; needs the catalog, whose
 *   movie-budget deciles turn it into the level; it wins over `budgetLevel`), `quarter` (required) 1–4 or "Q3".
 * - forecast: `genres`, `horizonMonths` 1–36 (default 12).
 * - compare: `left` and `right` (required), `kind` genre|title (inferred: both sides genre words → genre). Title
 *   sides are resolved against the catalog when one is given (to `mediaType:id` keys).
 */
import { z } from 'zod';
import type { Catalog } from '../data/catalog.ts';
import { CANONICAL_GENRES, type Genre } from '../data/genres.ts';
import { languageCode } from '../data/languages.ts';
import { titleKey } from '../data/title.ts';
import { budgetLevelForUsd } from './intelligence/features.ts';
import type { Quarter } from './model-port.ts';
import { isGenreWord, resolveGenre, resolveGenreWords } from './resolve/genre.ts';
import { resolveTitle } from './resolve/title.ts';
import { InputError, type StageName } from './types.ts';
import { titleLabel } from './words.ts';

export { resolveGenre, resolveGenreWords, nearestGenres } from './resolve/genre.ts';
export { resolveTitle, titleLabel } from './resolve/title.ts';

const genreSchema = z.enum(CANONICAL_GENRES);
const year = z.number().int().min(1870).max(2100);

export const filterParamsSchema = z
  .object({
    mediaType: z.enum(['movie', 'tv', 'all']).default('all'),
    genres: z.array(genreSchema).default([]),
    yearFrom: year.optional(),
    yearTo: year.optional(),
    language: z
      .string()
      .regex(/^[a-z]{2}$/)
      .optional(),
  })
  .refine((p) => p.yearFrom === undefined || p.yearTo === undefined || p.yearFrom <= p.yearTo, {
    message: 'The year range is inverted',
    path: ['years'],
  });
export type FilterParams = z.infer<typeof filterParamsSchema>;
export type ExploreParams = FilterParams;
export type UnderstandParams = FilterParams;
/** Identify also takes what the question is about: `aspect: 'window'` (when to release) leads with the release window. */
export const identifyParamsSchema = z.intersection(filterParamsSchema, z.object({ aspect: z.enum(['window']).optional() }));
export type IdentifyParams = z.infer<typeof identifyParamsSchema>;

export const predictParamsSchema = z.object({
  genre: genreSchema,
  mediaType: z.enum(['movie', 'tv']).default('movie'),
  budgetLevel: z.number().int().min(1).max(10),
  quarter: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  /** Movies: the budget in dollars when one was given (the revenue model reads it; TV ignores it). */
  budgetUsd: z.number().positive().optional(),
});
export type PredictParams = z.infer<typeof predictParamsSchema> & { quarter: Quarter };

export const forecastParamsSchema = z.object({
  genres: z.array(genreSchema).default([]),
  horizonMonths: z.number().int().min(1).max(36).default(12),
});
export type ForecastParams = z.infer<typeof forecastParamsSchema>;

export const compareParamsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('genre'), left: genreSchema, right: genreSchema }),
  z.object({ kind: z.literal('title'), left: z.string().min(1), right: z.string().min(1) }),
]);
export type CompareParams = z.infer<typeof compareParamsSchema>;

export interface StageParams {
  explore: ExploreParams;
  understand: UnderstandParams;
  identify: IdentifyParams;
  predict: PredictParams;
  forecast: ForecastParams;
  compare: CompareParams;
}

export const PARAM_SCHEMAS = {
  explore: filterParamsSchema,
  understand: filterParamsSchema,
  identify: filterParamsSchema,
  predict: predictParamsSchema,
  forecast: forecastParamsSchema,
  compare: compareParamsSchema,
} as const;

// ---- coercion of loosely typed values (chat words, query strings) ----

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

function words(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(words);
  if (typeof v === 'string')
    return v
      .split(/[,;+]|\band\b/)
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}

function toInteger(v: unknown, field: string, what: string): number | undefined {
  if (!present(v)) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw new InputError(`${what} must be a number; got '${String(v)}'.`, field);
  return n;
}

/** Maps, not object literals, for words a person types: 'constructor' must not find Object's own properties. */
const MEDIA_WORDS: ReadonlyMap<string, 'movie' | 'tv' | 'all'> = new Map([
  ...(['movie', 'movies', 'film', 'films'] as const).map((w) => [w, 'movie'] as const),
  ...(['tv', 'series', 'show', 'shows', 'tv shows', 'television'] as const).map((w) => [w, 'tv'] as const),
  ...(['all', 'both', 'any'] as const).map((w) => [w, 'all'] as const),
]);

function toMediaType(v: unknown, field = 'mediaType'): 'movie' | 'tv' | 'all' | undefined {
  if (!present(v)) return undefined;
  const type = MEDIA_WORDS.get(String(v).trim().toLowerCase());
  if (!type) throw new InputError(`Type must be movie, tv or all; got '${String(v)}'.`, field, ['movie', 'tv', 'all']);
  return type;
}

function toGenres(v: unknown, field = 'genres'): Genre[] {
  const out: Genre[] = [];
  for (const w of words(v)) for (const g of resolveGenreWords(w, field)) if (!out.includes(g)) out.push(g);
  return out;
}

function toYears(raw: Record<string, unknown>): { yearFrom?: number; yearTo?: number } {
  let yearFrom = toInteger(raw.yearFrom ?? raw.from, 'yearFrom', 'The first year');
  let yearTo = toInteger(raw.yearTo ?? raw.to, 'yearTo', 'The last year');
  if (present(raw.years)) {
    const m = /^\s*(\d{4})?\s*(?:(-|–|to|\.\.)\s*(\d{4})?)?\s*$/.exec(String(raw.years));
    if (!m || (!m[1] && !m[3])) {
      throw new InputError(`Years must look like 2010-2024, 2015, 2010- or -2020; got '${String(raw.years)}'.`, 'years');
    }
    if (m[1]) yearFrom = Number(m[1]);
    if (m[3]) yearTo = Number(m[3]);
    else if (!m[2]) yearTo = yearFrom;
  }
  if (yearFrom !== undefined && yearTo !== undefined && yearFrom > yearTo) {
    throw new InputError(`The year range ${yearFrom}-${yearTo} is inverted; did you mean ${yearTo}-${yearFrom}?`, 'years', [`${yearTo}-${yearFrom}`]);
  }
  return { yearFrom, yearTo };
}

function toLanguage(v: unknown): string | undefined {
  if (!present(v)) return undefined;
  const s = String(v).trim();
  if (/^[a-zA-Z]{2}$/.test(s)) return s.toLowerCase();
  const code = languageCode(s);
  if (!code) throw new InputError(`Language must be a two-letter code such as en, fr or ko, or a name such as French; got '${s}'.`, 'language');
  return code;
}

const BUDGET_WORDS: ReadonlyMap<string, number> = new Map(
  Object.entries({ tiny: 1, micro: 1, low: 2, small: 3, modest: 4, medium: 5, mid: 5, moderate: 5, high: 8, big: 8, large: 8, huge: 10, blockbuster: 10 }),
);

function toBudgetLevel(v: unknown): number | undefined {
  if (!present(v)) return undefined;
  const word = BUDGET_WORDS.get(String(v).trim().toLowerCase());
  if (word !== undefined) return word;
  const n = toInteger(v, 'budgetLevel', 'Budget level');
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > 10) {
    throw new InputError(`Budget level must be a whole number from 1 (lowest) to 10 (highest); got '${String(v)}'.`, 'budgetLevel');
  }
  return n;
}

/** Units a dollar amount may carry ("$15m", "200 million"), and what each multiplies by. */
export const USD_UNITS: Readonly<Record<string, number>> = { k: 1e3, thousand: 1e3, m: 1e6, mm: 1e6, mn: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9 };

/** "$200m", "1.5B", "40,000,000", "200 million", 15000000 → dollars; undefined when it is not an amount. */
export function parseUsd(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*\$?\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|thousand|mm|mn|m|million|bn|b|billion)?\s*(?:usd|dollars?)?\s*$/i.exec(v);
  if (!m) return undefined;
  const n = Number(m[1].replace(/,/g, '')) * (m[2] ? (USD_UNITS[m[2].toLowerCase()] ?? 1) : 1);
  return Number.isFinite(n) ? n : undefined;
}

/** Dollars in short form: $200M, $1.5B, $500K, $900. */
export function formatUsd(usd: number): string {
  const short = (n: number) => String(Math.round(n * 10) / 10);
  if (usd >= 1e9) return `$${short(usd / 1e9)}B`;
  if (usd >= 1e6) return `$${short(usd / 1e6)}M`;
  if (usd >= 1e3) return `$${short(usd / 1e3)}K`;
  return `$${Math.round(usd)}`;
}

function toBudgetFromUsd(v: unknown, catalog: Catalog | undefined): number | undefined {
  if (!present(v)) return undefined;
  const usd = parseUsd(v);
  if (usd === undefined) {
    throw new InputError(`A budget in dollars must look like $200M, 1.5B or 40,000,000; got '${String(v)}'.`, 'budgetUsd');
  }
  const level = catalog ? budgetLevelForUsd(catalog, usd) : null;
  if (level === null) {
    throw new InputError(`A budget in dollars needs the catalog's movie budgets to become a level; give a budget level from 1 to 10 instead.`, 'budgetLevel');
  }
  return level;
}

/**
 * How a dollar budget was read, for the reply's assumptions: "budget level 10 for $200M (top 10% of movie
 * budgets in the catalog)"; for TV, that budgets are not used.
 */
export function budgetUsdNote(usd: number, level: number, mediaType: 'movie' | 'tv'): string {
  const amount = formatUsd(usd);
  if (mediaType === 'tv') return `budgets are not used for TV, so the ${amount} budget is ignored`;
  const where = level >= 10 ? 'top 10%' : level <= 1 ? 'bottom 10%' : `${(level - 1) * 10}th–${level * 10}th percentile`;
  return `budget level ${level} for ${amount} (${where} of movie budgets in the catalog)`;
}

function toQuarter(v: unknown): number | undefined {
  if (!present(v)) return undefined;
  const m = /^\s*q?([1-4])\s*$/i.exec(String(v));
  if (!m) throw new InputError(`Quarter must be Q1, Q2, Q3 or Q4; got '${String(v)}'.`, 'quarter', ['Q1', 'Q2', 'Q3', 'Q4']);
  return Number(m[1]);
}

/** Turns the first zod issue into an `InputError` naming the field and what is accepted. */
function fromZod(error: z.ZodError): InputError {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || 'params';
  const messages: Record<string, string> = {
    genre: 'Name a genre, e.g. genre=Drama.',
    budgetLevel: 'Give a budget level from 1 (lowest) to 10 (highest), e.g. budget=7.',
    quarter: 'Give a release quarter, Q1 to Q4.',
    left: 'Name what to compare on the left, e.g. "Drama vs Comedy".',
    right: 'Name what to compare on the right, e.g. "Drama vs Comedy".',
    horizonMonths: 'The forecast horizon must be 1 to 36 months.',
    yearFrom: 'Years must be between 1870 and 2100.',
    yearTo: 'Years must be between 1870 and 2100.',
  };
  return new InputError(messages[field] ?? `Invalid ${field}: ${issue?.message ?? 'check the value'}.`, field);
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZod(result.error);
  return result.data;
}

function filterRaw(raw: Record<string, unknown>): Record<string, unknown> {
  return {
    mediaType: toMediaType(raw.mediaType ?? raw.type),
    genres: toGenres(raw.genres ?? raw.genre),
    ...toYears(raw),
    language: toLanguage(raw.language),
  };
}

/** A comparison word left at the end of a side: "Drama vs". */
const DANGLING_SEPARATOR = /(?:^|\s+)(?:vs\.?|versus|v\.|against|or|and)$/i;

/** What a genre compared with itself is offered instead: common genres (the one asked is left out). */
const SAME_SIDE_ALTERNATIVES = ['Drama', 'Comedy', 'Thriller'] as const;

function compareRaw(raw: Record<string, unknown>, catalog: Catalog | undefined): Record<string, unknown> {
  // "Drama vs" (the right side not typed yet) keeps its dangling separator on the left side.
  const side = (v: unknown) => (present(v) ? String(v).trim().replace(DANGLING_SEPARATOR, '').trim() || undefined : undefined);
  const left = side(raw.left);
  const right = side(raw.right);
  if (!left && right) throw new InputError(`Name what to compare ${right} with on the left, e.g. "Comedy vs ${right}".`, 'left');
  if (left && !right) throw new InputError(`Name what to compare ${left} with on the right, e.g. "${left} vs Comedy".`, 'right');
  if (!left || !right) return { kind: raw.kind ?? 'genre', left, right };
  const kind = raw.kind ?? (isGenreWord(left) && isGenreWord(right) ? 'genre' : 'title');
  if (kind === 'genre') {
    const l = resolveGenre(left, 'left');
    const r = resolveGenre(right, 'right');
    if (l === r) {
      // A genre against itself ties on every metric by construction: an answer would only look like a finding.
      const others = SAME_SIDE_ALTERNATIVES.filter((g) => g !== l).slice(0, 2);
      throw new InputError(
        `Both sides are the same genre (${l}): a genre compared with itself ties on every metric. Compare two different genres, e.g. "${l} vs ${others[0]}", or two titles.`,
        'right',
        others,
      );
    }
    return { kind, left: l, right: r };
  }
  if (kind !== 'title') throw new InputError(`Compare kind must be genre or title; got '${String(kind)}'.`, 'kind', ['genre', 'title']);
  if (!catalog) return { kind, left, right };
  const l = resolveTitle(catalog, left, 'left');
  const r = resolveTitle(catalog, right, 'right');
  if (titleKey(l) === titleKey(r)) throw new InputError(`Both sides are the same title (${titleLabel(l)}); name two different titles.`, 'right');
  return { kind, left: titleKey(l), right: titleKey(r) };
}

declare const VALIDATED: unique symbol;

/**
 * A stage's parameters as `validateParams` returns them with the catalog: typed, defaults filled, compare's title
 * sides resolved to `mediaType:id` keys. Only `validateParams` makes one, so `runStage`, which takes this type,
 * never validates again.
 */
export type ValidParams<S extends StageName> = StageParams[S] & { readonly [VALIDATED]: true };

/**
 * Validates loosely typed parameters for a stage. Throws `InputError` (field + message + suggestions) on bad
 * input. With a catalog, compare's title sides are resolved to `mediaType:id` keys and the result is the
 * `ValidParams` a stage runs on; without one (a parser checking words before a catalog is loaded) title sides are
 * kept as typed and the result is only typed.
 */
export function validateParams<S extends StageName>(stage: S, raw: Record<string, unknown>, catalog: Catalog): ValidParams<S>;
export function validateParams<S extends StageName>(stage: S, raw: Record<string, unknown>, catalog?: Catalog): StageParams[S];
export function validateParams<S extends StageName>(stage: S, raw: Record<string, unknown>, catalog?: Catalog): StageParams[S] {
  switch (stage) {
    case 'explore':
    case 'understand':
      return parseWith(filterParamsSchema, filterRaw(raw)) as StageParams[S];
    case 'identify': {
      const aspect = present(raw.aspect) ? String(raw.aspect).trim().toLowerCase() : undefined;
      if (aspect !== undefined && aspect !== 'window') {
        throw new InputError(`Identify's aspect must be 'window' (when to release); got '${aspect}'.`, 'aspect', ['window']);
      }
      return parseWith(identifyParamsSchema, { ...filterRaw(raw), ...(aspect ? { aspect } : {}) }) as StageParams[S];
    }
    case 'predict': {
      const genre = present(raw.genre) ? resolveGenre(String(words(raw.genre)[0] ?? raw.genre), 'genre') : undefined;
      const mediaType = toMediaType(raw.mediaType ?? raw.type);
      if (mediaType === 'all') throw new InputError('Predict needs one type: movie or tv.', 'mediaType', ['movie', 'tv']);
      return parseWith(predictParamsSchema, {
        genre,
        mediaType,
        budgetLevel: present(raw.budgetUsd) ? toBudgetFromUsd(raw.budgetUsd, catalog) : toBudgetLevel(raw.budgetLevel ?? raw.budget),
        quarter: toQuarter(raw.quarter),
        ...(present(raw.budgetUsd) && mediaType !== 'tv' ? { budgetUsd: parseUsd(raw.budgetUsd) } : {}),
      }) as StageParams[S];
    }
    case 'forecast':
      return parseWith(forecastParamsSchema, {
        genres: toGenres(raw.genres ?? raw.genre),
        horizonMonths: toInteger(raw.horizonMonths ?? raw.horizon, 'horizonMonths', 'The forecast horizon'),
      }) as StageParams[S];
    case 'compare':
      return parseWith(compareParamsSchema, compareRaw(raw, catalog)) as StageParams[S];
    default:
      throw new InputError(`No stage '${String(stage)}'.`, 'stage');
  }
}

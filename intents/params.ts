/**
 * Slots → a stage's raw parameters, in the names the core's `validateParams` reads. Values are passed on as
 * written (the core validates ranges and says what is accepted); the parser only fills the copilot's defaults
 * and records them as assumptions, so a reply can say "assumed a mid budget (5)".
 */
import type { StageName } from '../src/core/types.ts';
import type { MediaType } from '../src/data/title.ts';
import type { Slots } from './slots.ts';

export type RawParams = Record<string, unknown>;

/** The copilot's defaults when a question leaves a value out. */
export const PREDICT_DEFAULTS = { mediaType: 'movie' as MediaType, budgetLevel: 5, quarter: 3 } as const;

export interface BuiltParams {
  params: RawParams;
  /** Values the parser filled in, in words ("a mid budget (level 5)"). */
  assumed: string[];
}

/** Drops undefined values and empty lists, so echoes and links carry only what was asked. */
export function compact(params: RawParams): RawParams {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)));
}

/** How many release years "right now" / "lately" spans: the catalog's latest year and the one before. */
export const LATEST_YEARS = 2;

/**
 * "right now", "lately", "this year" → a window of release years counted back from the catalog's date, and how it
 * was read ("'right now' read as titles released 2025–2026 (data as of 2026-06-30)"). The core has no recency
 * parameter: it gets the window as `yearFrom`/`yearTo`. Years the question names win; without the catalog's
 * date there is no window.
 */
export function recencyWindow(slots: Slots): { yearFrom: number; yearTo: number; note: string } | undefined {
  if (slots.recency === undefined || slots.asOf === undefined || slots.yearFrom !== undefined || slots.yearTo !== undefined) return undefined;
  const yearTo = Number(slots.asOf.slice(0, 4));
  if (!Number.isInteger(yearTo)) return undefined;
  const yearFrom = slots.recency === 'this-year' ? yearTo : yearTo - (LATEST_YEARS - 1);
  const years = yearFrom === yearTo ? `in ${yearTo}` : `${yearFrom}–${yearTo}`;
  return { yearFrom, yearTo, note: `'${slots.recencyWords ?? 'now'}' read as titles released ${years} (data as of ${slots.asOf})` };
}

/** The filters explore, understand and identify share: media type, genres, year range, language. */
export function filterParams(slots: Slots): RawParams {
  const recent = recencyWindow(slots);
  return compact({
    mediaType: slots.mediaRaw ?? (slots.media.length === 1 ? slots.media[0] : undefined),
    genres: slots.genres,
    yearFrom: slots.yearFrom ?? recent?.yearFrom,
    yearTo: slots.yearTo ?? recent?.yearTo,
    years: slots.yearsRaw,
    language: slots.language,
  });
}

export function predictParams(slots: Slots): BuiltParams {
  const assumed: string[] = [];
  const mediaType = slots.mediaRaw ?? slots.media[0] ?? PREDICT_DEFAULTS.mediaType;
  if (slots.mediaRaw === undefined && slots.media.length === 0) assumed.push(`a ${PREDICT_DEFAULTS.mediaType}`);
  let budgetLevel = slots.budget;
  // TV has no budgets in TMDB: a level given for TV is said to be ignored, as a dollar budget is (`budgetUsdNote`).
  if (mediaType === 'tv' && slots.budget !== undefined && slots.budgetUsd === undefined)
    assumed.push(`budgets are not used for TV, so budget level ${slots.budget} is ignored`);
  // A budget in dollars goes to the core as is: `validateParams` turns it into a level with the catalog's deciles.
  if (slots.budgetUsd !== undefined) budgetLevel = undefined;
  else if (budgetLevel === undefined) {
    budgetLevel = PREDICT_DEFAULTS.budgetLevel;
    // TV has no budgets in TMDB and its prediction makes no claim about money: nothing about a budget was assumed.
    if (mediaType !== 'tv') assumed.push(`a mid budget (level ${PREDICT_DEFAULTS.budgetLevel})`);
  }
  let quarter = slots.quarter;
  if (quarter === undefined) {
    quarter = PREDICT_DEFAULTS.quarter;
    assumed.push(`a Q${PREDICT_DEFAULTS.quarter} release`);
  }
  return { params: compact({ genre: slots.genres[0], mediaType, budgetLevel, budgetUsd: slots.budgetUsd, quarter }), assumed };
}

/**
 * A type ("tv", "movies") named for an answer that does not split by type — forecasts, genre against genre — is
 * not a filter there: the answer covers movies and TV together, and the reply says so rather than seem to answer
 * for the type asked.
 */
export function unsplitTypeNote(what: 'forecast' | 'genre-compare', slots: Slots): string[] {
  if (slots.media.length === 0 && slots.mediaRaw === undefined) return [];
  return [`movies and TV together: ${what === 'forecast' ? 'forecasts' : 'genre comparisons'} do not split by type`];
}

export function forecastParams(slots: Slots): RawParams {
  return compact({ genres: slots.genres, horizonMonths: slots.horizon });
}

/** Raw parameters of a filter-style or forecast stage (predict and compare have their own readers). */
export function stageParams(stage: Exclude<StageName, 'predict' | 'compare'>, slots: Slots): RawParams {
  return stage === 'forecast' ? forecastParams(slots) : filterParams(slots);
}

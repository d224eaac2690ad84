/**
 * Features for the copilot's models: only what is known about a title before it is released, never its own
 * votes, rating or popularity.
 *
 * | group | columns | encoding |
 * |---|---|---|
 * | genre | one per canonical genre | multi-hot (1 when the title has it) |
 * | media type | `tv` | 0 movie, 1 TV |
 * | release quarter | `quarter` | 1–4 |
 * | release month | `month` | 1–12 |
 * | budget level | `budget level` | 1–10 = the budget decile among the catalog's movies with a known budget; 0 = unknown. TV: always 0 — TMDB has no TV budgets, so the level is **not used** for TV |
 * | runtime band | `runtime band` | 1: < 90 min, 2: 90–119, 3: 120–149, 4: ≥ 150; 0 = unknown |
 * | original language | one per top-8 language + `other` | one-hot |
 * | release year | `year` | the year |
 *
 * The copilot is asked about a title that does not exist yet, with four inputs (genre, media type, budget level,
 * quarter). The other columns are filled with stated defaults: the quarter's middle month, the catalog's
 * latest release year, the catalog's most common original language, and the most common runtime band of
 * movies of that genre (unknown for TV).
 */
import type { Catalog } from '../../data/catalog.ts';
import { CANONICAL_GENRES, type Genre } from '../../data/genres.ts';
import { releaseYear, type MediaType, type Title } from '../../data/title.ts';
import type { CopilotInput } from '../model-port.ts';

export const TOP_LANGUAGES = 8;
export const RUNTIME_BANDS = [90, 120, 150] as const;

export interface FeatureSpec {
  /** Column names, e.g. "genre: Drama", "budget level". */
  names: string[];
  /** The driver group of each column ("genre", "budget level", …); contributions are summed per group. */
  groups: string[];
  languages: string[];
  /** The 9 budget values that cut movies with a known budget into deciles (level = 1 + cuts below the budget). */
  budgetCuts: number[];
  /** Defaults for what the copilot is not told. */
  defaults: { year: number; language: string; runtimeBandByGenre: Record<string, number>; runtimeBand: number };
}

const GENRE_OFFSET = 0;

export function budgetLevelOf(budget: number, cuts: readonly number[]): number {
  let level = 1;
  for (const c of cuts) if (budget > c) level += 1;
  return level;
}

/** The 9 cuts of the movie budgets among `titles` (known, > 0) into deciles; empty when fewer than 10. */
export function budgetCutsOf(titles: readonly Title[]): number[] {
  const budgets: number[] = [];
  for (const t of titles) if (t.mediaType === 'movie' && t.budget !== null && t.budget > 0) budgets.push(t.budget);
  budgets.sort((a, b) => a - b);
  return budgets.length >= 10 ? Array.from({ length: 9 }, (_, i) => budgets[Math.floor(((i + 1) * budgets.length) / 10)]) : [];
}

const catalogCuts = new WeakMap<Catalog, number[]>();

/**
 * A budget in dollars → its budget level (1–10) with the catalog's own movie-budget deciles, the same cuts and
 * rule as the `budget level` feature: below the lowest cut → 1, above the top cut → 10. Null when the catalog
 * has fewer than 10 movies with a known budget. Pure (the cuts are memoised per catalog object).
 */
export function budgetLevelForUsd(catalog: Catalog, usd: number): number | null {
  let cuts = catalogCuts.get(catalog);
  if (!cuts) {
    cuts = budgetCutsOf(catalog.titles);
    catalogCuts.set(catalog, cuts);
  }
  return cuts.length === 0 ? null : budgetLevelOf(usd, cuts);
}

export function runtimeBandOf(runtime: number | null): number {
  if (runtime === null || runtime <= 0) return 0;
  let band = 1;
  for (const edge of RUNTIME_BANDS) if (runtime >= edge) band += 1;
  return band;
}

function mostCommon(counts: Map<string, number>): string | undefined {
  let best: string | undefined;
  let n = -1;
  for (const [k, v] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (v > n) [best, n] = [k, v];
  return best;
}

/** Builds the feature spec from the titles the models learn from. */
export function buildFeatureSpec(titles: readonly Title[], latestYear: number): FeatureSpec {
  const langCounts = new Map<string, number>();
  const bandCounts = new Map<string, Map<string, number>>();
  const allBands = new Map<string, number>();
  for (const t of titles) {
    if (t.originalLanguage) langCounts.set(t.originalLanguage, (langCounts.get(t.originalLanguage) ?? 0) + 1);
    const band = runtimeBandOf(t.runtime);
    if (t.mediaType === 'movie' && band > 0) {
      allBands.set(String(band), (allBands.get(String(band)) ?? 0) + 1);
      for (const g of t.genres) {
        const m = bandCounts.get(g) ?? new Map<string, number>();
        m.set(String(band), (m.get(String(band)) ?? 0) + 1);
        bandCounts.set(g, m);
      }
    }
  }
  const languages = [...langCounts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_LANGUAGES)
    .map(([l]) => l);
  const budgetCuts = budgetCutsOf(titles);
  const runtimeBandByGenre: Record<string, number> = {};
  for (const [g, m] of bandCounts) runtimeBandByGenre[g] = Number(mostCommon(m));
  const names = [
    ...CANONICAL_GENRES.map((g) => `genre: ${g}`),
    'tv',
    'quarter',
    'month',
    'budget level',
    'runtime band',
    ...languages.map((l) => `language: ${l}`),
    'language: other',
    'year',
  ];
  const groups = [
    ...CANONICAL_GENRES.map(() => 'genre'),
    'media type',
    'release quarter',
    'release month',
    'budget level',
    'runtime band',
    ...languages.map(() => 'original language'),
    'original language',
    'release year',
  ];
  return {
    names,
    groups,
    languages,
    budgetCuts,
    defaults: {
      year: latestYear,
      language: languages[0] ?? 'en',
      runtimeBandByGenre,
      runtimeBand: Number(mostCommon(allBands) ?? 0),
    },
  };
}

interface RawFeatures {
  genres: readonly string[];
  mediaType: MediaType;
  month: number;
  budgetLevel: number;
  runtimeBand: number;
  language: string | null;
  year: number;
}

function encode(spec: FeatureSpec, f: RawFeatures): number[] {
  const row = new Array<number>(spec.names.length).fill(0);
  for (const g of f.genres) {
    const i = CANONICAL_GENRES.indexOf(g as Genre);
    if (i >= 0) row[GENRE_OFFSET + i] = 1;
  }
  let c = CANONICAL_GENRES.length;
  row[c++] = f.mediaType === 'tv' ? 1 : 0;
  row[c++] = f.month > 0 ? Math.ceil(f.month / 3) : 0;
  row[c++] = f.month;
  row[c++] = f.mediaType === 'tv' ? 0 : f.budgetLevel;
  row[c++] = f.runtimeBand;
  const li = f.language ? spec.languages.indexOf(f.language) : -1;
  row[c + (li >= 0 ? li : spec.languages.length)] = 1;
  c += spec.languages.length + 1;
  row[c] = f.year;
  return row;
}

/** The feature row of a released title (it must have a release date). */
export function titleFeatures(spec: FeatureSpec, t: Title): number[] {
  const year = releaseYear(t);
  if (year === null || !t.releaseDate) throw new RangeError(`title ${t.mediaType}:${t.id} has no release date`);
  return encode(spec, {
    genres: t.genres,
    mediaType: t.mediaType,
    month: Number(t.releaseDate.slice(5, 7)),
    budgetLevel: t.mediaType === 'movie' && t.budget !== null && t.budget > 0 && spec.budgetCuts.length > 0 ? budgetLevelOf(t.budget, spec.budgetCuts) : 0,
    runtimeBand: runtimeBandOf(t.runtime),
    language: t.originalLanguage,
    year,
  });
}

/** The quarter's middle month: Q1 → Feb, Q2 → May, Q3 → Aug, Q4 → Nov. */
export function quarterMonth(quarter: number): number {
  return (quarter - 1) * 3 + 2;
}

/** The feature row of a planned title, with the defaults above for what the copilot is not told. */
export function inputFeatures(spec: FeatureSpec, input: CopilotInput): number[] {
  return encode(spec, {
    genres: [input.genre],
    mediaType: input.mediaType,
    month: quarterMonth(input.quarter),
    budgetLevel: input.budgetLevel,
    runtimeBand: input.mediaType === 'tv' ? 0 : (spec.defaults.runtimeBandByGenre[input.genre] ?? spec.defaults.runtimeBand),
    language: spec.defaults.language,
    year: spec.defaults.year,
  });
}

/** Per-column contributions summed into driver groups, named by the value the input has ("genre: Horror"). */
export function groupDrivers(spec: FeatureSpec, values: readonly number[], x: readonly number[]): { feature: string; contribution: number }[] {
  // TV has no budget: the (always-zero) budget column's part is the media type's, so no driver speaks of a budget.
  const isTv = x[spec.groups.indexOf('media type')] === 1;
  const groupOf = (i: number) => (isTv && spec.groups[i] === 'budget level' ? 'media type' : spec.groups[i]);
  const sums = new Map<string, number>();
  for (let i = 0; i < values.length; i++) sums.set(groupOf(i), (sums.get(groupOf(i)) ?? 0) + values[i]);
  const label = (group: string): string => {
    const cols = spec.groups.map((g, i) => (g === group ? i : -1)).filter((i) => i >= 0);
    if (cols.length > 1) {
      const on = cols.filter((i) => x[i] === 1).map((i) => spec.names[i].split(': ')[1]);
      return `${group}: ${on.join(', ') || 'none'}${group === 'original language' ? ' (assumed)' : ''}`;
    }
    const v = x[cols[0]];
    if (group === 'media type') return `media type: ${v === 1 ? 'tv' : 'movie'}`;
    if (group === 'release quarter') return `release quarter: Q${v}`;
    if (group === 'release month') return `release month: ${v} (assumed)`;
    if (group === 'budget level') return v === 0 ? 'budget level: unknown' : `budget level: ${v}`;
    if (group === 'runtime band')
      return `runtime band: ${['unknown', '< 90 min', '90–119 min', '120–149 min', '≥ 150 min'][v] ?? v}${v === 0 ? '' : ' (assumed)'}`;
    if (group === 'release year') return `release year: ${v} (assumed)`;
    return `${group}: ${v}`;
  };
  return [...sums]
    .map(([group, contribution]) => ({ feature: label(group), contribution }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
}

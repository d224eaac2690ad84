/**
 * The six dashboard pages, in the order of the decision flow, and the controls each one shows. A control's field
 * names are the stage's parameter names (`validateParams` accepts them back), so a page's URL query, its form and
 * the links chat replies carry are one and the same encoding.
 */
import { STAGES, type StageName } from '../../core/types.ts';

export type ControlName = 'mediaType' | 'genres' | 'years' | 'language' | 'copilot' | 'horizon' | 'compare';

export interface PageDef {
  stage: StageName;
  title: string;
  /** The question the page answers, under its title. */
  summary: string;
  controls: readonly ControlName[];
}

const FILTERS: readonly ControlName[] = ['mediaType', 'genres', 'years', 'language'];

export const PAGES: readonly PageDef[] = [
  {
    stage: 'explore',
    title: 'Content Universe',
    summary: 'What is out there: genres, quality against popularity, the top performers, languages and release volume.',
    controls: FILTERS,
  },
  {
    stage: 'understand',
    title: 'Performance Deep Dive',
    summary: 'What drives engagement: how the measures move together, seasonality, drivers per genre and the titles that break the pattern.',
    controls: FILTERS,
  },
  {
    stage: 'identify',
    title: 'Market Opportunities',
    summary: 'Where the gaps are: how crowded each genre is against how it performs, how concentrated engagement is, and the best release windows.',
    controls: FILTERS,
  },
  {
    stage: 'predict',
    title: 'Recommendation Copilot',
    summary: 'Should we make it? Predicted popularity, hit probability and risk for a planned title, with the titles most like it.',
    controls: ['copilot'],
  },
  {
    stage: 'forecast',
    title: 'Predictive Forecasting',
    summary: 'What comes next: engagement forecasts for the leading genres, momentum, and the rising stars.',
    controls: ['genres', 'horizon'],
  },
  {
    stage: 'compare',
    title: 'Head-to-Head',
    summary: 'Two genres or two titles side by side: every metric, who wins it, the overall winner and their trends.',
    controls: ['compare'],
  },
];

/** The query keys each control writes. */
export const CONTROL_KEYS: Readonly<Record<ControlName, readonly string[]>> = {
  mediaType: ['mediaType'],
  genres: ['genres'],
  years: ['yearFrom', 'yearTo'],
  language: ['language'],
  copilot: ['genre', 'mediaType', 'budgetLevel', 'quarter'],
  horizon: ['horizonMonths'],
  compare: ['kind', 'left', 'right'],
};

/** What each control starts with when the URL does not say (the same values the form shows). */
export const CONTROL_DEFAULTS: Readonly<Record<ControlName, readonly (readonly [string, string])[]>> = {
  mediaType: [['mediaType', 'all']],
  genres: [],
  years: [],
  language: [],
  copilot: [
    ['genre', 'Science Fiction'],
    ['mediaType', 'movie'],
    ['budgetLevel', '5'],
    ['quarter', '3'],
  ],
  horizon: [['horizonMonths', '12']],
  compare: [
    ['kind', 'genre'],
    ['left', 'Drama'],
    ['right', 'Comedy'],
  ],
};

/** The default of one query key of a page's controls. */
export function defaultOf(control: ControlName, key: string): string {
  return CONTROL_DEFAULTS[control].find(([k]) => k === key)?.[1] ?? '';
}

/**
 * The state a page shows for a URL query: the query without the link's `exp`/`sig`, then the defaults of the
 * keys it does not name, in form order (dashboard.js builds the same query from its form).
 */
export function pageState(page: PageDef, query: URLSearchParams): URLSearchParams {
  const state = new URLSearchParams(query);
  state.delete('exp');
  state.delete('sig');
  const given = new Set(state.keys());
  for (const [key, value] of page.controls.flatMap((c) => CONTROL_DEFAULTS[c])) if (!given.has(key)) state.append(key, value);
  return state;
}

/** Filters the navigation carries from page to page, to the pages that have them too. */
const SHARED_CONTROLS: ReadonlySet<ControlName> = new Set(FILTERS);

export function isStage(name: string): name is StageName {
  return (STAGES as readonly string[]).includes(name);
}

export function pageOf(stage: StageName): PageDef {
  const page = PAGES.find((p) => p.stage === stage);
  if (!page) throw new Error(`No dashboard page for stage ${stage}`);
  return page;
}

/** The query keys of a page's filters that other pages share (what its navigation link may carry in). */
export function sharedKeys(page: PageDef): string[] {
  return page.controls.filter((c) => SHARED_CONTROLS.has(c)).flatMap((c) => CONTROL_KEYS[c]);
}

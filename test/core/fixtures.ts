/** Small hand-made catalogs for the core's unit tests (never copied data). */
import { expect } from 'vitest';
import { chartCatalog } from '../../charts/index.ts';
import type { GenreForecast, MonthlyPoint } from '../../src/core/model-port.ts';
import type { StageResult } from '../../src/core/stages/types.ts';
import type { Insight } from '../../src/core/types.ts';
import { buildCatalog, type Catalog } from '../../src/data/catalog.ts';
import type { Title } from '../../src/data/title.ts';

let nextId = 1;

/** A movie with neutral defaults; override what the test is about. */
export function title(overrides: Partial<Title> = {}): Title {
  const id = overrides.id ?? nextId++;
  return {
    mediaType: 'movie',
    id,
    title: `Title ${id}`,
    originalTitle: null,
    originalLanguage: 'en',
    overview: '',
    popularity: 10,
    voteAverage: 6,
    voteCount: 100,
    releaseDate: '2020-06-15',
    genres: ['Drama'],
    posterPath: null,
    budget: null,
    revenue: null,
    runtime: null,
    status: null,
    numberOfSeasons: null,
    numberOfEpisodes: null,
    keywords: [],
    productionCompanies: [],
    collected: null,
    networks: [],
    source: 'test',
    ...overrides,
  };
}

export function catalogOf(titles: readonly Title[], asOf = '2024-12-31'): Catalog {
  return buildCatalog(titles, { source: 'test', fetchedAt: new Date(`${asOf}T12:00:00Z`), asOf });
}

/** Every primitive value (number or string) anywhere inside a value, for "is this figure in the result?". */
export function primitivesOf(value: unknown, out: Set<number | string> = new Set()): Set<number | string> {
  if (typeof value === 'number' || typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) primitivesOf(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) primitivesOf(v, out);
  return out;
}

/**
 * What must hold for a result's details: one entry per chart of the stage (chart `<stage>.<view>` → view
 * `<view>`), 1–4 bullets each, weightiest first, plain sentences (at most 200 characters, no markdown) whose figures
 * are values present in the result, and no bullet in two views.
 */
export function expectWellFormedDetails(r: Pick<StageResult, 'stage' | 'params' | 'data' | 'details'>): void {
  const views = chartCatalog(r.stage).map((c) => c.id.slice(r.stage.length + 1));
  const details: Readonly<Record<string, Insight[]>> = r.details;
  expect(Object.keys(details).sort()).toEqual([...views].sort());
  const present = primitivesOf({ params: r.params, data: r.data });
  const seen = new Map<string, string>();
  for (const view of views) {
    const list = details[view];
    expect(list.length, view).toBeGreaterThanOrEqual(1);
    expect(list.length, view).toBeLessThanOrEqual(4);
    expect(
      list.map((i) => i.weight),
      view,
    ).toEqual([...list.map((i) => i.weight)].sort((a, b) => b - a));
    for (const i of list) {
      expect(i.text.length, i.text).toBeLessThanOrEqual(200);
      expect(i.text, i.text).not.toMatch(/\*\*|__|`|^#+ /);
      expect(Object.keys(i.figures).length, i.text).toBeGreaterThan(0);
      for (const [name, value] of Object.entries(i.figures)) expect(present.has(value), `${view}: ${name}=${value} in "${i.text}"`).toBe(true);
      expect(seen.get(i.text), `"${i.text}" in ${view} and ${seen.get(i.text)}`).toBeUndefined();
      seen.set(i.text, view);
    }
  }
}

/** A model port's forecast that forecasts nothing: the history back, no points, no backtest (for stages that do not test forecasts). */
export function noForecast(genre: string, history: readonly MonthlyPoint[]): GenreForecast {
  return { genre, periodMonths: 3, history: [...history], forecast: [], method: 'naive', model: 'none', outlook: false, backtest: null };
}

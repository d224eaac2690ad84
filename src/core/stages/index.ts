/**
 * `runStage`: the one entry every surface (chat, dashboard API, CLI, digests) calls. Parameters are
 * re-validated (idempotent on already-typed params: it fills defaults and resolves compare's title sides), then
 * the stage's pure function runs over the catalog. Without `models`, predict / forecast / understand return
 * their descriptive parts and a note.
 */
import type { Catalog } from '../../data/catalog.ts';
import type { ModelPort } from '../model-port.ts';
import { validateParams, type StageParams } from '../params.ts';
import type { StageName } from '../types.ts';
import { explore } from './explore.ts';
import { compare } from './compare.ts';
import { forecast } from './forecast.ts';
import { identify } from './identify.ts';
import { predict } from './predict.ts';
import { understand } from './understand.ts';
import type { StageResults } from './types.ts';

export type * from './types.ts';
export { CORRELATION_VARIABLES } from './types.ts';
export { genreShareSeries, type SeriesSpan } from '../series.ts';

export interface StageContext {
  catalog: Catalog;
  models?: ModelPort;
  /** The wall clock of the question (for captions); measures use the catalog's `meta.asOf`. */
  now: Date;
}

export function runStage<S extends StageName>(stage: S, params: StageParams[S] | Record<string, unknown>, ctx: StageContext): StageResults[S] {
  const p = validateParams(stage, params as Record<string, unknown>, ctx.catalog);
  const run = STAGE_FUNCTIONS[stage] as (catalog: Catalog, params: StageParams[S], models: ModelPort | undefined) => StageResults[S];
  return run(ctx.catalog, p, ctx.models);
}

const STAGE_FUNCTIONS: { [S in StageName]: (catalog: Catalog, params: StageParams[S], models: ModelPort | undefined) => StageResults[S] } = {
  explore: (catalog, params) => explore(catalog, params),
  understand: (catalog, params, models) => understand(catalog, params, models),
  identify: (catalog, params) => identify(catalog, params),
  predict: (catalog, params, models) => predict(catalog, params, models),
  forecast: (catalog, params, models) => forecast(catalog, params, models),
  compare: (catalog, params) => compare(catalog, params),
};

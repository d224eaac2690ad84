/**
 * `runStage`: the one entry every surface (chat, dashboard API, CLI, digests) calls, with parameters validated
 * once at that surface's edge (`validateParams` → `ValidParams`); the stage's pure function runs over the catalog.
 * The model policy lives here too: which stages use the trained models (`MODEL_STAGES`), and that a stage whose
 * models cannot be loaded answers without them (`modelsForStage`): predict / forecast / understand then return
 * their descriptive parts and a note.
 */
import type { Catalog } from '../../data/catalog.ts';
import type { ModelPort } from '../model-port.ts';
import { validateParams, type StageParams, type ValidParams } from '../params.ts';
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

/** Runs a stage on parameters validated once, by `validateParams` with the catalog. */
export function runStage<S extends StageName>(stage: S, params: ValidParams<S>, ctx: StageContext): StageResults[S] {
  const run = STAGE_FUNCTIONS[stage] as (catalog: Catalog, params: StageParams[S], models: ModelPort | undefined) => StageResults[S];
  return run(ctx.catalog, params, ctx.models);
}

/** Validates raw values (CLI options, a digest's fixed questions, tests) once and runs the stage on them. */
export function validateAndRunStage<S extends StageName>(stage: S, raw: Record<string, unknown>, ctx: StageContext): StageResults[S] {
  return runStage(stage, validateParams(stage, raw, ctx.catalog), ctx);
}

/** Stages whose results use the trained models; the others never wait for them. */
export const MODEL_STAGES: ReadonlySet<StageName> = new Set(['understand', 'predict', 'forecast']);

/**
 * The models a stage answers with: none for a stage that does not use them; else `load()`'s, or none when loading
 * fails (`onUnavailable` hears why) — the stage then answers with its descriptive parts and says so in its notes.
 */
export async function modelsForStage(
  stage: StageName,
  load: () => Promise<ModelPort | undefined>,
  onUnavailable: (error: unknown) => void = () => undefined,
): Promise<ModelPort | undefined> {
  if (!MODEL_STAGES.has(stage)) return undefined;
  try {
    return await load();
  } catch (error) {
    onUnavailable(error);
    return undefined;
  }
}

const STAGE_FUNCTIONS: { [S in StageName]: (catalog: Catalog, params: StageParams[S], models: ModelPort | undefined) => StageResults[S] } = {
  explore: (catalog, params) => explore(catalog, params),
  understand: (catalog, params, models) => understand(catalog, params, models),
  identify: (catalog, params) => identify(catalog, params),
  predict: (catalog, params, models) => predict(catalog, params, models),
  forecast: (catalog, params, models) => forecast(catalog, params, models),
  compare: (catalog, params) => compare(catalog, params),
};

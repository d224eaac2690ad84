/**
 * A dashboard board: query → `validateParams` (the chat commands' validation, same messages) → `runStage` →
 * `chartsFor(result, { surface: 'dashboard' })` → `forDashboard` (made interactive and compiled to Vega). The app
 * keeps answers, serialised, in an LRU bounded in bytes (board-store.ts) keyed by the catalog's fingerprint and the validated parameters, so a
 * board many people open (a link posted in a busy channel) is computed once, however its URL was spelled.
 */
import { isMainThread } from 'node:worker_threads';
import { gzipJson, type Bytes } from './encoding.ts';
import { chartsFor, forDashboard, renderVegaSvg, type DashboardChart } from '../../../charts/index.ts';
import type { Catalog } from '../../data/catalog.ts';
import type { ModelPort } from '../../core/model-port.ts';
import { resolveTitle, titleLabel, validateParams, type ValidParams } from '../../core/params.ts';
import { modelsForStage, MODEL_STAGES, runStage } from '../../core/stages/index.ts';
import type { StageResult } from '../../core/stages/types.ts';
import { InputError, type StageName } from '../../core/types.ts';
import { canonicalQuery, paramEntries, type LinkParams } from '../../reply/links.ts';
import { pictureSize, boardHtml, type BoardHtml, type Picture } from './fragments.ts';

/** What `/api/stage/<stage>` returns. */
export interface StageBoard {
  result: StageResult;
  /** Every chart of the stage, compiled to Vega for the browser. */
  charts: DashboardChart[];
  /** The board's canonical query (what a link to it carries) and display labels for fields holding keys. */
  state: { query: string; labels: Record<string, string> };
  /** The board's markup (insights, chart cards without pictures, notes), which the page swaps in. */
  html: BoardHtml;
}

/** Query parameters → the loosely typed record `validateParams` takes (repeated keys become arrays). */
export function rawParams(query: URLSearchParams): Record<string, string | string[]> {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    if (key === 'exp' || key === 'sig') continue;
    const values = query.getAll(key).filter((v) => v.trim() !== '');
    if (values.length) raw[key] = values.length === 1 ? values[0] : values;
  }
  return raw;
}

/** Head-to-Head title sides travel as `mediaType:id` keys; the pickers show the readable label instead. */
function labelsOf(result: StageResult, catalog: Catalog): Record<string, string> {
  if (result.stage !== 'compare' || result.params.kind !== 'title') return {};
  const labels: Record<string, string> = {};
  for (const side of ['left', 'right'] as const) labels[side] = titleLabel(resolveTitle(catalog, result.params[side], side));
  return labels;
}

export interface BoardDeps {
  catalog: Catalog;
  /** Used by the model stages (understand, predict, forecast) only. */
  models?: ModelPort;
  now: Date;
}

/** Validates a board's query exactly like a chat command: throws the core's `InputError` with the same message. */
export function boardParams<S extends StageName>(stage: S, query: URLSearchParams, catalog: Catalog): ValidParams<S> {
  return validateParams(stage, rawParams(query), catalog);
}

/** Computes a board from validated parameters. */
export async function computeBoard<S extends StageName>(stage: S, params: ValidParams<S>, deps: BoardDeps): Promise<StageBoard> {
  const result = runStage(stage, params, { catalog: deps.catalog, models: deps.models, now: deps.now });
  const charts = await Promise.all(chartsFor(result, { surface: 'dashboard' }).map(forDashboard));
  const state = { query: canonicalQuery(paramEntries(result.params)), labels: labelsOf(result, deps.catalog) };
  return { result, charts, state, html: await boardHtml({ result, charts }) };
}

/** What a stage page carries on first load, so the browser neither waits for vega to see charts nor asks the API. */
export interface DrawnPage {
  /** The board's markup with every chart drawn as an SVG picture. */
  html: BoardHtml;
  /** `{ charts, state }` as JSON, safe inside a `<script type="application/json">` block: what dashboard.js makes live. */
  data: string;
}

/**
 * A computed board's page: its markup with every chart already drawn, as SVG, at the size the page draws it at on
 * a desktop screen (so its charts show before the browser has loaded and run vega: docs/dashboard.md, "Speed"),
 * and the charts and state the browser needs to make them live. CPU work (≈ 50–110 ms a board): the worker pool
 * runs it, in the same task that computes the board when a page asks first.
 */
export async function drawPage(board: Pick<StageBoard, 'result' | 'charts' | 'state'>): Promise<DrawnPage> {
  const pictures: Picture[] = [];
  for (const chart of board.charts) {
    const size = pictureSize(chart);
    const id = chart.id.replace(/\W/g, '-');
    // Both forms: the page shows the one that fits the screen (a phone's before its script has run, too).
    const desktop = await renderVegaSvg(chart.vega, { ...(size ? { size } : {}), idPrefix: `picture-${id}-` });
    const phone = await renderVegaSvg(chart.phone.vega, { ...(chart.phone.size ? { size: chart.phone.size } : {}), idPrefix: `phone-${id}-` });
    pictures.push({ desktop, phone });
  }
  const data = JSON.stringify({ charts: board.charts, state: board.state }).replace(/</g, '\\u003c');
  return { html: await boardHtml(board, pictures), data };
}

/** `drawPage` for a board already computed and kept as JSON (the API asked for it first). */
export function drawKeptPage(boardBody: string): Promise<DrawnPage> {
  return drawPage(JSON.parse(boardBody) as StageBoard);
}

/** Draws a kept board's page (`drawKeptPage`): in this thread, or in a worker of the pool. */
export type DrawPageFn = (boardBody: string) => Promise<DrawnPage>;

/**
 * The models, loaded once (`deps.models()` trains or reloads them); a failure is logged and the stages answer
 * without them — they say so in their notes — and the next request tries again.
 */
export function modelLoader(load: () => Promise<ModelPort>): () => Promise<ModelPort | undefined> {
  let models: Promise<ModelPort | undefined> | undefined;
  return () => {
    models ??= load().catch((error: unknown) => {
      console.error('dashboard: models unavailable, answering without them:', error);
      models = undefined;
      return undefined;
    });
    return models;
  };
}

/** The body of a refusal: the core's `InputError` as chat gives it (message, field, suggested values). */
export function refusalOf(error: InputError): { message: string; field: string; suggestions: readonly string[] } {
  return { message: error.message, field: error.field, suggestions: error.suggestions };
}

/**
 * A board, computed: its JSON body (and gzipped) and whether the models it wanted were there (only then may it be cached), or
 * the core's refusal (a filter that leaves no titles) with the message chat gives.
 */
export type BoardOutcome =
  | { kind: 'board'; body: string; gzip: Bytes; withModels: boolean; page?: DrawnPage }
  | { kind: 'refused'; error: { message: string; field?: string; suggestions: readonly string[] } };

/**
 * Computes a board from validated parameters (in this thread, or a worker pool's); with `draw`, also its page
 * (`drawPage`), in the same call: a page's first load is one task.
 */
export type BoardFn = <S extends StageName>(stage: S, params: ValidParams<S>, now: Date, options?: { draw?: boolean }) => Promise<BoardOutcome>;

/**
 * Boards computed in the calling thread — by the pool's workers (src/server/pool-worker.ts), and by the API itself
 * when there is no pool (tests, `GREENLIGHT_ANSWER_WORKERS=0`).
 */
export function boardsInThread(catalog: () => Promise<Catalog> | Catalog, models?: () => Promise<ModelPort | undefined>): BoardFn {
  return async (stage, params, now, options = {}) => {
    const wantsModels = MODEL_STAGES.has(stage) && models !== undefined;
    const loaded = models ? await modelsForStage(stage, models) : undefined;
    const titles = await catalog();
    // On the main thread computing blocks the event loop: let requests already read (a page's scripts) go first.
    if (isMainThread) await new Promise((resolve) => setImmediate(resolve));
    try {
      const board = await computeBoard(stage, params, { catalog: titles, models: loaded, now });
      const body = JSON.stringify(board);
      // Compressed here, once per board, off the main thread (in a worker): the API sends it to every browser.
      const outcome: BoardOutcome = { kind: 'board', body, gzip: gzipJson(body), withModels: !wantsModels || loaded !== undefined };
      return options.draw ? { ...outcome, page: await drawPage(board) } : outcome;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { kind: 'refused', error: refusalOf(error) };
    }
  };
}

/** The cache key of a board: same catalog, stage and validated parameters → same key. */
export function boardKey(catalog: Catalog, stage: StageName, params: LinkParams): string {
  return `${catalog.meta.fingerprint}|${stage}|${canonicalQuery(paramEntries(params))}`;
}

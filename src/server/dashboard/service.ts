/**
 * A dashboard view: query → `validateParams` (the chat commands' validation, same messages) → `runStage` →
 * `chartsFor(result, { surface: 'dashboard' })` → `forDashboard` (made interactive and compiled to Vega). The app
 * keeps answers, serialised, in a small LRU keyed by the catalog's fingerprint and the validated parameters, so a
 * view many people open (a link posted in a busy channel) is computed once, however its URL was spelled.
 */
import { isMainThread } from 'node:worker_threads';
import { gzipJson, type Bytes } from './encoding.ts';
import { chartsFor, forDashboard, renderVegaSvg, type DashboardChart } from '../../../charts/index.ts';
import type { Catalog } from '../../data/catalog.ts';
import type { ModelPort } from '../../core/model-port.ts';
import { resolveTitle, titleLabel, validateParams, type StageParams } from '../../core/params.ts';
import { runStage } from '../../core/stages/index.ts';
import type { StageResult } from '../../core/stages/types.ts';
import { InputError, type StageName } from '../../core/types.ts';
import { canonicalQuery, paramEntries, type LinkParams } from '../../reply/links.ts';
import { pictureSize, viewHtml, type Picture, type ViewHtml } from './fragments.ts';

/** What `/api/stage/<stage>` returns. */
export interface StageView {
  result: StageResult;
  /** Every chart of the stage, compiled to Vega for the browser. */
  charts: DashboardChart[];
  /** The view's canonical query (what a link to it carries) and display labels for fields holding keys. */
  state: { query: string; labels: Record<string, string> };
  /** The view's markup (insights, chart cards without pictures, notes), which the page swaps in. */
  html: ViewHtml;
}

/** Stages whose results use the trained models (the others never wait for them). */
export const MODEL_STAGES: ReadonlySet<StageName> = new Set(['understand', 'predict', 'forecast']);

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

export interface ViewDeps {
  catalog: Catalog;
  /** Used by the model stages (understand, predict, forecast) only. */
  models?: ModelPort;
  now: Date;
}

/** Validates a view's query exactly like a chat command: throws the core's `InputError` with the same message. */
export function viewParams<S extends StageName>(stage: S, query: URLSearchParams, catalog: Catalog): StageParams[S] {
  return validateParams(stage, rawParams(query), catalog);
}

/** Computes a view from validated parameters. */
export async function computeView<S extends StageName>(stage: S, params: StageParams[S], deps: ViewDeps): Promise<StageView> {
  const models = MODEL_STAGES.has(stage) ? deps.models : undefined;
  const result = runStage(stage, params, { catalog: deps.catalog, models, now: deps.now });
  const charts = chartsFor(result, { surface: 'dashboard' }).map(forDashboard);
  const state = { query: canonicalQuery(paramEntries(result.params)), labels: labelsOf(result, deps.catalog) };
  return { result, charts, state, html: await viewHtml({ result, charts }) };
}

/**
 * A computed view's markup with every chart already drawn, as SVG, at the size the page draws it at on a desktop
 * screen: what a stage page carries on first load, so its charts show before the browser has loaded and run
 * vega (docs/dashboard.md, "Speed"). CPU work (≈ 50–110 ms a view): the worker pool runs it.
 */
export async function pageHtml(viewBody: string): Promise<ViewHtml> {
  const view = JSON.parse(viewBody) as StageView;
  const pictures: Picture[] = [];
  for (const chart of view.charts) {
    const size = pictureSize(chart);
    const id = chart.id.replace(/\W/g, '-');
    // Both forms: the page shows the one that fits the screen (a phone's before its script has run, too).
    const desktop = await renderVegaSvg(chart.vega, { ...(size ? { size } : {}), idPrefix: `picture-${id}-` });
    const phone = await renderVegaSvg(chart.phone.vega, { ...(chart.phone.size ? { size: chart.phone.size } : {}), idPrefix: `phone-${id}-` });
    pictures.push({ desktop, phone });
  }
  return viewHtml(view, pictures);
}

/** Draws a view's page markup (`pageHtml`): in this thread, or in a worker of the pool. */
export type PageHtmlFn = (viewBody: string) => Promise<ViewHtml>;

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
 * A view, computed: its JSON body (and gzipped) and whether the models it wanted were there (only then may it be cached), or
 * the core's refusal (a filter that leaves no titles) with the message chat gives.
 */
export type ViewOutcome =
  | { kind: 'view'; body: string; gzip: Bytes; withModels: boolean }
  | { kind: 'refused'; error: { message: string; field?: string; suggestions: readonly string[] } };

/** Computes a view from validated parameters; the API calls one (in this thread, or a worker pool's). */
export type ViewFn = <S extends StageName>(stage: S, params: StageParams[S], now: Date) => Promise<ViewOutcome>;

/**
 * Views computed in the calling thread — by the pool's workers (src/server/pool-worker.ts), and by the API itself
 * when there is no pool (tests, `GREENLIGHT_ANSWER_WORKERS=0`).
 */
export function viewsInThread(catalog: () => Promise<Catalog> | Catalog, models?: () => Promise<ModelPort | undefined>): ViewFn {
  return async (stage, params, now) => {
    const wantsModels = MODEL_STAGES.has(stage) && models !== undefined;
    const loaded = wantsModels ? await models() : undefined;
    const titles = await catalog();
    // On the main thread computing blocks the event loop: let requests already read (a page's scripts) go first.
    if (isMainThread) await new Promise((resolve) => setImmediate(resolve));
    try {
      const body = JSON.stringify(await computeView(stage, params, { catalog: titles, models: loaded, now }));
      // Compressed here, once per view, off the main thread (in a worker): the API sends it to every browser.
      return { kind: 'view', body, gzip: gzipJson(body), withModels: !wantsModels || loaded !== undefined };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { kind: 'refused', error: refusalOf(error) };
    }
  };
}

/** A bounded map that forgets the least recently used entry. */
export class Lru<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** The cache key of a view: same catalog, stage and validated parameters → same key. */
export function viewKey(catalog: Catalog, stage: StageName, params: LinkParams): string {
  return `${catalog.meta.fingerprint}|${stage}|${canonicalQuery(paramEntries(params))}`;
}

/**
 * Where the dashboard's views come from: `createViewStore(deps)` validates a view's query like a chat command,
 * then answers from a small LRU of serialised views, joins a computation already under way for the same view, or
 * starts one (`deps.views`: the worker pool, or this thread).
 *
 * Views are keyed by day, catalog and validated parameters, so a view many people open (a link posted in a busy
 * channel) is computed once however its URL was spelled, and twenty clicks in the same second wait on one
 * computation instead of queueing twenty.
 *
 * `page` is the view with its markup and charts drawn as SVG and the data to make them live (what a stage page
 * carries on first load): computed and drawn in one task when the page asks first, drawn once from the kept view
 * otherwise, and kept beside it.
 */
import type { Catalog } from '../../data/catalog.ts';
import type { ValidParams } from '../../core/params.ts';
import { InputError, type StageName } from '../../core/types.ts';
import type { Bytes } from './encoding.ts';
import { drawKeptPage, Lru, refusalOf, viewKey, viewParams, type DrawPageFn, type PageView, type ViewFn, type ViewOutcome } from './service.ts';

/** A view as the API sends it: its JSON body (and gzipped), or the refusal (HTTP 400) with the chat command's message. */
export type StoredView =
  | { kind: 'view'; body: string; gzip: Bytes }
  | { kind: 'refused'; error: { message: string; field?: string; suggestions?: readonly string[] } };

export interface ViewStoreDeps {
  catalog: () => Promise<Catalog> | Catalog;
  now: () => Date;
  views: ViewFn;
  /** Draws a kept view's page (markup with its charts as SVG): the worker pool; by default this thread. */
  pages?: DrawPageFn;
  /** Serialised views kept (default 200: ≈ 40 MB at most, with the drawings of the views pages asked for). */
  capacity?: number;
}

export interface ViewStore {
  /** The view a query asks for. Rejects only on unexpected failures (the app logs them and answers 500). */
  get(stage: StageName, query: URLSearchParams): Promise<StoredView>;
  /**
   * The view a query asks for and, when it is one, its page (`drawPage`: markup with the charts drawn, and the
   * charts and state to make them live). Rejects only on unexpected failures.
   */
  page(stage: StageName, query: URLSearchParams): Promise<{ view: StoredView; page?: PageView }>;
}

/** A computed view as the store keeps it, and its drawing for pages once one was asked for. */
interface KeptView {
  body: string;
  gzip: Bytes;
  drawn?: Promise<PageView>;
}

export function createViewStore(deps: ViewStoreDeps): ViewStore {
  const done = new Lru<KeptView>(deps.capacity ?? 200);
  const underway = new Map<string, Promise<ViewOutcome>>();

  /**
   * The view a query asks for, and the store's entry for it when it is kept. With `draw`, a view computed for this
   * call is drawn in the same task, and its page comes back too.
   */
  async function find(stage: StageName, query: URLSearchParams, draw = false): Promise<{ view: StoredView; kept?: KeptView; page?: PageView }> {
    const catalog = await deps.catalog();
    const now = deps.now();
    let params: ValidParams<StageName>;
    try {
      params = viewParams(stage, query, catalog);
    } catch (error) {
      // Parameters a person must fix (an unknown genre, a bad year): the chat's own message.
      if (!(error instanceof InputError)) throw error;
      return { view: { kind: 'refused', error: refusalOf(error) } };
    }
    const key = `${now.toISOString().slice(0, 10)}|${viewKey(catalog, stage, params)}`;
    const cached = done.get(key);
    if (cached !== undefined) return { view: { kind: 'view', body: cached.body, gzip: cached.gzip }, kept: cached };
    let computing = underway.get(key);
    if (!computing) {
      computing = deps.views(stage, params, now, { draw });
      underway.set(key, computing);
      const settle = () => underway.delete(key);
      computing.then((outcome) => {
        settle();
        // Cache only answers that had what they asked for (a model-less answer is retried once models load).
        if (outcome.kind === 'view' && outcome.withModels) {
          done.set(key, { body: outcome.body, gzip: outcome.gzip, ...(outcome.page ? { drawn: Promise.resolve(outcome.page) } : {}) });
        }
      }, settle);
    }
    const outcome = await computing;
    if (outcome.kind !== 'view') return { view: outcome };
    return { view: { kind: 'view', body: outcome.body, gzip: outcome.gzip }, kept: done.get(key), ...(outcome.page ? { page: outcome.page } : {}) };
  }

  return {
    get: async (stage, query) => (await find(stage, query)).view,
    async page(stage, query) {
      const { view, kept, page } = await find(stage, query, true);
      if (view.kind !== 'view') return { view };
      if (page) return { view, page };
      if (kept?.drawn) return { view, page: await kept.drawn };
      // Computed for the API (or joined its computation): drawn from the kept JSON, once.
      const draw = (deps.pages ?? drawKeptPage)(view.body);
      if (kept) {
        // Kept beside the view; a failure is not: the next visitor tries again.
        kept.drawn = draw;
        draw.catch(() => {
          if (kept.drawn === draw) delete kept.drawn;
        });
      }
      return { view, page: await draw };
    },
  };
}

/**
 * The dashboard's JSON API, mounted at `/api`:
 *
 *   GET /api/stage/<stage>?…   `{ result, charts, state }`; parameters validated like chat commands (same messages)
 *   GET /api/titles?q=…        title search for the Head-to-Head pickers
 *
 * Answers are cached by catalog, day and validated parameters, so a view many people open is computed once.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { Catalog } from '../../data/catalog.ts';
import type { StageParams } from '../../core/params.ts';
import { InputError, STAGES, type StageName } from '../../core/types.ts';
import type { Denial } from './access.ts';
import { isStage } from './pages.ts';
import { Lru, refusalOf, viewKey, viewParams, type ViewFn } from './service.ts';
import { searchTitles } from './titles.ts';

/** Body of every API error: what was wrong, which field, and the nearest accepted values. */
export interface ApiError {
  error: { message: string; field?: string; suggestions?: readonly string[]; reason?: Denial };
}

export interface ApiDeps {
  catalog: () => Promise<Catalog> | Catalog;
  now: () => Date;
  /** Computes a view: in this thread (`viewsInThread`) or in the worker pool (`WorkerPool.view`). */
  views: ViewFn;
  /** Signed-link / session check (see access.ts). */
  access: MiddlewareHandler;
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

export function createApi(deps: ApiDeps): Hono {
  const api = new Hono();
  const views = new Lru<string>(200);

  api.get('/stage/:stage', async (c, next) => {
    const stage = c.req.param('stage');
    if (isStage(stage)) return deps.access(c, next);
    return c.json<ApiError>({ error: { message: `No stage '${stage}'. The stages are ${STAGES.join(', ')}.`, field: 'stage', suggestions: STAGES } }, 404);
  }, async (c) => {
    const stage = c.req.param('stage') as StageName;
    const catalog = await deps.catalog();
    const now = deps.now();
    c.header('cache-control', 'private, no-store');
    let params: StageParams[StageName];
    try {
      params = viewParams(stage, new URL(c.req.url).searchParams, catalog);
    } catch (error) {
      // Parameters a person must fix (an unknown genre, a bad year): the chat's own message.
      if (!(error instanceof InputError)) throw error;
      return c.json<ApiError>({ error: refusalOf(error) }, 400);
    }
    const key = `${now.toISOString().slice(0, 10)}|${viewKey(catalog, stage, params)}`;
    const cached = views.get(key);
    if (cached) return c.body(cached, 200, JSON_TYPE);
    const outcome = await deps.views(stage, params, now);
    if (outcome.kind === 'refused') return c.json<ApiError>({ error: outcome.error }, 400);
    // Cache only answers that had what they asked for (a model-less answer is retried once models load).
    if (outcome.withModels) views.set(key, outcome.body);
    return c.body(outcome.body, 200, JSON_TYPE);
  });

  api.get('/titles', deps.access, async (c) => {
    const titles = searchTitles(await deps.catalog(), c.req.query('q') ?? '');
    c.header('cache-control', 'private, max-age=60');
    return c.json({ titles });
  });

  return api;
}

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
import type { ModelPort } from '../../core/model-port.ts';
import { InputError, STAGES, type StageName } from '../../core/types.ts';
import type { Denial } from './access.ts';
import { isStage } from './pages.ts';
import { computeView, Lru, MODEL_STAGES, viewKey, viewParams } from './service.ts';
import { searchTitles } from './titles.ts';

/** Body of every API error: what was wrong, which field, and the nearest accepted values. */
export interface ApiError {
  error: { message: string; field?: string; suggestions?: readonly string[]; reason?: Denial };
}

export interface ApiDeps {
  catalog: () => Promise<Catalog> | Catalog;
  now: () => Date;
  /** The models (see `modelLoader`); absent when the dashboard runs without them. */
  models?: () => Promise<ModelPort | undefined>;
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
    try {
      const params = viewParams(stage, new URL(c.req.url).searchParams, catalog);
      const key = `${now.toISOString().slice(0, 10)}|${viewKey(catalog, stage, params)}`;
      const cached = views.get(key);
      if (cached) return c.body(cached, 200, JSON_TYPE);
      const wantsModels = MODEL_STAGES.has(stage) && deps.models !== undefined;
      const models = wantsModels ? await deps.models?.() : undefined;
      // Computing blocks the event loop: let requests already read (the page's scripts) be answered first.
      await new Promise((resolve) => setImmediate(resolve));
      const body = JSON.stringify(computeView(stage, params, { catalog, models, now }));
      // Cache only answers that had what they asked for (a model-less answer is retried once models load).
      if (!wantsModels || models) views.set(key, body);
      return c.body(body, 200, JSON_TYPE);
    } catch (error) {
      // Parameters a person must fix (an unknown genre, a filter that leaves no titles): the chat's own message.
      if (!(error instanceof InputError)) throw error;
      return c.json<ApiError>({ error: { message: error.message, field: error.field, suggestions: error.suggestions } }, 400);
    }
  });

  api.get('/titles', deps.access, async (c) => {
    const titles = searchTitles(await deps.catalog(), c.req.query('q') ?? '');
    c.header('cache-control', 'private, max-age=60');
    return c.json({ titles });
  });

  return api;
}

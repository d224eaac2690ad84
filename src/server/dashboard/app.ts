/**
 * `createDashboardApp(deps)`: the web dashboard as one Hono app, mounted by the server at `/`.
 *
 *   GET /                          → redirect to the first page
 *   GET /dashboard/<stage>?…       the stage's page (HTML shell; the browser draws the view from the API)
 *   GET /dashboard/assets/<file>   the page's modules and stylesheet, and vega / vega-lite / vega-embed
 *   GET /api/stage/<stage>?…       `{ result, charts, state }` JSON, parameters validated like chat commands
 *   GET /api/titles?q=…            title search for the Head-to-Head pickers
 *
 * Pages and API answer only signed links or their session when `GREENLIGHT_LINK_SECRET` is set (see access.ts).
 */
import { Hono, type Context } from 'hono';
import type { Config } from '../../config.ts';
import type { Catalog } from '../../data/catalog.ts';
import type { ModelPort } from '../../core/model-port.ts';
import { InputError, STAGES, type StageName } from '../../core/types.ts';
import { assertSafeExposure, DENIAL_MESSAGES, requireAccess, type Denial } from './access.ts';
import { asset } from './assets.ts';
import { computeView, Lru, MODEL_STAGES, viewKey, viewParams } from './service.ts';
import { searchTitles } from './titles.ts';
import { deniedPage, stagePage } from './view.ts';

export interface DashboardDeps {
  catalog: () => Promise<Catalog> | Catalog;
  models?: () => Promise<ModelPort>;
  config: Config;
  now: () => Date;
}

/** Body of every API error: what was wrong, which field, and the nearest accepted values. */
export interface ApiError {
  error: { message: string; field?: string; suggestions?: readonly string[]; reason?: Denial };
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // vega compiles its expressions with `new Function`, hence 'unsafe-eval'; vega-embed injects its own styles.
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  // Signed links must not leak to other sites through the Referer header.
  'referrer-policy': 'no-referrer',
};

function isStage(name: string): name is StageName {
  return (STAGES as readonly string[]).includes(name);
}

export function createDashboardApp(deps: DashboardDeps): Hono {
  assertSafeExposure(deps.config);
  const app = new Hono();
  const views = new Lru<string>(200);
  let models: Promise<ModelPort | undefined> | undefined;
  /** The models, loaded once; a failure is logged and the stages answer without them (they say so). */
  const loadModels = (): Promise<ModelPort | undefined> => {
    if (!deps.models) return Promise.resolve(undefined);
    models ??= deps.models().catch((error: unknown) => {
      console.error('dashboard: models unavailable, answering without them:', error);
      models = undefined;
      return undefined;
    });
    return models;
  };

  const apiDenied = (c: Context, reason: Denial) => c.json<ApiError>({ error: { message: DENIAL_MESSAGES[reason], reason } }, 403);
  const pageDenied = async (c: Context, reason: Denial) => c.html(deniedPage(reason, await deps.catalog()), 403);
  const apiAccess = requireAccess({ config: deps.config, now: deps.now, deny: apiDenied });
  const pageAccess = requireAccess({ config: deps.config, now: deps.now, deny: pageDenied });

  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
  });

  app.get('/', (c) => c.redirect('dashboard/explore'));
  app.get('/dashboard', (c) => c.redirect('dashboard/explore'));
  app.get('/dashboard/', (c) => c.redirect('explore'));

  app.get('/dashboard/assets/:name', (c) => {
    const found = asset(c.req.param('name'));
    if (!found) return c.notFound();
    const etag = `"${found.version}"`;
    c.header('etag', etag);
    c.header('cache-control', c.req.query('v') === found.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.body(found.body, 200, { 'content-type': found.type });
  });

  app.get('/dashboard/:stage', async (c, next) => (isStage(c.req.param('stage')) ? pageAccess(c, next) : c.notFound()), async (c) => {
    c.header('cache-control', 'no-store');
    const query = new URL(c.req.url).searchParams;
    return c.html(stagePage(c.req.param('stage') as StageName, await deps.catalog(), query));
  });

  app.get('/api/stage/:stage', async (c, next) => {
    const stage = c.req.param('stage');
    if (isStage(stage)) return apiAccess(c, next);
    return c.json<ApiError>({ error: { message: `No stage '${stage}'. The stages are ${STAGES.join(', ')}.`, field: 'stage', suggestions: STAGES } }, 404);
  }, async (c) => {
    const stage = c.req.param('stage') as StageName;
    const catalog = await deps.catalog();
    const now = deps.now();
    c.header('cache-control', 'private, no-store');
    try {
      const params = viewParams(stage, new URL(c.req.url).searchParams, catalog);
      const key = `${now.toISOString().slice(0, 10)}|${viewKey(catalog, stage, params)}`;
      const json = { 'content-type': 'application/json; charset=utf-8' };
      const cached = views.get(key);
      if (cached) return c.body(cached, 200, json);
      const body = JSON.stringify(await computeView(stage, params, { catalog, models: loadModels, now }));
      // Cache only answers that had what they asked for (a model-less answer is retried once models load).
      const complete = !MODEL_STAGES.has(stage) || !deps.models || (await loadModels()) !== undefined;
      if (complete) views.set(key, body);
      return c.body(body, 200, json);
    } catch (error) {
      // Parameters a person must fix (an unknown genre, a filter that leaves no titles): the chat's own message.
      if (!(error instanceof InputError)) throw error;
      return c.json<ApiError>({ error: { message: error.message, field: error.field, suggestions: error.suggestions } }, 400);
    }
  });

  app.get('/api/titles', apiAccess, async (c) => {
    const titles = searchTitles(await deps.catalog(), c.req.query('q') ?? '');
    c.header('cache-control', 'private, max-age=60');
    return c.json({ titles });
  });

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return c.json<ApiError>({ error: { message: `Nothing at ${c.req.path}.` } }, 404);
    return c.text('Not found. The dashboard starts at /dashboard/explore.', 404);
  });

  app.onError((error, c) => {
    // Details go to the log only; the visitor gets a plain sentence, never a stack trace.
    console.error(`dashboard: ${c.req.method} ${c.req.path} failed:`, error);
    const message = 'The dashboard could not compute this view. The error was logged; try again or change the filters.';
    if (c.req.path.startsWith('/api/')) return c.json<ApiError>({ error: { message } }, 500);
    return c.text(message, 500);
  });

  return app;
}

/**
 * `createDashboardApp(deps)`: the web dashboard as one Hono app, mounted by the server at `/`.
 *
 *   GET /                          → redirect to the first page
 *   GET /dashboard/<stage>?…       the stage's page, streamed: its top at once, then the board with its charts
 *                                  drawn as SVG and the data to make them live (one worker task when new); the
 *                                  browser makes them live, and redraws from the API when a control changes
 *   GET /dashboard/assets/<file>   the page's modules and stylesheet, and vega / vega-embed
 *   GET /api/stage/<stage>?…       `{ result, charts, state, html }` JSON, parameters validated like chat commands
 *   GET /api/titles?q=…            title search for the Head-to-Head pickers
 *
 * Pages and API answer only signed links or their session when `GREENLIGHT_LINK_SECRET` is set (see access.ts).
 */
import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import type { Config } from '../../config.ts';
import type { Catalog } from '../../data/catalog.ts';
import type { ModelPort } from '../../core/model-port.ts';
import type { StageName } from '../../core/types.ts';
import { assertSafeExposure, DENIAL_MESSAGES, requireAccess, type Denial } from './access.ts';
import { createApi, type ApiError } from './api.ts';
import { asset } from './assets.ts';
import { pick } from './encoding.ts';
import { isStage } from './pages.ts';
import { modelLoader, boardsInThread, type DrawPageFn, type BoardFn } from './service.ts';
import { createBoardStore } from './board-store.ts';
import { deniedPage, stagePage } from './view.ts';

export type { ApiError } from './api.ts';

export interface DashboardDeps {
  catalog: () => Promise<Catalog> | Catalog;
  models?: () => Promise<ModelPort>;
  /** Where boards are computed: the server's worker pool; by default in this thread with `models`. */
  boards?: BoardFn;
  /** Where a kept board's page is drawn as SVG (when the API computed it first): the worker pool; by default in this thread. */
  pages?: DrawPageFn;
  config: Config;
  now: () => Date;
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // No 'unsafe-eval': the page has vega interpret its expressions (vega-embed's `ast`). vega-embed injects styles.
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  // Signed links must not leak to other sites through the Referer header.
  'referrer-policy': 'no-referrer',
};

export function createDashboardApp(deps: DashboardDeps): Hono {
  assertSafeExposure(deps.config);
  const app = new Hono();
  const apiDenied = (c: Context, reason: Denial) => c.json<ApiError>({ error: { message: DENIAL_MESSAGES[reason], reason } }, 403);
  const pageDenied = async (c: Context, reason: Denial) => c.html(deniedPage(reason, await deps.catalog()), 403);
  const apiAccess = requireAccess({ config: deps.config, now: deps.now, deny: apiDenied });
  const pageAccess = requireAccess({ config: deps.config, now: deps.now, deny: pageDenied });
  const boards = createBoardStore({
    catalog: deps.catalog,
    now: deps.now,
    boards: deps.boards ?? boardsInThread(deps.catalog, deps.models && modelLoader(deps.models)),
    ...(deps.pages ? { pages: deps.pages } : {}),
  });

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
    const { body, encoding } = pick(found.body, c.req.header('accept-encoding'));
    // Each encoding is its own representation, with its own tag.
    const etag = `"${found.version}${encoding ? `-${encoding}` : ''}"`;
    c.header('etag', etag);
    c.header('vary', 'accept-encoding');
    c.header('cache-control', c.req.query('v') === found.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    if (encoding) c.header('content-encoding', encoding);
    return c.body(body, 200, { 'content-type': found.type });
  });

  app.get(
    '/dashboard/:stage',
    async (c, next) => (isStage(c.req.param('stage')) ? pageAccess(c, next) : c.notFound()),
    async (c) => {
      c.header('cache-control', 'no-store');
      const stage = c.req.param('stage') as StageName;
      const query = new URL(c.req.url).searchParams;
      const page = stagePage(stage, await deps.catalog(), query);
      c.header('content-type', 'text/html; charset=UTF-8');
      // The top of the page goes out at once (the browser fetches the scripts meanwhile); the board follows, drawn.
      return stream(c, async (out) => {
        await out.write(String(await page.start));
        const content = await boards.page(stage, page.state).catch((error: unknown) => {
          // The page still works: it asks the API, which answers or says what went wrong.
          console.error(`dashboard: drawing ${c.req.path} failed:`, error);
          return undefined;
        });
        await out.write(String(await page.board(content?.page)));
        await out.write(String(await page.end));
      });
    },
  );

  app.route('/api', createApi({ catalog: deps.catalog, boards, access: apiAccess }));

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

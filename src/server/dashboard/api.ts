/**
 * The dashboard's JSON API, mounted at `/api`:
 *
 *   GET /api/stage/<stage>?…   `{ result, charts, state, html }`; parameters validated like chat commands (same messages)
 *   GET /api/titles?q=…        title search for the Head-to-Head pickers
 *
 * Boards come from the board store (board-store.ts): cached, and computed once however many ask at the same time.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { Catalog } from '../../data/catalog.ts';
import { STAGES, type StageName } from '../../core/types.ts';
import type { Denial } from './access.ts';
import { isStage } from './pages.ts';
import { acceptsGzip } from './encoding.ts';
import { searchTitles } from './titles.ts';
import type { BoardStore } from './board-store.ts';

/** Body of every API error: what was wrong, which field, and the nearest accepted values. */
export interface ApiError {
  error: { message: string; field?: string; suggestions?: readonly string[]; reason?: Denial };
}

export interface ApiDeps {
  catalog: () => Promise<Catalog> | Catalog;
  /** The boards, cached and computed (board-store.ts); stage pages draw from the same store. */
  boards: BoardStore;
  /** Signed-link / session check (see access.ts). */
  access: MiddlewareHandler;
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

export function createApi(deps: ApiDeps): Hono {
  const api = new Hono();

  api.get(
    '/stage/:stage',
    async (c, next) => {
      const stage = c.req.param('stage');
      if (isStage(stage)) return deps.access(c, next);
      return c.json<ApiError>({ error: { message: `No stage '${stage}'. The stages are ${STAGES.join(', ')}.`, field: 'stage', suggestions: STAGES } }, 404);
    },
    async (c) => {
      c.header('cache-control', 'private, no-store');
      const board = await deps.boards.get(c.req.param('stage') as StageName, new URL(c.req.url).searchParams);
      if (board.kind === 'refused') return c.json<ApiError>({ error: board.error }, 400);
      c.header('vary', 'accept-encoding');
      if (!acceptsGzip(c.req.header('accept-encoding'))) return c.body(board.body, 200, JSON_TYPE);
      c.header('content-encoding', 'gzip');
      return c.body(board.gzip, 200, JSON_TYPE);
    },
  );

  api.get('/titles', deps.access, async (c) => {
    const titles = searchTitles(await deps.catalog(), c.req.query('q') ?? '');
    c.header('cache-control', 'private, max-age=60');
    return c.json({ titles });
  });

  return api;
}

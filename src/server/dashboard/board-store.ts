/**
 * Where the dashboard's boards come from: `createBoardStore(deps)` validates a board's query like a chat command,
 * then answers from an LRU of serialised boards bounded in bytes, joins a computation already under way for the same board, or
 * starts one (`deps.boards`: the worker pool, or this thread).
 *
 * Boards are keyed by day, catalog and validated parameters, so a board many people open (a link posted in a busy
 * channel) is computed once however its URL was spelled, and twenty clicks in the same second wait on one
 * computation instead of queueing twenty.
 *
 * `page` is the board with its markup and charts drawn as SVG and the data to make them live (what a stage page
 * carries on first load): computed and drawn in one task when the page asks first, drawn once from the kept board
 * otherwise, and kept beside it.
 */
import { LRUCache } from 'lru-cache';
import type { Catalog } from '../../data/catalog.ts';
import type { ValidParams } from '../../core/params.ts';
import { InputError, type StageName } from '../../core/types.ts';
import type { Bytes } from './encoding.ts';
import { drawKeptPage, refusalOf, boardKey, boardParams, type DrawPageFn, type DrawnPage, type BoardFn, type BoardOutcome } from './service.ts';

/** A board as the API sends it: its JSON body (and gzipped), or the refusal (HTTP 400) with the chat command's message. */
export type StoredBoard =
  { kind: 'board'; body: string; gzip: Bytes } | { kind: 'refused'; error: { message: string; field?: string; suggestions?: readonly string[] } };

export interface BoardStoreDeps {
  catalog: () => Promise<Catalog> | Catalog;
  now: () => Date;
  boards: BoardFn;
  /** Draws a kept board's page (markup with its charts as SVG): the worker pool; by default this thread. */
  pages?: DrawPageFn;
  /**
   * Bytes of boards kept, least recently used forgotten first (default `KEPT_BOARD_BYTES`). A board is its JSON
   * (100–260 kB), gzipped (12–42 kB) and, once a page asked for it, its drawing (SVG markup and data, 300–800 kB):
   * a limit in entries would let the same count of boards weigh 10× more.
   */
  maxBytes?: number;
}

/** The default `maxBytes`: ≈ 30 boards with their drawings, ≈ 120 without. */
export const KEPT_BOARD_BYTES = 32 * 1024 * 1024;

export interface BoardStore {
  /** The board a query asks for. Rejects only on unexpected failures (the app logs them and answers 500). */
  get(stage: StageName, query: URLSearchParams): Promise<StoredBoard>;
  /**
   * The board a query asks for and, when it is one, its page (`drawPage`: markup with the charts drawn, and the
   * charts and state to make them live). Rejects only on unexpected failures.
   */
  page(stage: StageName, query: URLSearchParams): Promise<{ board: StoredBoard; page?: DrawnPage }>;
}

/** A computed board as the store keeps it, and its drawing for pages once one was asked for. */
interface KeptBoard {
  body: string;
  gzip: Bytes;
  drawn?: Promise<DrawnPage>;
  /** The drawing's size once it is done (it is counted from then on). */
  drawnBytes?: number;
}

/** Bytes a JS string may hold: two per character at most (V8 keeps Latin-1 strings in one). */
const stringBytes = (text: string) => 2 * text.length;
const pageBytes = (page: DrawnPage) => stringBytes(page.data) + stringBytes(page.html.charts) + stringBytes(page.html.insights) + stringBytes(page.html.notes);
const keptBytes = (kept: KeptBoard) => stringBytes(kept.body) + kept.gzip.byteLength + (kept.drawnBytes ?? 0);

export function createBoardStore(deps: BoardStoreDeps): BoardStore {
  const done = new LRUCache<string, KeptBoard>({ maxSize: deps.maxBytes ?? KEPT_BOARD_BYTES, sizeCalculation: (kept) => Math.max(1, keptBytes(kept)) });
  /** Keeps a drawing beside its board and counts it: the entry is stored again with its new size. */
  const keepDrawing = (key: string, kept: KeptBoard, drawn: Promise<DrawnPage>) => {
    kept.drawn = drawn;
    drawn.then(
      (page) => {
        if (kept.drawn !== drawn || done.peek(key) !== kept) return;
        kept.drawnBytes = pageBytes(page);
        done.set(key, kept);
      },
      () => {
        // A failure is not kept: the next visitor tries again.
        if (kept.drawn === drawn) delete kept.drawn;
      },
    );
  };
  const underway = new Map<string, Promise<BoardOutcome>>();

  /**
   * The board a query asks for, and the store's entry for it when it is kept. With `draw`, a board computed for this
   * call is drawn in the same task, and its page comes back too.
   */
  async function find(
    stage: StageName,
    query: URLSearchParams,
    draw = false,
  ): Promise<{ board: StoredBoard; kept?: { key: string; board: KeptBoard }; page?: DrawnPage }> {
    const catalog = await deps.catalog();
    const now = deps.now();
    let params: ValidParams<StageName>;
    try {
      params = boardParams(stage, query, catalog);
    } catch (error) {
      // Parameters a person must fix (an unknown genre, a bad year): the chat's own message.
      if (!(error instanceof InputError)) throw error;
      return { board: { kind: 'refused', error: refusalOf(error) } };
    }
    const key = `${now.toISOString().slice(0, 10)}|${boardKey(catalog, stage, params)}`;
    const cached = done.get(key);
    if (cached !== undefined) return { board: { kind: 'board', body: cached.body, gzip: cached.gzip }, kept: { key, board: cached } };
    let computing = underway.get(key);
    if (!computing) {
      computing = deps.boards(stage, params, now, { draw });
      underway.set(key, computing);
      const settle = () => underway.delete(key);
      computing.then((outcome) => {
        settle();
        // Cache only answers that had what they asked for (a model-less answer is retried once models load).
        if (outcome.kind === 'board' && outcome.withModels) {
          const kept: KeptBoard = { body: outcome.body, gzip: outcome.gzip };
          done.set(key, kept);
          if (outcome.page) keepDrawing(key, kept, Promise.resolve(outcome.page));
        }
      }, settle);
    }
    const outcome = await computing;
    if (outcome.kind !== 'board') return { board: outcome };
    const kept = done.get(key);
    return {
      board: { kind: 'board', body: outcome.body, gzip: outcome.gzip },
      ...(kept ? { kept: { key, board: kept } } : {}),
      ...(outcome.page ? { page: outcome.page } : {}),
    };
  }

  return {
    get: async (stage, query) => (await find(stage, query)).board,
    async page(stage, query) {
      const { board, kept, page } = await find(stage, query, true);
      if (board.kind !== 'board') return { board };
      if (page) return { board, page };
      if (kept?.board.drawn) return { board, page: await kept.board.drawn };
      // Computed for the API (or joined its computation): drawn from the kept JSON, once.
      const draw = (deps.pages ?? drawKeptPage)(board.body);
      if (kept) keepDrawing(kept.key, kept.board, draw);
      return { board, page: await draw };
    },
  };
}

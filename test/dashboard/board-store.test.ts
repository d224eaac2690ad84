/**
 * The dashboard's view store over the real core and snapshot: one computation per view however many ask at once
 * and however the URL spells it, a page asked first computed and drawn in one task, a page whose view the API
 * computed drawn once from it, refusals with the chat's message, and no cached failure.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { createDashboardApp } from '../../src/server/dashboard/app.ts';
import { drawKeptPage, boardsInThread, type StageBoard, type BoardFn } from '../../src/server/dashboard/service.ts';
import { gzipJson } from '../../src/server/dashboard/encoding.ts';
import { createBoardStore } from '../../src/server/dashboard/board-store.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const now = new Date('2026-01-01T12:00:00Z');
let catalog: Catalog;

beforeAll(async () => {
  catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
});

/** The real in-thread views, counting how often a view is computed (and optionally failing the first time). */
function countedViews(options: { failFirst?: boolean } = {}): { boards: BoardFn; computed: string[] } {
  const computed: string[] = [];
  const real = boardsInThread(() => catalog);
  const boards: BoardFn = async (stage, params, at, drawing) => {
    computed.push(drawing?.draw ? `${stage} (drawn)` : stage);
    if (options.failFirst && computed.length === 1) throw new Error('worker died');
    return real(stage, params, at, drawing);
  };
  return { boards, computed };
}

const query = (text: string) => new URLSearchParams(text);

describe('board store', () => {
  it('computes a board once for concurrent requests, however the query spells it', async () => {
    const { boards, computed } = countedViews();
    const store = createBoardStore({ catalog: () => catalog, now: () => now, boards });
    const answers = await Promise.all([
      store.get('explore', query('mediaType=movie&genres=Drama&genres=Horror')),
      store.get('explore', query('genres=drama&genres=horror&mediaType=movies')),
      store.get('explore', query('mediaType=movie&genres=Drama,Horror')),
    ]);
    expect(computed).toEqual(['explore']);
    const bodies = answers.map((a) => (a.kind === 'board' ? a.body : ''));
    expect(new Set(bodies).size).toBe(1);
    expect((JSON.parse(bodies[0]) as StageBoard).result.params).toMatchObject({ mediaType: 'movie', genres: ['Drama', 'Horror'] });
    // Later requests come from the cache.
    await store.get('explore', query('genres=Drama&mediaType=movie&genres=Horror'));
    expect(computed).toEqual(['explore']);
  });

  it('computes and draws a page asked first in one task, which the API request joins; later pages reuse the drawing', async () => {
    const { boards, computed } = countedViews();
    const drawnBodies: string[] = [];
    const pages = async (body: string) => {
      drawnBodies.push(body);
      return drawKeptPage(body);
    };
    const store = createBoardStore({ catalog: () => catalog, now: () => now, boards, pages });
    const page = store.page('compare', query('kind=genre&left=Drama&right=Comedy'));
    const answer = await store.get('compare', query('left=drama&right=comedy'));
    expect(computed).toEqual(['compare (drawn)']);
    expect(answer.kind).toBe('board');
    const drawn = await page;
    // The page's markup carries every chart drawn as SVG pictures (its desktop and its phone form), in its card, and the charts and state as data.
    const board = JSON.parse(answer.kind === 'board' ? answer.body : '{}') as StageBoard;
    for (const chart of board.charts) expect(drawn.page?.html.charts).toContain(`data-chart="${chart.id}"`);
    expect(drawn.page?.html.charts.match(/<div class="picture" aria-hidden="true"><div class="form-desktop"><svg/g)).toHaveLength(board.charts.length);
    expect(drawn.page?.html.charts.match(/<div class="form-phone"><svg/g)).toHaveLength(board.charts.length);
    expect(JSON.parse(drawn.page?.data ?? '{}')).toEqual({ charts: board.charts, state: board.state });
    expect(drawn.page).toEqual(await drawKeptPage(answer.kind === 'board' ? answer.body : '{}'));
    await store.page('compare', query('kind=genre&left=Drama&right=Comedy'));
    expect(drawnBodies).toEqual([]);
    expect(computed).toEqual(['compare (drawn)']);
  });

  it('draws a page from the board the API computed first, once', async () => {
    const { boards, computed } = countedViews();
    const drawnBodies: string[] = [];
    const pages = async (body: string) => {
      drawnBodies.push(body);
      return drawKeptPage(body);
    };
    const store = createBoardStore({ catalog: () => catalog, now: () => now, boards, pages });
    const answer = await store.get('explore', query('mediaType=tv'));
    const [first, second] = await Promise.all([store.page('explore', query('mediaType=tv')), store.page('explore', query('mediaType=tv'))]);
    expect(computed).toEqual(['explore']);
    expect(drawnBodies).toEqual([answer.kind === 'board' ? answer.body : '']);
    expect(second.page).toEqual(first.page);
  });

  it('refuses bad parameters with the chat message, without computing or drawing', async () => {
    const { boards, computed } = countedViews();
    const store = createBoardStore({ catalog: () => catalog, now: () => now, boards });
    const answer = await store.get('explore', query('genres=Dramaa'));
    expect(answer).toMatchObject({ kind: 'refused', error: { field: 'genres', suggestions: expect.arrayContaining(['Drama']) } });
    expect(await store.page('explore', query('genres=Dramaa'))).toEqual({ board: answer });
    expect(computed).toEqual([]);
  });

  it('does not keep a failure: the next request computes again', async () => {
    const { boards, computed } = countedViews({ failFirst: true });
    const store = createBoardStore({ catalog: () => catalog, now: () => now, boards });
    await expect(store.get('identify', query('mediaType=tv'))).rejects.toThrow('worker died');
    const answer = await store.get('identify', query('mediaType=tv'));
    expect(answer.kind).toBe('board');
    expect(computed).toEqual(['identify', 'identify']);
  });

  it('recomputes a board that was answered without the models it wanted', async () => {
    let calls = 0;
    const boards: BoardFn = async () => {
      calls += 1;
      const body = `{"call":${calls}}`;
      return { kind: 'board', body, gzip: gzipJson(body), withModels: calls > 1 };
    };
    const store = createBoardStore({ catalog: () => catalog, now: () => now, boards });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await store.get('predict', query('genre=Drama&budgetLevel=4&quarter=2')));
    expect(answers.map((a) => (a.kind === 'board' ? a.body : ''))).toEqual(['{"call":1}', '{"call":2}', '{"call":2}']);
  });

  it('keeps boards up to a limit in bytes, drawings counted, forgetting the least recently used first', async () => {
    const computed: string[] = [];
    // Boards of 100 kB (two bytes a character counted) and drawings of 300 kB; the store holds 500 kB.
    const boards: BoardFn = async (stage, params) => {
      computed.push(String((params as { genres?: string[] }).genres));
      const body = JSON.stringify({ filler: 'x'.repeat(50_000) });
      return { kind: 'board', body, gzip: gzipJson(body), withModels: true };
    };
    const pages = async () => ({ html: { insights: '', charts: 'y'.repeat(150_000), notes: '' }, data: '{}' });
    const store = createBoardStore({ catalog: () => catalog, now: () => now, boards, pages, maxBytes: 500_000 });
    const genre = (g: string) => query(`genres=${g}`);
    for (const g of ['Drama', 'Comedy', 'Horror', 'Drama']) await store.get('explore', genre(g));
    // Three boards fit: the fourth request is answered from the store.
    expect(computed).toEqual(['Drama', 'Comedy', 'Horror']);
    // Drawing Comedy's page adds 300 kB: the least recently used boards (Horror, then Drama) go to make room.
    await store.page('explore', genre('Comedy'));
    for (const g of ['Comedy', 'Horror', 'Drama']) await store.get('explore', genre(g));
    expect(computed).toEqual(['Drama', 'Comedy', 'Horror', 'Horror', 'Drama']);
  });
});

describe('stage page', () => {
  it('carries its board drawn, and the API request then gets that computation', async () => {
    const { boards, computed } = countedViews();
    const app = createDashboardApp({ catalog: () => catalog, boards, config: loadConfig({}), now: () => now });
    const page = await app.request('/dashboard/identify?mediaType=movie&yearFrom=1990');
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('<section class="charts" id="charts" data-drawn>');
    expect(text).toContain('<div class="picture" aria-hidden="true"><div class="form-desktop"><svg');
    // The page's defaults fill the keys the link does not name, as the page itself does before asking.
    expect(computed).toEqual(['identify (drawn)']);
    // It carries the charts and state the browser makes live, so the browser need not ask the API for them.
    expect(text).not.toContain('rel="preload" href="../api/stage');
    const carried = /<script type="application\/json" id="greenlight-board">([^<]*)<\/script>/.exec(text)?.[1] ?? '{}';
    const api = await app.request('/api/stage/identify?mediaType=movie&yearFrom=1990');
    expect(api.status).toBe(200);
    const board = (await api.json()) as StageBoard;
    expect(JSON.parse(carried)).toEqual({ charts: board.charts, state: board.state });
    expect(computed).toEqual(['identify (drawn)']);
  });
});

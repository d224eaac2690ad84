/**
 * The dashboard's view store over the real core and snapshot: one computation per view however many ask at once
 * and however the URL spells it, a page whose view the API request then joins, each view drawn once for pages,
 * refusals with the chat's message, and no cached failure.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { createDashboardApp } from '../../src/server/dashboard/app.ts';
import { pageHtml, viewsInThread, type StageView, type ViewFn } from '../../src/server/dashboard/service.ts';
import { gzipJson } from '../../src/server/dashboard/encoding.ts';
import { createViewStore } from '../../src/server/dashboard/view-store.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const now = new Date('2026-01-01T12:00:00Z');
let catalog: Catalog;

beforeAll(async () => {
  catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
});

/** The real in-thread views, counting how often a view is computed (and optionally failing the first time). */
function countedViews(options: { failFirst?: boolean } = {}): { views: ViewFn; computed: string[] } {
  const computed: string[] = [];
  const real = viewsInThread(() => catalog);
  const views: ViewFn = async (stage, params, at) => {
    computed.push(stage);
    if (options.failFirst && computed.length === 1) throw new Error('worker died');
    return real(stage, params, at);
  };
  return { views, computed };
}

const query = (text: string) => new URLSearchParams(text);

describe('view store', () => {
  it('computes a view once for concurrent requests, however the query spells it', async () => {
    const { views, computed } = countedViews();
    const store = createViewStore({ catalog: () => catalog, now: () => now, views });
    const answers = await Promise.all([
      store.get('explore', query('mediaType=movie&genres=Drama&genres=Horror')),
      store.get('explore', query('genres=drama&genres=horror&mediaType=movies')),
      store.get('explore', query('mediaType=movie&genres=Drama,Horror')),
    ]);
    expect(computed).toEqual(['explore']);
    const bodies = answers.map((a) => (a.kind === 'view' ? a.body : ''));
    expect(new Set(bodies).size).toBe(1);
    expect((JSON.parse(bodies[0]) as StageView).result.params).toMatchObject({ mediaType: 'movie', genres: ['Drama', 'Horror'] });
    // Later requests come from the cache.
    await store.get('explore', query('genres=Drama&mediaType=movie&genres=Horror'));
    expect(computed).toEqual(['explore']);
  });

  it('lets the API request join the view a page is drawing, and draws each view once for pages', async () => {
    const { views, computed } = countedViews();
    const drawnBodies: string[] = [];
    const pages = async (body: string) => {
      drawnBodies.push(body);
      return pageHtml(body);
    };
    const store = createViewStore({ catalog: () => catalog, now: () => now, views, pages });
    const page = store.page('compare', query('kind=genre&left=Drama&right=Comedy'));
    const answer = await store.get('compare', query('left=drama&right=comedy'));
    expect(computed).toEqual(['compare']);
    expect(answer.kind).toBe('view');
    const drawn = await page;
    // The page's markup carries every chart drawn as SVG pictures, in its card: its desktop and its phone form.
    const charts = (JSON.parse(answer.kind === 'view' ? answer.body : '{}') as StageView).charts;
    for (const chart of charts) expect(drawn.html?.charts).toContain(`data-chart="${chart.id}"`);
    expect(drawn.html?.charts.match(/<div class="picture" aria-hidden="true"><div class="form-desktop"><svg/g)).toHaveLength(charts.length);
    expect(drawn.html?.charts.match(/<div class="form-phone"><svg/g)).toHaveLength(charts.length);
    await store.page('compare', query('kind=genre&left=Drama&right=Comedy'));
    expect(drawnBodies).toHaveLength(1);
  });

  it('refuses bad parameters with the chat message, without computing or drawing', async () => {
    const { views, computed } = countedViews();
    const store = createViewStore({ catalog: () => catalog, now: () => now, views });
    const answer = await store.get('explore', query('genres=Dramaa'));
    expect(answer).toMatchObject({ kind: 'refused', error: { field: 'genres', suggestions: expect.arrayContaining(['Drama']) } });
    expect(await store.page('explore', query('genres=Dramaa'))).toEqual({ view: answer });
    expect(computed).toEqual([]);
  });

  it('does not keep a failure: the next request computes again', async () => {
    const { views, computed } = countedViews({ failFirst: true });
    const store = createViewStore({ catalog: () => catalog, now: () => now, views });
    await expect(store.get('identify', query('mediaType=tv'))).rejects.toThrow('worker died');
    const answer = await store.get('identify', query('mediaType=tv'));
    expect(answer.kind).toBe('view');
    expect(computed).toEqual(['identify', 'identify']);
  });

  it('recomputes a view that was answered without the models it wanted', async () => {
    let calls = 0;
    const views: ViewFn = async () => {
      calls += 1;
      const body = `{"call":${calls}}`;
      return { kind: 'view', body, gzip: gzipJson(body), withModels: calls > 1 };
    };
    const store = createViewStore({ catalog: () => catalog, now: () => now, views });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await store.get('predict', query('genre=Drama&budgetLevel=4&quarter=2')));
    expect(answers.map((a) => (a.kind === 'view' ? a.body : ''))).toEqual(['{"call":1}', '{"call":2}', '{"call":2}']);
  });
});

describe('stage page', () => {
  it('carries its view drawn, and the API request then gets that computation', async () => {
    const { views, computed } = countedViews();
    const app = createDashboardApp({ catalog: () => catalog, views, config: loadConfig({}), now: () => now });
    const page = await app.request('/dashboard/identify?mediaType=movie&yearFrom=1990');
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('<section class="charts" id="charts" data-drawn>');
    expect(text).toContain('<div class="picture" aria-hidden="true"><div class="form-desktop"><svg');
    // The page's defaults fill the keys the link does not name, as the page itself does before asking.
    expect(computed).toEqual(['identify']);
    const api = await app.request('/api/stage/identify?mediaType=movie&yearFrom=1990');
    expect(api.status).toBe(200);
    expect(computed).toEqual(['identify']);
  });
});

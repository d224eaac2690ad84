/**
 * The view's markup the server writes (fragments.ts): escaped text, the decision pages' verdicts, one card per
 * chart with its own bullets, pictures at the size the page draws the live chart at.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { chartsFor, forDashboard, renderVegaSvg } from '../../charts/index.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { validateParams } from '../../src/core/params.ts';
import { runStage } from '../../src/core/stages/index.ts';
import type { StageResult } from '../../src/core/stages/types.ts';
import { pictureSize, verdictOf, boardHtml } from '../../src/server/dashboard/fragments.ts';
// The page's own module: the picture size must be the size it draws the live chart at on a wide card.
import { fittedSize } from '../../src/server/dashboard/public/charts.js';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

let catalog: Catalog;
const now = new Date('2026-01-01T12:00:00Z');

beforeAll(async () => {
  catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
});

async function view(result: StageResult) {
  return { result, charts: await Promise.all(chartsFor(result, { surface: 'dashboard' }).map(forDashboard)) };
}

describe('view markup', () => {
  it('writes one card per chart with its reading and its own bullets, and the notes', async () => {
    const result = runStage('explore', validateParams('explore', { mediaType: 'movie' }, catalog), { catalog, now });
    const { charts, insights, notes } = await boardHtml(await view(result));
    const cards = (await view(result)).charts;
    expect(charts.match(/<article class="card chart-card"/g)).toHaveLength(cards.length);
    for (const chart of cards) {
      const card = charts.slice(charts.indexOf(`data-chart="${chart.id}"`), charts.indexOf('</article>', charts.indexOf(`data-chart="${chart.id}"`)));
      expect(card).toContain(`data-zoom="${String(chart.zoom)}"`);
      for (const bullet of chart.insights) expect(card).toContain(escape(bullet.text));
    }
    // Without pictures the chart boxes are empty: the page draws the live charts into them.
    expect(charts).not.toContain('class="picture"');
    for (const bullet of result.insights) expect(insights).toContain(escape(bullet.text));
    for (const note of result.notes) expect(notes).toContain(escape(note));
  });

  it('escapes every text it carries', async () => {
    const result = runStage('explore', validateParams('explore', {}, catalog), { catalog, now });
    const hostile = { ...result, insights: [{ text: '<script>alert(1)</script> & more', figures: {}, weight: 1 }], notes: ['<img src=x>'] };
    const html = await boardHtml({ result: hostile, charts: [] });
    expect(html.insights).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(html.insights).not.toContain('<script>');
    expect(html.notes).not.toContain('<img');
  });

  it('puts each picture, in both forms, in its own card, hidden from assistive technology (the card has the alt text and a heading)', async () => {
    const result = runStage('compare', validateParams('compare', { kind: 'genre', left: 'Drama', right: 'Comedy' }, catalog), { catalog, now });
    const v = await view(result);
    const pictures = v.charts.map((c, i) => ({ desktop: `<svg id="p${i}"></svg>`, phone: `<svg id="q${i}"></svg>` }));
    const { charts } = await boardHtml(v, pictures);
    v.charts.forEach((chart, i) => {
      const at = charts.indexOf(`data-chart="${chart.id}"`);
      const card = charts.slice(at, charts.indexOf('</article>', at));
      expect(card).toContain(
        `<div class="picture" aria-hidden="true"><div class="form-desktop"><svg id="p${i}"></svg></div><div class="form-phone"><svg id="q${i}"></svg></div></div>`,
      );
      expect(card).toContain(`<p class="visually-hidden">${escape(chart.alt)}</p>`);
      expect(card).toContain(`<h2 class="visually-hidden" id="title-${chart.id}">${escape(chart.title)}</h2>`);
    });
  });

  it('gets pictures whose text vega has escaped (they go into the page as markup)', async () => {
    const hostile = '<script>alert(1)</script> & "x"';
    const spec = compile({
      data: { values: [{ title: hostile, value: 1 }] },
      mark: 'bar',
      encoding: { y: { field: 'title', type: 'nominal' }, x: { field: 'value', type: 'quantitative' } },
      title: '<img src=x onerror=alert(1)>',
    }).spec;
    const svg = await renderVegaSvg(spec);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp;');
  });

  it("names Head-to-Head's winner and the copilot's call", () => {
    const compare = runStage('compare', validateParams('compare', { kind: 'genre', left: 'Drama', right: 'Comedy' }, catalog), { catalog, now });
    const call = verdictOf(compare);
    if (compare.stage !== 'compare') throw new Error('not compare');
    const { overall, left, right } = compare.data;
    expect(call?.badge).toBe(overall.winner === 'tie' ? 'TIE' : `${(overall.winner === 'left' ? left : right).label} wins`);
    expect(call?.sentence).toContain(`of ${overall.compared} metrics`);
    expect(verdictOf(runStage('explore', validateParams('explore', {}, catalog), { catalog, now }))).toBeNull();
  });
});

describe('picture size', () => {
  it("is the page's own fitted size on a card 960 px wide or wider", async () => {
    const charts = (await view(runStage('explore', validateParams('explore', {}, catalog), { catalog, now }))).charts;
    const sizes = [
      { width: 600, height: 337.5 },
      { width: 600, height: 420 },
      { width: 800, height: 300 },
      { width: 1200, height: 500 },
    ];
    for (const chart of [...charts, ...sizes.map((size) => ({ ...charts[0], size }))]) {
      expect(pictureSize(chart)).toEqual(fittedSize(chart, 960));
      expect(pictureSize(chart)).toEqual(fittedSize(chart, 1400));
    }
    expect(pictureSize({})).toBeUndefined();
    expect(fittedSize({}, 960)).toBeUndefined();
  });
});

/** What Hono's `html` makes of a text. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

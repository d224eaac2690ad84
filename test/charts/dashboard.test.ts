/** The dashboard's form of a chart (charts/dashboard.ts): interactive additions and the compile to Vega. */
import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { forDashboard, withTooltips, withZoom } from '../../charts/dashboard.ts';
import type { ChartSpec } from '../../charts/spec.ts';

const rows = [
  { x: 1, y: 2, genre: 'Drama' },
  { x: 3, y: 5, genre: 'Comedy' },
];

const scatter = {
  data: { values: rows },
  width: 600,
  height: 300,
  mark: 'point',
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
} as TopLevelSpec;

const bars = {
  data: { values: rows },
  width: 600,
  height: 300,
  mark: 'bar',
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'genre', type: 'nominal' }, tooltip: [{ field: 'x' }] },
} as TopLevelSpec;

const panels = {
  data: { values: rows },
  hconcat: [
    { mark: 'line', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
    { mark: 'line', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
  ],
} as TopLevelSpec;

const chart = (spec: TopLevelSpec): ChartSpec => ({
  id: 'explore.genre-distribution',
  stage: 'explore',
  title: 'T',
  reading: 'R',
  insights: [],
  alt: 'A',
  spec,
});

describe('withZoom', () => {
  it('binds an interval selection to the scales of a continuous scatter and clips its marks', () => {
    const zoomed = withZoom(scatter) as unknown as { params: unknown[]; mark: unknown };
    expect(zoomed.params).toEqual([{ name: 'zoom', select: 'interval', bind: 'scales' }]);
    expect(zoomed.mark).toEqual({ type: 'point', clip: true });
  });

  it('zooms only the continuous layer of a layered chart', () => {
    const layered = {
      data: { values: rows },
      layer: [scatter as { mark: unknown; encoding: unknown }, { mark: 'rule', encoding: { y: { datum: 3 } } }],
    } as unknown as TopLevelSpec;
    const zoomed = withZoom(layered) as unknown as { layer: { params?: unknown[] }[] };
    expect(zoomed.layer[0].params).toHaveLength(1);
    expect(zoomed.layer[1].params).toBeUndefined();
  });

  it('leaves bars, concatenations and charts with their own selections unchanged', () => {
    expect(withZoom(bars)).toBe(bars);
    expect(withZoom(panels)).toBe(panels);
    const selecting = { ...scatter, params: [{ name: 'pick', select: 'point' }] } as TopLevelSpec;
    expect(withZoom(selecting)).toBe(selecting);
  });
});

describe('withTooltips', () => {
  it('shows the encoded fields where the builder chose no tooltip, and keeps a chosen one', () => {
    expect((withTooltips(scatter).config as { mark: unknown }).mark).toEqual({ tooltip: { content: 'encoding' } });
    expect(withTooltips(bars)).toBe(bars);
  });
});

describe('forDashboard', () => {
  it('compiles an interactive single view to a Vega spec that runs, with its size to fit to the card', async () => {
    const out = await forDashboard(chart(scatter));
    expect(out).toMatchObject({ id: 'explore.genre-distribution', reading: 'R', size: { width: 600, height: 300 }, zoom: true, rows: 2 });
    expect(out).not.toHaveProperty('spec');
    expect(out.vega.$schema).toBe('https://vega.github.io/schema/vega/v6.json');
    // The zoom selection compiled into signals, and the spec draws its two points in a headless Vega view.
    expect(JSON.stringify(out.vega.signals)).toContain('zoom');
    const view = new View(parse(out.vega), { renderer: 'none' });
    await view.runAsync();
    expect(view.data('source_0')).toHaveLength(2);
    view.finalize();
  });

  it("leaves out per-mark ARIA descriptions (the card reads the chart's alt text) but keeps tooltips", async () => {
    const compiled = JSON.stringify((await forDashboard(chart(bars))).vega);
    expect(compiled).not.toContain('"description"');
    expect(compiled).toContain('"tooltip"');
    // Headless vega draws the marks without an aria-label each.
    const view = new View(parse((await forDashboard(chart(bars))).vega), { renderer: 'none' });
    await view.runAsync();
    const svg = await view.toSVG();
    view.finalize();
    expect(svg).toContain('<path');
    expect(svg).not.toContain('aria-label="x:');
    // The chat form is untouched: the compiled spec would carry a description per mark.
    expect(JSON.stringify(compile(bars).spec)).toContain('"description"');
  });

  it('gives concatenations no size (drawn as built, scaled as a picture) and no zoom', async () => {
    const out = await forDashboard(chart(panels));
    expect(out.size).toBeUndefined();
    expect(out.zoom).toBe(false);
  });
});

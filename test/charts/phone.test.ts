/** The phone form of a chart (charts/phone.ts): laid out for a narrow card instead of shrunk into it. */
import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { forDashboard } from '../../charts/dashboard.ts';
import { forPhone, PHONE_WIDTH, ROW_HEIGHT } from '../../charts/phone.ts';
import type { ChartSpec } from '../../charts/spec.ts';

type Json = Record<string, unknown>;

const genres = [
  'Drama',
  'Comedy',
  'Thriller',
  'Action',
  'Adventure',
  'Crime',
  'Science Fiction',
  'Romance',
  'Fantasy',
  'Horror',
  'Animation',
  'Family',
  'Mystery',
  'History',
  'Music',
  'War',
  'Western',
  'Documentary',
  'TV Movie',
];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const bars = {
  title: { text: 'Titles per genre across the whole catalog, movies and TV', subtitle: 'Data as of 2026-02-21' },
  data: { values: genres.map((genre, i) => ({ genre, titles: 100 * (i + 1) })) },
  width: 600,
  height: 337.5,
  layer: [
    {
      mark: 'bar',
      encoding: {
        x: { field: 'titles', type: 'quantitative' },
        y: { field: 'genre', type: 'nominal', axis: { title: null } },
        color: { field: 'genre', type: 'nominal', legend: { orient: 'top-right' } },
      },
    },
    { mark: 'text', encoding: { x: { field: 'titles', type: 'quantitative' }, y: { field: 'genre', type: 'nominal' }, text: { field: 'titles' } } },
  ],
} as unknown as TopLevelSpec;

const heatmap = {
  data: { values: genres.flatMap((genre) => months.map((month, m) => ({ genre, month, index: (m % 5) / 4 + 0.5 }))) },
  width: 600,
  height: 337.5,
  layer: [
    {
      mark: 'rect',
      encoding: {
        x: { field: 'month', type: 'ordinal', axis: { orient: 'top', labelAngle: 0 } },
        y: { field: 'genre', type: 'nominal' },
        color: { field: 'index', type: 'quantitative' },
      },
    },
    { mark: 'text', encoding: { x: { field: 'month', type: 'ordinal' }, y: { field: 'genre', type: 'nominal' }, text: { field: 'index', format: '.2f' } } },
  ],
} as unknown as TopLevelSpec;

const panels = {
  data: { values: months.map((month, i) => ({ month: i, value: i * 2, genre: 'Drama' })) },
  concat: [0, 1, 2].map(() => ({
    width: 180,
    height: 120,
    mark: 'line',
    encoding: { x: { field: 'month', type: 'quantitative' }, y: { field: 'value', type: 'quantitative' } },
  })),
  columns: 3,
} as unknown as TopLevelSpec;

async function draw(spec: TopLevelSpec): Promise<{ width: number; height: number }> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  await view.runAsync();
  const size = { width: view.width(), height: view.height() };
  view.finalize();
  return size;
}

describe('forPhone', () => {
  it('draws a bar chart at the phone width without shrinking its height, one fixed-height row per category', async () => {
    const phone = forPhone(bars) as unknown as Json;
    expect(phone.width).toBe(PHONE_WIDTH);
    expect(phone.height).toBe(Math.max(337.5, genres.length * ROW_HEIGHT));
    expect((await draw(phone as unknown as TopLevelSpec)).height).toBeGreaterThanOrEqual(337.5 - 1);
  });

  it('thins colliding labels, ends long ones in an ellipsis, and puts legends under the plot', () => {
    const phone = forPhone(bars) as unknown as Json;
    const config = phone.config as Json;
    expect((config.axis as Json).labelOverlap).toBe('greedy');
    expect((config.axis as Json).labelLimit).toBeLessThan(150);
    const layer = (phone.layer as Json[])[0];
    const color = ((layer.encoding as Json).color as Json).legend as Json;
    expect(color.orient).toBe('bottom');
  });

  it('wraps a title too long for the phone onto several lines', () => {
    const phone = forPhone(bars) as unknown as Json;
    const title = phone.title as Json;
    expect(Array.isArray(title.text)).toBe(true);
    expect((title.text as string[]).join(' ')).toBe('Titles per genre across the whole catalog, movies and TV');
  });

  it('keeps a heatmap’s colours but drops cell values that would not fit their cells, and turns its column labels', () => {
    const phone = forPhone(heatmap) as unknown as Json;
    const marks = (phone.layer as Json[]).map((u) => u.mark);
    expect(marks).toEqual(['rect']);
    const x = ((phone.layer as Json[])[0].encoding as Json).x as Json;
    expect((x.axis as Json).labelAngle).toBe(-90);
    // On the desktop width the values fit and stay.
    const wide = forPhone(heatmap, 2000) as unknown as Json;
    expect((wide.layer as Json[]).map((u) => u.mark)).toEqual(['rect', 'text']);
  });

  it('stacks small multiples in one column, each panel the full width', async () => {
    const phone = forPhone(panels) as unknown as Json;
    expect(phone.concat).toBeUndefined();
    expect(phone.columns).toBeUndefined();
    expect((phone.vconcat as Json[]).length).toBe(3);
    const drawn = await draw(phone as unknown as TopLevelSpec);
    expect(drawn.width).toBeLessThanOrEqual(PHONE_WIDTH);
  });

  it('is pure: the desktop spec is not changed', () => {
    const before = JSON.stringify(bars);
    forPhone(bars);
    expect(JSON.stringify(bars)).toBe(before);
  });

  it('is carried by every dashboard chart, compiled, and a builder’s own phone form is used when it has one', async () => {
    const chart: ChartSpec = { id: 'explore.genre-distribution', stage: 'explore', title: 'T', reading: 'R', insights: [], alt: 'A', spec: bars };
    const dashboard = await forDashboard(chart);
    expect(dashboard.phone.size).toEqual({ width: PHONE_WIDTH, height: Math.max(337.5, genres.length * ROW_HEIGHT) });
    expect(JSON.stringify(dashboard.phone.vega)).not.toBe(JSON.stringify(dashboard.vega));
    const own = await forDashboard({ ...chart, phone: heatmap });
    expect(JSON.stringify(own.phone.vega)).toContain('"rect"');
    expect(JSON.stringify(own.phone.vega)).not.toContain('"titles"');
  });
});

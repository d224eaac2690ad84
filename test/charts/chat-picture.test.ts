/**
 * The chat form of a chart's picture (charts/chat-picture.ts): fewer categories (and the chart says so), small
 * multiples cut, text at least 11 px, drawn 480 wide onto a 960-px PNG; the dashboard's spec is left as it was.
 * The scenegraph rules (scenegraph.test.ts) check every real chart's chat form for overlaps, clipping and text size.
 */
import sharp from 'sharp';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { CHAT_CATEGORIES, CHAT_HEIGHT, CHAT_MIN_TEXT, CHAT_PANELS, CHAT_WIDTH, foldCategories, forChat, withTextAtLeast } from '../../charts/chat-picture.ts';
import { GENRE_COLORS } from '../../charts/palette.ts';
import { renderChatPicture, renderSvg, svgPixelSize } from '../../charts/render.ts';
import type { ChartSpec } from '../../charts/spec.ts';
import { SIZE, THEME_CONFIG } from '../../charts/theme.ts';

const GENRES = Object.keys(GENRE_COLORS).slice(0, 19);
if (GENRES.length < 19) throw new Error('the palette has fewer genres than this test folds');

/** Bars of titles per genre, largest first, coloured by a "kind" key one genre beyond the eighth alone has. */
function genreBars(): TopLevelSpec {
  const rows = GENRES.map((genre, i) => ({ genre, titles: 1000 - i * 40, kind: i === 12 ? 'rare' : 'common', label: `${1000 - i * 40}` }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME_CONFIG,
    title: { text: 'Titles per genre', subtitle: 'Data as of 2026-02-21' },
    width: SIZE.width,
    height: SIZE.height,
    autosize: { type: 'fit', contains: 'padding' },
    data: { values: rows },
    layer: [
      {
        mark: 'bar',
        encoding: {
          y: { field: 'genre', type: 'nominal', sort: GENRES },
          x: { field: 'titles', type: 'quantitative' },
          color: { field: 'kind', type: 'nominal', scale: { domain: ['common', 'rare'], range: ['#888888', '#E50914'] } },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 },
        encoding: { y: { field: 'genre', type: 'nominal', sort: GENRES }, x: { field: 'titles', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
  } as TopLevelSpec;
}

const chartOf = (spec: TopLevelSpec): ChartSpec => ({
  id: 'explore.genre-distribution',
  stage: 'explore',
  title: 'Titles per genre',
  reading: '',
  insights: [],
  alt: 'Bars.',
  spec,
});

type Json = Record<string, unknown>;
const values = (spec: TopLevelSpec): Json[] => (spec as unknown as { data: { values: Json[] } }).data.values;

describe('chat pictures', () => {
  it(`keep the top ${CHAT_CATEGORIES} categories in the builder's order, say so in the subtitle, and drop legend entries only the folded rows had`, () => {
    const spec = genreBars();
    const before = JSON.stringify(spec);
    const { spec: out, notes } = foldCategories(spec);
    expect(JSON.stringify(spec)).toBe(before); // pure: the dashboard's spec is untouched
    expect(notes).toEqual([`top ${CHAT_CATEGORIES} of 19 genres`]);
    expect((out.title as unknown as Json).subtitle).toBe(`Data as of 2026-02-21 · top ${CHAT_CATEGORIES} of 19 genres`);
    expect(values(out).map((r) => r.genre)).toEqual(GENRES.slice(0, CHAT_CATEGORIES));
    const bars = (out as unknown as { layer: { encoding: Json }[] }).layer[0].encoding;
    expect((bars.y as Json).sort).toEqual(GENRES.slice(0, CHAT_CATEGORIES));
    // 'rare' belonged to the 13th genre only: its legend entry (and its colour) go with it.
    expect((bars.color as Json).scale).toEqual({ domain: ['common'], range: ['#888888'] });
  });

  it('leave a chart with few categories, and an ordered axis (months), as it is', () => {
    const few = { ...genreBars(), data: { values: values(genreBars()).slice(0, 5) } } as TopLevelSpec;
    expect(foldCategories(few).notes).toEqual([]);
    const months = Array.from({ length: 12 }, (_, i) => ({ month: `M${i + 1}`, genre: 'Drama', lift: 1 }));
    const heatmap = {
      data: { values: months },
      mark: 'rect',
      encoding: { x: { field: 'month', type: 'ordinal' }, y: { field: 'genre', type: 'nominal' }, color: { field: 'lift', type: 'quantitative' } },
    } as TopLevelSpec;
    expect(foldCategories(heatmap).notes).toEqual([]);
  });

  it(`keep the first ${CHAT_PANELS} small multiples and name what they are`, () => {
    const panel = (genre: string) => ({
      title: { text: genre },
      mark: 'line',
      encoding: { x: { field: 'm', type: 'quantitative' }, y: { field: 'v', type: 'quantitative' } },
    });
    const spec = { title: { text: 'Forecasts', subtitle: 'as of' }, data: { values: [] }, vconcat: GENRES.slice(0, 6).map(panel) } as unknown as TopLevelSpec;
    const { spec: out, notes } = foldCategories(spec);
    expect(notes).toEqual([`${CHAT_PANELS} of 6 genres`]);
    expect((out as unknown as { vconcat: { title: Json }[] }).vconcat.map((p) => p.title.text)).toEqual(GENRES.slice(0, CHAT_PANELS));
  });

  it(`set no text under ${CHAT_MIN_TEXT} px and leave the data alone`, () => {
    const out = forChat(chartOf(genreBars())).spec;
    const sizes: number[] = [];
    const visit = (node: unknown, key = ''): void => {
      if (key === 'data') return;
      if (Array.isArray(node)) return node.forEach((n) => visit(n));
      if (typeof node !== 'object' || node === null) return;
      for (const [k, v] of Object.entries(node)) {
        if (/FontSize$|^fontSize$/.test(k) && typeof v === 'number') sizes.push(v);
        else visit(v, k);
      }
    };
    visit(out);
    expect(sizes.length).toBeGreaterThan(3);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(CHAT_MIN_TEXT);
    expect(withTextAtLeast({ data: { values: [{ fontSize: 3 }] }, mark: { fontSize: 9 } }, 11)).toEqual({
      data: { values: [{ fontSize: 3 }] },
      mark: { fontSize: 11 },
    });
    expect((out as unknown as Json).width).toBe(CHAT_WIDTH);
  });

  it(`are drawn ${CHAT_WIDTH} wide onto a ${CHAT_WIDTH * SIZE.scale}-px PNG at least ${CHAT_HEIGHT * SIZE.scale} tall`, async () => {
    const png = await renderChatPicture(chartOf(genreBars()));
    const meta = await sharp(png.png).metadata();
    expect([meta.width, png.width]).toEqual([CHAT_WIDTH * SIZE.scale, CHAT_WIDTH * SIZE.scale]);
    expect(meta.height).toBe(png.height);
    expect(png.height).toBeGreaterThanOrEqual(CHAT_HEIGHT * SIZE.scale);
    expect(png.svg).toContain(`top ${CHAT_CATEGORIES} of 19 genres`);
    expect(png.svg).not.toContain(`>${GENRES[CHAT_CATEGORIES]}<`);
  });

  it('carry no per-mark ARIA (the PNG has the alt text); the dashboard spec keeps its own', async () => {
    const png = await renderChatPicture(chartOf(genreBars()));
    // Axes and drawn marks describe themselves ("Y-axis titled 'genre' …", "titles: 1000; genre: Action").
    const described = /aria-label="(Y-axis titled|titles: \d+; genre: )/;
    expect(await renderSvg(genreBars())).toMatch(described);
    expect(png.svg).not.toMatch(described);
  });
});

describe('svgPixelSize', () => {
  it('reads the size librsvg draws an SVG at, without parsing it, and defers to librsvg when the size is fractional', async () => {
    const svg = (await renderChatPicture(chartOf(genreBars()))).svg;
    for (const scale of [1, 2]) {
      const meta = await sharp(Buffer.from(svg), { density: 72 * scale }).metadata();
      expect(svgPixelSize(svg, scale)).toEqual({ width: meta.width, height: meta.height });
    }
    expect(svgPixelSize('<svg xmlns="http://www.w3.org/2000/svg" width="480.5" height="360"></svg>', 2)).toBeNull();
    expect(svgPixelSize('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>', 2)).toBeNull();
  });
});

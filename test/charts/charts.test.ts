/**
 * Every chart of every stage, built from real stage results on the TMDB snapshot (with quickly trained models),
 * from a one-genre catalog and from emptied results: each spec compiles, renders to a 1200×675 PNG that is
 * neither blank nor broken, thin input gives a clear "Not enough data" card, and genre colours never change.
 */
import sharp from 'sharp';
import { compile } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartCatalog, chartsFor, PNG_HEIGHT, PNG_WIDTH, renderChart, type ChartSpec } from '../../charts/index.ts';
import { NOT_ENOUGH_DATA } from '../../charts/empty.ts';
import { GENRE_COLORS } from '../../charts/palette.ts';
import { COLORS } from '../../charts/theme.ts';
import { galleryCharts, GALLERY_PARAMS } from '../../src/cli/charts.ts';
import { createPort, trainModels } from '../../src/core/intelligence/index.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import { LOW_BUDGET_LEVELS } from '../../src/core/stages/predict-details.ts';
import type { StageResult } from '../../src/core/stages/types.ts';
import { InputError, STAGES, type StageName } from '../../src/core/types.ts';
import { buildCatalog, type Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const now = new Date('2026-01-01T00:00:00Z');
let catalog: Catalog;
let real: ChartSpec[];

beforeAll(async () => {
  catalog = await importSnapshot(SNAPSHOT_DIR, now);
  // The real models, trained small (fewer trees) so the suite stays quick; the product uses the defaults.
  const models = createPort(trainModels(catalog, 42, { boosterTrees: 20, forestTrees: 10 }));
  real = galleryCharts(catalog, { now, models });
});

/** Raw RGB pixels of a PNG. */
async function pixels(png: Buffer) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => {
    const i = (y * info.width + x) * 3;
    return [data[i], data[i + 1], data[i + 2]] as const;
  };
  return { info, at };
}

const hex = (rgb: readonly number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`.toUpperCase();

/** Every `{ domain, range }` scale in a spec whose domain names canonical genres. */
function genreScales(node: unknown, found: { domain: string[]; range: string[] }[] = []) {
  if (Array.isArray(node)) node.forEach((n) => genreScales(n, found));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (Array.isArray(o.domain) && Array.isArray(o.range) && o.domain.some((d) => typeof d === 'string' && d in GENRE_COLORS)) {
      found.push({ domain: o.domain as string[], range: o.range as string[] });
    }
    Object.values(o).forEach((v) => genreScales(v, found));
  }
  return found;
}

/** The result with every list in its data emptied (what a stage returns for an empty or fully filtered scope). */
function emptied<T>(value: T): T {
  if (Array.isArray(value)) return [] as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'number' ? 0 : emptied(v)])) as T;
  }
  return value;
}

describe('charts on the real snapshot', () => {
  it('has 28+ charts across the six stages, with unique ids and their texts', () => {
    expect(real.length).toBeGreaterThanOrEqual(28);
    expect(new Set(real.map((c) => c.id)).size).toBe(real.length);
    for (const stage of STAGES) expect(real.filter((c) => c.stage === stage).length, stage).toBeGreaterThanOrEqual(3);
    for (const c of real) {
      expect(c.id.startsWith(`${c.stage}.`)).toBe(true);
      expect(c.reading.length, c.id).toBeGreaterThan(30);
      expect(c.alt.length, c.id).toBeGreaterThan(20);
      expect(c.insights.length, c.id).toBeGreaterThan(0);
    }
  });

  it('the budget curve shades the low budget levels the catalog flatters and says so on the chart', () => {
    const curve = real.find((c) => c.id === 'predict.budget-curve');
    const json = JSON.stringify(curve?.spec);
    expect(json).toContain(`"from":1,"to":${LOW_BUDGET_LEVELS + 0.5},"note":"likely optimistic"`);
    expect(curve?.reading).toContain(`The shaded levels 1–${LOW_BUDGET_LEVELS} are likely optimistic`);
  });

  it("the forecast panels' diamond (the announced slate) is named in a legend, not only in the reading chat leaves out", async () => {
    const forecasts = real.find((c) => c.id === 'forecast.genre-forecasts');
    if (!forecasts) throw new Error('expected the forecast chart');
    // (a copy: drawing tags the spec's rows with Vega's ids, which the plain-JSON check below would see)
    const svg = (await renderChart(structuredClone(forecasts))).svg;
    expect(svg).toContain("announced titles' share (upcoming, not history)");
  });

  it('draws real data in every chart (no "not enough data" card on the full catalog with models)', () => {
    expect(real.filter((c) => c.alt.includes('not enough data')).map((c) => c.id)).toEqual([]);
  });

  it('builds plain JSON specs with inline data that Vega-Lite compiles', () => {
    for (const c of real) {
      expect(JSON.parse(JSON.stringify(c.spec)), c.id).toEqual(c.spec);
      expect(JSON.stringify(c.spec)).not.toContain('"url"');
      expect(() => compile(c.spec), c.id).not.toThrow();
    }
  });

  it('renders every chart to a 1200×675 PNG on the theme background with text in the title area', async () => {
    for (const c of real) {
      const out = await renderChart(c);
      expect([out.width, out.height]).toEqual([PNG_WIDTH, PNG_HEIGHT]);
      const { info, at } = await pixels(out.png);
      expect([info.width, info.height], c.id).toEqual([1200, 675]);
      expect(hex(at(2, 2)), c.id).toBe(COLORS.background);
      expect(hex(at(1197, 672)), c.id).toBe(COLORS.background);
      // The title is white text near the top left: some pixels there must be bright.
      let bright = 0;
      for (let y = 16; y < 60; y += 2) for (let x = 20; x < 420; x += 2) if (Math.min(...at(x, y)) > 200) bright++;
      expect(bright, `${c.id}: title text`).toBeGreaterThan(40);
      expect(out.svg).toContain('Source: TMDB');
      expect(out.alt).toBe(c.alt);
    }
  }, 120_000);

  it('gives every genre the same colour in every chart', () => {
    let checked = 0;
    for (const c of real) {
      for (const scale of genreScales(c.spec)) {
        scale.domain.forEach((genre, i) => {
          if (genre in GENRE_COLORS) {
            expect(scale.range[i], `${c.id}: ${genre}`).toBe(GENRE_COLORS[genre as keyof typeof GENRE_COLORS]);
            checked++;
          }
        });
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("says which way compare's differences run (right − left, in its header) and gives shares' differences in points", async () => {
    const table = real.find((c) => c.id === 'compare.metrics-table')!;
    const rows = (table.spec as unknown as { data: { values: { row: string; col: string; text: string }[] } }).data.values;
    // GALLERY_PARAMS compares Drama (left) with Comedy (right).
    expect(rows.find((r) => r.row === 'header' && r.col === 'delta')?.text).toBe('Comedy − Drama');
    const hitRate = rows.find((r) => r.row === 'Hit rate' && r.col === 'delta')?.text;
    expect(hitRate).toMatch(/^[+-]?\d+(\.\d)? pts$/);
    // Drawn whole, not cut short with an ellipsis.
    expect((await renderChart(table)).svg).toContain('>Comedy − Drama<');
  });

  it('gives chat 1–3 charts per stage, all of them on the dashboard', () => {
    for (const stage of STAGES) {
      const result = validateAndRunStage(stage, GALLERY_PARAMS[stage], { catalog, now });
      const chat = chartsFor(result, { surface: 'chat' });
      expect(chat.length, stage).toBeGreaterThanOrEqual(1);
      expect(chat.length, stage).toBeLessThanOrEqual(3);
      expect(chartsFor(result, { surface: 'dashboard' }).map((c) => c.id)).toEqual(chartCatalog(stage).map((c) => c.id));
    }
  });
});

async function expectNotEnoughData(chart: ChartSpec) {
  const out = await renderChart(chart);
  expect(out.svg, chart.id).toContain(NOT_ENOUGH_DATA);
  expect(out.alt).toContain('not enough data');
  const { data } = await sharp(out.png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  expect(new Set(data).size, `${chart.id} is not blank`).toBeGreaterThan(10);
}

describe('charts on thin input', () => {
  it('draws a "Not enough data" card for every chart of an emptied result, never a crash or a blank', async () => {
    for (const stage of ['explore', 'understand', 'identify'] as const) {
      const result = validateAndRunStage(stage, {}, { catalog, now });
      const empty = { ...result, data: emptied(result.data) } as StageResult;
      for (const chart of chartsFor(empty, { surface: 'dashboard' })) await expectNotEnoughData(chart);
    }
  }, 60_000);

  it('handles an empty catalog: stages that answer get cards, the others refuse with an InputError', async () => {
    const empty = buildCatalog([], { source: 'test', fetchedAt: now, asOf: '2025-09-23' });
    for (const stage of STAGES) {
      let result: StageResult;
      try {
        result = validateAndRunStage(stage, GALLERY_PARAMS[stage], { catalog: empty, now });
      } catch (error) {
        expect(error, stage).toBeInstanceOf(InputError);
        continue;
      }
      for (const chart of chartsFor(result, { surface: 'dashboard' })) {
        const out = await renderChart(chart);
        expect([out.width, out.height]).toEqual([1200, 675]);
        if (chart.alt.includes('not enough data')) expect(out.svg).toContain(NOT_ENOUGH_DATA);
      }
    }
  }, 60_000);

  it('renders a one-genre catalog: comparisons across genres say there is not enough data', async () => {
    const horror = catalog.titles.filter((t) => t.genres.length === 1 && t.genres[0] === 'Horror');
    const one = buildCatalog(horror, { source: 'test', fetchedAt: now, asOf: catalog.meta.asOf });
    const params: Record<StageName, Record<string, unknown>> = {
      ...GALLERY_PARAMS,
      predict: { ...GALLERY_PARAMS.predict, genre: 'Horror' },
      compare: { left: 'Horror', right: 'Comedy' },
    };
    const charts: ChartSpec[] = [];
    for (const stage of STAGES) {
      try {
        charts.push(...chartsFor(validateAndRunStage(stage, params[stage], { catalog: one, now }), { surface: 'dashboard' }));
      } catch (error) {
        expect(error, stage).toBeInstanceOf(InputError);
      }
    }
    expect(charts.length).toBeGreaterThan(10);
    const byId = new Map(charts.map((c) => [c.id, c]));
    for (const id of ['explore.genre-distribution', 'explore.performance-matrix', 'identify.saturation'] as const) {
      const chart = byId.get(id);
      expect(chart, id).toBeDefined();
      if (chart) await expectNotEnoughData(chart);
    }
    for (const chart of charts) {
      const out = await renderChart(chart);
      expect(out.png.length, chart.id).toBeGreaterThan(5000);
    }
  }, 60_000);
});

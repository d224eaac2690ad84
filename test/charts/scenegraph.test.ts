/**
 * The chart rules (docs/charts.md, "Rules") on every chart of every stage, at every size the product draws: each
 * spec runs through headless Vega and its scenegraph is inspected (test/charts/scenegraph-rules.ts). The gallery
 * questions plus the asks the rules were broken on (a one-genre scope, TV only, a genre scope), on the real
 * snapshot with small real models. A deliberately broken spec shows that each rule can fail.
 */
import type * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHAT_WIDTH, chartsFor, forChat, forDashboard, type ChartSpec } from '../../charts/index.ts';
import { CHAT_MIN_TEXT } from '../../charts/chat-picture.ts';
import { genreColorScale } from '../../charts/palette.ts';
import { SIZE, THEME_CONFIG } from '../../charts/theme.ts';
import { GALLERY_PARAMS } from '../../src/cli/charts.ts';
import { createPort, trainModels } from '../../src/core/intelligence/index.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import { STAGES, type StageName } from '../../src/core/types.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { pictureSize } from '../../src/server/dashboard/fragments.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';
import {
  checkScene,
  colourClashes,
  coloursOf,
  dominated,
  outside,
  overlapping,
  sceneOf,
  shortened,
  tooSmall,
  unexplained,
  type Violation,
} from './scenegraph-rules.ts';

const now = new Date('2026-01-01T00:00:00Z');

interface Drawing {
  spec: vega.Spec;
  size?: { width: number; height: number };
  readable: { alt: string; tooltips: boolean };
  /** The width the drawing is shown at, where that is smaller than drawn (chat pictures), and its least text size there. */
  display?: { width: number; min: number };
}

/** Chat clients show a picture about 480 px wide; its text must read at 11 px there. */
const CHAT_DISPLAY = { width: CHAT_WIDTH, min: CHAT_MIN_TEXT };

/**
 * The sizes the product draws a chart at. Chat and the digest rasterise the chart's chat form (charts/chat-picture.ts,
 * `renderChatPicture`: laid out 480 wide → a 960-px PNG shown at 480), text checked at its displayed size; the dashboard draws its interactive form at its card's width, 960 px on a desktop
 * (concatenations keep their own size and are scaled as a picture), and on a phone its phone form
 * (charts/phone.ts) at the phone card's width (`PHONE_WIDTH`), as the server draws its picture.
 */
const SIZES: Record<'chat' | 'digest' | 'desktop' | 'phone', (chart: ChartSpec) => Drawing | Promise<Drawing>> = {
  chat: (chart) => ({ spec: compile(forChat(chart).spec).spec, readable: { alt: chart.alt, tooltips: false }, display: CHAT_DISPLAY }),
  digest: (chart) => ({ spec: compile(forChat(chart).spec).spec, readable: { alt: chart.alt, tooltips: false }, display: CHAT_DISPLAY }),
  desktop: async (chart) => {
    const dashboard = await forDashboard(chart);
    return { spec: dashboard.vega, size: pictureSize(dashboard), readable: { alt: chart.alt, tooltips: true } };
  },
  phone: async (chart) => {
    const { phone } = await forDashboard(chart);
    return { spec: phone.vega, size: phone.size, readable: { alt: chart.alt, tooltips: true } };
  },
};

/** The gallery's questions, and the asks that broke the rules before (issue 21). */
const ASKS: { stage: StageName; params: Record<string, unknown>; label: string }[] = [
  ...STAGES.map((stage) => ({ stage, params: GALLERY_PARAMS[stage], label: 'gallery' })),
  { stage: 'identify', params: { genres: ['Family'] }, label: 'Family only' },
  { stage: 'identify', params: { mediaType: 'tv' }, label: 'TV only' },
  { stage: 'explore', params: { genres: ['Horror'] }, label: 'Horror scope' },
  { stage: 'understand', params: { mediaType: 'tv' }, label: 'TV only' },
  { stage: 'forecast', params: { genres: ['Drama', 'Comedy'] }, label: 'Drama and Comedy' },
];

let catalog: Catalog;
let replies: { ask: string; charts: ChartSpec[] }[];

beforeAll(async () => {
  catalog = await importSnapshot(SNAPSHOT_DIR, now);
  const models = createPort(trainModels(catalog, 42, { boosterTrees: 20, forestTrees: 10 }));
  replies = ASKS.map(({ stage, params, label }) => ({
    ask: `${stage} (${label})`,
    charts: chartsFor(validateAndRunStage(stage, params, { catalog, models, now }), { surface: 'dashboard' }),
  }));
}, 120_000);

const report = (violations: readonly Violation[]) => violations.map((v) => `${v.rule}: ${v.detail}`);

describe('chart rules on the scenegraph', () => {
  for (const size of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
    const display = size === 'chat' || size === 'digest' ? `, no text under ${CHAT_DISPLAY.min} px as shown ${CHAT_DISPLAY.width} px wide` : '';
    it(`every chart at the ${size} size: no overlapping text, nothing outside, every colour/size explained, shortened labels readable, no dominated bar scale${display}`, async () => {
      const failures: string[] = [];
      let drawn = 0;
      for (const reply of replies) {
        for (const chart of reply.charts) {
          const drawing = await SIZES[size](chart);
          const scene = await sceneOf(drawing.spec, drawing.size);
          drawn++;
          const small = drawing.display ? tooSmall(scene, drawing.display) : [];
          failures.push(...report([...checkScene(scene, drawing.readable), ...small]).map((f) => `${reply.ask} ${chart.id}: ${f}`));
        }
      }
      expect(drawn).toBeGreaterThan(40);
      expect(failures).toEqual([]);
    }, 120_000);
  }

  it('within one reply (a chat reply, a dashboard page), a title or a genre has one colour', async () => {
    const failures: string[] = [];
    let keyed = 0;
    for (const reply of replies) {
      const charts = await Promise.all(reply.charts.map(async (chart) => ({ id: chart.id, colours: coloursOf(await sceneOf(compile(chart.spec).spec)) })));
      keyed += charts.reduce((n, c) => n + c.colours.size, 0);
      failures.push(...report(colourClashes(charts)).map((f) => `${reply.ask}: ${f}`));
    }
    expect(keyed).toBeGreaterThan(50);
    expect(failures).toEqual([]);
  }, 120_000);
});

// ------------------------------------------------------------------------------------- the rules can fail

/** A deliberately broken chart: crowded, clipped, unexplained, silently cut and dominated. */
function brokenSpec(): TopLevelSpec {
  const names = ['A title long enough to be cut at the axis label limit', 'Beta', 'Gamma', 'Delta'];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME_CONFIG,
    width: SIZE.width,
    height: SIZE.height,
    autosize: { type: 'fit', contains: 'padding' },
    data: {
      values: names.map((name, i) => ({
        name,
        genre: ['Drama', 'Comedy', 'Horror', 'Action'][i],
        value: i === 0 ? 5000 : 100 + i,
        titles: 10 * (i + 1),
        x: 0.5,
        y: i === 3 ? -0.08 : 0.5,
      })),
    },
    layer: [
      {
        mark: 'bar',
        encoding: {
          y: { field: 'name', type: 'nominal', axis: { labelLimit: 80 } },
          x: { field: 'value', type: 'quantitative' },
          color: { field: 'genre', type: 'nominal', scale: genreColorScale(['Drama', 'Comedy', 'Horror', 'Action']), legend: null },
        },
      },
      // Two labels on the same spot, one far beyond the right edge.
      { mark: { type: 'text', fontSize: 14 }, encoding: { text: { value: 'Overlapping label' }, x: { value: 200 }, y: { value: 100 } } },
      { mark: { type: 'text', fontSize: 14 }, encoding: { text: { value: 'Another label' }, x: { value: 210 }, y: { value: 102 } } },
      { mark: { type: 'text', fontSize: 14 }, encoding: { text: { value: 'Off the edge' }, x: { value: 900 }, y: { value: 20 } } },
      {
        mark: 'point',
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: { domain: [0, 1] } },
          y: { field: 'y', type: 'quantitative', scale: { domain: [0, 1] } },
          size: { field: 'titles', type: 'quantitative', legend: null },
        },
      },
    ],
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as TopLevelSpec;
}

describe('the rules fail on a deliberately broken spec', () => {
  it('finds each broken rule, and a shortened label readable only when the alt text has it', async () => {
    const scene = await sceneOf(compile(brokenSpec()).spec);
    const rules = (violations: Violation[]) => new Set(violations.map((v) => v.rule));
    expect(overlapping(scene).map((v) => v.detail)).toContain('"Overlapping label" overlaps "Another label"');
    expect(outside(scene).some((v) => v.detail.includes('Off the edge'))).toBe(true);
    expect(outside(scene).some((v) => v.detail.includes('outside its plot'))).toBe(true);
    const missing = unexplained(scene).map((v) => v.detail);
    expect(missing.some((d) => d.includes('size scale'))).toBe(true);
    expect(missing.some((d) => d.includes('"Drama"') && d.includes('"Horror"'))).toBe(true);
    expect(shortened(scene, { alt: 'Four bars.' }).map((v) => v.detail)).toEqual([
      '"A title long enough to be cut at the axis label limit" is shortened and its full text is in neither the alt text nor a tooltip',
    ]);
    expect(shortened(scene, { alt: 'Bars of A title long enough to be cut at the axis label limit and three others.' })).toEqual([]);
    expect(dominated(scene)).toHaveLength(1);
    // Drawn 600 wide and shown at 480 (a desktop picture in a chat thread), its 11-px labels read at 8.8 px.
    expect(tooSmall(scene, { width: 480, min: 11 }).some((v) => v.detail.startsWith('"Beta" is 8.8 px'))).toBe(true);
    expect(tooSmall(scene, { width: 600, min: 11 })).toEqual([]);
    expect(rules(checkScene(scene, { alt: '' }))).toEqual(new Set(['overlap', 'outside', 'unexplained', 'shortened', 'dominated']));
  });

  it('finds a title drawn in two colours across one reply', () => {
    const clash = colourClashes([
      { id: 'forecast.velocity', colours: new Map([['title Dune: Prophecy (2024)', new Set(['#3b82f6'])]]) },
      { id: 'forecast.rising-stars', colours: new Map([['title Dune: Prophecy (2024)', new Set(['#be1e44'])]]) },
    ]);
    expect(clash).toEqual([
      { rule: 'colour', detail: 'title Dune: Prophecy (2024) is drawn in #3b82f6 (forecast.velocity) and #be1e44 (forecast.rising-stars)' },
    ]);
  });
});

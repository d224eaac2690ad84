/**
 * `ChartSpec`: one chart as plain data — a Vega-Lite spec with its data inline, plus what every surface shows
 * beside it (the "how to read this" sentence, the bullets about what it shows (the stage's `details` for its view), an alt text). The same JSON is
 * rasterised on the server (`renderChart`) and handed to vega-embed by the dashboard.
 *
 * `frame` wraps a chart body in the shared frame: theme, size, title with the caption line, inline data.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Field } from 'vega-lite/types_unstable/channeldef.js';
import type { LayerSpec, NonNormalizedSpec, UnitSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { Insight, StageName } from '../src/core/types.ts';
import type { ChartId, StageResult } from '../src/core/stages/types.ts';
import { notEnoughDataBody } from './empty.ts';
import { captionLine } from './format.ts';
import { measureText } from './text-metrics.ts';
import { FONT_SIZE, SIZE, THEME_CONFIG } from './theme.ts';

/** Room for the title: the chart's width less the theme's side padding. */
const TITLE_ROOM = SIZE.width - 28;

/** A title that is too long for the chart is set smaller (down to 13 px), then truncated, never clipped. */
function titleFor(text: string, asOf: string) {
  const width = measureText(text, FONT_SIZE.title, true);
  const fontSize = width <= TITLE_ROOM ? FONT_SIZE.title : Math.max(13, Math.floor((FONT_SIZE.title * TITLE_ROOM) / width));
  return { text, subtitle: captionLine(asOf), fontSize, limit: TITLE_ROOM };
}

export interface ChartSpec {
  /** Stable id, `<stage>.<view>` (e.g. `explore.genre-distribution`): file names, URLs, tests. */
  id: ChartId;
  stage: StageName;
  title: string;
  /** One "how to read this" sentence. */
  reading: string;
  /** The bullets about the view of the data this chart shows (`result.details`; the same on every surface). */
  insights: Insight[];
  /** One sentence describing what the chart shows, for screen readers and chat's text fallback. */
  alt: string;
  spec: TopLevelSpec;
  /**
   * The builder's own phone form, for a chart whose layout the generic phone pass (phone.ts) cannot reflow (a grid
   * of cards placed by position); the pass still sizes it for the phone.
   */
  phone?: TopLevelSpec;
  /** The builder's own chat form, laid out for the chat picture's plot (`CHAT_SCATTER_PLOT`); else the phone form is used. */
  chat?: TopLevelSpec;
  /** Why there is nothing to draw (the picture is a "not enough data" card): the dashboard shows the card, chat leaves it out. */
  missing?: string;
}

export type Surface = 'chat' | 'dashboard';

export type Row = Record<string, string | number | boolean | null>;
export type Unit = UnitSpec<Field>;
export type Layer = LayerSpec<Field>;
/** What `frame` accepts: a unit, a layer or a concatenation of them, without data/size/title/config. */
export type Body = Unit | Layer | Extract<NonNormalizedSpec, { vconcat: unknown } | { hconcat: unknown } | { concat: unknown }>;

export interface FrameOptions {
  title: string;
  asOf: string;
  /** Rows the body's marks read (a layer may bring its own `data` instead). */
  rows: readonly Row[];
  /** Plot size for concatenated bodies; single views fill the whole chart. */
  composite?: boolean;
}

/** The one place a spec gets its theme, size, title + caption and inline data. */
export function frame(body: Body, options: FrameOptions): TopLevelSpec {
  const common = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME_CONFIG,
    background: THEME_CONFIG.background,
    title: titleFor(options.title, options.asOf),
    data: { values: options.rows.map(jsonSafe) },
  };
  if (options.composite || 'vconcat' in body || 'hconcat' in body || 'concat' in body) {
    return { ...common, ...body, autosize: { type: 'pad' } } as TopLevelSpec;
  }
  return {
    ...common,
    ...body,
    width: SIZE.width,
    height: SIZE.height,
    autosize: { type: 'fit', contains: 'padding' },
  } as TopLevelSpec;
}

/**
 * No ARIA roles and labels per mark. The dashboard shows each chart inside an element with `role="img"` and the
 * chart's alt text, and a chat picture is a PNG with the same alt text, so assistive technology reads that one
 * sentence and never the marks inside; leaving them out spares an expression and three attributes per drawn mark
 * (in the browser, and in the SVG the rasteriser parses).
 */
export function withoutMarkDescriptions(spec: TopLevelSpec): TopLevelSpec {
  return { ...spec, config: { ...spec.config, aria: false } } as TopLevelSpec;
}

/** Inline data must survive JSON (the dashboard's API): non-finite numbers become null. */
function jsonSafe(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = typeof value === 'number' && !Number.isFinite(value) ? null : value;
  }
  return out;
}

export interface ChartText {
  id: ChartId;
  title: string;
  reading: string;
  alt: string;
}

/** What a builder draws: a body and its rows, or the reason there is not enough data to draw it. */
export type Drawing = { body: Body; rows: readonly Row[] } | { missing: string };

/**
 * The bullets about the view a chart shows: `result.details[view]` for the chart `<stage>.<view>`. A chart whose
 * view the stage does not describe is a programming error, not something to paper over with the stage's bullets.
 */
export function viewInsights(result: StageResult, chartId: ChartId): Insight[] {
  const view = chartId.startsWith(`${result.stage}.`) ? chartId.slice(result.stage.length + 1) : '';
  const details: Readonly<Record<string, Insight[]>> = result.details;
  const insights = details[view];
  if (!insights) throw new Error(`Chart ${chartId}: the ${result.stage} stage has no view '${view}'`);
  return insights;
}

/** Assembles one chart of a stage result: framed spec (or the not-enough-data card) plus its texts. */
export function stageChart(result: StageResult, text: ChartText, drawing: Drawing): ChartSpec {
  const base = { id: text.id, stage: result.stage, title: text.title, reading: text.reading, insights: viewInsights(result, text.id) };
  if ('missing' in drawing) {
    const empty = notEnoughDataBody(drawing.missing);
    return {
      ...base,
      alt: `${text.title}: not enough data to draw this chart (${drawing.missing})`,
      missing: drawing.missing,
      spec: frame(empty.body, { title: text.title, asOf: result.asOf, rows: empty.rows }),
    };
  }
  return { ...base, alt: text.alt, spec: frame(drawing.body, { title: text.title, asOf: result.asOf, rows: drawing.rows }) };
}

/** One chart of a stage: its id, whether chat shows it (aggregated, thread-sized), and its pure builder. */
export interface ChartBuilder<R extends StageResult> {
  id: ChartId<R['stage']>;
  chat: boolean;
  build: (result: R) => ChartSpec;
}

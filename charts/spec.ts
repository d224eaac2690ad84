/**
 * `ChartSpec`: one chart as plain data — a Vega-Lite spec with its data inline, plus what every surface shows
 * beside it (the "how to read this" sentence, the stage's insight bullets, an alt text). The same JSON is
 * rasterised on the server (`renderChart`) and handed to vega-embed by the dashboard.
 *
 * `frame` wraps a chart body in the shared frame: theme, size, title with the caption line, inline data.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Field } from 'vega-lite/types_unstable/channeldef.js';
import type { LayerSpec, NonNormalizedSpec, UnitSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { Insight, StageName } from '../src/core/types.ts';
import { captionLine } from './format.ts';
import { SIZE, THEME_CONFIG } from './theme.ts';

export interface ChartSpec {
  /** Stable id, `<stage>.<chart>` (e.g. `explore.genre-distribution`): file names, URLs, tests. */
  id: string;
  stage: StageName;
  title: string;
  /** One "how to read this" sentence. */
  reading: string;
  /** The stage result's insight bullets this chart illustrates (the same on every surface). */
  insights: Insight[];
  /** One sentence describing what the chart shows, for screen readers and chat's text fallback. */
  alt: string;
  spec: TopLevelSpec;
}

export type Surface = 'chat' | 'dashboard';

export type Row = Record<string, string | number | boolean | null>;
export type Unit = UnitSpec<Field>;
export type Layer = LayerSpec<Field>;
/** What `frame` accepts: a unit, a layer or a concatenation of them, without data/size/title/config. */
export type Body = Unit | Layer | Extract<NonNormalizedSpec, { vconcat: unknown } | { hconcat: unknown }>;

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
    title: { text: options.title, subtitle: captionLine(options.asOf) },
    data: { values: options.rows.map((row) => ({ ...row })) },
  };
  if (options.composite || 'vconcat' in body || 'hconcat' in body) {
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

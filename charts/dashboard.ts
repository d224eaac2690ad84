/**
 * The dashboard's form of a chart: the same Vega-Lite spec chat rasterises, made interactive (zoom and pan where
 * the chart allows it, tooltips where the builder chose none) and compiled to Vega here, on the server. The
 * browser then loads only vega + vega-embed (not vega-lite's 250 kB) and does not compile: on this 2-core machine
 * that is about a third of a page's time to its charts (docs/dashboard.md, "Speed"). Pure: spec in, spec out.
 */
import type { Spec as VegaSpec } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { forPhone, PHONE_WIDTH } from './phone.ts';
import { vegaLiteCompiler } from './render.ts';
import { withoutMarkDescriptions, type ChartSpec } from './spec.ts';

export type { Spec as VegaSpec } from 'vega';

/** What `/api/stage/<stage>` carries per chart. */
export interface DashboardChart extends Omit<ChartSpec, 'spec' | 'phone'> {
  /** The chart compiled to Vega, ready for `vegaEmbed(el, vega, { mode: 'vega' })`. */
  vega: VegaSpec;
  /**
   * The drawing size of a single-view chart, which the page scales to its card (`view.width/height`); absent for
   * concatenations (small multiples), which are drawn at the size their builder chose.
   */
  size?: { width: number; height: number };
  /** Scroll zooms and drag pans the chart (double-click resets). */
  zoom: boolean;
  /** Rows of inline data: the page draws big charts on a canvas rather than as thousands of SVG nodes. */
  rows: number;
  /**
   * The chart's phone form (charts/phone.ts), compiled the same way: the page draws it on a card narrower than
   * the desktop form's labels need, at the card's width and this height.
   */
  phone: { vega: VegaSpec; size?: { width: number; height: number } };
}

type Json = Record<string, unknown>;

const CONTINUOUS = new Set(['quantitative', 'temporal']);
const ZOOMABLE_MARKS = new Set(['point', 'circle', 'square', 'line', 'area', 'tick', 'trail']);
const COMPOSITE_KEYS = ['hconcat', 'vconcat', 'concat', 'facet', 'repeat'] as const;

const isComposite = (spec: Json): boolean => COMPOSITE_KEYS.some((key) => key in spec);

function markType(unit: Json): string {
  const mark = unit.mark;
  if (typeof mark === 'string') return mark;
  return typeof mark === 'object' && mark !== null && typeof (mark as Json).type === 'string' ? ((mark as Json).type as string) : '';
}

function channelType(encoding: unknown, channel: 'x' | 'y'): string {
  const def = typeof encoding === 'object' && encoding !== null ? (encoding as Json)[channel] : undefined;
  return typeof def === 'object' && def !== null && typeof (def as Json).type === 'string' ? ((def as Json).type as string) : '';
}

/**
 * Adds zoom and pan (an interval selection bound to the scales) to a single view or layer whose x and y are both
 * continuous and whose marks are points or lines, and clips its marks to the plot. Bars, heatmaps and
 * concatenations, and specs that already declare selections, are returned unchanged.
 */
export function withZoom(spec: TopLevelSpec): TopLevelSpec {
  const top = spec as unknown as Json;
  if (isComposite(top)) return spec;
  const layers = Array.isArray(top.layer) ? (top.layer as Json[]) : undefined;
  const units = layers ?? [top];
  const zoomable = units.find(
    (unit) =>
      ZOOMABLE_MARKS.has(markType(unit)) &&
      CONTINUOUS.has(channelType(unit.encoding ?? top.encoding, 'x')) &&
      CONTINUOUS.has(channelType(unit.encoding ?? top.encoding, 'y')),
  );
  if (!zoomable || units.some((unit) => Array.isArray(unit.params) && unit.params.length > 0)) return spec;
  const zoom = { name: 'zoom', select: 'interval', bind: 'scales' };
  const clipped = (unit: Json): Json => ({
    ...unit,
    mark: typeof unit.mark === 'string' ? { type: unit.mark, clip: true } : { ...(unit.mark as Json), clip: true },
  });
  if (!layers) return { ...clipped(top), params: [zoom] } as unknown as TopLevelSpec;
  const layer = layers.map((unit) => ({ ...clipped(unit), ...(unit === zoomable ? { params: [zoom] } : {}) }));
  return { ...top, layer } as unknown as TopLevelSpec;
}

/** Hover tooltips for a chart whose builder chose none: every mark shows its encoded fields. */
export function withTooltips(spec: TopLevelSpec): TopLevelSpec {
  if (JSON.stringify(spec).includes('"tooltip"')) return spec;
  const config = (spec.config ?? {}) as Json;
  return { ...spec, config: { ...config, mark: { ...(config.mark as Json | undefined), tooltip: { content: 'encoding' } } } } as TopLevelSpec;
}

const hasZoom = (spec: TopLevelSpec): boolean => JSON.stringify(spec).includes('"bind":"scales"');

function rowCount(spec: TopLevelSpec): number {
  const data = (spec as unknown as Json).data;
  const values = typeof data === 'object' && data !== null ? (data as Json).values : undefined;
  return Array.isArray(values) ? values.length : 0;
}

/** A single view's drawing size; undefined for concatenations. */
function sizeOf(spec: TopLevelSpec): { width: number; height: number } | undefined {
  const { width, height } = spec as unknown as Json;
  return typeof width === 'number' && typeof height === 'number' && !isComposite(spec as unknown as Json) ? { width, height } : undefined;
}

const interactive = (spec: TopLevelSpec): TopLevelSpec => withoutMarkDescriptions(withTooltips(withZoom(spec)));

/**
 * A chart as the dashboard draws it: interactive, compiled to Vega, with the facts the page needs to size it.
 * Async only to load vega-lite on first use (render.ts `loadEngine`).
 */
export async function forDashboard(chart: ChartSpec): Promise<DashboardChart> {
  const compile = await vegaLiteCompiler();
  const { spec, phone: ownPhone, ...text } = chart;
  const desktop = interactive(spec);
  const phone = forPhone(ownPhone ?? spec, PHONE_WIDTH);
  const size = sizeOf(spec);
  const phoneSize = sizeOf(phone);
  return {
    ...text,
    vega: compile(desktop).spec,
    ...(size ? { size } : {}),
    zoom: hasZoom(desktop),
    rows: rowCount(spec),
    phone: { vega: compile(interactive(phone)).spec, ...(phoneSize ? { size: phoneSize } : {}) },
  };
}

/**
 * The phone form of a chart: a pure compile pass over the same Vega-Lite spec the desktop and chat forms come
 * from, for a drawing narrower than the labels of the desktop form need (a card on a 390-px screen is about
 * 330 px wide, where the desktop drawing is 960). Shrinking the desktop drawing into that width makes its text
 * 3–4 px and piles its labels onto one another; this pass instead lays the chart out for the width it gets:
 *
 * - Height does not shrink with width: a single view keeps at least the height it was built with, and a view
 *   with one row per category gets a fixed row height (`ROW_HEIGHT`), however many rows there are.
 * - Small multiples are stacked: one column, each panel the full width.
 * - Labels that would collide are thinned by Vega (`labelOverlap`), long category labels end in an ellipsis
 *   (the full text stays in the mark's tooltip), and column labels are turned so they do not collide.
 * - Legends go under the plot, where they cost height, not the plot's width. A title too long for the width
 *   wraps onto a second line.
 * - A grid of values (a heatmap's cell labels) whose labels would not fit their cells keeps its colours and
 *   tooltips but drops the printed values.
 * - Text stays at the theme's sizes: nothing is drawn below 11 px.
 *
 * The server draws its picture of the chart and the browser its live chart from this one pass, so both are the
 * same phone chart (docs/dashboard.md, "On a phone").
 */
import type { TopLevelSpec } from 'vega-lite';
import { measureText } from './text-metrics.ts';
import { FONT_SIZE } from './theme.ts';

/** The width the server draws a phone chart at: a card on a 390-px-wide phone screen. */
export const PHONE_WIDTH = 330;
/** Below this card width the page draws the phone form (the desktop form's labels need about this much). */
export const PHONE_BELOW = 560;
/** What a stacked panel needs beside its plot: y-axis labels and title, and the drawing's padding. */
const PANEL_SURROUND = 72;
/**
 * The plot of a scatter with placed labels in its phone form (legends under it), a little smaller than drawn: the
 * builders place their labels again for it, so they do not collide on a phone.
 */
export const PHONE_SCATTER_PLOT = { width: 240, height: 170 };
/** The phone form's height for such a scatter: its legends go under the plot and must not squeeze it. */
export const PHONE_SCATTER_HEIGHT = 460;
/** Height of one category row in a phone chart. */
export const ROW_HEIGHT = 22;
/** Category labels longer than this (px) end in an ellipsis on a phone; wider drawings give them the same share of their width. */
const LABEL_LIMIT = 104;
const labelLimitFor = (width: number): number => Math.round((LABEL_LIMIT * Math.max(width, PHONE_WIDTH)) / PHONE_WIDTH);

type Json = Record<string, unknown>;

const COMPOSITE_KEYS = ['hconcat', 'vconcat', 'concat'] as const;
const BAND_TYPES = new Set(['nominal', 'ordinal']);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The units of a view: itself, or its layers (nested layers flattened). */
function unitsOf(view: Json): Json[] {
  return Array.isArray(view.layer) ? (view.layer as Json[]).flatMap(unitsOf) : [view];
}

/** The distinct values of the field a view puts on a band channel (y for rows, x for columns), if any. */
function bandCount(view: Json, channel: 'x' | 'y', inherited?: Json): number {
  const data = isObject(view.data) ? view.data : inherited;
  let most = 0;
  for (const unit of unitsOf(view)) {
    const encoding = isObject(unit.encoding) ? unit.encoding : isObject(view.encoding) ? view.encoding : {};
    const def = encoding[channel];
    if (!isObject(def) || !BAND_TYPES.has(String(def.type)) || typeof def.field !== 'string') continue;
    const unitData = isObject(unit.data) ? unit.data : data;
    const values = isObject(unitData) && Array.isArray(unitData.values) ? (unitData.values as Json[]) : [];
    most = Math.max(most, new Set(values.map((row) => row[def.field as string])).size);
  }
  return most;
}

/** The phone config: the theme's, with labels that give way instead of colliding and legends under the plot. */
function phoneConfig(config: Json | undefined, labelLimit: number): Json {
  const axis = isObject(config?.axis) ? config.axis : {};
  const axisX = isObject(config?.axisX) ? config.axisX : {};
  const legend = isObject(config?.legend) ? config.legend : {};
  return {
    ...config,
    axis: { ...axis, labelOverlap: 'greedy', labelLimit, labelFontSize: FONT_SIZE.label, titleFontSize: FONT_SIZE.axisTitle },
    axisX: { ...axisX, labelFlush: true },
    axisBand: { labelOverlap: 'greedy' },
    axisXBand: { labelAngle: -90, labelAlign: 'right', labelBaseline: 'middle' },
    legend: { ...legend, orient: 'bottom', direction: 'horizontal', columns: 2, labelLimit: 130 },
    title: { ...(isObject(config?.title) ? config.title : {}), fontSize: 15 },
  };
}

/** Title size on a phone, and the room beside it (the drawing's side padding). */
const TITLE_SIZE = 15;
const TITLE_PADDING = 28;

/** The chart's title wrapped to the phone width, one line per array entry (Vega draws each on its own line). */
function phoneTitle(title: unknown, width: number): unknown {
  if (!isObject(title) || typeof title.text !== 'string') return title;
  const room = width - TITLE_PADDING;
  const lines: string[] = [];
  let line = '';
  for (const word of title.text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measureText(candidate, TITLE_SIZE, true) > room) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  lines.push(line);
  return { ...title, text: lines.length === 1 ? lines[0] : lines, fontSize: TITLE_SIZE, limit: room };
}

/** Average width of a printed value per character at the mark font size (DejaVu Sans digits are 0.64 em). */
const VALUE_CHAR = FONT_SIZE.mark * 0.64;

/**
 * Drops a layer's printed values when they are laid out on a band of columns too narrow for them (a heatmap's
 * cell labels at phone width): the cells keep their colour and tooltips.
 */
function withoutCrowdedValues(view: Json, width: number, inherited?: Json): Json {
  if (!Array.isArray(view.layer)) return view;
  const columns = bandCount(view, 'x', inherited);
  if (columns === 0) return view;
  // The row labels take their limit and a little room of the width.
  const cell = (width - labelLimitFor(width) - 12) / columns;
  const data = isObject(view.data) ? view.data : inherited;
  const kept = (view.layer as Json[]).filter((unit) => {
    const mark = typeof unit.mark === 'string' ? unit.mark : isObject(unit.mark) ? unit.mark.type : undefined;
    const encoding = isObject(unit.encoding) ? unit.encoding : {};
    if (mark !== 'text' || !isObject(encoding.x) || !BAND_TYPES.has(String(encoding.x.type)) || !isObject(encoding.text)) return true;
    const field = encoding.text.field;
    const values = isObject(data) && Array.isArray(data.values) ? (data.values as Json[]) : [];
    const longest = Math.max(0, ...values.map((row) => String(row[field as string] ?? '').length));
    return longest * VALUE_CHAR + 4 <= cell;
  });
  if (kept.length === view.layer.length) return view;
  // The printed values were the colour's key: without them the cells' colour scale gets its legend.
  const layer = kept.map((unit) => {
    const encoding = isObject(unit.encoding) ? unit.encoding : undefined;
    const color = encoding && isObject(encoding.color) ? encoding.color : undefined;
    if (!encoding || !color || color.type !== 'quantitative' || color.legend !== null) return unit;
    return { ...unit, encoding: { ...encoding, color: { ...color, legend: { title: null, gradientLength: Math.min(200, width - 80) } } } };
  });
  return { ...view, layer };
}

/**
 * A builder's own axis and legend settings win over the config, so the phone's are written into them too:
 * column labels turned and thinned, legends under the plot. Axes and legends a builder hid stay hidden.
 */
function phoneEncoding(encoding: Json, legendColumns: number, labelLimit: number): Json {
  const out: Json = { ...encoding };
  for (const [channel, def] of Object.entries(encoding)) {
    if (!isObject(def)) continue;
    const band = BAND_TYPES.has(String(def.type));
    if ((channel === 'x' || channel === 'y') && isObject(def.axis)) {
      const turned = channel === 'x' && band ? { labelAngle: -90, labelAlign: def.axis.orient === 'top' ? 'left' : 'right', labelBaseline: 'middle' } : {};
      out[channel] = { ...def, axis: { ...def.axis, labelOverlap: 'greedy', labelLimit, ...turned } };
    } else if (isObject(def.legend)) {
      out[channel] = {
        ...def,
        legend: { ...def.legend, orient: 'bottom', direction: 'horizontal', columns: legendColumns, legendX: undefined, legendY: undefined },
      };
    }
  }
  return out;
}

/** How many legends a view draws (its layers' included). */
function legendCount(view: Json): number {
  const own = isObject(view.encoding) ? Object.values(view.encoding).filter((def) => isObject(def) && isObject(def.legend)).length : 0;
  return own + (Array.isArray(view.layer) ? (view.layer as Json[]).reduce((n, unit) => n + legendCount(unit), 0) : 0);
}

/**
 * A view with the phone's axis and legend settings in every layer. Legends under the plot sit side by side, so a
 * view with several gets one column each (two columns of one legend fit the width; two legends of two do not).
 */
function phoneLayers(view: Json, labelLimit: number, legendColumns = legendCount(view) > 1 ? 1 : 2): Json {
  const out: Json = { ...view };
  if (isObject(view.encoding)) out.encoding = phoneEncoding(view.encoding, legendColumns, labelLimit);
  if (Array.isArray(view.layer)) out.layer = (view.layer as Json[]).map((unit) => phoneLayers(unit, labelLimit, legendColumns));
  return out;
}

/** A single view at the phone width: rows at a fixed height, never shorter than it was built. */
function sizedView(view: Json, width: number, inherited?: Json): Json {
  const rows = bandCount(view, 'y', inherited);
  const built = typeof view.height === 'number' ? view.height : undefined;
  const out: Json = { ...phoneLayers(withoutCrowdedValues(view, width, inherited), labelLimitFor(width)), width };
  if (rows > 0) out.height = Math.max(built ?? 0, rows * ROW_HEIGHT);
  return out;
}

/**
 * The phone form of a chart spec (see the module comment). Pure: the spec is not changed. A spec that is already
 * narrower than `width` is returned as it is.
 */
export function forPhone(spec: TopLevelSpec, width: number = PHONE_WIDTH): TopLevelSpec {
  const top = spec as unknown as Json;
  if (typeof top.width === 'number' && top.width <= width) return spec;
  const config = phoneConfig(isObject(top.config) ? top.config : undefined, labelLimitFor(width));
  const data = isObject(top.data) ? top.data : undefined;
  const key = COMPOSITE_KEYS.find((k) => Array.isArray(top[k]));
  if (key) {
    // Small multiples, one under another, each the full width less its axis labels and the padding around it
    // (a concatenation's width is its panels' plots, not the whole drawing).
    const panels = (top[key] as Json[]).map((panel) => sizedView(panel, width - PANEL_SURROUND, data));
    const { [key]: _panels, columns: _columns, ...rest } = top;
    return { ...rest, title: phoneTitle(top.title, width), vconcat: panels, config } as unknown as TopLevelSpec;
  }
  return { ...sizedView(top, width), title: phoneTitle(top.title, width), config } as unknown as TopLevelSpec;
}

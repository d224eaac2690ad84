/**
 * Shared building blocks of the spec builders: the genre colour encoding, number/percent axes, ranked bars,
 * heatmaps, lines with interval bands, and value labels. Each returns plain Vega-Lite JSON; the per-stage
 * builders compose them, so a bar chart or a heatmap looks and reads the same in every stage.
 */
import type { Body, Layer, Row, Unit } from './spec.ts';
import { NUMBER_LABEL_EXPR, numberExpr, PERCENT_FORMAT } from './format.ts';
import { genreColorScale } from './palette.ts';
import { measureText } from './text-metrics.ts';
import { COLORS, FONT_SIZE } from './theme.ts';

export type ValueKind = 'number' | 'percent' | 'score';

/** Axis for a quantity: k/M/B labels for numbers, whole percentages for shares, plain for 0–10 scores. */
export function valueAxis(title: string | string[] | null, kind: ValueKind = 'number', extra: Record<string, unknown> = {}) {
  if (kind === 'percent') return { title, format: PERCENT_FORMAT, ...extra };
  if (kind === 'score') return { title, ...extra };
  return { title, labelExpr: NUMBER_LABEL_EXPR, ...extra };
}

/** Colour by genre from the one palette; `legend: false` when the genre is already written on the axis. */
export function genreColor(field: string, genres: readonly string[], legend: boolean | Record<string, unknown> = false) {
  return {
    field,
    type: 'nominal' as const,
    scale: genreColorScale(genres),
    legend: legend === false ? null : legend === true ? { title: null } : legend,
  };
}

/** Values of a row field, in row order, without repeats (for scale domains and sort orders). */
export function distinct(rows: readonly Row[], field: string): string[] {
  return [...new Set(rows.map((r) => String(r[field])))];
}

export interface BarsOptions {
  /** Category on the band axis, drawn in row order (sort the rows first). */
  category: string;
  value: string;
  /** A preformatted label per row (e.g. from `formatNumber`), drawn at the bar's end; omit for none. */
  label?: string;
  kind?: ValueKind;
  valueTitle?: string | null;
  /** Colour: a genre field (with a legend on top when `legend`), a field with its own domain/range, or one fixed colour. */
  color?: { genre: string; legend?: boolean } | { field: string; domain: string[]; range: string[]; title?: string | null } | string;
  /** Stack by this field (e.g. media type) instead of one bar per category. */
  stack?: boolean;
  /** Vertical bars (categories on x), e.g. years. */
  vertical?: boolean;
  labelLimit?: number;
  /**
   * Break the value axis when one bar would flatten the rest (`outlierCap`): the scale ends a little past the
   * second longest bar, the outlier's bar runs to the end with a gap cut into it, and its label is written on it.
   * Horizontal, unstacked bars with labels only.
   */
  breakOutlier?: boolean;
}

/** The largest value is over 4× the next: one bar would flatten the rest on a linear axis. */
export const DOMINANCE = 4;

/**
 * Where to end a broken value axis: 1.5× the second largest value when the largest is over `DOMINANCE` times it
 * (and there are 3+ values), else null (no break needed).
 */
export function outlierCap(values: readonly number[]): number | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => b - a);
  if (sorted.length < 3 || sorted[1] <= 0 || sorted[0] <= DOMINANCE * sorted[1]) return null;
  return sorted[1] * 1.5;
}

/** Ranked bars: horizontal by default, categories in row order, value labels at the end of each bar. */
export function bars(rows: readonly Row[], o: BarsOptions): Body {
  const cap = o.breakOutlier && o.label && !o.stack && !o.vertical ? outlierCap(rows.map((r) => Number(r[o.value]))) : null;
  if (cap !== null) return brokenBars(rows, o, cap);
  const order = distinct(rows, o.category);
  const band = {
    field: o.category,
    type: 'nominal' as const,
    sort: order,
    title: null,
    axis: o.vertical ? { labelAngle: 0, labelOverlap: 'greedy' as const } : { labelLimit: o.labelLimit ?? 150, ticks: false, domain: false },
  };
  const value = {
    field: o.value,
    type: 'quantitative' as const,
    stack: o.stack ? ('zero' as const) : null,
    ...(o.label && !o.vertical && !o.stack ? { scale: { domainMax: roomForLabels(rows, o) } } : {}),
    axis: valueAxis(o.valueTitle ?? null, o.kind, { grid: true, tickCount: 5 }),
  };
  const color = colorEncoding(o.color, rows);
  const barMark: Unit = {
    mark: { type: 'bar', cornerRadiusEnd: o.stack ? 0 : 3, ...(o.vertical ? {} : { height: { band: 0.72 } }) },
    encoding: o.vertical ? { x: band, y: value, ...color } : { y: band, x: value, ...color },
  };
  if (!o.label) return { layer: [barMark] };
  const labelMark: Unit = {
    mark: o.vertical
      ? { type: 'text', dy: -7, color: COLORS.secondary, fontSize: FONT_SIZE.mark - 1 }
      : { type: 'text', align: 'left', dx: 4, color: COLORS.secondary, fontSize: FONT_SIZE.mark - 1 },
    encoding: o.vertical
      ? { x: band, y: { ...value, aggregate: o.stack ? 'sum' : undefined }, text: { field: o.label } }
      : { y: band, x: { ...value, aggregate: o.stack ? 'sum' : undefined }, text: { field: o.label } },
  };
  if (o.stack) {
    // Stacked bars carry one total label per category: only rows flagged `total` draw it.
    labelMark.transform = [{ filter: 'datum.total === true' }];
    labelMark.encoding = o.vertical
      ? { x: band, y: { field: 'totalValue', type: 'quantitative' }, text: { field: o.label } }
      : { y: band, x: { field: 'totalValue', type: 'quantitative' }, text: { field: o.label } };
  }
  return { layer: [barMark, labelMark] };
}

/**
 * The value axis' end that leaves room inside the plot for each bar's label after its bar, at whatever width the
 * chart is drawn (a Vega expression of the plot's `width`): the bar whose end plus label reaches furthest decides.
 */
function roomForLabels(rows: readonly Row[], o: BarsOptions): { expr: string } {
  const values = rows.map((r) => Number(r[o.value]));
  const max = Math.max(0, ...values.filter(Number.isFinite));
  const needs = rows
    .map((r, i) => ({ v: values[i], label: measureText(String(r[o.label ?? ''] ?? ''), FONT_SIZE.mark - 1) + 8 }))
    .filter(({ v }) => Number.isFinite(v) && v > 0)
    .map(({ v, label }) => `${v} / max(0.3, 1 - ${label.toFixed(1)} / width)`);
  return { expr: needs.length > 0 ? `max(${max || 1}, ${needs.join(', ')})` : String(max || 1) };
}

/** `bars` with a broken value axis at `cap`: see `BarsOptions.breakOutlier`. */
function brokenBars(rows: readonly Row[], o: BarsOptions, cap: number): Body {
  const band = {
    field: o.category,
    type: 'nominal' as const,
    sort: distinct(rows, o.category),
    title: null,
    axis: { labelLimit: o.labelLimit ?? 150, ticks: false, domain: false },
  };
  const value = {
    field: 'drawn',
    type: 'quantitative' as const,
    scale: { domain: [0, cap], nice: false },
    axis: valueAxis(o.valueTitle ?? null, o.kind, { grid: true, tickCount: 4 }),
  };
  const transform = [
    { calculate: `min(datum['${o.value}'], ${cap})`, as: 'drawn' },
    { calculate: `datum['${o.value}'] > ${cap}`, as: 'broken' },
  ];
  const tooltip = [
    { field: o.category, title: null },
    { field: o.label ?? o.value, title: o.valueTitle ?? 'Value' },
  ];
  const label = (broken: boolean): Unit => ({
    transform: [...transform, { filter: broken ? 'datum.broken' : '!datum.broken' }],
    mark: broken
      ? { type: 'text', align: 'right', dx: -6, color: COLORS.text, fontWeight: 'bold', fontSize: FONT_SIZE.mark - 1 }
      : { type: 'text', align: 'left', dx: 4, color: COLORS.secondary, fontSize: FONT_SIZE.mark - 1 },
    encoding: { y: band, x: value, text: { field: o.label ?? o.value } },
  });
  return {
    layer: [
      {
        transform,
        mark: { type: 'bar', cornerRadiusEnd: 3, height: { band: 0.72 } },
        encoding: { y: band, x: value, ...colorEncoding(o.color, rows), tooltip },
      },
      // The break: a gap of background cut across the outlier's bar, as on a broken axis.
      {
        transform: [...transform, { filter: 'datum.broken' }],
        mark: { type: 'bar', color: COLORS.background, height: { band: 0.9 } },
        encoding: { y: band, x: { datum: cap * 0.8, type: 'quantitative' }, x2: { datum: cap * 0.83 } },
      },
      label(true),
      label(false),
    ],
  };
}

function colorEncoding(color: BarsOptions['color'], rows: readonly Row[]) {
  if (color === undefined) return {};
  if (typeof color === 'string') return { color: { value: color } };
  if ('genre' in color) {
    const legend = color.legend ? { title: null, orient: 'top' as const, direction: 'horizontal' as const, columns: 4, labelLimit: 110 } : false;
    return { color: genreColor(color.genre, distinct(rows, color.genre), legend) };
  }
  return {
    color: {
      field: color.field,
      type: 'nominal' as const,
      scale: { domain: color.domain, range: color.range },
      legend: { title: color.title ?? null, orient: 'bottom-right' as const, direction: 'vertical' as const },
    },
  };
}

export interface HeatmapOptions {
  x: string;
  y: string;
  value: string;
  /** Preformatted cell text; omit to leave cells unlabelled. */
  label?: string;
  /** Fields a cell's tooltip lists (the dashboard's hover); none by default. */
  tooltip?: string[];
  xOrder: string[];
  yOrder: string[];
  /** A diverging scale centred on 0 (correlations) or a sequential one (0 → accent). */
  diverging?: boolean;
  domain?: [number, number];
  /** The diverging scale's neutral value (default 0). */
  mid?: number;
  legendTitle?: string | null;
  /** Hide the colour legend when the printed values say it all. */
  legend?: boolean;
  xTitle?: string | null;
}

/** A matrix of cells coloured by value, optionally with the value printed in each cell. */
export function heatmap(o: HeatmapOptions): Body {
  const scale = o.diverging
    ? { domain: o.domain ?? [-1, 1], range: ['#2563eb', COLORS.card, COLORS.accent], domainMid: o.mid ?? 0, clamp: true }
    : { domain: o.domain, range: [COLORS.card, COLORS.accent], clamp: true };
  const x = {
    field: o.x,
    type: 'ordinal' as const,
    sort: o.xOrder,
    title: o.xTitle ?? null,
    axis: { labelAngle: 0, orient: 'top' as const, ticks: false, domain: false, labelOverlap: false },
  };
  const y = { field: o.y, type: 'ordinal' as const, sort: o.yOrder, title: null, axis: { ticks: false, domain: false } };
  const cells: Unit = {
    mark: { type: 'rect', stroke: COLORS.background, strokeWidth: 1.5, cornerRadius: 2 },
    encoding: {
      x,
      y,
      color: {
        field: o.value,
        type: 'quantitative',
        scale,
        legend: o.legend === false ? null : { title: o.legendTitle ?? null, orient: 'right', gradientLength: 160, labelExpr: NUMBER_LABEL_EXPR },
      },
      ...(o.tooltip ? { tooltip: o.tooltip.map((field) => ({ field })) } : {}),
    },
  };
  if (!o.label) return { layer: [cells] };
  const text: Unit = {
    mark: { type: 'text', fontSize: FONT_SIZE.mark - 1 },
    encoding: { x, y, text: { field: o.label }, color: { value: COLORS.text } },
  };
  return { layer: [cells, text] };
}

/** Horizontal reference rule at a fixed value, with a label at its right end. */
export function ruleAt(axis: 'x' | 'y', value: number, label: string, color: string = COLORS.secondary): Layer {
  const position = { datum: value, type: 'quantitative' as const };
  return {
    // Its own one-row data: inheriting the chart's rows would draw the label once per row.
    data: { values: [{}] },
    layer: [
      { mark: { type: 'rule', color, strokeDash: [4, 4], strokeWidth: 1.2 }, encoding: { [axis]: position } },
      {
        mark:
          axis === 'y'
            ? { type: 'text', align: 'right', dy: -6, color, fontSize: FONT_SIZE.mark - 1 }
            : { type: 'text', align: 'left', dx: 4, baseline: 'top', color, fontSize: FONT_SIZE.mark - 1 },
        encoding: axis === 'y' ? { y: position, x: { value: 'width' }, text: { value: label } } : { x: position, y: { value: 0 }, text: { value: label } },
      },
    ],
  };
}

/**
 * A legend for layers that each draw one series (bars + line, history + forecast): `legend('Hit rate')` is the
 * colour channel of the layer drawing that series, all sharing one scale.
 */
export function seriesColor(series: Record<string, string>, orient: 'top-left' | 'top-right' | 'bottom-right' | 'top' = 'top-left') {
  const scale = { domain: Object.keys(series), range: Object.values(series) };
  return (label: string) => ({
    datum: label,
    type: 'nominal' as const,
    scale,
    legend: { title: null, orient, direction: 'horizontal' as const },
  });
}

/** What the popularity axes show: the comparable measure (docs/core.md), not raw TMDB popularity. */
export const POPULARITY_AXIS_TITLE = 'Popularity percentile (within its source)';

/**
 * The x channel of a plan's outcome (predict's outlook and its comparables): the revenue multiple on a log scale
 * over `domain` for a movie judged in money, otherwise the popularity percentile on 0–100.
 */
export function outcomeX(inMoney: boolean, domain: readonly number[]) {
  return inMoney
    ? {
        type: 'quantitative' as const,
        scale: { type: 'log' as const, domain: [...domain], nice: false },
        axis: valueAxis('Revenue ÷ budget (log scale)', 'number', { grid: true, values: logTicks(domain as [number, number]) }),
      }
    : { type: 'quantitative' as const, scale: { domain: [0, 100] }, axis: valueAxis(`${POPULARITY_AXIS_TITLE}, 0–100`, 'number', { grid: true }) };
}

/**
 * The x channel for popularity percentile: linear 0–100 (the percentile is uniform by construction, so a log
 * scale would distort it). Refuses a field value range outside 0–100 (a tampered or corrupt model cache).
 */
export function popularityPercentileX(field: string, values: readonly number[] = []) {
  if (values.some((v) => !Number.isFinite(v) || v < 0 || v > 100)) throw new RangeError(`popularityPercentileX: popularity percentiles must lie in 0–100`);
  return {
    field,
    type: 'quantitative' as const,
    scale: { domain: [0, 100], nice: false },
    axis: { title: POPULARITY_AXIS_TITLE, values: [0, 25, 50, 75, 100], grid: false },
  };
}

export interface LabelCandidate {
  /** Position in the plot as fractions of its width and height (0,0 = bottom left). */
  fx: number;
  fy: number;
  /** Radius of the mark in pixels (labels keep clear of it). */
  radius: number;
  text: string;
}

export interface PlacedLabel {
  fx: number;
  fy: number;
  align: 'left' | 'right' | 'center';
}

/**
 * Greedy label placement for scatter plots: each label (most important first) takes the first of right, left,
 * above, below, four diagonals, above flush with either edge and two further out above and below its mark that overlaps neither an earlier label nor a mark, or is left out (null; the dashboard
 * still has tooltips). Widths come from the font's metrics, so placement is pure and the same everywhere.
 */
export function placeLabels(
  items: readonly LabelCandidate[],
  plot: { width: number; height: number },
  fontSize: number = FONT_SIZE.mark - 1,
  /** Other text already in the plot (pixel boxes [x1, y1, x2, y2], y up from the bottom) that labels keep clear of. */
  avoid: readonly [number, number, number, number][] = [],
): (PlacedLabel | null)[] {
  type Box = [number, number, number, number];
  const overlaps = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  /** Labels keep this many pixels apart, so two never read as one. */
  const pad = 4;
  const padded = (b: Box): Box => [b[0] - pad, b[1] - pad / 2, b[2] + pad, b[3] + pad / 2];
  const marks: Box[] = items.map((m) => {
    const x = m.fx * plot.width;
    const y = m.fy * plot.height;
    return [x - m.radius, y - m.radius, x + m.radius, y + m.radius];
  });
  const taken: Box[] = [...avoid];
  return items.map((m, i) => {
    const x = m.fx * plot.width;
    const y = m.fy * plot.height;
    const w = measureText(m.text, fontSize);
    const h = fontSize * 1.1;
    const gap = m.radius + 3;
    const options: [Box, PlacedLabel][] = [
      [[x + gap, y - h / 2, x + gap + w, y + h / 2], { fx: (x + gap) / plot.width, fy: m.fy, align: 'left' }],
      [[x - gap - w, y - h / 2, x - gap, y + h / 2], { fx: (x - gap) / plot.width, fy: m.fy, align: 'right' }],
      [[x - w / 2, y + gap, x + w / 2, y + gap + h], { fx: m.fx, fy: (y + gap + h / 2) / plot.height, align: 'center' }],
      [[x - w / 2, y - gap - h, x + w / 2, y - gap], { fx: m.fx, fy: (y - gap - h / 2) / plot.height, align: 'center' }],
      [
        [x + gap * 0.7, y + gap * 0.7, x + gap * 0.7 + w, y + gap * 0.7 + h],
        { fx: (x + gap * 0.7) / plot.width, fy: (y + gap * 0.7 + h / 2) / plot.height, align: 'left' },
      ],
      [
        [x + gap * 0.7, y - gap * 0.7 - h, x + gap * 0.7 + w, y - gap * 0.7],
        { fx: (x + gap * 0.7) / plot.width, fy: (y - gap * 0.7 - h / 2) / plot.height, align: 'left' },
      ],
      [
        [x - gap * 0.7 - w, y + gap * 0.7, x - gap * 0.7, y + gap * 0.7 + h],
        { fx: (x - gap * 0.7) / plot.width, fy: (y + gap * 0.7 + h / 2) / plot.height, align: 'right' },
      ],
      [
        [x - gap * 0.7 - w, y - gap * 0.7 - h, x - gap * 0.7, y - gap * 0.7],
        { fx: (x - gap * 0.7) / plot.width, fy: (y - gap * 0.7 - h / 2) / plot.height, align: 'right' },
      ],
      // Above, flush with the mark's left or right edge (near the plot's sides, where a centred label would leave it).
      [[x - m.radius, y + gap, x - m.radius + w, y + gap + h], { fx: (x - m.radius) / plot.width, fy: (y + gap + h / 2) / plot.height, align: 'left' }],
      [[x + m.radius - w, y + gap, x + m.radius, y + gap + h], { fx: (x + m.radius) / plot.width, fy: (y + gap + h / 2) / plot.height, align: 'right' }],
      // Further out (a crowded neighbourhood): a line's height beyond the mark, above and below.
      [[x - w / 2, y + gap + h, x + w / 2, y + gap + 2 * h], { fx: m.fx, fy: (y + gap + 1.5 * h) / plot.height, align: 'center' }],
      [[x - w / 2, y - gap - 2 * h, x + w / 2, y - gap - h], { fx: m.fx, fy: (y - gap - 1.5 * h) / plot.height, align: 'center' }],
    ];
    for (const [box, placed] of options) {
      // A little inside the top and right edges: a label reaching past the plot would push the title up and out.
      const inside = box[0] >= 0 && box[2] <= plot.width - 2 && box[1] >= -h / 2 && box[3] <= plot.height - 3;
      if (inside && !taken.some((t) => overlaps(t, padded(box))) && !marks.some((mk, j) => j !== i && overlaps(mk, box))) {
        taken.push(box);
        return placed;
      }
    }
    return null;
  });
}

/** Text layers for labels placed by `placeLabels`: rows carry `labelX`, `labelY`, `labelAlign` and `label`. */
export function placedLabelLayers(x: Record<string, unknown>, y: Record<string, unknown>): Unit[] {
  return (['left', 'right', 'center'] as const).map((align) => ({
    transform: [{ filter: `datum.labelAlign === '${align}'` }],
    mark: { type: 'text', align, baseline: 'middle', fontSize: FONT_SIZE.mark - 1, color: COLORS.text },
    encoding: { x: { ...x, field: 'labelX' }, y: { ...y, field: 'labelY' }, text: { field: 'label' } },
  }));
}

export interface DivergingOptions {
  category: string;
  value: string;
  /** Preformatted label drawn beyond the bar's end. */
  label: string;
  /** The value axis' title (lines, when an array). */
  valueTitle: string | string[] | null;
  kind?: ValueKind;
  /** Colour per row from this field (e.g. the winning side) instead of by sign, with a legend on top when titled. */
  colorField?: { field: string; domain: string[]; range: string[]; legend?: string };
  /** Extra tooltip fields for the bars (the dashboard). */
  tooltip?: { field: string; title: string }[];
}

/** Bars left and right of zero, in row order: green for positive, red for negative (or by `colorField`). */
export function divergingBars(rows: readonly Row[], o: DivergingOptions): Layer {
  const y = {
    field: o.category,
    type: 'nominal' as const,
    sort: distinct(rows, o.category),
    title: null,
    axis: { ticks: false, domain: false, labelLimit: 190 },
  };
  const values = rows.map((r) => Number(r[o.value])).filter(Number.isFinite);
  // Room beyond the longest bar for its label (a phone draws the plot a third as wide as a desktop).
  const reach = Math.max(1e-9, ...values.map(Math.abs)) * 1.6;
  const x = { field: o.value, type: 'quantitative' as const, scale: { domain: [-reach, reach] }, axis: valueAxis(o.valueTitle, o.kind, { tickCount: 5 }) };
  const color = o.colorField
    ? {
        field: o.colorField.field,
        type: 'nominal' as const,
        scale: { domain: o.colorField.domain, range: o.colorField.range },
        legend: o.colorField.legend ? { title: o.colorField.legend, orient: 'top' as const, direction: 'horizontal' as const } : null,
      }
    : { condition: { test: `datum['${o.value}'] >= 0`, value: COLORS.green }, value: COLORS.red };
  const text = (align: 'left' | 'right', test: string): Unit => ({
    transform: [{ filter: test }],
    mark: { type: 'text', align, dx: align === 'left' ? 4 : -4, color: COLORS.secondary, fontSize: FONT_SIZE.mark - 1 },
    encoding: { y, x, text: { field: o.label } },
  });
  return {
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 3, height: { band: 0.7 } },
        encoding: { y, x, color, ...(o.tooltip ? { tooltip: [{ field: o.category, title: null }, ...o.tooltip] } : {}) },
      },
      { data: { values: [{}] }, mark: { type: 'rule', color: COLORS.muted }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      text('left', `datum['${o.value}'] >= 0`),
      text('right', `datum['${o.value}'] < 0`),
    ],
  };
}

/** Tick values 1-2-5 per decade inside `domain`, for log axes (at most about eight). */
export function logTicks(domain: readonly [number, number] | number[]): number[] {
  const [lo, hi] = [domain[0], domain[domain.length - 1]];
  if (lo > hi) return []; // an empty domain (no data: [Infinity, -Infinity]) has no ticks
  // An infinite bound would loop until V8 aborts (uncatchable): refuse it here, where it can still be caught.
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new RangeError(`logTicks: the domain [${lo}, ${hi}] is not finite`);
  const ticks: number[] = [];
  for (let decade = Math.floor(Math.log10(Math.max(lo, 1e-9))); 10 ** decade <= hi; decade++) {
    for (const step of [1, 2, 5]) {
      const v = step * 10 ** decade;
      if (v >= lo && v <= hi) ticks.push(Number(v.toPrecision(3)));
    }
  }
  return ticks.length > 8 ? ticks.filter((v) => String(v).replace(/[0.]/g, '').startsWith('1')) : ticks;
}

export interface GroupedBarsOptions {
  /** Category on the y axis (row order). */
  category: string;
  /** The group within each category (one bar each), coloured by `color`. */
  group: string;
  groups: string[];
  value: string;
  valueTitle: string;
  color: { domain: string[]; range: string[] };
  /** Value axis domain (default: from the data). */
  domain?: number[];
  /** Fade bars whose row has this boolean field false (e.g. not significant). */
  fadeUnless?: string;
}

/** Horizontal grouped bars: one row per category, one bar per group, the legend on top. */
export function groupedBars(rows: readonly Row[], o: GroupedBarsOptions): Unit {
  return {
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      y: { field: o.category, type: 'nominal', sort: distinct(rows, o.category), title: null, axis: { ticks: false, domain: false } },
      yOffset: { field: o.group, type: 'nominal', sort: o.groups },
      x: {
        field: o.value,
        type: 'quantitative',
        scale: o.domain ? { domain: o.domain, nice: false } : {},
        axis: valueAxis(o.valueTitle, 'score', { tickCount: 5 }),
      },
      color: { field: o.group, type: 'nominal', scale: o.color, legend: { title: null, orient: 'top', direction: 'horizontal' } },
      ...(o.fadeUnless ? { opacity: { condition: { test: `datum['${o.fadeUnless}']`, value: 1 }, value: 0.35 } } : {}),
      tooltip: [{ field: o.category }, { field: o.group }, { field: o.value, format: '.2f' }],
    },
  };
}

/** A period's count below this share of the series' peak counts as thinned out. */
export const THIN_SHARE = 0.6;

/**
 * Where a release count series thins out: the first period after the peak of its `window`-period trailing mean
 * where that mean falls below `THIN_SHARE` of the peak (null if it never does). The catalog's sources select
 * titles by vote count, so recent years, which have had less time to gather votes, are under-counted: without
 * a mark the falling bars read as a market in decline.
 */
export function thinningStart(counts: readonly number[], window = 1): number | null {
  const mean = counts.map((_, i) => {
    const from = Math.max(0, i - window + 1);
    const slice = counts.slice(from, i + 1);
    return slice.reduce((a, b) => a + b, 0) / slice.length;
  });
  const peakAt = mean.reduce((best, v, i) => (v > mean[best] ? i : best), 0);
  const limit = mean[peakAt] * THIN_SHARE;
  for (let i = peakAt + 1; i < mean.length; i++) if (mean[i] < limit) return i;
  return null;
}

/**
 * The thinning mark: a shaded band from `start` to the plot's right edge with a note at its top. `x` is the chart's
 * x channel (band or temporal), `start` a value on it.
 */
export function thinningLayer(x: Record<string, unknown>, start: string | number | { year: number; month: number }, note: string): Layer {
  const { field: _field, timeUnit: _timeUnit, ...channel } = x;
  const at = { ...channel, datum: start };
  return {
    data: { values: [{}] },
    layer: [
      { mark: { type: 'rect', color: COLORS.secondary, opacity: 0.1 }, encoding: { x: at, x2: { value: 'width' }, y: { value: 0 }, y2: { value: 'height' } } },
      {
        mark: { type: 'text', align: 'right', baseline: 'top', dx: -4, dy: 4, color: COLORS.secondary, fontSize: FONT_SIZE.mark - 1, fontStyle: 'italic' },
        encoding: { x: { value: 'width' }, y: { value: 0 }, text: { value: note } },
      },
    ],
  };
}

/**
 * The grey 2-D histogram of all titles (`DensityCell`s: log popularity × vote average), brighter = more titles, with
 * its gradient legend: the whole a chart's highlighted titles are drawn against.
 */
export function densityLayer(cells: readonly Row[], x: Record<string, unknown>, y: Record<string, unknown>, legend: { title: string; length: number }): Unit {
  return {
    data: { values: [...cells] },
    mark: { type: 'rect' },
    encoding: {
      x: { ...x, field: 'x0' },
      x2: { field: 'x1' },
      y: { ...y, field: 'y0' },
      y2: { field: 'y1' },
      color: {
        field: 'count',
        type: 'quantitative',
        scale: { type: 'sqrt', range: ['#2a2a2a', '#9ca3af'] },
        legend: { title: legend.title, orient: 'right', gradientLength: legend.length, labelExpr: numberExpr('datum.value') },
      },
      tooltip: [{ field: 'count', title: 'Titles' }],
    },
  } as Unit;
}

/**
 * Each chart's chat form: whether, and how, a chart maps to the charts chat clients draw themselves — Slack's
 * `data_visualization` block (bar, line, area with 1–6 series over ≤ 20 categories, or a pie of 1–6 segments) and
 * Teams' `Chart.*` elements — or to a native table. Declared per chart id beside, not inside, the spec builders:
 * a form is computed from the same stage result the spec is, so both show the same numbers.
 *
 * A chart with no chat form (scatters, heatmaps, bubbles, forecast bands) goes out as its PNG. `importance` orders
 * a reply's charts: a channel that can draw only a few natively (Slack: two per message) draws the most
 * important ones and sends the rest as pictures.
 */
import { distributionGenres } from '../src/core/stages/explore-details.ts';
import { differenceMetrics, gapUnit, sideName, signedGap } from '../src/core/stages/compare-details.ts';
import { LOW_BUDGET_CAVEAT, LOW_BUDGET_LEVELS } from '../src/core/stages/predict-details.ts';
import type { ChartId, StageResult } from '../src/core/stages/types.ts';
import { formatMetric } from './compare.ts';
import { distributionTitle } from './explore.ts';
import { measureLabel } from './format.ts';

/** Slack's documented limits for the data visualization block (the tighter of the two platforms). */
export const NATIVE_LIMITS = {
  title: 50,
  /** Series per bar/line/area chart, segments per pie. */
  series: 6,
  /** Data points per series (= categories). */
  points: 20,
  /** Category, series-name and segment labels. */
  label: 20,
  axisLabel: 50,
} as const;

export interface SeriesChart {
  kind: 'bar' | 'line' | 'area';
  title: string;
  categories: string[];
  /** One value per category, in category order. */
  series: { name: string; values: number[] }[];
  xLabel?: string;
  yLabel?: string;
  /** Bars read better sideways when their labels are names (Teams `Chart.HorizontalBar`). */
  horizontal?: boolean;
  /** A caveat the client shows beside the chart (Slack: a context line under it; Teams: a small line under it). */
  note?: string;
}

export interface PieChart {
  kind: 'pie';
  title: string;
  /** Positive values; the client draws each as its share of the sum. */
  segments: { label: string; value: number }[];
  /** As `SeriesChart.note`. */
  note?: string;
}

export type NativeChart = SeriesChart | PieChart;

export interface TableForm {
  kind: 'table';
  title: string;
  columns: string[];
  rows: string[][];
  /** Per column; numbers read right-aligned. */
  align: ('left' | 'right')[];
}

export type ChatForm = NativeChart | TableForm;

interface Declaration {
  /** 0..1: how much the chart matters to the answer (orders native slots). */
  importance: number;
  /** The chart's chat form, or null when this result's data does not fit one (the PNG goes out instead). */
  form: (result: StageResult) => ChatForm | null;
}

/** A label within the platforms' limit, cut with an ellipsis. */
export function shortLabel(text: string, max: number = NATIVE_LIMITS.label): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Three significant figures: enough for a chart, small in a payload. */
const round = (v: number) => (v === 0 || !Number.isFinite(v) ? 0 : Number(v.toPrecision(3)));
const percent = (share: number) => round(share * 100);

/** Distinct labels after shortening (two long titles could shorten to the same text). */
function distinctLabels(texts: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return texts.map((t) => {
    let label = shortLabel(t);
    const n = seen.get(label) ?? 0;
    seen.set(label, n + 1);
    if (n > 0) label = `${shortLabel(t, NATIVE_LIMITS.label - String(n + 1).length - 1)} ${n + 1}`;
    return label;
  });
}

function bars(title: string, labels: readonly string[], name: string, values: readonly number[], extra: Partial<SeriesChart> = {}): SeriesChart | null {
  if (labels.length === 0) return null;
  return { kind: 'bar', title, categories: distinctLabels(labels), series: [{ name: shortLabel(name), values: values.map(round) }], ...extra };
}

const BAR_LIMIT = 8;

const pictureOnly = (importance: number): Declaration => ({ importance, form: () => null });

/** Chart id → its chat form, ids checked against the core's views. Charts not listed have none (their PNG goes out). */
const DECLARATIONS: Readonly<Partial<Record<ChartId, Declaration>>> = {
  // Scatters, heatmaps, bubbles, gauges and forecast bands have no native form: their PNG goes out.
  'explore.quality-popularity': pictureOnly(0.7),
  'understand.correlation': pictureOnly(0.9),
  'identify.saturation': pictureOnly(1),
  'identify.release-window': pictureOnly(0.5),
  'predict.outlook': pictureOnly(1),
  'forecast.genre-forecasts': pictureOnly(1),
  'explore.genre-distribution': {
    importance: 0.9,
    form: (r) => {
      if (r.stage !== 'explore') return null;
      // The bars the picture draws (in a genre scope, its co-genres).
      const top = distributionGenres(r.data).slice(0, BAR_LIMIT);
      if (top.length === 0) return null;
      return {
        kind: 'bar',
        title: distributionTitle(r.data.market?.focus ?? []),
        categories: distinctLabels(top.map((g) => g.genre)),
        series: [
          { name: 'Movies', values: top.map((g) => g.movie) },
          { name: 'TV', values: top.map((g) => g.tv) },
        ].filter((s) => s.values.some((v) => v > 0)),
        yLabel: 'Titles',
        horizontal: true,
      };
    },
  },
  'explore.top-performers': {
    importance: 0.6,
    form: (r) =>
      r.stage === 'explore'
        ? bars(
            'Top titles by engagement',
            r.data.topTitles.slice(0, BAR_LIMIT).map((t) => t.title),
            'Engagement',
            r.data.topTitles.slice(0, BAR_LIMIT).map((t) => t.engagement),
            { yLabel: 'Engagement', horizontal: true },
          )
        : null,
  },
  'understand.drivers': {
    importance: 0.8,
    form: (r) => {
      if (r.stage !== 'understand') return null;
      const rows = r.data.drivers.filter((d) => d.drivers.length > 0).slice(0, NATIVE_LIMITS.series);
      const variables = rows[0]?.drivers.map((d) => d.variable).slice(0, BAR_LIMIT) ?? [];
      if (variables.length === 0) return null;
      return {
        kind: 'bar',
        title: 'What moves engagement (Spearman ρ)',
        // The characteristics by name, as the picture labels them (not the core's field names).
        categories: distinctLabels(variables.map(measureLabel)),
        // A driver a genre does not measure is drawn at 0 (no association shown), as the dashboard's table reads it.
        series: rows.map((row) => ({ name: shortLabel(row.genre), values: variables.map((v) => round(row.drivers.find((d) => d.variable === v)?.rho ?? 0)) })),
        yLabel: 'Spearman ρ with engagement',
      };
    },
  },
  'understand.seasonal': {
    importance: 0.5,
    form: (r) =>
      r.stage === 'understand' && r.data.seasonal.some((s) => s.releases > 0)
        ? bars(
            'Share of releases by month',
            r.data.seasonal.map((s) => s.name.slice(0, 3)),
            'Releases (%)',
            r.data.seasonal.map((s) => percent(s.share)),
            { yLabel: '% of dated releases' },
          )
        : null,
  },
  'identify.pareto': {
    importance: 0.6,
    form: (r) => {
      if (r.stage !== 'identify') return null;
      const curve = r.data.pareto.overall.curve.filter((p) => Math.round(p.x * 100) % 10 === 0);
      if (curve.length < 2) return null;
      return {
        kind: 'area',
        title: 'Share of engagement held by the top titles',
        categories: curve.map((p) => `${Math.round(p.x * 100)}%`),
        series: [{ name: 'Engagement (%)', values: curve.map((p) => percent(p.y)) }],
        xLabel: 'Top share of titles',
        yLabel: '% of engagement',
      };
    },
  },
  'predict.budget-curve': {
    importance: 0.8,
    // The picture's red line: the chance of breaking even at each budget level (its second axis, revenue ÷ budget,
    // has another unit and stays in the picture). No revenue model answer (TV has no budgets): no curve, as the picture says.
    form: (r) => {
      if (r.stage !== 'predict') return null;
      const c = r.data.budgetCurve.filter((p) => p.breakEvenProbability !== null && p.multiple !== null);
      if (c.length < 2) return null;
      return {
        kind: 'line',
        title: 'Break-even chance by budget level',
        categories: c.map((p) => String(p.level)),
        series: [{ name: 'Break-even chance', values: c.map((p) => percent(p.breakEvenProbability ?? 0)) }],
        xLabel: 'Budget level (1–10)',
        yLabel: 'Break-even chance (%)',
        // The picture shades these levels; a native chart says it under itself.
        note: `Levels 1–${LOW_BUDGET_LEVELS} are ${LOW_BUDGET_CAVEAT}.`,
      };
    },
  },
  'predict.benchmarks': {
    importance: 0.5,
    form: (r) => {
      if (r.stage !== 'predict') return null;
      const titles = r.data.benchmarks.titles.slice(0, BAR_LIMIT);
      return bars(
        'Similar titles: popularity',
        titles.map((t) => t.title),
        'Popularity',
        titles.map((t) => t.popularity),
        { yLabel: 'TMDB popularity', horizontal: true },
      );
    },
  },
  'forecast.momentum': {
    importance: 0.8,
    form: (r) => {
      if (r.stage !== 'forecast') return null;
      const top = r.data.momentum.slice(0, BAR_LIMIT);
      return bars(
        'Momentum: median popularity percentile/day',
        top.map((m) => m.genre),
        'Median velocity',
        top.map((m) => m.medianVelocity),
        { yLabel: 'Popularity percentile per day since release', horizontal: true },
      );
    },
  },
  'forecast.rising-stars': {
    importance: 0.6,
    form: (r) => {
      if (r.stage !== 'forecast') return null;
      const top = r.data.risingStars.slice(0, BAR_LIMIT);
      return bars(
        'Rising stars: velocity vs their genre',
        top.map((s) => s.title),
        '× genre median',
        top.map((s) => s.ratio),
        { yLabel: '× the genre’s median velocity', horizontal: true },
      );
    },
  },
  'compare.differences': {
    importance: 0.8,
    form: (r) => {
      if (r.stage !== 'compare') return null;
      const d = r.data;
      // The same measure the PNG draws: each metric's gap on the scale they share, signed (right ahead > 0).
      const gaps = differenceMetrics(d)
        .flatMap((m) => {
          const gap = signedGap(d, m);
          return gap === null ? [] : [{ label: m.label, gap }];
        })
        .slice(0, NATIVE_LIMITS.points);
      if (gaps.length === 0) return null;
      return bars(
        `Gap by metric (${gapUnit(d)})`,
        gaps.map((g) => g.label),
        `${shortLabel(sideName(d.right), 12)} − ${shortLabel(sideName(d.left), 5)}`,
        gaps.map((g) => g.gap),
        { yLabel: `${shortLabel(sideName(d.right), 18)} ahead > 0 (< 0: ${shortLabel(sideName(d.left), 18)})`, horizontal: true },
      );
    },
  },
  'compare.trend': {
    importance: 0.7,
    form: (r) => {
      if (r.stage !== 'compare') return null;
      const d = r.data;
      // Slack needs a value for every category: years where both sides are known, the latest 20.
      const years = d.trend.filter((t) => t.left !== null && t.right !== null).slice(-NATIVE_LIMITS.points);
      if (years.length < 2) return null;
      const names = distinctLabels([sideName(d.left), sideName(d.right)]);
      return {
        kind: 'line',
        title: 'Mean engagement per release year',
        categories: years.map((t) => String(t.year)),
        series: [
          { name: names[0], values: years.map((t) => round(t.left ?? 0)) },
          { name: names[1], values: years.map((t) => round(t.right ?? 0)) },
        ],
        yLabel: 'Mean engagement',
      };
    },
  },
  // The verdict badge repeats the reply's first line; in chat the decision line says it.
  'compare.metrics-table': {
    importance: 0.95,
    form: (r) => {
      if (r.stage !== 'compare' || r.data.metrics.length === 0) return null;
      const d = r.data;
      const mark = (m: (typeof d.metrics)[number], side: 'left' | 'right') => `${formatMetric(m, m[side])}${m.winner === side ? ' ✓' : ''}`;
      return {
        kind: 'table',
        title: `${sideName(d.left)} vs ${sideName(d.right)}`,
        columns: ['Metric', sideName(d.left), sideName(d.right)],
        rows: d.metrics.map((m) => [m.higherIsBetter === null ? `${m.label} (context)` : m.label, mark(m, 'left'), mark(m, 'right')]),
        align: ['left', 'right', 'right'],
      };
    },
  },
};

/** Charts whose picture says only what the reply's decision line says: chat leaves them out. */
const SAID_IN_TEXT: ReadonlySet<ChartId> = new Set<ChartId>(['compare.winner']);

export interface ChatFormEntry {
  chartId: ChartId;
  importance: number;
  form: ChatForm | null;
}

/** The chat form of one chart of `result` (null: send its PNG). */
export function chatForm(result: StageResult, chartId: ChartId): ChatFormEntry {
  const declared = DECLARATIONS[chartId];
  if (!declared) return { chartId, importance: 0.7, form: null };
  const form = declared.form(result);
  return { chartId, importance: declared.importance, form: form && fitsNative(form) ? form : null };
}

/** Whether chat shows a chart at all (some only repeat the decision line). */
export function shownInChat(chartId: ChartId): boolean {
  return !SAID_IN_TEXT.has(chartId);
}

/** The result's table for chat (compare's metrics), if its stage has one. */
export function chatTable(result: StageResult): TableForm | null {
  if (result.stage !== 'compare') return null;
  const form = chatForm(result, 'compare.metrics-table').form;
  return form?.kind === 'table' ? form : null;
}

export function isNative(form: ChatForm | null | undefined): form is NativeChart {
  return form !== null && form !== undefined && form.kind !== 'table';
}

/** The limits both platforms enforce (Slack's being the tighter), checked before a form is offered. */
export function fitsNative(form: ChatForm): boolean {
  if (form.kind === 'table') return form.rows.length > 0 && form.rows.length <= 99 && form.columns.length <= 20;
  if (form.title.length > NATIVE_LIMITS.title) return false;
  if (form.kind === 'pie') {
    return (
      form.segments.length >= 1 &&
      form.segments.length <= NATIVE_LIMITS.series &&
      form.segments.every((s) => s.value > 0 && s.label.length <= NATIVE_LIMITS.label)
    );
  }
  const n = form.categories.length;
  return (
    n >= 1 &&
    n <= NATIVE_LIMITS.points &&
    new Set(form.categories).size === n &&
    form.categories.every((c) => c.length <= NATIVE_LIMITS.label) &&
    form.series.length >= 1 &&
    form.series.length <= NATIVE_LIMITS.series &&
    new Set(form.series.map((s) => s.name)).size === form.series.length &&
    form.series.every((s) => s.name.length <= NATIVE_LIMITS.label && s.values.length === n && s.values.every(Number.isFinite)) &&
    (form.xLabel ?? '').length <= NATIVE_LIMITS.axisLabel &&
    (form.yLabel ?? '').length <= NATIVE_LIMITS.axisLabel
  );
}

/**
 * The charts a channel that draws at most `max` natively should draw natively: those with a native form, most
 * important first (ties keep the reply's order). The others go out as pictures.
 */
export function pickNative<T extends { id: string; importance: number; native?: NativeChart }>(charts: readonly T[], max: number): Set<string> {
  return new Set(
    charts
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.native !== undefined)
      .sort((a, b) => b.c.importance - a.c.importance || a.i - b.i)
      .slice(0, Math.max(0, max))
      .map(({ c }) => c.id),
  );
}

/**
 * Compare ("Head-to-Head"): two genres or two titles side by side. The winner badge, the metrics table, the
 * differences as diverging bars, and the trend of both sides.
 */
import { differenceMetrics, gapText, gapUnit, relativeGap, SHARE_METRICS, sideName, signedGap } from '../src/core/stages/compare-details.ts';
import type { CompareData, CompareMetric, CompareResult } from '../src/core/stages/types.ts';
import { formatNumber, formatPercent } from './format.ts';
import { divergingBars, seriesColor, valueAxis } from './layers.ts';
import { genreColor } from './palette.ts';
import { stageChart, type ChartBuilder, type ChartSpec, type Row } from './spec.ts';
import { COLORS, FONT_SIZE } from './theme.ts';

export function formatMetric(m: Pick<CompareMetric, 'metric'>, value: number | null): string {
  if (value === null) return '–';
  return SHARE_METRICS.has(m.metric) ? formatPercent(value) : formatNumber(value);
}

/**
 * A metric's difference (right − left), signed: shares in percentage points ("-2.4 pts": 22% vs 20% is not "2.4%"
 * less, which would read as a relative change), other metrics in their own unit.
 */
export function formatDifference(m: Pick<CompareMetric, 'metric'>, delta: number | null): string {
  if (delta === null) return '–';
  const sign = delta > 0 ? '+' : '';
  return SHARE_METRICS.has(m.metric) ? `${sign}${formatPercent(delta).replace('%', '')} pts` : `${sign}${formatNumber(delta)}`;
}

/** Each side's colour: the genres' own colours in a genre comparison, otherwise red vs white. */
export function sideColors(data: CompareData): { left: string; right: string } {
  if (data.kind === 'genre') {
    const left = genreColor(data.left.ref);
    const right = genreColor(data.right.ref);
    if (left !== right) return { left, right };
  }
  return { left: COLORS.accent, right: COLORS.text };
}

const winnerLabel = (d: CompareData) => (d.overall.winner === 'tie' ? 'Tie' : sideName(d[d.overall.winner]));

export function winnerBadge(r: CompareResult): ChartSpec {
  const d = r.data;
  const colors = sideColors(d);
  const winner = d.overall.winner;
  const headline = winner === 'tie' ? 'It’s a tie' : `${sideName(d[winner])} wins`;
  const detail =
    winner === 'tie'
      ? `${d.overall.won.left}–${d.overall.won.right} on ${d.overall.compared} metrics compared`
      : `${d.overall.won[winner]} of ${d.overall.compared} metrics (score ${formatPercent(d.overall.score)})`;
  const rows: Row[] = [
    {
      kind: 'headline',
      text: headline,
      color: winner === 'tie' ? COLORS.text : colors[winner],
      score: d.overall.score,
      compared: d.overall.compared,
      won: winner === 'tie' ? null : d.overall.won[winner],
    },
    { kind: 'detail', text: detail, color: COLORS.secondary },
    { kind: 'side', side: 'left', text: sideName(d.left), wins: `${d.overall.won.left} won`, color: colors.left, label: d.left.label },
    { kind: 'side', side: 'right', text: sideName(d.right), wins: `${d.overall.won.right} won`, color: colors.right, label: d.right.label },
  ];
  const center = { expr: 'width / 2' };
  const sideX = (side: 'left' | 'right') => ({ expr: side === 'left' ? 'width * 0.27' : 'width * 0.73' });
  const sideLayer = (side: 'left' | 'right', field: 'text' | 'wins', dy: number, size: number, bold: boolean) => ({
    transform: [{ filter: `datum.side === '${side}'` }],
    mark: { type: 'text' as const, align: 'center' as const, dy, fontSize: size, fontWeight: bold ? ('bold' as const) : ('normal' as const), limit: 250 },
    encoding: {
      x: { value: sideX(side) },
      y: { value: { expr: 'height * 0.72' } },
      text: { field },
      color: { field: 'color', type: 'nominal' as const, scale: null },
    },
  });
  return stageChart(
    r,
    {
      id: 'compare.winner',
      title: `${sideName(d.left)} vs ${sideName(d.right)}`,
      reading: `The overall winner takes the most of the ${d.overall.compared} scored metrics (context-only metrics such as volume or runtime are not scored); the score is metrics won ÷ metrics compared.`,
      alt: `${headline}: ${detail}; ${sideName(d.left)} won ${d.overall.won.left}, ${sideName(d.right)} won ${d.overall.won.right}.`,
    },
    d.overall.compared === 0
      ? { missing: 'no metric could be compared for both sides' }
      : {
          rows,
          body: {
            layer: [
              {
                data: { values: [{}] },
                mark: { type: 'rect', fill: COLORS.card, cornerRadius: 12 },
                encoding: { x: { value: 0 }, x2: { value: 'width' }, y: { value: 0 }, y2: { value: 'height' } },
              },
              {
                data: { values: [{}] },
                mark: { type: 'rule', color: COLORS.accent, strokeWidth: 4 },
                encoding: { x: { value: { expr: 'width / 2 - 40' } }, x2: { value: { expr: 'width / 2 + 40' } }, y: { value: { expr: 'height * 0.47' } } },
              },
              {
                transform: [{ filter: "datum.kind === 'headline'" }],
                mark: { type: 'text', align: 'center', fontSize: FONT_SIZE.big, fontWeight: 'bold', limit: 540 },
                encoding: {
                  x: { value: center },
                  y: { value: { expr: 'height * 0.25' } },
                  text: { field: 'text' },
                  color: { field: 'color', type: 'nominal', scale: null },
                },
              },
              {
                transform: [{ filter: "datum.kind === 'detail'" }],
                mark: { type: 'text', align: 'center', fontSize: FONT_SIZE.axisTitle + 2, color: COLORS.secondary },
                encoding: { x: { value: center }, y: { value: { expr: 'height * 0.38' } }, text: { field: 'text' } },
              },
              sideLayer('left', 'text', 0, 16, true),
              sideLayer('left', 'wins', 26, 14, false),
              sideLayer('right', 'text', 0, 16, true),
              sideLayer('right', 'wins', 26, 14, false),
            ],
          },
        },
  );
}

/** Half the width of the widest value the table prints ("-1.33k" in bold at 12 px), for the name column's limit. */
const VALUE_HALF_WIDTH = 30;

/** The table's columns (share of the width) and how wide a metric's name may be drawn (px). */
interface TableLayout {
  columns: { metric: number; left: number; right: number; delta?: number };
  metricLimit: number;
}

const DESKTOP_TABLE: TableLayout = { columns: { metric: 0.02, left: 0.5, right: 0.68, delta: 0.98 }, metricLimit: 300 };
/** The difference column's header names its direction ("Comedy − Drama"): room up to the right side's column. */
const DELTA_HEADER_LIMIT = 260;
/** On a phone the difference column goes (the differences chart shows it) and long names end in an ellipsis. */
const PHONE_TABLE: TableLayout = { columns: { metric: 0.02, left: 0.7, right: 0.9 }, metricLimit: 150 };

export function metricsTable(r: CompareResult): ChartSpec {
  return { ...metricsTableAt(r, DESKTOP_TABLE), phone: metricsTableAt(r, PHONE_TABLE).spec };
}

function metricsTableAt(r: CompareResult, layout: TableLayout): ChartSpec {
  const d = r.data;
  const colors = sideColors(d);
  const columns: Record<string, number | undefined> = layout.columns;
  const rows: Row[] = [
    { row: 'header', col: 'left', text: sideName(d.left), color: colors.left, bold: true, winner: null },
    { row: 'header', col: 'right', text: sideName(d.right), color: colors.right, bold: true, winner: null },
    // The difference's direction in its own header ("Comedy − Drama"), not only in the reading line.
    { row: 'header', col: 'delta', text: `${sideName(d.right)} − ${sideName(d.left)}`, color: COLORS.secondary, bold: true, winner: null },
    ...d.metrics.flatMap((m): Row[] => [
      { row: m.label, col: 'metric', text: m.label + (m.higherIsBetter === null ? ' (not scored)' : ''), color: COLORS.text, bold: false, winner: null },
      ...(['left', 'right'] as const).map((side) => ({
        row: m.label,
        col: side,
        text: formatMetric(m, m[side]),
        color: m.winner === side ? colors[side] : COLORS.secondary,
        bold: m.winner === side,
        winner: m.winner === side ? side : null,
      })),
      {
        row: m.label,
        col: 'delta',
        text: formatDifference(m, m.delta),
        color: COLORS.secondary,
        bold: false,
        winner: null,
      },
    ]),
  ]
    .filter((row) => columns[String(row.col)] !== undefined)
    .map((row) => ({ ...row, x: columns[String(row.col)] ?? null }));
  const order = ['header', ...d.metrics.map((m) => m.label)];
  const y = { field: 'row', type: 'ordinal' as const, sort: order, axis: null, scale: { paddingInner: 0.15 } };
  const x = { field: 'x', type: 'quantitative' as const, scale: { domain: [0, 1] }, axis: null };
  const text = (align: 'left' | 'center' | 'right', cols: string[], bold: boolean, limit = 110) => ({
    transform: [{ filter: { field: 'col', oneOf: cols } }, { filter: bold ? 'datum.bold' : '!datum.bold' }],
    mark: {
      type: 'text' as const,
      align,
      baseline: 'middle' as const,
      fontSize: FONT_SIZE.mark + 1,
      fontWeight: bold ? ('bold' as const) : ('normal' as const),
      // A metric's name stops short of the first value column at any width (shortened with "…"; the alt text has
      // it whole), and at the layout's limit.
      limit:
        align === 'left'
          ? { expr: `min(${layout.metricLimit}, width * ${(layout.columns.left - layout.columns.metric).toFixed(2)} - ${VALUE_HALF_WIDTH + 8})` }
          : limit,
    },
    encoding: { x, y, text: { field: 'text' }, color: { field: 'color', type: 'nominal' as const, scale: null } },
  });
  return stageChart(
    r,
    {
      id: 'compare.metrics-table',
      title: `${sideName(d.left)} vs ${sideName(d.right)}: the numbers`,
      reading:
        'Every metric for both sides; the winning value of each scored metric is bold in its side’s colour; the last column is the right side minus the left, as its header says. Metrics marked “not scored” are context.',
      alt: `Table of ${d.metrics.length} metrics for ${sideName(d.left)} and ${sideName(d.right)}; ${winnerLabel(d)} wins overall. ${d.metrics.map((m) => `${m.label}${m.higherIsBetter === null ? ' (not scored)' : ''}: ${formatMetric(m, m.left)} vs ${formatMetric(m, m.right)}`).join('; ')}.`,
    },
    d.metrics.length === 0
      ? { missing: 'no metrics to compare' }
      : {
          rows,
          body: {
            layer: [
              {
                transform: [{ filter: "datum.row !== 'header' && datum.col === 'metric'" }],
                mark: { type: 'rect', fill: COLORS.card, cornerRadius: 4 },
                encoding: { y, x: { value: 0 }, x2: { value: 'width' } },
              },
              text('left', ['metric'], false),
              text('center', ['left', 'right'], false),
              text('center', ['left', 'right'], true),
              text('right', ['delta'], false),
              text('right', ['delta'], true, DELTA_HEADER_LIMIT),
            ],
          },
        },
  );
}

export function differences(r: CompareResult): ChartSpec {
  const d = r.data;
  const colors = sideColors(d);
  const sides = { left: sideName(d.left), right: sideName(d.right), tie: 'Tie', none: 'Not scored' } as const;
  const titles = d.kind === 'title';
  // Each bar is the gap on the scale every metric shares (Cliff's δ, or percentile points for two titles): the
  // longest bar is the widest gap the bullets name. A metric's own relative difference is in the tooltip.
  const rows: Row[] = differenceMetrics(d).flatMap((m) => {
    const gap = signedGap(d, m);
    if (gap === null) return [];
    const relative = Math.sign(m.delta ?? 0) * relativeGap(m);
    return [
      {
        label: m.label,
        gap,
        side: sides[m.winner ?? 'none'],
        text: gapText(d, gap),
        relative: `${relative > 0 ? '+' : ''}${formatPercent(relative)}`,
        raw: `${formatDifference(m, m.delta ?? 0)} (${formatMetric(m, m.left)} vs ${formatMetric(m, m.right)})`,
        // the values and the test behind the bar (tooltips; the widest-gap bullet quotes them)
        left: m.left,
        right: m.right,
        effect: m.test ? Math.abs(m.test.effect) : null,
        p: m.test?.p ?? null,
        nLeft: m.test?.n.left ?? null,
        nRight: m.test?.n.right ?? null,
      },
    ];
  });
  const present = (['left', 'right', 'tie', 'none'] as const).filter((k) => rows.some((row) => row.side === sides[k]));
  const unit = gapUnit(d);
  const scale = titles
    ? `the difference of the two titles' percentiles among all ${d.left.title?.mediaType === 'tv' ? 'TV series' : 'movies'}, in percentile points`
    : "Cliff's δ: how much more often a title of one side beats a title of the other than the reverse (−1 to 1; by Romano and others' rule of thumb about 0.15 is small, 0.33 medium, 0.47 large)";
  return stageChart(
    r,
    {
      id: 'compare.differences',
      title: `Where ${sideName(d.left)} and ${sideName(d.right)} differ`,
      reading: `Each bar is a metric's gap on one scale shared by all the metrics — ${scale} — right of centre where ${sideName(d.right)} is ahead, left where ${sideName(d.left)} is; the longest bar is the widest gap. The colour is the side that wins the metric${titles ? '' : ' (a tie: a gap chance could open)'}. The raw values are in the metrics table.`,
      // The metrics by name: a narrow drawing (chat, a phone) shortens the longer ones on its axis.
      alt: `Diverging bars of ${rows.length} metric gaps (${unit}) between ${sideName(d.left)} and ${sideName(d.right)}, positive where ${sideName(d.right)} is ahead: ${rows.map((row) => `${row.label} ${String(row.text)}`).join('; ')}.`,
    },
    rows.length === 0
      ? { missing: 'no metric is known for both sides' }
      : {
          rows,
          body: divergingBars(rows, {
            category: 'label',
            value: 'gap',
            label: 'text',
            kind: 'score',
            valueTitle: [`← ${sideName(d.left)} ahead · ${sideName(d.right)} ahead →`, unit],
            colorField: {
              field: 'side',
              domain: present.map((k) => sides[k]),
              range: present.map((k) => ({ left: colors.left, right: colors.right, tie: COLORS.secondary, none: COLORS.muted })[k]),
              legend: 'Wins the metric',
            },
            tooltip: [
              { field: 'text', title: `Gap (${unit})` },
              { field: 'relative', title: 'Relative difference' },
              { field: 'raw', title: `Difference (${sideName(d.right)} − ${sideName(d.left)})` },
            ],
          }),
        },
  );
}

export function trendLines(r: CompareResult): ChartSpec {
  const d = r.data;
  const colors = sideColors(d);
  // The lines are what `trendLabels` says they are: genres, and for two titles their genres, not the titles.
  const names = { left: d.trendLabels.left, right: d.trendLabels.right };
  // The latest year both lines have carries its test (the trend bullet's p and sizes), shown in its points' tooltips.
  const tested = (year: number, side: 'left' | 'right') =>
    d.latestYear?.year === year ? { titles: d.latestYear.n[side], ...(d.latestYear.p !== null ? { p: Number(d.latestYear.p.toFixed(3)) } : {}) } : {};
  const rows: Row[] = d.trend.flatMap((t) => [
    { year: t.year, side: names.left, value: t.left, ...tested(t.year, 'left') },
    { year: t.year, side: names.right, value: t.right, ...tested(t.year, 'right') },
  ]);
  const known = rows.filter((row) => row.value !== null).length;
  const legend = seriesColor({ [names.left]: colors.left, [names.right]: colors.right });
  // No rounding of the year axis: it ends at the last full year the lines have, not at an empty one after it.
  const x = {
    field: 'year',
    type: 'quantitative' as const,
    scale: { nice: false, padding: 10 },
    axis: { title: null, format: 'd', tickCount: 8, grid: false, labelFlush: false },
  };
  const y = { field: 'value', type: 'quantitative' as const, axis: valueAxis('Mean engagement', 'number', { tickCount: 5 }) };
  const line = (side: string) => ({
    transform: [{ filter: { field: 'side', equal: side } }, { filter: 'datum.value !== null' }],
    mark: { type: 'line' as const, strokeWidth: 2.5, point: { filled: true, size: 28 } },
    encoding: {
      x,
      y,
      color: legend(side),
      tooltip: [{ field: 'side' }, { field: 'year' }, { field: 'value', format: '.1f' }, { field: 'titles' }, { field: 'p' }],
    },
  });
  // What belongs to the titles themselves: each title's own engagement, a ringed dot at its release year.
  const first = d.trend[0]?.year ?? 0;
  const own = (['left', 'right'] as const)
    .map((s) => ({ s, t: d[s].title }))
    .filter((o): o is { s: 'left' | 'right'; t: NonNullable<typeof o.t> } => o.t !== null && o.t.year !== null && o.t.year >= first)
    .map(({ s, t }) => ({ year: t.year, value: t.engagement, title: `${sideName(d[s])} itself`, color: colors[s], side: s }));
  const dots = {
    data: { values: own },
    mark: { type: 'point' as const, filled: false, fillOpacity: 0, size: 170, strokeWidth: 2.5 },
    encoding: {
      x,
      y,
      stroke: { field: 'color', type: 'nominal' as const, scale: null },
      tooltip: [{ field: 'title' }, { field: 'year' }, { field: 'value', format: '.1f' }],
    },
  };
  // The left title's label above its ring, the right one's below: two rings a year apart keep readable labels.
  const dotLabel = (side: 'left' | 'right') => ({
    data: { values: own.filter((o) => o.side === side) },
    mark: { type: 'text' as const, align: 'right' as const, dx: -12, dy: side === 'left' ? -12 : 18, fontSize: FONT_SIZE.mark, color: COLORS.secondary },
    encoding: { x, y, text: { field: 'title', type: 'nominal' as const } },
  });
  const titles = d.kind === 'title';
  return stageChart(
    r,
    {
      id: 'compare.trend',
      title: titles ? `Their genres over the years: ${sideName(d.left)} vs ${sideName(d.right)}` : `${sideName(d.left)} vs ${sideName(d.right)} over the years`,
      reading: d.trendBasis,
      alt: titles
        ? `Lines of mean engagement per release year for ${names.left} and ${names.right}; rings mark each title's own engagement.`
        : `Lines of mean engagement per release year for ${sideName(d.left)} and ${sideName(d.right)}.`,
    },
    known < 2
      ? { missing: 'too few years with releases on either side' }
      : { rows, body: { layer: [line(names.left), line(names.right), ...(own.length > 0 ? [dots, dotLabel('left'), dotLabel('right')] : [])] } },
  );
}

export const COMPARE_CHARTS: readonly ChartBuilder<CompareResult>[] = [
  { id: 'compare.winner', chat: true, build: winnerBadge },
  { id: 'compare.differences', chat: true, build: differences },
  { id: 'compare.trend', chat: true, build: trendLines },
  { id: 'compare.metrics-table', chat: false, build: metricsTable },
];

/**
 * Understand ("Performance Deep Dive"): what goes with engagement. Spearman heatmap, anomaly scatter, monthly
 * releases and engagement, the month-of-year pattern, engagement drivers per genre.
 */
import { MONTH_NAMES } from '../src/core/insights.ts';
import type { UnderstandResult } from '../src/core/stages/types.ts';
import { withPlacedForms } from './chat-picture.ts';
import { strongestLink, UNDERSTAND_VIEW_LIMITS } from '../src/core/stages/understand-details.ts';
import { UNDERSTAND_LIMITS } from '../src/core/stages/understand.ts';
import { formatNumber, formatPercent, measureLabel, titleWithYear } from './format.ts';
import {
  densityLayer,
  groupedBars,
  heatmap,
  popularityPercentileX,
  placedLabelLayers,
  placeLabels,
  seriesColor,
  THIN_SHARE,
  thinningLayer,
  thinningStart,
  valueAxis,
} from './layers.ts';
import { stageChart, type ChartBuilder, type ChartSpec, type Row } from './spec.ts';
import { genreColorScale } from './palette.ts';
import { COLORS } from './theme.ts';

const labelOf = measureLabel;

export function correlationHeatmap(r: UnderstandResult): ChartSpec {
  const { variables, cells } = r.data.correlation;
  const order = variables.map(labelOf);
  const rows: Row[] = cells.map((c) => ({
    x: labelOf(c.x),
    y: labelOf(c.y),
    rho: c.rho,
    label: c.rho === null ? '–' : c.rho.toFixed(2),
    n: c.n,
    p: c.p,
  }));
  const known = cells.filter((c) => c.rho !== null && c.x !== c.y);
  // The link the bullet names: engagement against its own inputs (popularity, votes) is linked by construction.
  const strongest = strongestLink(cells);
  return stageChart(
    r,
    {
      id: 'understand.correlation',
      title: 'How the measures move together (Spearman ρ)',
      reading:
        'Each cell is the rank correlation of two measures over the titles where both are known: red = rise together, blue = one rises as the other falls, dark = no link; “–” means too few titles to say.',
      alt: strongest
        ? `Correlation heatmap of ${order.length} measures; engagement with its own inputs aside, the strongest link is ${labelOf(strongest.x)} with ${labelOf(strongest.y)} (ρ ${strongest.rho.toFixed(2)}).`
        : 'Correlation heatmap of the measures.',
    },
    known.length === 0
      ? { missing: 'too few titles to correlate any two measures' }
      : {
          rows,
          body: heatmap({ x: 'x', y: 'y', value: 'rho', label: 'label', xOrder: order, yOrder: order, diverging: true, legend: false }),
        },
  );
}

/** Plot area of the anomaly scatter (legends on the right), in pixels at the chat size (for label placement). */
const ANOMALY_PLOT = { width: 440, height: 240 };
/** Anomalies named on the scatter where there is room (the most unusual first; the bullets do not name them). */
const ANOMALY_LABELS = 8;

/** The anomalies over all titles, with their own phone and chat forms: the labels placed for each plot. */
export function anomalyScatter(r: UnderstandResult): ChartSpec {
  return withPlacedForms((plot) => anomaliesAt(r, plot), ANOMALY_PLOT);
}

function anomaliesAt(r: UnderstandResult, plot: { width: number; height: number }): ChartSpec {
  const { available, titles, count, rate, context } = r.data.anomalies;
  const cells: Row[] = context.filter((c) => c.count > 0).map((c) => ({ ...c }));
  const lx = titles.map((t) => t.popularity);
  const xDomain = [0, 100];
  const yDomain = [0, 10];
  const scores = titles.map((t) => t.score);
  const sizeDomain = [Math.min(...scores, 0.5), Math.max(...scores, 0.5)];
  const sizeRange = [40, 260];
  const radius = (score: number) =>
    Math.sqrt((sizeRange[0] + ((sizeRange[1] - sizeRange[0]) * (score - sizeDomain[0])) / (sizeDomain[1] - sizeDomain[0] || 1)) / Math.PI);
  const labels = placeLabels(
    titles.map((t, i) => ({
      fx: (lx[i] - xDomain[0]) / (xDomain[1] - xDomain[0]),
      fy: (t.voteAverage - yDomain[0]) / (yDomain[1] - yDomain[0]),
      radius: radius(t.score),
      text: i < ANOMALY_LABELS ? t.title : '',
    })),
    plot,
  );
  const rows: Row[] = titles.map((t, i) => {
    const placed = i < ANOMALY_LABELS ? labels[i] : null;
    return {
      name: titleWithYear(t),
      lx: lx[i],
      vote: t.voteAverage,
      score: t.score,
      popularity: t.popularity,
      label: placed ? t.title : null,
      labelX: placed ? xDomain[0] + placed.fx * (xDomain[1] - xDomain[0]) : null,
      labelY: placed ? yDomain[0] + placed.fy * (yDomain[1] - yDomain[0]) : null,
      labelAlign: placed?.align ?? null,
    };
  });
  const x = popularityPercentileX('lx', [...lx, ...context.map((c) => c.x1)]);
  const y = {
    field: 'vote',
    type: 'quantitative' as const,
    scale: { domain: yDomain, nice: false },
    axis: valueAxis('Vote average', 'score', { grid: false }),
  };
  const shown = titles.length < count ? `the ${titles.length} most unusual of ${formatNumber(count)} anomalies` : `${formatNumber(count)} anomalies`;
  return stageChart(
    r,
    {
      id: 'understand.anomalies',
      title:
        titles.length < count
          ? `The ${titles.length} most unusual of ${formatNumber(count)} anomalous titles (${formatPercent(rate)})`
          : `Anomalies: ${formatNumber(count)} unusual titles (${formatPercent(rate)})`,
      reading: `Grey cells are every title in scope by popularity and rating (brighter = more titles); red dots are ${shown} the isolation forest finds most unlike the rest (bigger = more unusual); the most unusual are named where there is room. Popularity is each title’s percentile within its source (0–100).`,
      alt: `Scatter of ${shown} by popularity and rating, over the grey density of all titles in scope${titles[0] ? `; the most unusual is ${titleWithYear(titles[0])}` : ''}. In order: ${titles
        .slice(0, ANOMALY_LABELS)
        .map((t) => titleWithYear(t))
        .join(', ')}.`,
    },
    !available
      ? { missing: 'the anomaly model is not loaded (run with trained models)' }
      : titles.length === 0
        ? { missing: 'no anomalous titles in scope' }
        : {
            rows,
            body: {
              layer: [
                densityLayer(cells, x, y, { title: 'All titles', length: 70 }),
                {
                  mark: { type: 'circle', color: COLORS.accent, opacity: 0.9, stroke: COLORS.background, strokeWidth: 1 },
                  encoding: {
                    x,
                    y,
                    size: {
                      field: 'score',
                      type: 'quantitative',
                      scale: { domain: sizeDomain, range: sizeRange },
                      legend: { title: 'Anomaly score', orient: 'right', format: '.2f', tickCount: 3, symbolFillColor: COLORS.accent },
                    },
                    tooltip: [
                      { field: 'name', title: 'Title' },
                      { field: 'score', format: '.3f' },
                      { field: 'popularity', format: ',.0f' },
                      { field: 'vote', title: 'Vote average' },
                    ],
                  },
                },
                ...placedLabelLayers(x, y),
              ],
              resolve: { scale: { color: 'independent' } },
            },
          },
  );
}

export function monthlyTrends(r: UnderstandResult): ChartSpec {
  const rows: Row[] = r.data.monthly.map((m) => ({ month: `${m.month}-01`, releases: m.releases, engagement: m.meanEngagement }));
  const x = { field: 'month', type: 'temporal' as const, title: null, axis: { format: '%Y', tickCount: 'year' as const, grid: false } };
  // Where the catalog thins out (a 12-month trailing mean of releases under 60% of its peak from there on).
  const thinAt = thinningStart(
    r.data.monthly.map((m) => m.releases),
    12,
  );
  const thinMonth = thinAt === null ? null : r.data.monthly[thinAt].month;
  const thinFrom = thinMonth === null ? null : { year: Number(thinMonth.slice(0, 4)), month: Number(thinMonth.slice(5, 7)) };
  const thinLabel = thinMonth === null ? '' : `${MONTH_NAMES[Number(thinMonth.slice(5, 7)) - 1]} ${thinMonth.slice(0, 4)}`;
  const peakReleases = Math.max(...rows.map((row) => Number(row.releases)), 1);
  return stageChart(
    r,
    {
      id: 'understand.monthly',
      title: `Releases and engagement by month, last ${r.data.monthlyYears} years`,
      reading: `Grey bars count the releases of each month (left axis); the red line is their mean engagement, averaged over three months (right axis). The newest months are still filling in.${thinFrom !== null ? ` From ${thinLabel} (shaded) the catalog holds under ${Math.round(THIN_SHARE * 100)}% of its peak year’s monthly titles: its sources pick titles by vote count and recent titles have had less time to gather votes, so fewer bars there mean a thinner catalog, not a smaller market.` : ''}`,
      alt: `Monthly releases and mean engagement over the last ${r.data.monthlyYears} years${thinFrom !== null ? `; the catalog thins out from ${thinLabel}` : ''}.`,
    },
    rows.every((row) => row.releases === 0)
      ? { missing: 'no dated releases in the window' }
      : {
          rows,
          body: {
            layer: [
              ...(thinFrom === null ? [] : [thinningLayer(x, thinFrom, `catalog thins out from ${thinLabel}`)]),
              {
                mark: { type: 'bar', color: '#4b4b4b', width: { band: 0.9 } },
                encoding: {
                  x: { ...x, timeUnit: 'yearmonth' },
                  // Headroom above the tallest bar for the thinning note.
                  y: {
                    field: 'releases',
                    type: 'quantitative',
                    scale: { domainMax: peakReleases * 1.15 },
                    axis: valueAxis('Releases', 'number', { titleColor: COLORS.secondary }),
                  },
                  tooltip: [{ field: 'month', type: 'temporal', timeUnit: 'yearmonth' }, { field: 'releases' }],
                },
              },
              {
                // Months with few releases swing wildly: the line is a centred 3-month rolling mean.
                transform: [{ window: [{ op: 'mean', field: 'engagement', as: 'smoothed' }], frame: [-1, 1], sort: [{ field: 'month' }] }],
                mark: { type: 'line', color: COLORS.accent, strokeWidth: 2, interpolate: 'monotone' },
                encoding: {
                  x: { ...x, timeUnit: 'yearmonth' },
                  y: {
                    field: 'smoothed',
                    type: 'quantitative',
                    scale: { domainMax: Math.max(...rows.map((row) => Number(row.engagement) || 0), 1) * 1.15 },
                    axis: valueAxis('Mean engagement', 'number', { titleColor: COLORS.accent, grid: false }),
                  },
                },
              },
            ],
            resolve: { scale: { y: 'independent' } },
          },
        },
  );
}

export function seasonalPattern(r: UnderstandResult): ChartSpec {
  const months = r.data.seasonal;
  const rows: Row[] = months.map((m) => ({ name: m.name, share: m.share, hitRate: m.hitRate, overallHitRate: r.data.scope.hitRate, releases: m.releases }));
  const order = months.map((m) => m.name);
  const legend = seriesColor({ 'Share of releases': '#6b6b6b', 'Hit rate': COLORS.accent });
  const best = months.reduce<(typeof months)[number] | null>((b, m) => ((m.hitRate ?? -1) > (b?.hitRate ?? -1) ? m : b), null);
  const x = { field: 'name', type: 'ordinal' as const, sort: order, title: null, axis: { labelAngle: 0 } };
  return stageChart(
    r,
    {
      id: 'understand.seasonal',
      title: 'Seasonal pattern: releases and hit rate by month',
      reading: 'Bars are each calendar month’s share of all dated releases; the line is the share of that month’s releases that became hits.',
      alt: best
        ? `Releases and hit rate by calendar month; ${best.name} releases have the highest hit rate (${formatPercent(best.hitRate ?? 0)}).`
        : 'Releases and hit rate by calendar month.',
    },
    months.every((m) => m.releases === 0)
      ? { missing: 'no dated releases in scope' }
      : {
          rows,
          body: {
            layer: [
              {
                mark: { type: 'bar', width: { band: 0.7 }, cornerRadiusEnd: 2 },
                encoding: {
                  x,
                  y: { field: 'share', type: 'quantitative', axis: valueAxis(null, 'percent', { tickCount: 5 }) },
                  color: legend('Share of releases'),
                },
              },
              {
                mark: { type: 'line', strokeWidth: 2.2, point: { filled: true, size: 36, color: COLORS.accent } },
                encoding: { x, y: { field: 'hitRate', type: 'quantitative' }, color: legend('Hit rate') },
              },
            ],
          },
        },
  );
}

export function engagementDrivers(r: UnderstandResult): ChartSpec {
  const genres = r.data.drivers.slice(0, UNDERSTAND_VIEW_LIMITS.driverGenres);
  const rows: Row[] = genres.flatMap((g) =>
    g.drivers.map((d) => ({ genre: g.genre, variable: labelOf(d.variable), rho: d.rho, significant: d.p < UNDERSTAND_LIMITS.alpha, p: d.p, n: d.n })),
  );
  const rhos = rows.map((row) => Number(row.rho));
  const domain = [Math.min(0, ...rhos) - 0.05, Math.max(0, ...rhos) + 0.05];
  const top = genres[0]?.drivers[0];
  return stageChart(
    r,
    {
      id: 'understand.drivers',
      title: 'What goes with engagement, by genre',
      reading: `Each bar is the rank correlation (ρ) of a characteristic with engagement within one of the ${genres.length} largest genres; right of zero = higher values go with more engagement. Faded bars are not significant (p ≥ ${UNDERSTAND_LIMITS.alpha}).`,
      alt:
        top && genres[0]
          ? `Grouped bars of engagement drivers; in ${genres[0].genre} the strongest is ${labelOf(top.variable)} (ρ ${top.rho.toFixed(2)}).`
          : 'Grouped bars of engagement drivers by genre.',
    },
    rows.length === 0
      ? { missing: 'no genre has enough titles to measure its drivers' }
      : {
          rows,
          body: groupedBars(rows, {
            category: 'variable',
            group: 'genre',
            groups: genres.map((g) => g.genre),
            value: 'rho',
            valueTitle: 'Spearman ρ with engagement',
            color: genreColorScale(genres.map((g) => g.genre)),
            domain,
            fadeUnless: 'significant',
          }),
        },
  );
}

export const UNDERSTAND_CHARTS: readonly ChartBuilder<UnderstandResult>[] = [
  { id: 'understand.correlation', chat: true, build: correlationHeatmap },
  { id: 'understand.drivers', chat: true, build: engagementDrivers },
  { id: 'understand.seasonal', chat: true, build: seasonalPattern },
  { id: 'understand.monthly', chat: false, build: monthlyTrends },
  { id: 'understand.anomalies', chat: false, build: anomalyScatter },
];

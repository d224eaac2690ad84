/**
 * Identify ("Market Opportunities"): where supply and success diverge. Saturation bubbles with GREEN / AMBER /
 * RED zones, hit share vs title share, the Pareto curve with its 80% line, 80/20 per genre, release windows.
 */
import { paretoGenres, shareGapGenres, solidGenres, windowGenres } from '../src/core/stages/identify-details.ts';
import type { IdentifyResult, Zone } from '../src/core/stages/types.ts';
import { counted } from '../src/core/words.ts';
import { formatNumber, formatPercent, NUMBER_LABEL_EXPR } from './format.ts';
import { bars, distinct, genreColor, heatmap, placedLabelLayers, placeLabels, ruleAt, seriesColor, valueAxis } from './layers.ts';
import { stageChart, type ChartBuilder, type ChartSpec, type Row } from './spec.ts';
import { withPlacedForms } from './chat-picture.ts';
import { measureText } from './text-metrics.ts';
import { COLORS, FONT_SIZE } from './theme.ts';

export const ZONE_COLORS: Readonly<Record<Zone, string>> = { GREEN: COLORS.green, AMBER: COLORS.amber, RED: COLORS.red };
const zoneColor = {
  field: 'zone',
  type: 'nominal' as const,
  scale: { domain: Object.keys(ZONE_COLORS), range: Object.values(ZONE_COLORS) },
  legend: null,
};
/** The plot area of a single-view chart with a y axis and an x axis title, in pixels (for label placement). */
const SCATTER_PLOT = { width: 446, height: 240 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Three round title counts for the bubble-size legend: about a quarter, a half and all of the largest genre. */
function sizeLegendValues(maxTitles: number): number[] {
  const round = (v: number) => {
    const step = 10 ** Math.max(0, Math.floor(Math.log10(v)) - 1) * 5;
    return Math.max(1, Math.round(v / step) * step);
  };
  return [...new Set([round(maxTitles / 4), round(maxTitles / 2), round(maxTitles)])];
}

/** The saturation bubbles, with their own phone and chat forms: the labels placed for each plot. */
export function saturationBubbles(r: IdentifyResult): ChartSpec {
  return withPlacedForms((plot) => saturationAt(r, plot), SCATTER_PLOT);
}

function saturationAt(r: IdentifyResult, plot: { width: number; height: number }): ChartSpec {
  const { thresholds, overallHitRate } = r.data.saturation;
  // Genres with enough titles for their zone to be argued from (the thin ones are counted in the reading instead).
  const genres = solidGenres(r.data.saturation);
  const thin = r.data.saturation.genres.length - genres.length;
  // index = overall hit rate / genre hit rate, so the zone thresholds are horizontal lines in hit rate.
  const greenFrom = overallHitRate / thresholds.green;
  const redBelow = overallHitRate / thresholds.red;
  // Headroom above the highest bubble, so the biggest bubble stays inside the plot.
  const top = Math.min(1, Math.max(greenFrom * 1.15, ...genres.map((g) => g.hitRate * 1.2)));
  const minSupply = Math.min(...genres.map((g) => g.supplyShare), 0.01);
  // Up to 100%: in a one-genre scope that genre holds every title.
  const maxSupply = Math.max(...genres.map((g) => g.supplyShare), 0.5);
  const xDomain = [minSupply * 0.7, Math.min(1.5, maxSupply * 1.4)];
  const maxTitles = Math.max(1, ...genres.map((g) => g.titles));
  const sizeRange = [40, 900];
  const [l0, l1] = xDomain.map(Math.log);
  // Labels are placed largest genre first, except that the GREEN genres (the headline) go first of all.
  const order = [...genres.keys()].sort(
    (a, b) => Number(genres[b].zone === 'GREEN') - Number(genres[a].zone === 'GREEN') || genres[b].titles - genres[a].titles,
  );
  const bands: Row[] = [
    { zone: 'GREEN', y0: greenFrom, y1: top, text: 'GREEN · under-served' },
    { zone: 'AMBER', y0: redBelow, y1: greenFrom, text: 'AMBER' },
    { zone: 'RED', y0: 0, y1: redBelow, text: 'RED · crowded' },
  ];
  const bubbles = order.map((i) => {
    const g = genres[i];
    return {
      fx: (Math.log(g.supplyShare) - l0) / (l1 - l0),
      fy: g.hitRate / top,
      radius: Math.sqrt((sizeRange[0] + ((sizeRange[1] - sizeRange[0]) * g.titles) / maxTitles) / Math.PI),
      text: g.genre,
    };
  });
  type Box = [number, number, number, number];
  const covered = (box: Box) =>
    bubbles.some(({ fx, fy, radius }) => {
      const cx = fx * plot.width;
      const cy = fy * plot.height;
      const nx = Math.min(Math.max(cx, box[0]), box[2]);
      const ny = Math.min(Math.max(cy, box[1]), box[3]);
      // A bubble that only grazes the box (by 2 px or less) leaves the name readable.
      return (cx - nx) ** 2 + (cy - ny) ** 2 < Math.max(0, radius - 2) ** 2;
    });
  // The zone names sit in the top-left corner of their band, or the top-right where a bubble covers the left; bubble
  // labels keep clear of them.
  const bandLabels = bands.map((b): { side: 'left' | 'right'; box: Box } => {
    const yTop = (Number(b.y1) / top) * plot.height - 4;
    const width = 8 + measureText(String(b.text), FONT_SIZE.mark - 1, true);
    const left: Box = [0, yTop - FONT_SIZE.mark * 1.2, width, yTop];
    const right: Box = [plot.width - width, yTop - FONT_SIZE.mark * 1.2, plot.width, yTop];
    return covered(left) && !covered(right) ? { side: 'right', box: right } : { side: 'left', box: left };
  });
  bands.forEach((b, i) => (b.side = bandLabels[i].side));
  const placed = placeLabels(
    bubbles,
    plot,
    FONT_SIZE.mark - 1,
    bandLabels.map((l) => l.box),
  );
  const labels = genres.map((_, i) => placed[order.indexOf(i)]);
  const unlabelled = genres.filter((_, i) => !labels[i]).map((g) => g.genre);
  const rows: Row[] = genres.map((g, i) => ({
    genre: g.genre,
    supply: g.supplyShare,
    hitRate: g.hitRate,
    titles: g.titles,
    zone: g.zone,
    // what the bullets quote beside the bubbles: the index, the share of hits and the overall rate
    index: g.index,
    hitShare: g.hitShare,
    overallHitRate: r.data.saturation.overallHitRate,
    label: g.genre,
    labelX: labels[i] ? Math.exp(l0 + (labels[i]?.fx ?? 0) * (l1 - l0)) : null,
    labelY: labels[i] ? (labels[i]?.fy ?? 0) * top : null,
    labelAlign: labels[i]?.align ?? null,
  }));
  const x = {
    field: 'supply',
    type: 'quantitative' as const,
    scale: { type: 'log' as const, domain: xDomain, nice: false },
    axis: valueAxis('Share of titles (supply, log scale)', 'percent', {
      grid: false,
      values: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1].filter((v) => v >= xDomain[0] && v <= xDomain[1]),
    }),
  };
  const y = { type: 'quantitative' as const, scale: { domain: [0, top], nice: false }, axis: valueAxis('Hit rate', 'percent', { grid: false }) };
  const green = genres.filter((g) => g.zone === 'GREEN').map((g) => g.genre);
  return stageChart(
    r,
    {
      id: 'identify.saturation',
      title: 'Market saturation by genre',
      reading: `Bubbles place each genre by its share of titles (supply) and its hit rate; bubble size counts its titles. The zones follow the saturation index (supply share ÷ hit share): GREEN ≤ ${thresholds.green}, RED ≥ ${thresholds.red}.${thin > 0 ? ` ${counted(thin, 'genre')} with fewer than ${thresholds.minTitles} titles ${thin === 1 ? 'is' : 'are'} left out.` : ''}`,
      alt: `Bubble chart of ${genres.length} genres by supply and hit rate; in the GREEN zone: ${green.length > 0 ? green.join(', ') : 'none'}.`,
    },
    genres.length < 2
      ? { missing: `saturation compares genres: fewer than two genres have ${thresholds.minTitles}+ titles in scope` }
      : {
          rows: [...bands.map((b) => ({ ...b, layer: 'band' })), ...rows.map((row) => ({ ...row, layer: 'genre' }))],
          body: {
            layer: [
              {
                transform: [{ filter: "datum.layer === 'band'" }],
                mark: { type: 'rect', opacity: 0.12 },
                encoding: {
                  x: { value: 0 },
                  x2: { value: 'width' },
                  y: { ...y, field: 'y0' },
                  y2: { field: 'y1' },
                  color: zoneColor,
                },
              },
              ...(['left', 'right'] as const).map((side) => ({
                transform: [{ filter: `datum.layer === 'band' && datum.side === '${side}'` }],
                mark: {
                  type: 'text' as const,
                  align: side,
                  baseline: 'top' as const,
                  dx: side === 'left' ? 6 : -6,
                  dy: 4,
                  fontSize: FONT_SIZE.mark - 1,
                  fontWeight: 'bold' as const,
                  opacity: 0.9,
                },
                encoding: {
                  x: side === 'left' ? { value: 0 } : { value: 'width' as const },
                  y: { ...y, field: 'y1' },
                  text: { field: 'text' },
                  color: zoneColor,
                },
              })),
              {
                transform: [{ filter: "datum.layer === 'genre'" }],
                mark: { type: 'circle', opacity: 0.85, stroke: COLORS.background, strokeWidth: 1.5 },
                encoding: {
                  x,
                  y: { ...y, field: 'hitRate' },
                  size: {
                    field: 'titles',
                    type: 'quantitative',
                    scale: { domain: [0, maxTitles], range: sizeRange },
                    legend: {
                      title: 'Titles',
                      orient: 'right',
                      symbolFillColor: COLORS.secondary,
                      symbolOpacity: 0.6,
                      values: sizeLegendValues(maxTitles),
                      labelExpr: NUMBER_LABEL_EXPR,
                    },
                  },
                  // Smaller bubbles are drawn over larger ones, so none hides under a bigger neighbour.
                  order: { field: 'titles', type: 'quantitative', sort: 'descending' },
                  color: genreColor(
                    'genre',
                    distinct(rows, 'genre'),
                    unlabelled.length > 0 ? { title: 'Unlabelled', orient: 'right', direction: 'vertical', values: unlabelled } : false,
                  ),
                  tooltip: [
                    { field: 'genre' },
                    { field: 'titles' },
                    { field: 'supply', format: '.1%', title: 'Share of titles' },
                    { field: 'hitRate', format: '.0%', title: 'Hit rate' },
                    { field: 'zone' },
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

export function shareGap(r: IdentifyResult): ChartSpec {
  const genres = shareGapGenres(r.data.saturation);
  const last = genres.at(-1);
  const rows: Row[] = genres.map((g) => ({ genre: g.genre, supply: g.supplyShare, hits: g.hitShare, zone: g.zone }));
  const series = seriesColor({ 'Share of titles': COLORS.secondary, 'Share of hits': COLORS.accent }, 'top');
  const y = { field: 'genre', type: 'nominal' as const, sort: distinct(rows, 'genre'), title: null, axis: { ticks: false, domain: false } };
  const x = { type: 'quantitative' as const, axis: valueAxis(null, 'percent', { tickCount: 5 }) };
  return stageChart(
    r,
    {
      id: 'identify.share-gap',
      title: 'Share of hits vs share of titles',
      reading: `For each genre, grey is its share of all titles and red its share of all hits; the line between them is coloured by zone. Red right of grey = the genre wins more than its size.${genres.length < solidGenres(r.data.saturation).length ? ` Both ends are shown: the ${Math.ceil(genres.length / 2)} largest gains at the top, the ${Math.floor(genres.length / 2)} largest shortfalls at the bottom.` : ''}`,
      alt: genres[0]
        ? `Dot plot of hit share against title share per genre; ${genres[0].genre} gains most (${formatPercent(genres[0].hitShare)} of hits from ${formatPercent(genres[0].supplyShare)} of titles)${last && last !== genres[0] ? `, ${last.genre} falls furthest short (${formatPercent(last.hitShare)} of hits from ${formatPercent(last.supplyShare)} of titles)` : ''}.`
        : 'Dot plot of hit share against title share per genre.',
    },
    genres.length < 2
      ? { missing: 'comparing shares needs at least two genres with enough titles' }
      : {
          rows,
          body: {
            layer: [
              {
                mark: { type: 'rule', strokeWidth: 3, opacity: 0.8 },
                encoding: {
                  y,
                  x: { ...x, field: 'supply' },
                  x2: { field: 'hits' },
                  stroke: { ...zoneColor, legend: { title: 'Line: zone', orient: 'top', direction: 'horizontal', symbolType: 'stroke', symbolStrokeWidth: 3 } },
                  tooltip: [
                    { field: 'genre' },
                    { field: 'supply', format: '.1%', title: 'Share of titles' },
                    { field: 'hits', format: '.1%', title: 'Share of hits' },
                    { field: 'zone' },
                  ],
                },
              },
              { mark: { type: 'circle', size: 90, opacity: 1 }, encoding: { y, x: { ...x, field: 'supply' }, color: series('Share of titles') } },
              { mark: { type: 'circle', size: 90, opacity: 1 }, encoding: { y, x: { ...x, field: 'hits' }, color: series('Share of hits') } },
            ],
          },
        },
  );
}

export function paretoCurve(r: IdentifyResult): ChartSpec {
  const { curve, titleShareFor80, titles } = r.data.pareto.overall;
  const rows: Row[] = curve.map((p) => ({ x: p.x, y: p.y, titles: r.data.pareto.overall.titles }));
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    scale: { domain: [0, 1] },
    axis: valueAxis('Share of titles, best first', 'percent', { grid: false }),
  };
  const y = { field: 'y', type: 'quantitative' as const, scale: { domain: [0, 1] }, axis: valueAxis('Share of engagement', 'percent') };
  return stageChart(
    r,
    {
      id: 'identify.pareto',
      title: `${formatPercent(titleShareFor80)} of titles hold 80% of engagement`,
      reading:
        'Titles are sorted from most to least engaging; the curve adds up their share of all engagement. Where it crosses the dashed 80% line is how concentrated attention is (20% would be the classic 80/20).',
      alt: `Pareto curve over ${formatNumber(titles)} titles: ${formatPercent(titleShareFor80)} of titles account for 80% of engagement.`,
    },
    titles < 2
      ? { missing: 'a Pareto curve needs at least two titles' }
      : {
          rows,
          body: {
            layer: [
              { mark: { type: 'area', color: COLORS.accent, opacity: 0.18 }, encoding: { x, y } },
              { mark: { type: 'line', color: COLORS.accent, strokeWidth: 2.5 }, encoding: { x, y } },
              ruleAt('y', 0.8, '80% of engagement'),
              ruleAt('x', titleShareFor80, `${formatPercent(titleShareFor80)} of titles`, COLORS.text),
            ],
          },
        },
  );
}

export function paretoByGenre(r: IdentifyResult): ChartSpec {
  const minTitles = r.data.saturation.thresholds.minTitles;
  const genres = paretoGenres(r.data);
  const rows: Row[] = genres.map((g) => ({ genre: g.genre, share: g.titleShareFor80, label: formatPercent(g.titleShareFor80) }));
  return stageChart(
    r,
    {
      id: 'identify.pareto-by-genre',
      title: 'How concentrated each genre is',
      reading:
        'The share of a genre’s titles that hold 80% of its engagement: shorter bars = a few titles take most of the attention (hit-driven), longer bars = attention is spread out.',
      alt: genres[0]
        ? `Bars of the share of titles holding 80% of engagement per genre; ${genres[0].genre} is the most concentrated (${formatPercent(genres[0].titleShareFor80)}).`
        : 'Bars of engagement concentration per genre.',
    },
    genres.length < 2
      ? { missing: `comparing genres needs at least two genres with ${minTitles}+ titles` }
      : {
          rows,
          body: bars(rows, {
            category: 'genre',
            value: 'share',
            kind: 'percent',
            label: 'label',
            color: { genre: 'genre' },
            valueTitle: 'Share of titles holding 80% of engagement',
          }),
        },
  );
}

export function releaseWindow(r: IdentifyResult): ChartSpec {
  const genres = windowGenres(r.data);
  const keep = new Set<string>(genres);
  // A genre's best month carries its test (p over the twelve months, as the window bullets quote it).
  const bestP = new Map(r.data.releaseWindow.best.map((b) => [`${b.genre}|${b.bestMonth}`, b.bestP]));
  const rows: Row[] = r.data.releaseWindow.cells
    .filter((c) => keep.has(c.genre))
    .map((c) => {
      const p = bestP.get(`${c.genre}|${c.month}`);
      return {
        genre: c.genre,
        month: MONTHS[c.month - 1],
        lift: c.lift,
        label: c.lift === null ? '–' : c.lift.toFixed(1),
        titles: c.titles,
        ...(p !== undefined && p !== null ? { p: Number(p.toFixed(3)) } : {}),
      };
    });
  const best = r.data.releaseWindow.best.find((b) => b.genre === genres[0]);
  return stageChart(
    r,
    {
      id: 'identify.release-window',
      title: 'Release windows: engagement lift by month',
      reading: `Each cell compares the mean engagement of a genre’s releases in that month with the genre’s overall mean (1.0 = average; red above, blue below); “–” marks fewer than ${r.data.releaseWindow.minCell} titles.`,
      alt:
        best && best.bestMonth !== null
          ? `Heatmap of engagement lift by genre and month; ${best.genre} does best in ${MONTHS[best.bestMonth - 1]} (${(best.bestLift ?? 1).toFixed(1)}×).`
          : 'Heatmap of engagement lift by genre and month.',
    },
    genres.length === 0
      ? { missing: `no genre has enough titles to compare months` }
      : {
          rows,
          body: heatmap({
            x: 'month',
            y: 'genre',
            value: 'lift',
            label: 'label',
            xOrder: MONTHS,
            yOrder: genres,
            diverging: true,
            domain: [0.4, 1.6],
            mid: 1,
            legend: false,
            tooltip: ['genre', 'month', 'lift', 'titles', 'p'],
          }),
        },
  );
}

export const IDENTIFY_CHARTS: readonly ChartBuilder<IdentifyResult>[] = [
  { id: 'identify.saturation', chat: true, build: saturationBubbles },
  { id: 'identify.pareto', chat: true, build: paretoCurve },
  { id: 'identify.release-window', chat: true, build: releaseWindow },
  { id: 'identify.share-gap', chat: false, build: shareGap },
  { id: 'identify.pareto-by-genre', chat: false, build: paretoByGenre },
];

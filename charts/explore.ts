/**
 * Explore ("Content Universe"): what is in the catalog. Genre distribution, quality vs popularity, top
 * performers, the genre × metric performance matrix, release volume by year, language mix, a poster grid.
 */
import { distributionGenres, EXPLORE_VIEW_LIMITS, matrixGenres } from '../src/core/stages/explore-details.ts';
import type { ExploreResult } from '../src/core/stages/types.ts';
import { listOf } from '../src/core/words.ts';
import { firstGenre, formatNumber, formatPercent, titleWithYear } from './format.ts';
import {
  bars,
  densityLayer,
  distinct,
  genreColor,
  heatmap,
  popularityPercentileX,
  outlierCap,
  THIN_SHARE,
  thinningLayer,
  thinningStart,
  valueAxis,
} from './layers.ts';
import { MEDIA_COLORS, MEDIA_LABELS } from './palette.ts';
import { stageChart, type ChartBuilder, type ChartSpec, type Drawing, type Row, type Unit } from './spec.ts';
import { COLORS, FONT_SIZE } from './theme.ts';

/** The distribution's title — in a genre scope its co-genres' — short enough for a native chat chart (Slack: 50 characters). */
export function distributionTitle(focus: readonly string[]): string {
  if (focus.length === 0) return 'Titles per genre';
  const title = `Other genres of ${listOf(focus, 'or')} titles`;
  return title.length <= 50 ? title : 'Other genres of the titles asked about';
}

export function genreDistribution(r: ExploreResult): ChartSpec {
  const genres = distributionGenres(r.data);
  // In a genre scope the bars are the asked genres' co-genres (distributionGenres): one bar is then enough.
  const focus = r.data.market?.focus ?? [];
  const least = focus.length > 0 ? 1 : 2;
  const rows: Row[] = genres.flatMap((g) =>
    (['movie', 'tv'] as const).map((media) => ({
      genre: g.genre,
      media: MEDIA_LABELS[media],
      count: g[media],
      total: media === 'tv',
      totalValue: g.total,
      label: `${formatNumber(g.total)} · ${formatPercent(g.titleShare)}`,
    })),
  );
  const drawing: Drawing =
    genres.length < least
      ? {
          missing:
            focus.length > 0
              ? `no ${listOf(focus, 'or')} title here carries another genre`
              : `${genres.length === 0 ? 'no titles' : `only ${genres[0].genre}`} in scope: a distribution needs two genres`,
        }
      : {
          rows,
          body: {
            layer: [
              {
                mark: { type: 'bar', height: { band: 0.72 } },
                encoding: {
                  y: { field: 'genre', type: 'nominal', sort: distinct(rows, 'genre'), title: null, axis: { ticks: false, domain: false } },
                  x: { field: 'count', type: 'quantitative', stack: 'zero', axis: valueAxis('Titles', 'number', { tickCount: 5 }) },
                  color: genreColor('genre', distinct(rows, 'genre')),
                  opacity: {
                    field: 'media',
                    type: 'ordinal',
                    scale: { domain: [MEDIA_LABELS.movie, MEDIA_LABELS.tv], range: [1, 0.45] },
                    legend: { title: null, orient: 'bottom-right', symbolType: 'square', symbolFillColor: COLORS.secondary },
                  },
                  order: { field: 'media', sort: 'ascending' },
                },
              },
              {
                transform: [{ filter: 'datum.total === true' }],
                mark: { type: 'text', align: 'left', dx: 4, color: COLORS.secondary, fontSize: FONT_SIZE.mark - 1 },
                encoding: {
                  y: { field: 'genre', type: 'nominal', sort: distinct(rows, 'genre') },
                  x: { field: 'totalValue', type: 'quantitative' },
                  text: { field: 'label' },
                },
              },
            ],
          },
        };
  const top = genres[0];
  return stageChart(
    r,
    {
      id: 'explore.genre-distribution',
      title: distributionTitle(focus),
      reading: `Each bar is one genre${focus.length > 0 ? ` the ${listOf(focus, 'or')} titles here also carry (every one carries ${focus.length === 1 ? focus[0] : 'one of those'}, so ${focus.length === 1 ? 'it is' : 'they are'} not drawn)` : ''}: the solid part counts movies, the faded part TV shows; the label gives the total and the share of titles carrying the genre (a title can carry several).`,
      alt: !top
        ? 'Bar chart of titles per genre.'
        : focus.length > 0
          ? `Bar chart of the other genres of ${r.data.scope.label} titles: ${top.genre} is the most common, on ${formatNumber(top.total)} titles (${formatPercent(top.titleShare)}).`
          : `Bar chart of titles per genre for ${r.data.scope.label}: ${top.genre} leads with ${formatNumber(top.total)} titles (${formatPercent(top.titleShare)}).`,
    },
    drawing,
  );
}

/** Dots named on the quality-popularity chart (the top ones by engagement). */
const QUALITY_LABELS = 1;

export function qualityPopularity(r: ExploreResult): ChartSpec {
  const { density, points } = r.data.quality;
  const cells: Row[] = density.filter((c) => c.count > 0).map((c) => ({ layer: 'cell', ...c }));
  const top = points.slice(0, EXPLORE_VIEW_LIMITS.qualityPoints);
  const dots: Row[] = top.map((p, i) => ({
    layer: 'point',
    title: p.title,
    label: i < QUALITY_LABELS ? p.title : null,
    genre: p.genre ?? 'Other',
    vote: p.voteAverage,
    popularity: p.popularity,
    // the scope's Spearman ρ rides along (tooltips; the bullets quote it from here)
    rho: r.data.quality.rho,
  }));
  const x = popularityPercentileX('popularity', [...top.map((p) => p.popularity), ...density.map((c) => c.x1)]);
  const y = { type: 'quantitative' as const, scale: { domain: [0, 10] }, axis: valueAxis('Vote average', 'score', { grid: false }) };
  const drawing: Drawing =
    cells.length === 0
      ? { missing: 'no titles in scope' }
      : {
          // Each layer gets its own rows: no layer filters the others' data on every render.
          rows: dots,
          body: {
            layer: [
              densityLayer(cells, x, y, { title: 'Titles', length: 90 }),
              {
                mark: { type: 'circle', size: 80, stroke: COLORS.background, strokeWidth: 1, opacity: 1 },
                encoding: {
                  x,
                  y: { ...y, field: 'vote' },
                  color: genreColor('genre', distinct(dots, 'genre'), { title: `Top ${dots.length} by genre`, orient: 'right', symbolType: 'circle' }),
                  tooltip: [{ field: 'title' }, { field: 'genre' }, { field: 'popularity', format: ',.0f' }, { field: 'vote', title: 'Vote average' }],
                },
              },
              {
                transform: [{ filter: 'datum.label !== null' }],
                mark: { type: 'text', align: 'right', dx: -8, fontSize: FONT_SIZE.mark - 1, color: COLORS.text, baseline: 'middle', limit: 140 },
                encoding: { x, y: { ...y, field: 'vote' }, text: { field: 'label' } },
              },
            ],
            resolve: { scale: { color: 'independent' } },
          },
        };
  const rho = r.data.quality.rho;
  return stageChart(
    r,
    {
      id: 'explore.quality-popularity',
      title: 'Quality vs popularity',
      reading:
        'Grey cells count titles at each rating and popularity (brighter = more titles); dots are the top titles by engagement in their genre’s colour, the top one named. Popularity is each title’s percentile within its source (0–100), comparable across sources.',
      alt: `Density of ${formatNumber(r.data.scope.titles)} titles by popularity and vote average${rho === null ? '' : ` (Spearman ρ ${rho.toFixed(2)})`}, with the top ${dots.length} titles marked.`,
    },
    drawing,
  );
}

export function topPerformers(r: ExploreResult): ChartSpec {
  const top = r.data.topTitles.slice(0, EXPLORE_VIEW_LIMITS.topTitles);
  const rows: Row[] = top.map((t) => ({
    name: titleWithYear(t),
    genre: firstGenre(t),
    engagement: t.engagement,
    // The genre is written beside the value: it names the bar's colour.
    label: `${formatNumber(t.engagement)} · ${firstGenre(t)}`,
    // what the engagement is made of (tooltips; the top-performer bullet quotes them)
    popularity: t.popularity,
    voteAverage: t.voteAverage,
    voteCount: t.voteCount,
  }));
  return stageChart(
    r,
    {
      id: 'explore.top-performers',
      title: `Top ${top.length} titles by engagement`,
      reading: `Engagement blends popularity with a vote-count-damped rating; bars are coloured by each title’s first genre, named after its value.${outlierCap(top.map((t) => t.engagement)) !== null ? ' One title is so far ahead that its bar is cut (axis broken): its value is written on it.' : ''}`,
      alt: top[0]
        ? `Bar chart of the top ${top.length} titles by engagement; ${titleWithYear(top[0])} leads with ${formatNumber(top[0].engagement)}. In order: ${top.map((t) => `${titleWithYear(t)} ${formatNumber(t.engagement)}`).join(', ')}.`
        : 'Bar chart of top titles by engagement.',
    },
    top.length === 0
      ? { missing: 'no titles in scope' }
      : {
          rows,
          body: bars(rows, {
            category: 'name',
            value: 'engagement',
            label: 'label',
            color: { genre: 'genre' },
            valueTitle: 'Engagement',
            labelLimit: 210,
            breakOutlier: true,
          }),
        },
  );
}

const MATRIX_METRICS = [
  { key: 'total', label: 'Titles', format: formatNumber },
  { key: 'meanPopularity', label: 'Popularity', format: formatNumber },
  { key: 'meanVoteAverage', label: 'Rating', format: (v: number) => v.toFixed(1) },
  { key: 'meanVoteCount', label: 'Votes', format: formatNumber },
  { key: 'meanEngagement', label: 'Engagement', format: formatNumber },
  { key: 'hitRate', label: 'Hit rate', format: formatPercent },
] as const;

export function performanceMatrix(r: ExploreResult): ChartSpec {
  const genres = matrixGenres(r.data);
  const rows: Row[] = [];
  for (const m of MATRIX_METRICS) {
    const values = genres.map((g) => g[m.key]);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    for (const g of genres) {
      const v = g[m.key];
      rows.push({ genre: g.genre, metric: m.label, value: v, level: hi > lo ? (v - lo) / (hi - lo) : 0.5, label: m.format(v) });
    }
  }
  return stageChart(
    r,
    {
      id: 'explore.performance-matrix',
      title: 'Genre performance matrix',
      reading:
        'Each column is one metric (means per title, hit rate = share of hits); colour compares genres within a column, from lowest (dark) to highest (red).',
      alt: `Heatmap of ${genres.length} genres by titles, popularity, rating, votes, engagement and hit rate.`,
    },
    genres.length < 2
      ? { missing: 'comparing genres needs at least two genres in scope' }
      : {
          rows,
          body: heatmap({
            x: 'metric',
            y: 'genre',
            value: 'level',
            label: 'label',
            xOrder: MATRIX_METRICS.map((m) => m.label),
            yOrder: genres.map((g) => g.genre),
            domain: [0, 1],
            legendTitle: null,
            legend: false,
          }),
        },
  );
}

export function releaseVolume(r: ExploreResult, fromYear: number): ChartSpec {
  const years = r.data.releaseVolume.filter((y) => y.year >= fromYear);
  const rows: Row[] = years.flatMap((y) => (['movie', 'tv'] as const).map((media) => ({ year: y.year, media: MEDIA_LABELS[media], count: y[media] })));
  const peak = years.reduce<(typeof years)[number] | null>((best, y) => (best === null || y.total > best.total ? y : best), null);
  const thinAt = thinningStart(years.map((y) => y.total));
  const thinFrom = thinAt === null ? null : years[thinAt].year;
  const x = {
    field: 'year',
    type: 'ordinal' as const,
    title: null,
    axis: { labelAngle: 0, labelExpr: "datum.value % 5 === 0 ? datum.value : ''", ticks: false, labelOverlap: false },
  };
  const volumeBars: Unit = {
    mark: { type: 'bar', width: { band: 0.85 } },
    encoding: {
      x,
      // Headroom above the tallest bar for the thinning note.
      y: {
        field: 'count',
        type: 'quantitative',
        stack: 'zero',
        scale: thinFrom === null ? {} : { domainMax: (peak?.total ?? 0) * 1.15 },
        axis: valueAxis('Titles', 'number', { tickCount: 5 }),
      },
      color: {
        field: 'media',
        type: 'nominal',
        scale: { domain: [MEDIA_LABELS.movie, MEDIA_LABELS.tv], range: [MEDIA_COLORS.movie, MEDIA_COLORS.tv] },
        legend: { title: null, orient: 'top-left', direction: 'horizontal' },
      },
      tooltip: [{ field: 'year' }, { field: 'media' }, { field: 'count' }],
    },
  };
  return stageChart(
    r,
    {
      id: 'explore.release-volume',
      title: `Releases per year since ${years[0]?.year ?? fromYear}`,
      reading: `Stacked bars count the titles released each year: movies in red, TV shows in grey (first air date). The latest year may be incomplete.${thinFrom !== null ? ` From ${thinFrom} (shaded) the catalog holds under ${Math.round(THIN_SHARE * 100)}% of its peak year’s titles: its sources pick titles by vote count, and recent titles have had less time to gather votes, so the drop is the catalog thinning out, not the market.` : ''}`,
      alt: peak
        ? `Bar chart of releases per year; the busiest year is ${peak.year} with ${formatNumber(peak.total)} titles${thinFrom !== null ? `; from ${thinFrom} the catalog thins out (recent titles under-counted)` : ''}.`
        : 'Bar chart of releases per year.',
    },
    years.length === 0
      ? { missing: 'no dated titles in scope' }
      : {
          rows,
          body: thinFrom === null ? volumeBars : { layer: [thinningLayer(x, thinFrom, `catalog thins out from ${thinFrom}`), volumeBars] },
        },
  );
}

export function languageMix(r: ExploreResult): ChartSpec {
  const langs = r.data.languages.slice(0, EXPLORE_VIEW_LIMITS.languages);
  const rows: Row[] = langs.map((l) => ({ name: l.name, share: l.share, label: `${formatPercent(l.share)} · ${formatNumber(l.count)}` }));
  return stageChart(
    r,
    {
      id: 'explore.language-mix',
      title: 'Original languages',
      reading: `Share of the titles in scope by original language (top ${EXPLORE_VIEW_LIMITS.languages}); the label gives the share and the count.${outlierCap(langs.map((l) => l.share)) !== null ? ` ${langs[0]?.name} is so far ahead that its bar is cut (axis broken): its share is written on it.` : ''}`,
      alt: langs[0]
        ? `Bar chart of original languages; ${langs[0].name} accounts for ${formatPercent(langs[0].share)} of titles.`
        : 'Bar chart of original languages.',
    },
    langs.length === 0
      ? { missing: 'no titles with a known language in scope' }
      : { rows, body: bars(rows, { category: 'name', value: 'share', label: 'label', kind: 'percent', color: COLORS.accent, breakOutlier: true }) },
  );
}

/** Splits a title into at most `lines` lines of about `width` characters (the last one ellipsised). */
export function wrapTitle(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) {
      out.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) out.push(line);
  const kept = out.slice(0, lines).map((l) => (l.length > width + 2 ? `${l.slice(0, width)}…` : l));
  if (out.length > lines) kept[lines - 1] = `${kept[lines - 1].slice(0, width - 1)}…`;
  return kept;
}

/** The top titles as cards: five to a row, and two to a row in the phone form (where five would pile up). */
export function posterGrid(r: ExploreResult): ChartSpec {
  const desktop = posterCards(r, 5);
  const phone = posterCards(r, 2).spec as unknown as Record<string, unknown>;
  const rows = Math.ceil(Math.min(r.data.topTitles.length, EXPLORE_VIEW_LIMITS.posterCards) / 2);
  return { ...desktop, phone: { ...phone, height: Math.max(1, rows) * POSTER_CARD_HEIGHT + POSTER_TITLE_HEIGHT } as unknown as ChartSpec['spec'] };
}

/** A card's height in the phone form, where cards are laid out two to a row, and the title's above them. */
const POSTER_CARD_HEIGHT = 136;
const POSTER_TITLE_HEIGHT = 70;

function posterCards(r: ExploreResult, cols: number): ChartSpec {
  const top = r.data.topTitles.slice(0, EXPLORE_VIEW_LIMITS.posterCards);
  const rows: Row[] = top.map((t, i) => {
    const col = i % cols;
    const row = Math.floor(i / cols);
    return {
      x0: col + 0.04,
      x1: col + 0.96,
      y0: row + 0.04,
      y1: row + 0.96,
      cx: col + 0.5,
      top: row + 0.04,
      genre: firstGenre(t),
      rank: `#${i + 1}`,
      // Two lines at most: a third would run into the genre line (the alt text has every title whole).
      name: wrapTitle(t.title, 14, 2).join('\n'),
      meta: `${t.mediaType === 'tv' ? 'TV' : 'Movie'}${t.year === null ? '' : ` · ${t.year}`}`,
      genreName: t.genres[0] ?? 'No genre (Other)',
      stats: `★ ${t.voteAverage.toFixed(1)} · ${formatNumber(t.popularity)}`,
    };
  });
  const rowsCount = Math.max(1, Math.ceil(top.length / cols));
  const x = { type: 'quantitative' as const, scale: { domain: [0, cols] }, axis: null };
  const y = { type: 'quantitative' as const, scale: { domain: [0, rowsCount], reverse: true }, axis: null };
  const text = (dy: number, field: string, extra: Record<string, unknown>) => ({
    mark: { type: 'text' as const, align: 'center' as const, baseline: 'top' as const, dy, ...extra },
    encoding: { x: { ...x, field: 'cx' }, y: { ...y, field: 'top' }, text: { field } },
  });
  return stageChart(
    r,
    {
      id: 'explore.poster-grid',
      title: `Top ${top.length} titles`,
      reading:
        'The top titles by engagement as cards (posters are not fetched offline): rank, title, type and year, rating and popularity; the coloured band is the first genre.',
      alt: `Cards of the top ${top.length} titles: ${top.map((t) => titleWithYear(t)).join(', ')}.`,
    },
    top.length === 0
      ? { missing: 'no titles in scope' }
      : {
          rows,
          body: {
            layer: [
              {
                mark: { type: 'rect', fill: COLORS.card, cornerRadius: 8 },
                encoding: { x: { ...x, field: 'x0' }, x2: { field: 'x1' }, y: { ...y, field: 'y0' }, y2: { field: 'y1' } },
              },
              {
                mark: { type: 'rect', cornerRadiusTopLeft: 8, cornerRadiusTopRight: 8, height: 6 },
                encoding: {
                  x: { ...x, field: 'x0' },
                  x2: { field: 'x1' },
                  y: { ...y, field: 'y0' },
                  color: genreColor('genre', distinct(rows, 'genre')),
                },
              },
              text(14, 'rank', { color: COLORS.accent, fontWeight: 'bold', fontSize: FONT_SIZE.axisTitle }),
              text(34, 'name', { color: COLORS.text, fontWeight: 'bold', fontSize: FONT_SIZE.mark, lineHeight: 14, lineBreak: '\n' }),
              text(70, 'genreName', { color: COLORS.secondary, fontSize: FONT_SIZE.mark - 1, limit: 100 }),
              text(86, 'meta', { color: COLORS.secondary, fontSize: FONT_SIZE.mark - 1 }),
              text(102, 'stats', { color: COLORS.secondary, fontSize: FONT_SIZE.mark - 1 }),
            ],
          },
        },
  );
}

/** Release volume covers the last `volumeYears` years (older years are sparse in TMDB and would squeeze the bars). */
function recentReleaseVolume(r: ExploreResult): ChartSpec {
  const latest = r.data.releaseVolume.reduce((max, y) => Math.max(max, y.year), 0);
  return releaseVolume(r, latest - EXPLORE_VIEW_LIMITS.volumeYears + 1);
}

/** Every Explore chart in dashboard order; `chat` marks the ones a chat reply shows. */
export const EXPLORE_CHARTS: readonly ChartBuilder<ExploreResult>[] = [
  { id: 'explore.genre-distribution', chat: true, build: genreDistribution },
  { id: 'explore.quality-popularity', chat: true, build: qualityPopularity },
  { id: 'explore.top-performers', chat: true, build: topPerformers },
  { id: 'explore.performance-matrix', chat: false, build: performanceMatrix },
  { id: 'explore.release-volume', chat: false, build: recentReleaseVolume },
  { id: 'explore.language-mix', chat: false, build: languageMix },
  { id: 'explore.poster-grid', chat: false, build: posterGrid },
];

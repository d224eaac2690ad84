/**
 * Compare: head to head, genre vs genre or title vs title. The same metrics on both sides, the delta
 * (right − left), the winner of each scored metric (higher or lower is better, as stated per metric; equal within
 * 1e-9 relative → tie), and the overall winner with its score = metrics won / metrics compared (metrics with a
 * null side or no direction are shown, not scored). The trend is the mean engagement per release year of each
 * side's genre (for titles: of the title's first genre and media type), over the last `trendYears` years.
 *
 * Genre metrics (all titles of the genre, movies and TV): titles (context), mean engagement, median popularity,
 * mean vote average, median vote count, hit rate, median velocity of the last 5 years' releases, median ROI
 * (revenue ÷ budget, movies with both), mean runtime (context).
 * Title metrics: engagement, popularity, vote average, vote count, velocity, engagement percentile within the
 * hit cohort, revenue, ROI, budget (context), runtime (context).
 */
import type { Catalog } from '../../data/catalog.ts';
import { CANONICAL_GENRES, type Genre } from '../../data/genres.ts';
import { titleKey, type Title } from '../../data/title.ts';
import { columnsOf, genreBit, type Columns } from '../columns.ts';
import { rankInsights } from '../insights.ts';
import { ENGAGEMENT_DEFINITION, HIT_DEFINITION, VELOCITY_DEFINITION } from '../measures.ts';
import type { CompareParams } from '../params.ts';
import { resolveTitleIndex, titleLabel } from '../resolve/title.ts';
import { meanOf, medianOf } from '../stats/summary.ts';
import type { Insight } from '../types.ts';
import {
  compareDetails,
  headlineInsight,
  latestYearInsight,
  noComparisonInsight,
  stillLeadsInsight,
  unscoredInsight,
  widestGapInsight,
} from './compare-details.ts';
import { summarizeTitle } from './scope.ts';
import type { CompareData, CompareMetric, CompareResult, Side } from './types.ts';

export const COMPARE_LIMITS = { trendYears: 20, minTrendTitles: 3, recentYears: 5 } as const;

interface MetricValue {
  metric: string;
  label: string;
  value: number | null;
  higherIsBetter: boolean | null;
}

function genreIndices(cols: Columns, genre: Genre, type: 0 | 1 | -1 = -1): number[] {
  const bit = genreBit(genre);
  const out: number[] = [];
  for (let i = 0; i < cols.n; i++) if ((cols.genreMask[i] & bit) !== 0 && (type < 0 || cols.tv[i] === type)) out.push(i);
  return out;
}

function genreMetrics(cols: Columns, genre: Genre): MetricValue[] {
  const list = genreIndices(cols, genre);
  const maxAge = COMPARE_LIMITS.recentYears * 365.25;
  const recent = list.filter((i) => cols.age[i] <= maxAge && !Number.isNaN(cols.velocity[i]));
  let hits = 0;
  for (const i of list) hits += cols.hits.hit[i];
  const roi = new Float64Array(list.length);
  const all: number[] = [];
  for (let k = 0; k < list.length; k++) {
    const i = list[k];
    roi[k] = cols.budget[i] > 0 && cols.revenue[i] >= 0 ? cols.revenue[i] / cols.budget[i] : Number.NaN;
    all.push(k);
  }
  return [
    { metric: 'titles', label: 'Titles', value: list.length, higherIsBetter: null },
    { metric: 'meanEngagement', label: 'Mean engagement', value: meanOf(cols.engagement, list), higherIsBetter: true },
    { metric: 'medianPopularity', label: 'Median popularity percentile', value: medianOf(cols.popularity, list), higherIsBetter: true },
    { metric: 'meanVoteAverage', label: 'Mean rating', value: meanOf(cols.voteAverage, list), higherIsBetter: true },
    { metric: 'medianVoteCount', label: 'Median votes', value: medianOf(cols.voteCount, list), higherIsBetter: true },
    { metric: 'hitRate', label: 'Hit rate', value: list.length === 0 ? null : hits / list.length, higherIsBetter: true },
    { metric: 'medianVelocity', label: `Median velocity (last ${COMPARE_LIMITS.recentYears} years)`, value: medianOf(cols.velocity, recent), higherIsBetter: true },
    { metric: 'medianRoi', label: 'Median ROI (revenue ÷ budget)', value: medianOf(roi, all), higherIsBetter: true },
    { metric: 'meanRuntime', label: 'Mean runtime (min)', value: meanOf(cols.runtime, list), higherIsBetter: null },
  ];
}

/** Share of the title's hit cohort with engagement ≤ the title's (0..1). */
function cohortPercentile(cols: Columns, i: number): number {
  const cohort = cols.hits.cohort[i];
  let n = 0;
  let below = 0;
  for (let j = 0; j < cols.n; j++) {
    if (cols.hits.cohort[j] !== cohort) continue;
    n++;
    if (cols.engagement[j] <= cols.engagement[i]) below++;
  }
  return n === 0 ? 0 : below / n;
}

function titleMetrics(cols: Columns, i: number): MetricValue[] {
  const t = cols.titles[i];
  const roi = t.budget && t.revenue !== null ? t.revenue / t.budget : null;
  return [
    { metric: 'engagement', label: 'Engagement', value: cols.engagement[i], higherIsBetter: true },
    // The percentile within the title's own scale: two titles observed years apart are compared on it, not on raw TMDB popularity.
    { metric: 'popularity', label: 'Popularity percentile (within its source)', value: cols.popularity[i], higherIsBetter: true },
    { metric: 'voteAverage', label: 'Rating', value: t.voteAverage, higherIsBetter: true },
    { metric: 'voteCount', label: 'Votes', value: t.voteCount, higherIsBetter: true },
    { metric: 'velocity', label: 'Velocity (popularity percentile/day)', value: Number.isNaN(cols.velocity[i]) ? null : cols.velocity[i], higherIsBetter: true },
    { metric: 'cohortPercentile', label: 'Engagement percentile in cohort', value: cohortPercentile(cols, i), higherIsBetter: true },
    { metric: 'revenue', label: 'Revenue (USD)', value: t.revenue, higherIsBetter: true },
    { metric: 'roi', label: 'ROI (revenue ÷ budget)', value: roi, higherIsBetter: true },
    { metric: 'budget', label: 'Budget (USD)', value: t.budget, higherIsBetter: null },
    { metric: 'runtime', label: 'Runtime (min)', value: t.runtime, higherIsBetter: null },
  ];
}

/** Pairs the two sides' metrics and scores them. */
export function scoreMetrics(left: readonly MetricValue[], right: readonly MetricValue[]): { metrics: CompareMetric[]; overall: CompareData['overall'] } {
  const won = { left: 0, right: 0, ties: 0 };
  const metrics: CompareMetric[] = left.map((l, j) => {
    const r = right[j];
    const delta = l.value !== null && r.value !== null ? r.value - l.value : null;
    let winner: CompareMetric['winner'] = null;
    if (delta !== null && l.higherIsBetter !== null && l.value !== null && r.value !== null) {
      const scale = Math.max(Math.abs(l.value), Math.abs(r.value), 1e-300);
      if (Math.abs(delta) <= 1e-9 * scale) winner = 'tie';
      else winner = (delta > 0) === l.higherIsBetter ? 'right' : 'left';
      if (winner === 'tie') won.ties++;
      else won[winner]++;
    }
    return { metric: l.metric, label: l.label, left: l.value, right: r.value, delta, higherIsBetter: l.higherIsBetter, winner };
  });
  const compared = won.left + won.right + won.ties;
  const winner: Side | 'tie' = won.left > won.right ? 'left' : won.right > won.left ? 'right' : 'tie';
  const score = compared === 0 ? 0 : (winner === 'right' ? won.right : won.left) / compared;
  return { metrics, overall: { winner, score, won, compared } };
}

function yearlyTrend(cols: Columns, list: readonly number[], from: number, to: number): (number | null)[] {
  const sums = new Float64Array(to - from + 1);
  const counts = new Float64Array(to - from + 1);
  for (const i of list) {
    const y = cols.year[i];
    if (y < from || y > to) continue;
    sums[y - from] += cols.engagement[i];
    counts[y - from]++;
  }
  return Array.from(sums, (s, k) => (counts[k] >= COMPARE_LIMITS.minTrendTitles ? s / counts[k] : null));
}

function compareInsights(data: CompareData): Insight[] {
  const none = noComparisonInsight(data);
  if (none) return rankInsights([none]);
  return rankInsights([
    headlineInsight(data, 1),
    widestGapInsight(data, 0.7),
    stillLeadsInsight(data, 0.55),
    unscoredInsight(data, 0.5),
    latestYearInsight(data, 0.45),
  ]);
}

export function compare(catalog: Catalog, params: CompareParams): CompareResult {
  const cols = columnsOf(catalog);
  const asOfYear = Number(catalog.meta.asOf.slice(0, 4));
  const from = asOfYear - COMPARE_LIMITS.trendYears + 1;
  let data: CompareData;
  const years = Array.from({ length: COMPARE_LIMITS.trendYears }, (_, k) => from + k);
  if (params.kind === 'genre') {
    const scored = scoreMetrics(genreMetrics(cols, params.left), genreMetrics(cols, params.right));
    const tl = yearlyTrend(cols, genreIndices(cols, params.left), from, asOfYear);
    const tr = yearlyTrend(cols, genreIndices(cols, params.right), from, asOfYear);
    data = {
      kind: 'genre',
      left: { label: params.left, ref: params.left, title: null },
      right: { label: params.right, ref: params.right, title: null },
      ...scored,
      trend: years.map((year, k) => ({ year, left: tl[k], right: tr[k] })),
      trendBasis: 'Mean engagement of each genre’s releases per year (movies and TV; years with fewer than 3 releases left blank).',
    };
  } else {
    const li = resolveTitleIndex(catalog, params.left, 'left');
    const ri = resolveTitleIndex(catalog, params.right, 'right');
    const lt = catalog.titles[li];
    const rt = catalog.titles[ri];
    const scored = scoreMetrics(titleMetrics(cols, li), titleMetrics(cols, ri));
    const trendOf = (t: Title) => {
      const g = t.genres.find((x): x is Genre => (CANONICAL_GENRES as readonly string[]).includes(x));
      return g ? yearlyTrend(cols, genreIndices(cols, g, t.mediaType === 'tv' ? 1 : 0), from, asOfYear) : years.map(() => null);
    };
    const tl = trendOf(lt);
    const tr = trendOf(rt);
    data = {
      kind: 'title',
      left: { label: titleLabel(lt), ref: titleKey(lt), title: summarizeTitle(cols, li) },
      right: { label: titleLabel(rt), ref: titleKey(rt), title: summarizeTitle(cols, ri) },
      ...scored,
      trend: years.map((year, k) => ({ year, left: tl[k], right: tr[k] })),
      trendBasis: `TMDB keeps no per-title history: each side's trend is the mean engagement per release year of its first genre (${lt.genres[0] ?? 'none'} / ${rt.genres[0] ?? 'none'}) and media type.`,
    };
  }
  return {
    stage: 'compare',
    params,
    insights: compareInsights(data),
    details: compareDetails(data),
    data,
    asOf: catalog.meta.asOf,
    notes: [
      ENGAGEMENT_DEFINITION,
      HIT_DEFINITION,
      VELOCITY_DEFINITION,
      'Score = metrics won ÷ metrics compared; metrics without a direction (volume, runtime, budget) or with a missing side are shown but not scored.',
      data.trendBasis,
    ],
  };
}

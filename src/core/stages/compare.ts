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
import { asHeadline, rankInsights } from '../insights.ts';
import { ENGAGEMENT_DEFINITION, HIT_DEFINITION, VELOCITY_DEFINITION, lastFullYear, popularityScaleKey } from '../measures.ts';
import type { CompareParams } from '../params.ts';
import { resolveTitleIndex, titleLabel } from '../resolve/title.ts';
import { meanOf, medianOf } from '../stats/summary.ts';
import { bootstrapMeanTest, holm, mannWhitneyTest, twoProportionTest } from '../stats/tests.ts';
import type { Insight } from '../types.ts';
import {
  compareDetails,
  headlineInsight,
  latestYearInsight,
  noComparisonInsight,
  notSignificantInsight,
  relativeDifference,
  thinInsight,
  stillLeadsInsight,
  winnerLeadsInsight,
  unscoredInsight,
  widestGapInsight,
} from './compare-details.ts';
import { summarizeTitle } from './scope.ts';
import type { CompareData, CompareMetric, CompareResult, MetricTest, Side } from './types.ts';

export const COMPARE_LIMITS = {
  trendYears: 20,
  minTrendTitles: 3,
  recentYears: 5,
  /**
   * Fewest values on each side before a genre metric is compared: under it the side is named as thin. At 50 a
   * 25-point gap in hit rates around 25% is found 4 times in 5 (two-proportion test, α 0.05).
   */
  minGroup: 50,
  /** Holm-adjusted p below this: a significant difference. */
  alpha: 0.05,
  /**
   * Two titles (one value a side, so no test) tie on a metric when their gap is small on both of its scales: their
   * percentiles under `titleTieGap` apart (0–1) and their values under `titleTieRelative` of the larger apart. Either
   * scale alone misleads: every gap counted, Barbie was "ahead on 5 of 8" against Oppenheimer on gaps of 0.0–3.3
   * percentile points while trailing by 22 on rating; percentiles alone, Barbie's $1.43B against $934M would tie,
   * both titles being in the top 1 % of revenue.
   */
  titleTieGap: 0.05,
  titleTieRelative: 0.1,
} as const;

/** The values behind a genre metric, for its test. */
type Sample = { kind: 'proportion'; x: number; n: number } | { kind: 'median' | 'mean'; values: Float64Array };

interface MetricValue {
  metric: string;
  label: string;
  value: number | null;
  higherIsBetter: boolean | null;
  sample?: Sample;
  /** Two titles: the value's percentile among titles of the same media type (0..1). */
  percentile?: number | null;
}

function valuesAt(column: Float64Array, list: readonly number[]): Float64Array {
  const out = new Float64Array(list.length);
  for (let k = 0; k < list.length; k++) out[k] = column[list[k]];
  return out;
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
    {
      metric: 'meanEngagement',
      label: 'Mean engagement',
      value: meanOf(cols.engagement, list),
      higherIsBetter: true,
      sample: { kind: 'mean', values: valuesAt(cols.engagement, list) },
    },
    {
      metric: 'medianPopularity',
      label: 'Median popularity percentile',
      value: medianOf(cols.popularity, list),
      higherIsBetter: true,
      sample: { kind: 'median', values: valuesAt(cols.popularity, list) },
    },
    {
      metric: 'meanVoteAverage',
      label: 'Mean rating',
      value: meanOf(cols.voteAverage, list),
      higherIsBetter: true,
      sample: { kind: 'mean', values: valuesAt(cols.voteAverage, list) },
    },
    {
      metric: 'medianVoteCount',
      label: 'Median votes',
      value: medianOf(cols.voteCount, list),
      higherIsBetter: true,
      sample: { kind: 'median', values: valuesAt(cols.voteCount, list) },
    },
    {
      metric: 'hitRate',
      label: 'Hit rate',
      value: list.length === 0 ? null : hits / list.length,
      higherIsBetter: true,
      sample: { kind: 'proportion', x: hits, n: list.length },
    },
    {
      metric: 'medianVelocity',
      label: `Median velocity (last ${COMPARE_LIMITS.recentYears} years)`,
      value: medianOf(cols.velocity, recent),
      higherIsBetter: true,
      sample: { kind: 'median', values: valuesAt(cols.velocity, recent) },
    },
    { metric: 'medianRoi', label: 'Median ROI (revenue ÷ budget)', value: medianOf(roi, all), higherIsBetter: true, sample: { kind: 'median', values: roi } },
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

/** Mid-rank percentile (0..1) of `value` among the finite values of `column` for titles of the media type `tv`. */
function percentileIn(cols: Columns, column: (i: number) => number, tv: number, value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  let n = 0;
  let below = 0;
  let equal = 0;
  for (let j = 0; j < cols.n; j++) {
    if (cols.tv[j] !== tv) continue;
    const v = column(j);
    if (!Number.isFinite(v)) continue;
    n++;
    if (v < value) below++;
    else if (v === value) equal++;
  }
  return n === 0 ? null : (below + equal / 2) / n;
}

/**
 * A title's metrics. `sameScale` is false when the other title was observed on another popularity scale (another
 * source or collection date): vote counts grow with time, so they are then shown as context, not scored.
 */
function titleMetrics(cols: Columns, i: number, sameScale = true): MetricValue[] {
  const t = cols.titles[i];
  const tv = cols.tv[i];
  const roi = t.budget && t.revenue !== null ? t.revenue / t.budget : null;
  const within = (column: (j: number) => number, value: number | null) => percentileIn(cols, column, tv, value);
  const roiOf = (j: number) => (cols.budget[j] > 0 && cols.revenue[j] >= 0 ? cols.revenue[j] / cols.budget[j] : Number.NaN);
  const velocity = Number.isNaN(cols.velocity[i]) ? null : cols.velocity[i];
  const cohort = cohortPercentile(cols, i);
  return [
    {
      metric: 'engagement',
      label: 'Engagement',
      value: cols.engagement[i],
      higherIsBetter: true,
      percentile: within((j) => cols.engagement[j], cols.engagement[i]),
    },
    // The percentile within the title's own scale: two titles observed years apart are compared on it, not on raw TMDB popularity.
    {
      metric: 'popularity',
      label: 'Popularity percentile (within its source)',
      value: cols.popularity[i],
      higherIsBetter: true,
      percentile: within((j) => cols.popularity[j], cols.popularity[i]),
    },
    { metric: 'voteAverage', label: 'Rating', value: t.voteAverage, higherIsBetter: true, percentile: within((j) => cols.voteAverage[j], t.voteAverage) },
    sameScale
      ? { metric: 'voteCount', label: 'Votes', value: t.voteCount, higherIsBetter: true, percentile: within((j) => cols.voteCount[j], t.voteCount) }
      : { metric: 'voteCount', label: 'Votes (counted on different dates)', value: t.voteCount, higherIsBetter: null },
    {
      metric: 'velocity',
      label: 'Velocity (popularity percentile/day)',
      value: velocity,
      higherIsBetter: true,
      percentile: within((j) => cols.velocity[j], velocity),
    },
    { metric: 'cohortPercentile', label: 'Engagement percentile in cohort', value: cohort, higherIsBetter: true, percentile: cohort },
    {
      metric: 'revenue',
      label: 'Revenue (USD)',
      value: t.revenue,
      higherIsBetter: true,
      percentile: within((j) => (cols.revenue[j] > 0 ? cols.revenue[j] : Number.NaN), t.revenue),
    },
    { metric: 'roi', label: 'ROI (revenue ÷ budget)', value: roi, higherIsBetter: true, percentile: within(roiOf, roi) },
    { metric: 'budget', label: 'Budget (USD)', value: t.budget, higherIsBetter: null },
    { metric: 'runtime', label: 'Runtime (min)', value: t.runtime, higherIsBetter: null },
  ];
}

const countFinite = (values: Float64Array) => values.reduce((n, v) => n + (Number.isFinite(v) ? 1 : 0), 0);

/** The test of one genre metric (before the Holm adjustment): Cliff's δ of left against right, p, sizes. */
function testSamples(
  l: Sample,
  r: Sample,
): { method: MetricTest['method']; effect: number; p: number | null; n: MetricTest['n']; interval?: MetricTest['interval'] } {
  if (l.kind === 'proportion' && r.kind === 'proportion') {
    return { method: 'two-proportion z', ...twoProportionTest(l.x, l.n, r.x, r.n), n: { left: l.n, right: r.n } };
  }
  if (l.kind === 'proportion' || r.kind === 'proportion') throw new Error('compare: a proportion is tested against a proportion');
  const n = { left: countFinite(l.values), right: countFinite(r.values) };
  if (l.kind === 'mean') {
    // The interval is of right − left (the metric's delta); the bootstrap resamples right against left.
    const b = bootstrapMeanTest(r.values, l.values);
    return { method: 'bootstrap', effect: -b.effect, p: b.p, n, interval: { low: b.low, high: b.high } };
  }
  return { method: 'Mann–Whitney U', ...mannWhitneyTest(l.values, r.values), n };
}

/** Why the trend lines dip at the end: engagement weighs votes, and recent titles have had less time to gather them. */
const RECENT_YEARS_NOTE = 'The latest years sit lower partly because their titles have had less time to gather votes, not only because they engage less.';

/**
 * Pairs the two sides' metrics and scores them. Genre metrics (with samples) are won only when the difference
 * is significant (Holm-adjusted over the comparison's tested metrics) and both sides have `minGroup` values;
 * otherwise they are a tie (no significant difference) or not compared (thin). Title metrics (one value a side)
 * are won by the larger value unless the two are close on both scales (`titleTieGap`, `titleTieRelative`); their
 * standardised gap is the difference of percentiles.
 */
export function scoreMetrics(left: readonly MetricValue[], right: readonly MetricValue[]): { metrics: CompareMetric[]; overall: CompareData['overall'] } {
  const won = { left: 0, right: 0, ties: 0 };
  const raw = left.map((l, j) => {
    const r = right[j];
    if (l.higherIsBetter === null || l.value === null || r.value === null) return null;
    if (l.sample && r.sample) return testSamples(l.sample, r.sample);
    if (l.percentile !== undefined && r.percentile !== undefined && l.percentile !== null && r.percentile !== null) {
      return { method: 'percentile' as const, effect: l.percentile - r.percentile, p: null, n: { left: 1, right: 1 } };
    }
    return null;
  });
  const thinOf = (t: (typeof raw)[number]) => t !== null && t.method !== 'percentile' && Math.min(t.n.left, t.n.right) < COMPARE_LIMITS.minGroup;
  const adjusted = holm(raw.map((t) => (t && !thinOf(t) ? t.p : null)));
  const metrics: CompareMetric[] = left.map((l, j) => {
    const r = right[j];
    const delta = l.value !== null && r.value !== null ? r.value - l.value : null;
    const t = raw[j];
    const test: MetricTest | null = t
      ? {
          ...t,
          p: t.method === 'percentile' ? null : adjusted[j],
          thin: thinOf(t),
          significant:
            t.method === 'percentile'
              ? Math.abs(t.effect) >= COMPARE_LIMITS.titleTieGap || relativeDifference(l.value, r.value) >= COMPARE_LIMITS.titleTieRelative
              : !thinOf(t) && adjusted[j] !== null && (adjusted[j] ?? 1) < COMPARE_LIMITS.alpha,
        }
      : null;
    let winner: CompareMetric['winner'] = null;
    if (delta !== null && l.higherIsBetter !== null && l.value !== null && r.value !== null && !test?.thin) {
      const scale = Math.max(Math.abs(l.value), Math.abs(r.value), 1e-300);
      if (Math.abs(delta) <= 1e-9 * scale || (test && !test.significant)) winner = 'tie';
      else winner = delta > 0 === l.higherIsBetter ? 'right' : 'left';
      if (winner === 'tie') won.ties++;
      else won[winner]++;
    }
    return { metric: l.metric, label: l.label, left: l.value, right: r.value, delta, higherIsBetter: l.higherIsBetter, winner, test };
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

/** The latest year both lines have (`trend`), and the bootstrap test of its two means over the releases of that year. */
function latestYearTest(cols: Columns, lists: { left: readonly number[]; right: readonly number[] }, trend: CompareData['trend']): CompareData['latestYear'] {
  const last = trend.findLast((t) => t.left !== null && t.right !== null);
  if (!last) return null;
  const ofYear = (list: readonly number[]) => Float64Array.from(list.filter((i) => cols.year[i] === last.year).map((i) => cols.engagement[i]));
  const left = ofYear(lists.left);
  const right = ofYear(lists.right);
  return { year: last.year, p: bootstrapMeanTest(left, right).p, n: { left: left.length, right: right.length } };
}

function compareInsights(data: CompareData): Insight[] {
  const none = noComparisonInsight(data);
  // The decision line's claim (reply/decision.ts) is the headline.
  if (none) return rankInsights([asHeadline(none), thinInsight(data, 0.9)]);
  return rankInsights([
    asHeadline(headlineInsight(data, 1)),
    widestGapInsight(data, 0.7),
    thinInsight(data, 0.65),
    notSignificantInsight(data, 0.6),
    winnerLeadsInsight(data, 0.58),
    stillLeadsInsight(data, 0.55),
    unscoredInsight(data, 0.5),
    latestYearInsight(data, 0.45),
  ]);
}

export function compare(catalog: Catalog, params: CompareParams): CompareResult {
  const cols = columnsOf(catalog);
  // The trend ends at the last full year: a part-year's mean is of fewer, younger releases than a whole year's.
  const lastYear = lastFullYear(catalog.meta.asOf);
  const from = lastYear - COMPARE_LIMITS.trendYears + 1;
  let data: CompareData;
  const significance = {
    minGroup: COMPARE_LIMITS.minGroup,
    alpha: COMPARE_LIMITS.alpha,
    titleTieGap: COMPARE_LIMITS.titleTieGap,
    titleTieRelative: COMPARE_LIMITS.titleTieRelative,
  };
  const years = Array.from({ length: COMPARE_LIMITS.trendYears }, (_, k) => from + k);
  const span = `from ${from} to ${lastYear}${lastYear < Number(catalog.meta.asOf.slice(0, 4)) ? `, the last full year before the snapshot of ${catalog.meta.asOf}` : ''}`;
  if (params.kind === 'genre') {
    const scored = scoreMetrics(genreMetrics(cols, params.left), genreMetrics(cols, params.right));
    const lists = { left: genreIndices(cols, params.left), right: genreIndices(cols, params.right) };
    const tl = yearlyTrend(cols, lists.left, from, lastYear);
    const tr = yearlyTrend(cols, lists.right, from, lastYear);
    const trend = years.map((year, k) => ({ year, left: tl[k], right: tr[k] }));
    data = {
      kind: 'genre',
      left: { label: params.left, ref: params.left, title: null },
      right: { label: params.right, ref: params.right, title: null },
      ...scored,
      trend,
      latestYear: latestYearTest(cols, lists, trend),
      trendBasis: `Mean engagement of each genre’s releases per year ${span} (movies and TV; years with fewer than ${COMPARE_LIMITS.minTrendTitles} releases left blank). ${RECENT_YEARS_NOTE}`,
      trendLabels: { left: params.left, right: params.right },
      significance,
    };
  } else {
    const li = resolveTitleIndex(catalog, params.left, 'left');
    const ri = resolveTitleIndex(catalog, params.right, 'right');
    const lt = catalog.titles[li];
    const rt = catalog.titles[ri];
    const sameScale = popularityScaleKey(catalog.titles[li]) === popularityScaleKey(catalog.titles[ri]);
    const scored = scoreMetrics(titleMetrics(cols, li, sameScale), titleMetrics(cols, ri, sameScale));
    const firstGenre = (t: Title) => t.genres.find((x): x is Genre => (CANONICAL_GENRES as readonly string[]).includes(x));
    // Each title's line: its first genre's releases of its media type (none without a genre).
    const lineTitles = (t: Title) => {
      const g = firstGenre(t);
      return g ? genreIndices(cols, g, t.mediaType === 'tv' ? 1 : 0) : [];
    };
    const lists = { left: lineTitles(lt), right: lineTitles(rt) };
    const trendOf = (list: readonly number[]) => (list.length > 0 ? yearlyTrend(cols, list, from, lastYear) : years.map(() => null));
    // The lines are the titles' genres, never the titles: TMDB keeps no per-title history.
    const lineOf = (t: Title) => {
      const g = firstGenre(t);
      return g ? `${g} ${t.mediaType === 'tv' ? 'TV' : 'movies'} (genre)` : `${t.title}'s genre`;
    };
    const tl = trendOf(lists.left);
    const tr = trendOf(lists.right);
    const trend = years.map((year, k) => ({ year, left: tl[k], right: tr[k] }));
    const labels = { left: lineOf(lt), right: lineOf(rt) };
    if (labels.left === labels.right) labels.right = `${labels.right} `; // two legend entries even for one genre
    data = {
      kind: 'title',
      left: { label: titleLabel(lt), ref: titleKey(lt), title: summarizeTitle(cols, li) },
      right: { label: titleLabel(rt), ref: titleKey(rt), title: summarizeTitle(cols, ri) },
      ...scored,
      trend,
      latestYear: latestYearTest(cols, lists, trend),
      trendBasis: `These lines are genres, not the titles: TMDB keeps no per-title history, so each line is the mean engagement per release year ${span} of a title's first genre and media type (${firstGenre(lt) ?? 'none'} / ${firstGenre(rt) ?? 'none'}); each title is the dot at its release year. ${RECENT_YEARS_NOTE}`,
      trendLabels: labels,
      significance,
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
      data.kind === 'genre'
        ? `A genre metric is won only when the difference is significant: hit rate by a two-proportion z test, medians by Mann–Whitney U, means by a bootstrap interval (1,000 seeded resamples), p Holm-adjusted over the metrics, α ${COMPARE_LIMITS.alpha}; gaps are ranked by Cliff's δ; a side with fewer than ${COMPARE_LIMITS.minGroup} values is thin and not compared.`
        : 'Two titles are one value each: no test applies; gaps are ranked by the difference of the titles’ percentiles among titles of their media type.',
      data.trendBasis,
    ],
  };
}

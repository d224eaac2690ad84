/**
 * Understand: why titles perform. A Spearman correlation matrix (with p-values) of popularity, vote average,
 * vote count, engagement, runtime, budget and revenue on the pairs where both are known; monthly and seasonal
 * patterns of releases and engagement; engagement drivers per genre; anomalies from the models' isolation forest.
 */
import type { Catalog } from '../../data/catalog.ts';
import { CANONICAL_GENRES, type Genre } from '../../data/genres.ts';
import { genreBit } from '../columns.ts';
import { asHeadline, MONTH_NAMES, rankInsights } from '../insights.ts';
import { ENGAGEMENT_DEFINITION, HIT_DEFINITION, RATED_MIN_VOTES } from '../measures.ts';
import type { ModelPort } from '../model-port.ts';
import type { UnderstandParams } from '../params.ts';
import { PairwiseSpearman, type SpearmanResult } from '../stats/spearman.ts';
import type { Insight } from '../types.ts';
import {
  anomalyCountInsight,
  budgetInsight,
  comparableMonths,
  driverGenresShown,
  LABELS,
  noDriverInsight,
  seasonalHitInsight,
  seasonThinInsight,
  strongestLinkInsight,
  topDriverInsight,
  understandDetails,
} from './understand-details.ts';
import {
  CORRELATION_SAMPLE,
  columnAt,
  evenSample,
  membersByGenre,
  scopeVsMarketInsight,
  selectMarket,
  selectScope,
  summarizeTitle,
  type Columns,
} from './scope.ts';
import { density } from './explore.ts';
import {
  CORRELATION_VARIABLES,
  type AnomalyRow,
  type CorrelationCell,
  type CorrelationVariable,
  type DriverRow,
  type MonthlyRow,
  type SeasonRow,
  type UnderstandData,
  type UnderstandResult,
} from './types.ts';

export const UNDERSTAND_LIMITS = {
  /** Fewest complete pairs for a correlation. */
  minPairs: 30,
  monthlyYears: 10,
  /** Genres analysed for drivers: the largest ones in scope with at least this many titles. */
  driverGenres: 8,
  minDriverTitles: 50,
  /** Drivers of a genre with more titles are measured on an even stride of this many (ρ's error ≈ 1/√n). */
  driverSample: 20_000,
  anomaliesListed: 25,
  /** |ρ| below this is called negligible in insights; p above `alpha` is not significant. */
  negligible: 0.1,
  alpha: 0.05,
} as const;

/** The column behind each correlation variable. */
function variableColumn(cols: Columns, v: CorrelationVariable): Float64Array {
  return cols[v];
}

function correlationMatrix(cols: Columns, scope: Int32Array): CorrelationCell[] {
  const vars = CORRELATION_VARIABLES;
  const idx = evenSample(scope, CORRELATION_SAMPLE);
  const pairs = new PairwiseSpearman(vars.map((v) => columnAt(variableColumn(cols, v), idx)));
  const cells: CorrelationCell[] = [];
  const memo = new Map<string, SpearmanResult>();
  for (let y = 0; y < vars.length; y++) {
    for (let x = 0; x < vars.length; x++) {
      const key = x <= y ? `${x}:${y}` : `${y}:${x}`;
      let r = memo.get(key);
      if (!r) {
        r = pairs.pair(Math.min(x, y), Math.max(x, y));
        if (r.n < UNDERSTAND_LIMITS.minPairs) r = { rho: null, p: null, n: r.n };
        memo.set(key, r);
      }
      cells.push({ x: vars[x], y: vars[y], rho: r.rho, p: r.p, n: r.n });
    }
  }
  return cells;
}

function monthly(cols: Columns, idx: Int32Array, asOf: string): MonthlyRow[] {
  // monthlyYears × 12 calendar months ending with asOf's month (zero-based absolute month numbers).
  const last = Number(asOf.slice(0, 4)) * 12 + Number(asOf.slice(5, 7)) - 1;
  const n = UNDERSTAND_LIMITS.monthlyYears * 12;
  const first = last - n + 1;
  const releases = new Float64Array(n);
  const eng = new Float64Array(n);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    if (cols.year[i] === 0) continue;
    const m = cols.year[i] * 12 + cols.month[i] - 1 - first;
    if (m < 0 || m >= n) continue;
    releases[m]++;
    eng[m] += cols.engagement[i];
  }
  const rows: MonthlyRow[] = [];
  for (let m = 0; m < n; m++) {
    const abs = first + m;
    const y = Math.floor(abs / 12);
    const mo = (abs % 12) + 1;
    rows.push({ month: `${y}-${String(mo).padStart(2, '0')}`, releases: releases[m], meanEngagement: releases[m] > 0 ? eng[m] / releases[m] : null });
  }
  return rows;
}

function seasonal(cols: Columns, idx: Int32Array): SeasonRow[] {
  const releases = new Float64Array(12);
  const eng = new Float64Array(12);
  const hits = new Float64Array(12);
  let dated = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const m = cols.month[i];
    if (m === 0) continue;
    releases[m - 1]++;
    eng[m - 1] += cols.engagement[i];
    hits[m - 1] += cols.hits.hit[i];
    dated++;
  }
  return MONTH_NAMES.map((name, j) => ({
    month: j + 1,
    name,
    releases: releases[j],
    share: dated === 0 ? 0 : releases[j] / dated,
    meanEngagement: releases[j] > 0 ? eng[j] / releases[j] : null,
    hitRate: releases[j] > 0 ? hits[j] / releases[j] : null,
  }));
}

/** Characteristics tested as drivers of engagement within a genre. */
const DRIVERS = ['voteAverage', 'runtime', 'budget', 'releaseYear', 'genreCount'] as const;

function drivers(cols: Columns, idx: Int32Array, focus: readonly Genre[]): DriverRow[] {
  // With asked genres, only they are analysed: a co-genre's drivers would not answer the question.
  let only = 0;
  for (const g of focus) only |= genreBit(g);
  const byGenre = membersByGenre(cols, idx, only === 0 ? 0xffffffff : only);
  const genres = byGenre
    .map((list, g) => ({ g, list }))
    .filter((x) => x.list.length >= UNDERSTAND_LIMITS.minDriverTitles)
    .sort((a, b) => b.list.length - a.list.length || a.g - b.g)
    .slice(0, UNDERSTAND_LIMITS.driverGenres);
  return genres.map(({ g, list: all }) => {
    const list = evenSample(all, UNDERSTAND_LIMITS.driverSample);
    const column = (d: (typeof DRIVERS)[number]): Float64Array => {
      const out = new Float64Array(list.length);
      if (d === 'releaseYear') for (let k = 0; k < list.length; k++) out[k] = cols.year[list[k]] === 0 ? Number.NaN : cols.year[list[k]];
      else if (d === 'genreCount') for (let k = 0; k < list.length; k++) out[k] = cols.titles[list[k]].genres.length;
      else {
        const source = cols[d];
        for (let k = 0; k < list.length; k++) out[k] = source[list[k]];
      }
      return out;
    };
    // column 0 = engagement, 1.. = the drivers
    const pairs = new PairwiseSpearman([columnAt(cols.engagement, list), ...DRIVERS.map(column)]);
    const rows = DRIVERS.map((variable, j) => ({ variable, ...pairs.pair(0, j + 1) }))
      .filter(
        (r): r is { variable: (typeof DRIVERS)[number]; rho: number; p: number; n: number } =>
          r.rho !== null && r.p !== null && r.n >= UNDERSTAND_LIMITS.minPairs,
      )
      .sort((a, b) => Math.abs(b.rho) - Math.abs(a.rho) || a.variable.localeCompare(b.variable));
    return { genre: CANONICAL_GENRES[g], titles: all.length, drivers: rows };
  });
}

function anomalies(cols: Columns, idx: Int32Array, models: ModelPort | undefined): UnderstandData['anomalies'] {
  if (!models) return { available: false, count: 0, scored: 0, rate: 0, titles: [], context: [] };
  const flags = new Map(models.anomalies().map((f) => [f.key, f]));
  const rows: AnomalyRow[] = [];
  let count = 0;
  let scored = 0;
  for (let k = 0; k < idx.length; k++) {
    const t = cols.titles[idx[k]];
    if (t.voteCount >= RATED_MIN_VOTES) scored++;
    const flag = flags.get(`${t.mediaType}:${t.id}`);
    if (!flag?.anomalous) continue;
    count++;
    rows.push({ ...summarizeTitle(cols, idx[k]), score: flag.score });
  }
  rows.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
  return {
    available: true,
    count,
    scored,
    rate: scored > 0 ? count / scored : 0,
    titles: rows.slice(0, UNDERSTAND_LIMITS.anomaliesListed),
    context: density(cols, idx),
  };
}

function understandInsights(data: UnderstandData, params: UnderstandParams): Insight[] {
  const out: (Insight | null)[] = [];
  const { correlation, seasonal: season, drivers: driverRows, anomalies: anomalyData, scope, market } = data;
  out.push(strongestLinkInsight(correlation.cells));
  out.push(budgetInsight(correlation.cells));
  // The seasonal chart draws releases and hit rates by month: the stage says what it shows, in its numbers.
  out.push(comparableMonths(season).length >= 2 ? seasonalHitInsight(season, scope) : seasonThinInsight(scope));
  if (market) {
    // A genre was asked: its drivers lead (the drivers are measured on the asked genres only), and the scope is
    // set against its market; no co-genre is argued from.
    const driver = topDriverInsight(driverGenresShown(driverRows), UNDERSTAND_LIMITS);
    // The decision line's claim (reply/decision.ts).
    out.push(asHeadline(driver ? { ...driver, weight: 1 } : noDriverInsight(data, UNDERSTAND_LIMITS)));
    out.push(scopeVsMarketInsight(scope, market, params.mediaType, 0.6));
  } else {
    out.push(asHeadline(topDriverInsight(driverGenresShown(driverRows), UNDERSTAND_LIMITS)));
  }
  out.push(anomalyCountInsight(anomalyData));
  return rankInsights(out);
}

export function understand(catalog: Catalog, params: UnderstandParams, models: ModelPort | undefined): UnderstandResult {
  const { cols, idx, scope } = selectScope(catalog, params);
  const data: UnderstandData = {
    scope,
    market: selectMarket(cols, params, scope)?.summary ?? null,
    correlation: { variables: [...CORRELATION_VARIABLES], cells: correlationMatrix(cols, idx), minPairs: UNDERSTAND_LIMITS.minPairs },
    monthly: monthly(cols, idx, catalog.meta.asOf),
    monthlyYears: UNDERSTAND_LIMITS.monthlyYears,
    seasonal: seasonal(cols, idx),
    drivers: drivers(cols, idx, params.genres),
    anomalies: anomalies(cols, idx, models),
  };
  const notes = [
    ENGAGEMENT_DEFINITION,
    HIT_DEFINITION,
    `Spearman ρ on the titles where both values are known (ties share their average rank); p is two-sided (t with n − 2 df); fewer than ${UNDERSTAND_LIMITS.minPairs} pairs → not computed; above ${CORRELATION_SAMPLE.toLocaleString('en-US')} titles, an even stride of that many (ρ's error ≈ 0.002).`,
    'Engagement is built from popularity, vote average and vote count, so its correlation with them is partly by construction.',
    `Drivers: Spearman ρ of engagement with ${DRIVERS.map((d) => LABELS[d]).join(', ')} within each of the ${UNDERSTAND_LIMITS.driverGenres} largest genres (≥ ${UNDERSTAND_LIMITS.minDriverTitles} titles; a genre with more than ${UNDERSTAND_LIMITS.driverSample.toLocaleString('en-US')} titles is measured on an even stride of that many).`,
  ];
  if (!models) notes.push('Anomalies need the trained models (isolation forest); none were loaded for this answer.');
  return {
    stage: 'understand',
    params,
    insights: understandInsights(data, params),
    details: understandDetails(data, UNDERSTAND_LIMITS),
    data,
    asOf: catalog.meta.asOf,
    notes,
  };
}

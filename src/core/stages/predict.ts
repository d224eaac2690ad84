/**
 * Predict: the copilot. The validated inputs (genre, media type, budget level 1–10, release quarter) go to the
 * models (`ModelPort.copilot`), once for the plan and once per budget level for the budget curve. Beside the
 * prediction — and alone when no models are loaded — similar-title benchmarks:
 * - candidates: titles with the genre, of the media type, released in the last `eraYears` years up to the
 *   catalog date (widened to `wideEraYears` when fewer than `minBenchmarks` qualify);
 * - similarity = share of 5 criteria met: genre, type, era (always met by candidates), budget band (movie budget
 *   within the band of the level: the catalog's movie-budget deciles) and release quarter;
 * - listed by similarity, then engagement, then key.
 */
import type { Catalog } from '../../data/catalog.ts';
import { titleKey } from '../../data/title.ts';
import { insight, num, pct, rankInsights } from '../insights.ts';
import { ENGAGEMENT_DEFINITION, HIT_DEFINITION } from '../measures.ts';
import type { ModelPort } from '../model-port.ts';
import type { PredictParams } from '../params.ts';
import { meanOf, quantileOfSorted, sortedValues } from '../stats/summary.ts';
import type { Insight } from '../types.ts';
import { columnsOf, genreBit, type Columns } from '../columns.ts';
import { benchmarkSetInsight, budgetRangeInsight, closestBenchmarkInsight, genreMedianInsight, plannedWords, predictDetails, topDriverInsight } from './predict-details.ts';
import { withArticle } from '../words.ts';
import { summarizeTitle } from './scope.ts';
import type { BenchmarkTitle, PredictData, PredictResult } from './types.ts';

/**
 * Benchmarks: titles of the planned genre and type released within `eraYears` of the data's year (`wideEraYears`
 * when that finds fewer than `minBenchmarks`); the `listed` most similar are kept, and the benchmarks chart shows
 * them all.
 */
export const PREDICT_LIMITS = { eraYears: 10, wideEraYears: 25, minBenchmarks: 10, listed: 10 } as const;

/** Budget deciles of the catalog's movies with a known budget: level L covers [q((L−1)/10), q(L/10)]. */
export function budgetBands(cols: Columns): PredictData['budgetBands'] {
  const movies: number[] = [];
  for (let i = 0; i < cols.n; i++) if (cols.tv[i] === 0 && Number.isFinite(cols.budget[i])) movies.push(i);
  const sorted = sortedValues(cols.budget, movies);
  if (sorted.length < 10) return [];
  const bands: PredictData['budgetBands'] = [];
  for (let level = 1; level <= 10; level++) {
    bands.push({ level, min: quantileOfSorted(sorted, (level - 1) / 10) ?? 0, max: quantileOfSorted(sorted, level / 10) ?? 0 });
  }
  return bands;
}

const quarterOf = (month: number) => Math.ceil(month / 3);

function benchmarks(cols: Columns, params: PredictParams, band: { min: number; max: number } | null, asOfYear: number): PredictData['benchmarks'] {
  const bit = genreBit(params.genre);
  const type = params.mediaType === 'tv' ? 1 : 0;
  const pick = (years: number) => {
    const list: number[] = [];
    for (let i = 0; i < cols.n; i++) {
      if (cols.tv[i] !== type || (cols.genreMask[i] & bit) === 0) continue;
      const y = cols.year[i];
      if (y === 0 || y > asOfYear || y < asOfYear - years) continue;
      list.push(i);
    }
    return list;
  };
  let years: number = PREDICT_LIMITS.eraYears;
  let list = pick(years);
  if (list.length < PREDICT_LIMITS.minBenchmarks) {
    years = PREDICT_LIMITS.wideEraYears;
    list = pick(years);
  }
  const similarity = (i: number) => {
    const inBand = band !== null && Number.isFinite(cols.budget[i]) && cols.budget[i] >= band.min && cols.budget[i] <= band.max ? 1 : 0;
    const sameQuarter = cols.month[i] !== 0 && quarterOf(cols.month[i]) === params.quarter ? 1 : 0;
    return (3 + inBand + sameQuarter) / 5;
  };
  const scored = list.map((i) => ({ i, s: similarity(i) }));
  scored.sort(
    (a, b) => b.s - a.s || cols.engagement[b.i] - cols.engagement[a.i] || titleKey(cols.titles[a.i]).localeCompare(titleKey(cols.titles[b.i])),
  );
  const titles: BenchmarkTitle[] = scored.slice(0, PREDICT_LIMITS.listed).map(({ i, s }) => ({ ...summarizeTitle(cols, i), similarity: s }));
  let hits = 0;
  for (const i of list) hits += cols.hits.hit[i];
  return {
    criteria: { genre: params.genre, mediaType: params.mediaType, yearFrom: asOfYear - years, yearTo: asOfYear, budgetBand: band },
    titles,
    stats: {
      titles: list.length,
      meanEngagement: meanOf(cols.engagement, list),
      medianPopularity: quantileOfSorted(sortedValues(cols.popularity, list), 0.5),
      hitRate: list.length === 0 ? null : hits / list.length,
    },
  };
}

function genreMembers(cols: Columns, params: PredictParams): { all: number[]; hits: number[] } {
  const bit = genreBit(params.genre);
  const type = params.mediaType === 'tv' ? 1 : 0;
  const all: number[] = [];
  const hits: number[] = [];
  for (let i = 0; i < cols.n; i++) {
    if (cols.tv[i] !== type || (cols.genreMask[i] & bit) === 0) continue;
    all.push(i);
    if (cols.hits.hit[i]) hits.push(i);
  }
  return { all, hits };
}

function predictInsights(data: PredictData, params: PredictParams): Insight[] {
  const out: (Insight | null)[] = [];
  const { prediction, benchmarks: bench } = data;
  const { what, whats } = plannedWords(data);
  if (prediction) {
    out.push(
      insight(
        `${prediction.recommendation}: ${withArticle(what)} at budget level ${params.budgetLevel} in Q${params.quarter} is predicted at popularity ${num(prediction.popularity.value)} (${num(prediction.popularity.low)}–${num(prediction.popularity.high)}), hit probability ${pct(prediction.hitProbability)}, ${prediction.risk} risk.`,
        {
          recommendation: prediction.recommendation,
          popularity: prediction.popularity.value,
          low: prediction.popularity.low,
          high: prediction.popularity.high,
          hitProbability: prediction.hitProbability,
          risk: prediction.risk,
        },
        1,
      ),
    );
    out.push(topDriverInsight(data), budgetRangeInsight(data), genreMedianInsight(data));
  } else {
    out.push(
      insight(
        `No trained models are loaded, so there is no prediction: the benchmarks below are what similar ${whats} did.`,
        { titles: bench.stats.titles },
        1,
      ),
    );
  }
  out.push(benchmarkSetInsight(data), closestBenchmarkInsight(data));
  if (params.mediaType === 'tv') {
    out.push(insight('TMDB has no budgets for TV: the budget level cannot be matched against TV benchmarks.', { mediaType: 'tv' }, 0.65));
  } else if (bench.criteria.budgetBand === null) {
    out.push(insight('Too few movies with a known budget to map budget levels to dollars.', { mediaType: 'movie' }, 0.6));
  }
  return rankInsights(out);
}

export function predict(catalog: Catalog, params: PredictParams, models: ModelPort | undefined): PredictResult {
  const cols = columnsOf(catalog);
  const asOfYear = Number(catalog.meta.asOf.slice(0, 4));
  const bands = budgetBands(cols);
  const levelBand = params.mediaType === 'movie' ? (bands.find((b) => b.level === params.budgetLevel) ?? null) : null;
  const band = levelBand ? { min: levelBand.min, max: levelBand.max } : null;
  const input = { genre: params.genre, mediaType: params.mediaType, budgetLevel: params.budgetLevel, quarter: params.quarter };
  const prediction = models ? models.copilot(input) : null;
  const budgetCurve = models
    ? Array.from({ length: 10 }, (_, j) => {
        const p = models.copilot({ ...input, budgetLevel: j + 1 });
        return { level: j + 1, popularity: p.popularity.value, low: p.popularity.low, high: p.popularity.high, hitProbability: p.hitProbability };
      })
    : [];
  const members = genreMembers(cols, params);
  const pops = sortedValues(cols.popularity, members.all);
  const q = (p: number) => quantileOfSorted(pops, p);
  const metric = (name: string, column: Float64Array, planned: number | null) => ({
    metric: name,
    genreHits: meanOf(column, members.hits),
    genreAll: meanOf(column, members.all),
    planned,
  });
  const data: PredictData = {
    input,
    prediction,
    budgetCurve,
    budgetBands: bands,
    benchmarks: benchmarks(cols, params, band, asOfYear),
    genreDistribution: { titles: members.all.length, p10: q(0.1), p25: q(0.25), p50: q(0.5), p75: q(0.75), p90: q(0.9) },
    profile: [
      metric('popularity', cols.popularity, prediction ? prediction.popularity.value : null),
      metric('voteAverage', cols.voteAverage, null),
      metric('voteCount', cols.voteCount, null),
      metric('engagement', cols.engagement, null),
      metric('runtime', cols.runtime, null),
      metric('budget', cols.budget, band ? (band.min + band.max) / 2 : null),
    ],
  };
  const notes = [
    ENGAGEMENT_DEFINITION,
    HIT_DEFINITION,
    `Budget levels 1–10 are the deciles of the catalog's ${bands.length > 0 ? 'movie budgets' : 'movie budgets (too few known)'}; TV has no budget data.`,
    `Benchmarks: ${params.genre} ${params.mediaType} titles released in the last ${PREDICT_LIMITS.eraYears} years (${PREDICT_LIMITS.wideEraYears} when fewer than ${PREDICT_LIMITS.minBenchmarks}), ranked by criteria met (budget band, quarter), then engagement.`,
  ];
  if (!models) notes.push('No trained models were loaded: the prediction, its drivers and the budget curve are missing; benchmarks only.');
  else if (prediction) notes.push(...prediction.accuracyNotes);
  return { stage: 'predict', params, insights: predictInsights(data, params), details: predictDetails(data), data, asOf: catalog.meta.asOf, notes };
}

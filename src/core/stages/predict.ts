/**
 * Predict: the copilot. The validated inputs (genre, media type, budget level 1–10 or a budget in dollars, release
 * quarter) go to the models (`ModelPort.copilot`) with the plan's reference class (`intelligence/reference.ts`: the
 * 40 nearest past titles of the genre), once for the plan and, for movies, once per budget level for the budget
 * curve. Movies without a dollar budget get the middle of their budget level's band, and the reply says so.
 * The verdict weighs the plan's break-even chance and multiple (movies) or hit chance and popularity (TV) against
 * the reference class (`intelligence/rules.ts`). Beside the prediction — and alone when no models are loaded —
 * similar-title benchmarks:
 * - candidates: titles with the genre, of the media type, released in the last `eraYears` years up to the
 *   catalog date (widened to `wideEraYears` when fewer than `minBenchmarks` qualify);
 * - similarity = share of 5 criteria met: genre, type, era (always met by candidates), budget band (movie budget
 *   within the band of the level: the catalog's movie-budget deciles) and release quarter;
 * - listed by similarity, then engagement, then key.
 */
import type { Catalog } from '../../data/catalog.ts';
import { titleKey } from '../../data/title.ts';
import { insight, rankInsights } from '../insights.ts';
import { ENGAGEMENT_DEFINITION, HIT_DEFINITION, POPULARITY_DEFINITION } from '../measures.ts';
import type { CopilotInput, CopilotPrediction, ModelPort, ReferenceOutcomes } from '../model-port.ts';
import { formatUsd, type PredictParams } from '../params.ts';
import { MIN_MONEY_USD, REFERENCE_DISTANCE, referenceCandidates, referenceClass, type ReferenceCandidate } from '../intelligence/reference.ts';
import { BREAK_EVEN_MULTIPLE, RECOMMENDATION_RULE } from '../intelligence/rules.ts';
import { topCounts } from '../intelligence/revenue.ts';
import { meanOf, quantileOfSorted, sortedValues } from '../stats/summary.ts';
import type { Insight } from '../types.ts';
import { columnsOf, genreBit, type Columns } from '../columns.ts';
import {
  assumptionsInsight,
  benchmarkSetInsight,
  closestBenchmarkInsight,
  plannedWords,
  predictDetails,
  referenceClassInsight,
  topDriverInsight,
  trackRecordInsight,
  verdictInsight,
  verdictLine,
} from './predict-details.ts';
import { summarizeTitle } from './scope.ts';
import type { BenchmarkTitle, PredictData, PredictResult, ReferenceClassSummary } from './types.ts';

/**
 * Benchmarks: titles of the planned genre and type released within `eraYears` of the data's year (`wideEraYears`
 * when that finds fewer than `minBenchmarks`); the `listed` most similar are kept, and the benchmarks chart shows
 * them all.
 */
export const PREDICT_LIMITS = { eraYears: 10, wideEraYears: 25, minBenchmarks: 10, listed: 10 } as const;

/**
 * Budget deciles of the catalog's movies with a known budget of at least `MIN_MONEY_USD` (smaller TMDB budgets are
 * mostly entry errors: "$4" for $4M): level L covers [q((L−1)/10), q(L/10)].
 */
export function budgetBands(cols: Columns): PredictData['budgetBands'] {
  const movies: number[] = [];
  for (let i = 0; i < cols.n; i++) if (cols.tv[i] === 0 && Number.isFinite(cols.budget[i]) && cols.budget[i] >= MIN_MONEY_USD) movies.push(i);
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
  scored.sort((a, b) => b.s - a.s || cols.engagement[b.i] - cols.engagement[a.i] || titleKey(cols.titles[a.i]).localeCompare(titleKey(cols.titles[b.i])));
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
  const { whats } = plannedWords(data);
  if (prediction) {
    out.push(verdictInsight(data), referenceClassInsight(data, 0.9), trackRecordInsight(data, 0.8), assumptionsInsight(data, 0.7), topDriverInsight(data, 0.5));
  } else {
    out.push(
      insight(
        `No trained models are loaded, so there is no prediction: the benchmarks below are what similar ${whats} did.`,
        { titles: bench.stats.titles },
        1,
      ),
      referenceClassInsight(data, 0.9),
      benchmarkSetInsight(data),
      closestBenchmarkInsight(data),
    );
  }
  if (params.mediaType === 'tv') {
    out.push(
      insight('TV is judged on popularity and hit rate only: TMDB has no TV budgets, so this answer makes no claim about money.', { mediaType: 'tv' }, 0.65),
    );
  } else if (data.budgetBands.length === 0) {
    out.push(insight('Too few movies with a known budget to map budget levels to dollars.', { mediaType: 'movie' }, 0.6));
  }
  return rankInsights(out);
}

/** The plan's reference class among the catalog's released titles of its type. */
/** One media type's reference candidates, their commonest language and their rows by key: the same for every plan. */
interface ReferencePool {
  candidates: ReferenceCandidate[];
  language: string;
  byKey: Map<string, number>;
}
const referencePools = new WeakMap<Columns, Map<0 | 1, ReferencePool>>();

/** The reference pool of a media type, built once per catalog (a prediction asks for it for each budget level). */
function referencePool(cols: Columns, type: 0 | 1): ReferencePool {
  const pools = referencePools.get(cols) ?? new Map<0 | 1, ReferencePool>();
  referencePools.set(cols, pools);
  const kept = pools.get(type);
  if (kept) return kept;
  const pool = referenceCandidates(cols).filter((r) => cols.tv[r.index] === type);
  const candidates = pool.map((r) => r.candidate);
  const language =
    topCounts(
      candidates.map((c) => (c.language ? [c.language] : [])),
      1,
    )[0] ?? 'en';
  const built = { candidates, language, byKey: new Map(pool.map((r) => [r.candidate.key, r.index])) };
  pools.set(type, built);
  return built;
}

function planReference(cols: Columns, params: PredictParams, budgetUsd: number | null, asOfYear: number): ReferenceClassSummary | null {
  const { candidates, language, byKey } = referencePool(cols, params.mediaType === 'tv' ? 1 : 0);
  const cls = referenceClass(candidates, { genre: params.genre, budget: budgetUsd, quarter: params.quarter, year: asOfYear, language }, BREAK_EVEN_MULTIPLE);
  if (!cls) return null;
  const tv = params.mediaType === 'tv';
  return {
    label: `${cls.n} ${params.genre} ${tv ? 'series' : 'movies'} nearest ${budgetUsd !== null ? 'in budget, release quarter, year and language' : 'in release quarter, year and language'}`,
    distance: budgetUsd !== null ? REFERENCE_DISTANCE : REFERENCE_DISTANCE.replace('|log2 budget ratio| (movies) + ', ''),
    n: cls.n,
    genre: params.genre,
    mediaType: params.mediaType,
    multiple: cls.multiple,
    breakEvenRate: cls.breakEvenRate,
    breakEvenMultiple: BREAK_EVEN_MULTIPLE,
    hitRate: cls.hitRate,
    medianPopularity: cls.medianPopularity,
    budgetRange: tv ? null : cls.budgetRange,
    yearRange: cls.yearRange,
    sameQuarter: cls.sameQuarter,
    members: cls.members.map((m) => {
      const t = cols.titles[byKey.get(m.key) as number];
      return { key: m.key, title: t.title, year: m.year, genre: t.genres[0] ?? 'Other', multiple: m.multiple, popularity: m.popularity, hit: m.hit };
    }),
  };
}

const outcomesOf = (r: ReferenceClassSummary): ReferenceOutcomes => ({
  breakEvenRate: r.breakEvenRate,
  medianMultiple: r.multiple?.p50 ?? null,
  hitRate: r.hitRate,
  medianPopularity: r.medianPopularity,
});

/**
 * Geometric middle of a budget band (budgets are spread on a log scale); the lowest band's floor is taken as
 * `MIN_MONEY_USD` (smaller TMDB budgets are mostly entry errors).
 */
const bandMiddle = (b: { min: number; max: number }) => Math.sqrt(Math.max(MIN_MONEY_USD, b.min) * Math.max(MIN_MONEY_USD, b.max));

export function predict(catalog: Catalog, params: PredictParams, models: ModelPort | undefined): PredictResult {
  const cols = columnsOf(catalog);
  const asOfYear = Number(catalog.meta.asOf.slice(0, 4));
  const bands = budgetBands(cols);
  const movie = params.mediaType === 'movie';
  const levelBand = movie ? (bands.find((b) => b.level === params.budgetLevel) ?? null) : null;
  const band = levelBand ? { min: levelBand.min, max: levelBand.max } : null;
  const budget: PredictData['budget'] = !movie
    ? null
    : params.budgetUsd !== undefined
      ? { usd: params.budgetUsd, given: true, note: `${formatUsd(params.budgetUsd)}, as given` }
      : band
        ? {
            usd: bandMiddle(band),
            given: false,
            note: `assumed ${formatUsd(bandMiddle(band))}, the middle of budget level ${params.budgetLevel} (${formatUsd(band.min)}–${formatUsd(band.max)})`,
          }
        : null;
  const input: CopilotInput = {
    genre: params.genre,
    mediaType: params.mediaType,
    budgetLevel: params.budgetLevel,
    quarter: params.quarter,
    ...(budget ? { budgetUsd: budget.usd, budgetNote: budget.note } : {}),
  };
  const reference = planReference(cols, params, budget?.usd ?? null, asOfYear);
  const ask = (i: CopilotInput, r: ReferenceClassSummary | null): CopilotPrediction | null =>
    models ? models.copilot(i, r ? outcomesOf(r) : undefined) : null;
  const prediction = ask(input, reference);
  // The budget curve (movies): each level at its band's middle budget, weighed against that budget's own comparables.
  const budgetCurve: PredictData['budgetCurve'] =
    models && movie
      ? bands.map((b) => {
          const usd = bandMiddle(b);
          const r = planReference(cols, params, usd, asOfYear);
          const p = ask({ ...input, budgetLevel: b.level, budgetUsd: usd, budgetNote: `the middle of level ${b.level}` }, r) as CopilotPrediction;
          return {
            level: b.level,
            budgetUsd: usd,
            popularity: p.popularity.value,
            low: p.popularity.low,
            high: p.popularity.high,
            hitProbability: p.hitProbability,
            breakEvenProbability: p.money?.breakEvenProbability ?? null,
            multiple: p.money?.multiple.value ?? null,
          };
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
  const partial = {
    input,
    prediction,
    budget,
    reference,
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
      metric('budget', cols.budget, budget ? budget.usd : null),
    ],
  };
  const data: PredictData = { ...partial, verdictLine: verdictLine({ ...partial, verdictLine: '' }) };
  const notes = [
    `Verdict rule: ${RECOMMENDATION_RULE}.`,
    POPULARITY_DEFINITION,
    ENGAGEMENT_DEFINITION,
    HIT_DEFINITION,
    ...(reference ? [`Comparables: ${reference.label} (${reference.distance}); released titles only.`] : []),
    ...(movie
      ? [
          `Break-even: worldwide revenue ≥ ${BREAK_EVEN_MULTIPLE}× budget (a theatrical rule of thumb: the studio's share of the gross, marketing and distribution take the rest).`,
        ]
      : []),
    `Budget levels 1–10 are the deciles of the catalog's ${bands.length > 0 ? 'movie budgets' : 'movie budgets (too few known)'}; TV has no budget data.`,
    `Benchmarks: ${params.genre} ${params.mediaType} titles released in the last ${PREDICT_LIMITS.eraYears} years (${PREDICT_LIMITS.wideEraYears} when fewer than ${PREDICT_LIMITS.minBenchmarks}), ranked by criteria met (budget band, quarter), then engagement.`,
  ];
  if (!models) notes.push('No trained models were loaded: the prediction, its drivers and the budget curve are missing; benchmarks only.');
  else if (prediction) notes.push(...prediction.accuracyNotes);
  return { stage: 'predict', params, insights: predictInsights(data, params), details: predictDetails(data), data, asOf: catalog.meta.asOf, notes };
}

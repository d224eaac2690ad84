/**
 * The result types of the six stages: what charts draw, replies summarise and the dashboard shows. Stable:
 * fields are only ever added. Numbers are raw (shares 0..1, not percentages); `null` means "not measurable here"
 * (no budget data for TV, too few titles), never 0.
 */
import type { Genre } from '../../data/genres.ts';
import type { MediaType } from '../../data/title.ts';
import type { CopilotInput, CopilotPrediction, GenreForecast, MonthlyPoint } from '../model-port.ts';
import type { CompareParams, ExploreParams, ForecastParams, IdentifyParams, PredictParams, UnderstandParams } from '../params.ts';
import type { SeriesSpan } from '../series.ts';
import type { StageResultBase } from '../types.ts';
import type { CohortBasis } from '../measures.ts';

/** One title as results show it. */
export interface TitleSummary {
  /** `mediaType:id` */
  key: string;
  id: number;
  mediaType: MediaType;
  title: string;
  year: number | null;
  releaseDate: string | null;
  genres: string[];
  language: string | null;
  /** Popularity percentile within the title's scale (0–100): comparable across sources (see core/measures.ts). */
  popularity: number;
  /** TMDB's own popularity on the day it was observed (`collected`): show it for this title alone, with its date. */
  rawPopularity: number;
  /** YYYY-MM-DD the raw popularity and votes were observed; null when unknown. */
  collected: string | null;
  voteAverage: number;
  voteCount: number;
  engagement: number;
  /** Popularity percentile per day since release (null when unreleased or undated). */
  velocity: number | null;
  hit: boolean;
  /** e.g. "movie 2019" — the cohort the hit flag was judged in. */
  cohort: string;
  budget: number | null;
  revenue: number | null;
  runtime: number | null;
  /** TMDB image path; prefix https://image.tmdb.org/t/p/w500 (null: draw a placeholder). */
  posterPath: string | null;
}

/** How the titles a stage looked at were chosen and counted. */
export interface Scope {
  /** Titles after the filters. */
  titles: number;
  movie: number;
  tv: number;
  /** Human-readable filter summary, e.g. "movies · Drama, Comedy · 2010–2024". */
  label: string;
  /** How the hit flags were judged: titles per cohort basis. */
  hitBasis: Record<CohortBasis, number>;
  /** Hits in scope, and hits / titles. */
  hits: number;
  hitRate: number;
}

// ---------------------------------------------------------------- explore

/** Per-genre counts and mean metrics (the distribution bars and the genre × metric performance matrix). */
export interface GenreStats {
  genre: Genre;
  movie: number;
  tv: number;
  total: number;
  /** Share of all genre tags in scope (sums to 1 over genres; a title with 2 genres counts in both). */
  share: number;
  /** Share of the titles in scope that carry this genre (does not sum to 1). */
  titleShare: number;
  meanPopularity: number;
  meanVoteAverage: number;
  meanVoteCount: number;
  meanEngagement: number;
  /** Share of the genre's titles that are hits. */
  hitRate: number;
}

export interface DensityCell {
  /** Bin lower edges: log10(1 + popularity) and vote average. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  count: number;
}

export interface QualityPoint {
  key: string;
  title: string;
  mediaType: MediaType;
  genre: string | null;
  popularity: number;
  voteAverage: number;
  voteCount: number;
  engagement: number;
}

export interface ExploreData {
  scope: Scope;
  genres: GenreStats[];
  quality: {
    /** Spearman ρ of vote average vs popularity in scope (null with fewer than 3 titles). */
    rho: number | null;
    /** The top titles by engagement, for labelled points. */
    points: QualityPoint[];
    /** A 2-D histogram of all titles in scope (log popularity × vote average). */
    density: DensityCell[];
  };
  topTitles: TitleSummary[];
  topByGenre: { genre: Genre; titles: TitleSummary[] }[];
  languages: { language: string; name: string; count: number; share: number }[];
  releaseVolume: { year: number; movie: number; tv: number; total: number; meanEngagement: number }[];
}

// ---------------------------------------------------------------- understand

export const CORRELATION_VARIABLES = ['popularity', 'voteAverage', 'voteCount', 'engagement', 'runtime', 'budget', 'revenue'] as const;
export type CorrelationVariable = (typeof CORRELATION_VARIABLES)[number];

export interface CorrelationCell {
  x: CorrelationVariable;
  y: CorrelationVariable;
  /** Spearman ρ on the titles where both are known (null: fewer than `minPairs`). */
  rho: number | null;
  /** Two-sided p-value of ρ ≠ 0 (t approximation with n − 2 degrees of freedom). */
  p: number | null;
  n: number;
}

export interface MonthlyRow {
  /** YYYY-MM */
  month: string;
  releases: number;
  meanEngagement: number | null;
}

export interface SeasonRow {
  /** 1–12 */
  month: number;
  name: string;
  releases: number;
  /** Share of dated releases in this month of the year (sums to 1). */
  share: number;
  meanEngagement: number | null;
  hitRate: number | null;
}

export interface DriverRow {
  genre: Genre;
  titles: number;
  /** Spearman ρ of engagement with each characteristic, strongest (|ρ|) first; null ρ rows left out. */
  drivers: { variable: string; rho: number; p: number; n: number }[];
}

export interface AnomalyRow extends TitleSummary {
  score: number;
}

export interface UnderstandData {
  scope: Scope;
  correlation: {
    variables: CorrelationVariable[];
    /** Every ordered pair (variables²), row-major by `y` then `x`. */
    cells: CorrelationCell[];
    minPairs: number;
  };
  /** Releases and mean engagement per calendar month, over the last `monthlyYears` years before asOf. */
  monthly: MonthlyRow[];
  monthlyYears: number;
  seasonal: SeasonRow[];
  drivers: DriverRow[];
  anomalies: {
    /** False when no models were available: `titles` is then empty and a note says so. */
    available: boolean;
    /** Anomalous titles in scope. */
    count: number;
    /** count / titles in scope. */
    rate: number;
    /** Most anomalous first (up to 25). */
    titles: AnomalyRow[];
  };
}

// ---------------------------------------------------------------- identify

export type Zone = 'GREEN' | 'AMBER' | 'RED';

export interface SaturationRow {
  genre: Genre;
  titles: number;
  hits: number;
  /** Share of titles in scope carrying the genre. */
  supplyShare: number;
  /** Share of the hits in scope carrying the genre. */
  hitShare: number;
  hitRate: number;
  meanEngagement: number;
  /** supplyShare / hitShare (= overall hit rate / genre hit rate); null when the genre has no hits (zone RED). */
  index: number | null;
  zone: Zone;
  /** Fewer than `minTitles`: the zone is shown but not argued from. */
  thin: boolean;
}

export interface ParetoSummary {
  /** Share of titles (0..1) that together hold 80% of the engagement. */
  titleShareFor80: number;
  titles: number;
  /** Curve: x = share of titles (best first), y = share of engagement, at 0, 1%, …, 100%. */
  curve: { x: number; y: number }[];
}

export interface WindowCell {
  genre: Genre;
  month: number;
  titles: number;
  meanEngagement: number | null;
  /** meanEngagement / the genre's mean engagement (null when the cell has fewer than `minCell` titles). */
  lift: number | null;
}

export interface IdentifyData {
  scope: Scope;
  saturation: {
    thresholds: { green: number; red: number; minTitles: number };
    overallHitRate: number;
    genres: SaturationRow[];
  };
  pareto: {
    overall: ParetoSummary;
    byGenre: ({ genre: Genre } & Omit<ParetoSummary, 'curve'>)[];
  };
  releaseWindow: {
    minCell: number;
    cells: WindowCell[];
    /** Best and worst month per genre by mean engagement among cells with ≥ minCell titles. */
    best: { genre: Genre; bestMonth: number | null; worstMonth: number | null; bestLift: number | null; worstLift: number | null }[];
  };
}

// ---------------------------------------------------------------- predict

export interface BenchmarkTitle extends TitleSummary {
  /** Criteria matched of genre, type, era, budget band, quarter (0..1). */
  similarity: number;
}

export interface PredictData {
  input: CopilotInput;
  /** The models' answer; null without models (a note says so). */
  prediction: CopilotPrediction | null;
  /** The first line of the reply: the verdict with its confidence (computed here, rendered by the adapters). */
  verdictLine: string;
  /** Movies: the budget in USD the revenue model read, and whether it was given or assumed; null for TV. */
  budget: { usd: number; given: boolean; note: string } | null;
  /** The comparable past titles and what they did (null when the catalog has none of the genre). */
  reference: ReferenceClassSummary | null;
  /**
   * Movies only (TV has no budgets: empty): the prediction at each budget level 1–10, at that band's middle budget,
   * with its break-even chance and revenue multiple, so the cost of a bigger budget shows (empty without models).
   */
  budgetCurve: {
    level: number;
    budgetUsd: number;
    popularity: number;
    low: number;
    high: number;
    hitProbability: number;
    breakEvenProbability: number | null;
    multiple: number | null;
  }[];
  /** Budget deciles of the catalog's movies: level → [min, max] USD (empty when no budget data). */
  budgetBands: { level: number; min: number; max: number }[];
  benchmarks: {
    criteria: { genre: Genre; mediaType: MediaType; yearFrom: number; yearTo: number; budgetBand: { min: number; max: number } | null };
    titles: BenchmarkTitle[];
    /** Over every title meeting genre + type + era (not just the top ones listed). */
    stats: { titles: number; meanEngagement: number | null; medianPopularity: number | null; hitRate: number | null };
  };
  /** Popularity distribution of the genre and type (all years): for "prediction vs the genre". */
  genreDistribution: { titles: number; p10: number | null; p25: number | null; p50: number | null; p75: number | null; p90: number | null };
  /** Planned title's profile vs the genre's hits and all its titles (means), for the radar chart. */
  profile: { metric: string; genreHits: number | null; genreAll: number | null; planned: number | null }[];
}

/** The reference class as a reply shows it: who is in it and what they did. */
export interface ReferenceClassSummary {
  /** "40 Action movies nearest in budget, release quarter, year and language". */
  label: string;
  /** The distance the members were picked by. */
  distance: string;
  n: number;
  genre: Genre;
  mediaType: MediaType;
  multiple: { p10: number; p50: number; p90: number } | null;
  breakEvenRate: number | null;
  breakEvenMultiple: number;
  hitRate: number;
  medianPopularity: number;
  budgetRange: [number, number] | null;
  yearRange: [number, number];
  sameQuarter: number;
  /** The members, for the distribution chart. */
  members: { key: string; title: string; year: number; multiple: number | null; popularity: number; hit: boolean }[];
}

// ---------------------------------------------------------------- forecast

export interface VelocityRow extends TitleSummary {
  velocity: number;
  daysSinceRelease: number;
}

export interface RisingStar extends VelocityRow {
  /** Median velocity of the titles of the star's genre released in the same window. */
  genreMedianVelocity: number;
  /** velocity / genreMedianVelocity. */
  ratio: number;
  genre: Genre;
}

export interface ForecastData {
  horizonMonths: number;
  /**
   * The months every history covers: `first` to `end`, the last month with full data coverage (forecasts start
   * the month after); `thinned` when the catalog's releases thin out between `end` and `lastComplete`.
   */
  coverage: SeriesSpan;
  series: {
    genre: Genre;
    titles: number;
    /** Monthly total engagement of releases (see `monthlyGenreSeries`). */
    history: MonthlyPoint[];
    /** null without models. */
    forecast: GenreForecast | null;
    /** Mean of the last 12 history months (to `coverage.end`) ÷ mean of the 12 before − 1 (null when the earlier mean is 0). */
    trend: number | null;
  }[];
  /** Genres ranked by momentum: median velocity of their titles released in the last `windowMonths` months. */
  momentum: { genre: Genre; titles: number; medianVelocity: number; meanEngagement: number }[];
  velocityRanking: VelocityRow[];
  risingStars: RisingStar[];
  windowMonths: number;
}

// ---------------------------------------------------------------- compare

export type Side = 'left' | 'right';

export interface CompareMetric {
  metric: string;
  label: string;
  left: number | null;
  right: number | null;
  /** right − left (null when either side is null). */
  delta: number | null;
  /** null: shown for context, not scored (e.g. volume or runtime). */
  higherIsBetter: boolean | null;
  winner: Side | 'tie' | null;
}

export interface CompareSide {
  label: string;
  /** Genre name, or the title's `mediaType:id`. */
  ref: string;
  title: TitleSummary | null;
}

export interface CompareData {
  kind: 'genre' | 'title';
  left: CompareSide;
  right: CompareSide;
  metrics: CompareMetric[];
  overall: {
    winner: Side | 'tie';
    /** Metrics won by the winner / metrics compared (a tie: left's wins / compared). */
    score: number;
    won: { left: number; right: number; ties: number };
    compared: number;
  };
  /** Mean engagement per release year of each side's genre (for titles: of each title's first genre and type). */
  trend: { year: number; left: number | null; right: number | null }[];
  trendBasis: string;
}

// ---------------------------------------------------------------- results

/** The views of each stage's data: one per chart (`<stage>.<view>` is the chart's id). */
export type ExploreView =
  | 'genre-distribution'
  | 'quality-popularity'
  | 'top-performers'
  | 'performance-matrix'
  | 'release-volume'
  | 'language-mix'
  | 'poster-grid';
export type UnderstandView = 'correlation' | 'drivers' | 'seasonal' | 'monthly' | 'anomalies';
export type IdentifyView = 'saturation' | 'share-gap' | 'pareto' | 'pareto-by-genre' | 'release-window';
export type PredictView = 'outlook' | 'reference-class' | 'budget-curve' | 'profile' | 'benchmarks' | 'drivers';
export type ForecastView = 'genre-forecasts' | 'momentum' | 'velocity' | 'rising-stars' | 'accuracy';
export type CompareView = 'winner' | 'metrics-table' | 'differences' | 'trend';

export type ExploreResult = StageResultBase<'explore', ExploreParams, ExploreData, ExploreView>;
export type UnderstandResult = StageResultBase<'understand', UnderstandParams, UnderstandData, UnderstandView>;
export type IdentifyResult = StageResultBase<'identify', IdentifyParams, IdentifyData, IdentifyView>;
export type PredictResult = StageResultBase<'predict', PredictParams, PredictData, PredictView>;
export type ForecastResult = StageResultBase<'forecast', ForecastParams, ForecastData, ForecastView>;
export type CompareResult = StageResultBase<'compare', CompareParams, CompareData, CompareView>;

export type StageResult = ExploreResult | UnderstandResult | IdentifyResult | PredictResult | ForecastResult | CompareResult;

export interface StageResults {
  explore: ExploreResult;
  understand: UnderstandResult;
  identify: IdentifyResult;
  predict: PredictResult;
  forecast: ForecastResult;
  compare: CompareResult;
}


/**
 * The result types of the six stages: what charts draw, replies summarise and the dashboard shows. Stable:
 * fields are only ever added. Numbers are raw (shares 0..1, not percentages); `null` means "not measurable here"
 * (no budget data for TV, too few titles), never 0.
 */
import type { Genre } from '../../data/genres.ts';
import type { MediaType } from '../../data/title.ts';
import type { CopilotInput, CopilotPrediction, GenreForecast } from '../model-port.ts';
import type { CompareParams, ExploreParams, ForecastParams, IdentifyParams, PredictParams, UnderstandParams } from '../params.ts';
import type { SeriesPoint, SeriesSpan } from '../series.ts';
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

/**
 * The market a scoped answer is compared with: the same filters (media type, years, language) without the genres.
 * `null` when the question names no genre (the scope is the market).
 */
export interface MarketSummary {
  /** e.g. "all movies", "all TV series 2010–2024". */
  label: string;
  /** The asked genres (the scope's focus). */
  focus: Genre[];
  titles: number;
  hits: number;
  hitRate: number;
  /** The scope's share of the market's titles. */
  scopeShare: number;
  /** Two-proportion z test of the scope's hit rate against the rest of the market (null: no rest to compare). */
  hitRateP: number | null;
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
  /** Bin edges: popularity percentile (0–100, comparable across sources) and vote average. */
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
  market: MarketSummary | null;
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
  market: MarketSummary | null;
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
    /** Titles in scope the model scores: those whose vote average is a rating (`RATED_MIN_VOTES` or more votes). */
    scored: number;
    /** count / scored. */
    rate: number;
    /** Most anomalous first (up to 25). */
    titles: AnomalyRow[];
    /** Every title in scope as a 2-D histogram (log popularity × vote average): the whole the anomalies stand out from. */
    context: DensityCell[];
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
  /**
   * When the question names genres: the market they are judged in. Saturation, the release windows and the
   * per-genre Pareto are then computed over the market (so the asked genre is placed among all genres), the overall
   * Pareto over the scope.
   */
  market: MarketSummary | null;
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
    /**
     * Best and worst month per genre by mean engagement among cells with ≥ minCell titles; `bestP`: Mann–Whitney's p
     * of the best month's titles against the genre's other dated titles, adjusted for its being the best of the
     * twelve months (Bonferroni, capped at 1).
     */
    best: {
      genre: Genre;
      bestMonth: number | null;
      worstMonth: number | null;
      bestLift: number | null;
      worstLift: number | null;
      bestP: number | null;
    }[];
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
  members: { key: string; title: string; year: number; genre: string; multiple: number | null; popularity: number; hit: boolean }[];
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
  /** The horizon asked for, in months, and in periods of the series (months, or quarters rounded up). */
  horizonMonths: number;
  horizon: number;
  /**
   * The periods every history covers: its granularity (month or quarter), `first` to `last` (first months of the
   * periods), `end` (the last month of the last period: the last complete period before `asOf`).
   */
  coverage: SeriesSpan;
  series: {
    genre: Genre;
    /** Released titles of the genre in the span. */
    titles: number;
    /** The genre's share (%) of each period's releases, with its engagement share and counts (see `genreShareSeries`). */
    history: SeriesPoint[];
    /** null without models. */
    forecast: GenreForecast | null;
    /** Share of releases over the last 12 months minus the 12 before, in percentage points (null under 24 months). */
    trend: number | null;
    /** The same for the share of comparable engagement. */
    engagementTrend: number | null;
    /**
     * How much the period shares of comparable engagement swing over those 24 months (their sample standard
     * deviation, points; null under 24 months): a move of `engagementTrend` inside it is no clear trend.
     */
    engagementSwing: number | null;
    /** The presented forecast's mean share minus the last 12 months' mean, percentage points (null without a forecast). */
    change: number | null;
    /** Up or down only when `change` exceeds the forecast's typical backtest error (`typicalError`); else flat. */
    direction: 'up' | 'down' | 'flat' | null;
    /** The presented forecast's backtest MAE (percentage points), the yardstick of `direction`. */
    typicalError: number | null;
  }[];
  /** Titles announced for release in the months after asOf: upcoming, never history; a forward signal. */
  slate: {
    from: string;
    to: string;
    titles: number;
    /** The last history period (e.g. "2025 Q4"), whose shares the slate's are set against. */
    lastPeriod: string;
    /** Per series genre: its titles in the slate, their share (%) of the slate, and its share of the last period's releases. */
    byGenre: { genre: Genre; titles: number; share: number | null; lastShare: number | null }[];
    /** The first announced titles by release date. */
    listed: TitleSummary[];
  };
  /** Genres ranked by momentum: median velocity of their titles released in the window. */
  momentum: { genre: Genre; titles: number; medianVelocity: number; meanEngagement: number }[];
  velocityRanking: VelocityRow[];
  risingStars: RisingStar[];
  windowMonths: number;
  /** The window "what's rising" reads: releases from `from` to `to` (the as-of date). */
  window: { from: string; to: string };
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
  /**
   * Who is ahead: for genres only when the difference is significant (Holm-adjusted p < alpha) on groups of at
   * least the minimum size — otherwise 'tie' (no significant difference) or null (thin: not compared).
   */
  winner: Side | 'tie' | null;
  /** How the difference was tested (null: a context metric, or a side is missing). */
  test?: MetricTest | null;
}

/** The test behind a compare metric's winner. */
export interface MetricTest {
  /** 'two-proportion z' (hit rates), 'Mann–Whitney U' (medians), 'bootstrap' (means), 'percentile' (two titles). */
  method: 'two-proportion z' | 'Mann–Whitney U' | 'bootstrap' | 'percentile';
  /**
   * Standardised effect, left against right: Cliff's δ (−1..1; for hit rates the difference of proportions) for
   * genres; for two titles, the difference of their percentiles (0..1) among titles of their media type.
   */
  effect: number;
  /** Holm-adjusted two-sided p over the comparison's scored metrics (null for titles: one value per side). */
  p: number | null;
  /** Values behind each side (titles with the metric known). */
  n: { left: number; right: number };
  /** A side has fewer values than the minimum group size: not compared. */
  thin: boolean;
  significant: boolean;
  /** Bootstrap only: the 95% interval of the difference of means (right − left). */
  interval?: { low: number; high: number };
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
  /**
   * The latest year both trend lines have, with the bootstrap test of its two means (as the metrics' means are
   * tested; p unadjusted) and the releases behind each: whether that year's lead is more than chance.
   */
  latestYear: { year: number; p: number | null; n: { left: number; right: number } } | null;
  trendBasis: string;
  /**
   * What each trend line is: the genre, or for a title its first genre and media type ("Science Fiction movies
   * (Dune: Part Two's genre)") — the lines of a title comparison are genres' lines, and say so.
   */
  trendLabels: { left: string; right: string };
  /** The minimum group size and significance level behind the genre winners; the gaps under which two titles tie (compare.ts). */
  significance: { minGroup: number; alpha: number; titleTieGap: number; titleTieRelative: number };
}

// ---------------------------------------------------------------- results

/** The views of each stage's data: one per chart (`<stage>.<view>` is the chart's id). */
export type ExploreView =
  'genre-distribution' | 'quality-popularity' | 'top-performers' | 'performance-matrix' | 'release-volume' | 'language-mix' | 'poster-grid';
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

/** Each stage's views (one per chart). */
export interface StageViews {
  explore: ExploreView;
  understand: UnderstandView;
  identify: IdentifyView;
  predict: PredictView;
  forecast: ForecastView;
  compare: CompareView;
}

/**
 * A chart's id: its stage and the view of the stage's data it draws (`explore.genre-distribution`). Written out by
 * the charts and the digests, and checked by the compiler against the views above.
 */
export type ChartId<S extends keyof StageViews = keyof StageViews> = { [K in S]: `${K}.${StageViews[K]}` }[S];

export interface StageResults {
  explore: ExploreResult;
  understand: UnderstandResult;
  identify: IdentifyResult;
  predict: PredictResult;
  forecast: ForecastResult;
  compare: CompareResult;
}

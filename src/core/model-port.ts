/**
 * The port through which stages use the trained models (popularity booster + fallback, hit forest, isolation
 * forest, Prophet). Stages depend on this interface only; `src/core/intelligence/` implements it on top of
 * `models/` and caches the trained bundle by catalog fingerprint. Every method is synchronous and fast: training
 * happens once per catalog, before a port is handed out, never on a question.
 */
import type { Genre } from '../data/genres.ts';
import type { MediaType } from '../data/title.ts';

export type Quarter = 1 | 2 | 3 | 4;

/** The copilot's inputs: what is known about a title before it exists. Validated by the core before use. */
export interface CopilotInput {
  genre: Genre;
  mediaType: MediaType;
  /** 1–10, mapped to budget deciles of the catalog's movies (TV: see the model notes). */
  budgetLevel: number;
  quarter: Quarter;
  /** Movies: the budget in USD the revenue model reads (given by the user, or assumed by the core: `budgetNote` says which). */
  budgetUsd?: number;
  /** How the budget in USD was arrived at, e.g. "$150M, as given" or "assumed $45M, the middle of budget level 7". */
  budgetNote?: string;
}

/** What the reference class (the comparable past titles) did: the verdict weighs the prediction against it. */
export interface ReferenceOutcomes {
  /** Movies with money: share that reached the break-even multiple; null for TV. */
  breakEvenRate: number | null;
  /** Movies with money: median revenue / budget; null for TV. */
  medianMultiple: number | null;
  hitRate: number;
  /** Median popularity percentile (0–100). */
  medianPopularity: number;
}

/** One verdict group of the track record: how the movies it was given to turned out. */
export interface TrackRecordGroup {
  recommendation: Recommendation;
  n: number;
  breakEvenRate: number | null;
  hitRate: number | null;
}

/** Movies: the revenue model's answer for the planned budget. */
export interface MoneyOutlook {
  budgetUsd: number;
  budgetNote: string;
  /** USD: median prediction and its 80 % interval. */
  revenue: Interval;
  /** revenue / budget. */
  multiple: Interval;
  breakEvenMultiple: number;
  breakEvenProbability: number;
  /** Out-of-time figures per evaluation window. */
  outOfTime: { window: string; test: string; n: number; r2: number; baselineR2: number; referenceClassR2: number; auc: number; referenceClassAuc: number }[];
  /** The verdict's track record pooled over the windows. */
  trackRecord: TrackRecordGroup[];
}

/** A point prediction with its interval (e.g. the 10th–90th percentile: `level` 0.8). */
export interface Interval {
  value: number;
  low: number;
  high: number;
  level: number;
}

/** One feature's contribution to a prediction; contributions plus the base value add up to the prediction. */
export interface Driver {
  feature: string;
  contribution: number;
}

export type RiskLevel = 'LOW' | 'MEDIUM' | 'HIGH';
export type Recommendation = 'GREENLIGHT' | 'CONSIDER' | 'PASS';

export interface CopilotPrediction {
  /** Predicted popularity percentile (0–100) within its scale: the comparable measure benchmarks use too. */
  popularity: Interval;
  /** 0..1: calibrated probability of being a hit (top 25% engagement). */
  hitProbability: number;
  risk: RiskLevel;
  recommendation: Recommendation;
  /** Largest absolute contributions first. */
  drivers: Driver[];
  baseValue: number;
  /** Which regressor answered (the booster, or the fallback when the booster failed or validated worse). */
  model: string;
  /** Plain statements for the footnotes, e.g. "Popularity model R² 0.31 vs genre-median baseline 0.12". */
  accuracyNotes: string[];
  /** The units of `drivers` and `baseValue` (they add up to the prediction in these units). */
  driverUnits?: string;
  /** Movies with a budget: revenue, multiple and break-even odds; null for TV or without a budget in USD. */
  money: MoneyOutlook | null;
  /** Why the verdict is what it is (the conditions of the rule that decided it). */
  verdictReasons: string[];
  /**
   * How far `hitProbability` can be trusted, measured on held-out titles: the classifier's ROC AUC (0.5 = chance) and
   * its mean calibration error (0..1). Absent when the probability came from another model (movies with a budget).
   */
  hitModel?: { auc: number; calibrationError: number };
  /** How far `popularity` can be trusted: the answering regressor's held-out R² against the genre-median baseline's. */
  popularityModel?: { r2: number; baselineR2: number };
  /** What the copilot assumed for the inputs it was not given ("assumed runtime 118 min, …"). */
  assumptions: string[];
}

export interface AnomalyFlag {
  /** `titleKey(title)`: media type and TMDB id. */
  key: string;
  /** Isolation-forest score (higher = more anomalous). */
  score: number;
  anomalous: boolean;
}

export interface MonthlyPoint {
  /** YYYY-MM: the month, or the first month of the quarter, of the period. */
  month: string;
  value: number;
}

export interface ForecastPoint extends MonthlyPoint {
  low: number;
  high: number;
}

/** The models a genre forecast chooses from: Prophet and the four baselines. */
export type ForecastMethod = 'prophet' | 'seasonal-naive' | 'naive' | 'drift' | 'mean';

/** One candidate's rolling-origin backtest score (errors on the share scale, in percentage points). */
export interface BacktestScore {
  method: ForecastMethod;
  /** Mean absolute scaled error (scaled by the training window's in-sample seasonal-naive error), mean over origins. */
  mase: number;
  /** Symmetric MAPE (%), mean over origins. */
  smape: number;
  /** Mean absolute error in percentage points of share, over every origin and step. */
  mae: number;
}

/** A rolling-origin backtest: each origin's model is fitted on the history to it and scored on the next `horizon` periods. */
export interface ForecastBacktest {
  origins: number;
  /** Periods ahead scored per origin. */
  horizon: number;
  /** The first and last origins: the last period each training window holds (YYYY-MM). */
  firstOrigin: string;
  lastOrigin: string;
  /** Every candidate, best (lowest MASE) first. */
  scores: BacktestScore[];
  /** The winner: the method presented. */
  winner: ForecastMethod;
  /** The winner's and seasonal naive's scores, for one-line summaries. */
  mase: number;
  baselineMase: number;
  smape: number;
  baselineSmape: number;
}

export interface GenreForecast {
  genre: string;
  /** Months per period of the history and the forecast (1 or 3). */
  periodMonths: 1 | 3;
  history: MonthlyPoint[];
  forecast: ForecastPoint[];
  /** The presented method: the backtest's winner (naive when there is too little history to backtest). */
  method: ForecastMethod;
  /** The presented method in words. */
  model: string;
  /** True only when the presented forecast is a model that beat every baseline in the backtest: only then is it an outlook. */
  outlook: boolean;
  backtest: ForecastBacktest | null;
}

/** One row of `greenlight models --eval --json`. */
export interface ModelMetric {
  name: string;
  metric: string;
  value: number;
  baseline: number;
  higherIsBetter: boolean;
  trainSeconds: number;
  /** CPU seconds of the training (process user + system time): steadier than wall time on a shared machine. */
  cpuSeconds?: number;
  /** Forecast rows: the genre's rolling-origin backtest, every candidate scored (best first) and the one presented. */
  backtest?: { genre: string; presented: ForecastMethod; outlook: boolean; scores: BacktestScore[] };
}

export interface ModelPort {
  /** The prediction for a plan; with its reference class's outcomes, the verdict weighs the plan against them. */
  copilot(input: CopilotInput, reference?: ReferenceOutcomes): CopilotPrediction;
  /** Anomaly flags for every title of the catalog the models were trained on. */
  anomalies(): readonly AnomalyFlag[];
  /** A forecast `horizon` periods ahead of a series of periods of `periodMonths` months (1 or 3). */
  forecast(genre: string, history: readonly MonthlyPoint[], horizon: number, periodMonths: 1 | 3): GenreForecast;
  /** Out-of-time evaluation figures, one row per model and metric. */
  metrics(): readonly ModelMetric[];
}

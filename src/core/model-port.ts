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
  /** The units of `drivers` and `baseValue` (e.g. "log1p(popularity)": they add up to log1p(popularity.value)). */
  driverUnits?: string;
  /** 0–100: where the predicted popularity ranks among the model's predictions for the catalog's titles of the type. */
  popularityPercentile?: number;
}

export interface AnomalyFlag {
  /** `titleKey(title)`: media type and TMDB id. */
  key: string;
  /** Isolation-forest score (higher = more anomalous). */
  score: number;
  anomalous: boolean;
}

export interface MonthlyPoint {
  /** YYYY-MM */
  month: string;
  value: number;
}

export interface ForecastPoint extends MonthlyPoint {
  low: number;
  high: number;
}

export interface GenreForecast {
  genre: string;
  history: MonthlyPoint[];
  forecast: ForecastPoint[];
  model: string;
  /** sMAPE of a 12-month backtest and of the seasonal-naive baseline on the same window, when computable. */
  backtest: { smape: number; baselineSmape: number } | null;
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
}

export interface ModelPort {
  copilot(input: CopilotInput): CopilotPrediction;
  /** Anomaly flags for every title of the catalog the models were trained on. */
  anomalies(): readonly AnomalyFlag[];
  /** A 12-month (or `horizonMonths`) forecast of a monthly series. */
  forecast(genre: string, history: readonly MonthlyPoint[], horizonMonths: number): GenreForecast;
  /** Out-of-time evaluation figures, one row per model and metric. */
  metrics(): readonly ModelMetric[];
}

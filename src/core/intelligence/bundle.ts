/** The trained bundle: everything the port needs to answer, as plain JSON (cached per catalog fingerprint). */
import type { BoosterModel } from '../../../models/booster.ts';
import type { ForestModel } from '../../../models/forest.ts';
import type { AnomalyFlag, GenreForecast, ModelMetric } from '../model-port.ts';
import type { FeatureSpec } from './features.ts';
import type { RevenueModel, RevenueWindowEval, VerdictGroup } from './revenue.ts';

/**
 * Bumped whenever training changes, so caches of older bundles are retrained over. 3: the forecast series end at
 * the last month with full data coverage (the precomputed forecasts, their backtests and the notes changed).
 * 4: one-off spikes are capped before the forecasts are fitted (`capOneOffSpikes`; forecasts and backtests changed).
 * 5: additive yearly seasonality (chosen by the backtest; forecasts and backtests changed).
 * 6: the popularity target is the comparable popularity percentile; the revenue model, its evaluation windows and
 * the verdict's track record are added.
 */
export const BUNDLE_FORMAT = 6;

export type RegressorName = 'booster' | 'fallback';

export const REGRESSOR_LABELS: Record<RegressorName, string> = {
  booster: 'gradient-boosted trees (leaf-wise, LightGBM-style)',
  fallback: 'fallback: depth-wise boosted trees (max depth 6)',
};

export interface IntervalTable {
  /** Interval level, e.g. 0.8. */
  level: number;
  /** [low, high] residual quantiles (popularity percentile points) added to a prediction. */
  global: [number, number];
  /** Per first genre, when the test set had at least 30 titles of it. */
  byGenre: Record<string, [number, number]>;
}

export interface ModelBundle {
  format: number;
  fingerprint: string;
  seed: number;
  /** The year from which titles were held out for testing. */
  cutoff: number;
  spec: FeatureSpec;
  regressor: { answer: RegressorName; reason: string; booster: BoosterModel | null; fallback: BoosterModel };
  intervals: IntervalTable;
  forest: ForestModel;
  /** Movies: log revenue, break-even and hit probability (null when too few movies have budgets and revenues). */
  revenue: {
    model: RevenueModel;
    /** Out-of-time windows (pre-pandemic, recent): figures, reliability tables, the verdict's track record. */
    windows: RevenueWindowEval[];
    /** The verdict's track record pooled over the windows. */
    trackRecord: VerdictGroup[];
  } | null;
  anomalies: AnomalyFlag[];
  /** Precomputed 12-month forecasts of the top genres (histories from `monthlyGenreSeriesMany`, ending at the coverage end). */
  forecasts: GenreForecast[];
  metrics: ModelMetric[];
  accuracyNotes: string[];
}

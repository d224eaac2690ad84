/** The trained bundle: everything the port needs to answer, as plain JSON (cached per catalog fingerprint). */
import type { BoosterModel } from '../../../models/booster.ts';
import type { ForestModel } from '../../../models/forest.ts';
import type { AnomalyFlag, GenreForecast, ModelMetric } from '../model-port.ts';
import type { PopularityScale } from './dataset.ts';
import type { FeatureSpec } from './features.ts';

/**
 * Bumped whenever training changes, so caches of older bundles are retrained over. 3: the forecast series end at
 * the last month with full data coverage (the precomputed forecasts, their backtests and the notes changed).
 * 4: one-off spikes are capped before the forecasts are fitted (`capOneOffSpikes`; forecasts and backtests changed).
 * 5: additive yearly seasonality (chosen by the backtest; forecasts and backtests changed).
 * 7: forecasts of genre shares, the rolling-origin backtest's winner presented (forecasts, backtests, eval rows).
 * (7, not 6: another branch's bundle was written as format 6 into the same shared test cache meanwhile.)
 */
export const BUNDLE_FORMAT = 7;

export type RegressorName = 'booster' | 'fallback';

export const REGRESSOR_LABELS: Record<RegressorName, string> = {
  booster: 'gradient-boosted trees (leaf-wise, LightGBM-style)',
  fallback: 'fallback: depth-wise boosted trees (max depth 6)',
};

export interface IntervalTable {
  /** Interval level, e.g. 0.8. */
  level: number;
  /** [low, high] residual quantiles (log units) added to a prediction. */
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
  scale: PopularityScale;
  regressor: { answer: RegressorName; reason: string; booster: BoosterModel | null; fallback: BoosterModel };
  intervals: IntervalTable;
  /** Per media type, the model's predictions for the training titles, ascending (for percentiles). */
  predictionDistribution: Record<string, number[]>;
  forest: ForestModel;
  anomalies: AnomalyFlag[];
  /** Precomputed 12-month forecasts of the top 6 genres (share series from `genreShareSeries`, to the last complete period before as-of). */
  forecasts: GenreForecast[];
  metrics: ModelMetric[];
  accuracyNotes: string[];
}

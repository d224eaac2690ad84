/** The trained bundle: everything the port needs to answer, as plain JSON (cached per catalog fingerprint). */
import { createHash } from 'node:crypto';
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
 * 7: forecasts of genre shares, the rolling-origin backtest's winner presented (forecasts, backtests, eval rows).
 * (7, not 6: another branch's bundle was written as format 6 into the same shared test cache meanwhile.)
 * 8: the popularity target is the comparable popularity percentile; the revenue model, its evaluation windows and
 * the verdict's track record are added. 11: forecasts precomputed for every genre, not the six largest.
 */
export const BUNDLE_FORMAT = 11;

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
  /** Precomputed 12-month forecasts of the top 6 genres (share series from `genreShareSeries`, to the last complete period before as-of). */
  forecasts: GenreForecast[];
  metrics: ModelMetric[];
  accuracyNotes: string[];
}

/**
 * The cache file: the bundle and the SHA-256 of its JSON. A file whose hash does not match (tampered, truncated,
 * or from an older writer), or whose numbers are not all finite, is refused on load and retrained over.
 */
export interface BundleFile {
  sha256: string;
  bundle: ModelBundle;
}

export function bundleHash(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}

/** The cache file's text for `bundle`. */
export function sealBundle(bundle: ModelBundle): string {
  const json = JSON.stringify(bundle);
  return `{"sha256":"${bundleHash(json)}","bundle":${json}}`;
}

/** The first number in `value` that is not finite (JSON's 1e999 parses as Infinity), as a path; undefined if none. */
function nonFinitePath(value: unknown, path: string): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const bad = nonFinitePath(value[i], `${path}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const bad = nonFinitePath(v, `${path}.${key}`);
      if (bad) return bad;
    }
  }
  return undefined;
}

/** The bundle in a cache file's text, or why it cannot be trusted. */
export function openBundle(text: string): { bundle: ModelBundle } | { problem: string } {
  let file: Partial<BundleFile>;
  try {
    file = JSON.parse(text) as Partial<BundleFile>;
  } catch {
    return { problem: 'it is not JSON' };
  }
  if (!file || typeof file.sha256 !== 'string' || typeof file.bundle !== 'object' || file.bundle === null) return { problem: 'it has no content hash' };
  if (bundleHash(JSON.stringify(file.bundle)) !== file.sha256) return { problem: 'its content does not match its hash' };
  const bad = nonFinitePath(file.bundle, 'bundle');
  if (bad) return { problem: `${bad} is not a finite number` };
  return { bundle: file.bundle };
}

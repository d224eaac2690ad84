/**
 * The copilot's decision rules: risk from the prediction interval, and the recommendation from predicted
 * popularity, hit probability and risk. Pure functions with the thresholds stated here (and in docs/models.md).
 */
import type { Recommendation, RiskLevel } from '../model-port.ts';

/**
 * Risk = how wide the 80 % popularity interval is, measured as w = log1p(high) − log1p(low) (log units, so a
 * width is a ratio: w = 2 means the high end is about e² ≈ 7.4× the low end).
 * LOW: w < 2.0 · MEDIUM: 2.0 ≤ w < 2.5 · HIGH: w ≥ 2.5 (the high end 12× the low end or more).
 * The widths come from out-of-time residuals per genre, so risk says how unpredictable the genre has been.
 */
export const RISK_THRESHOLDS = { medium: 2.0, high: 2.5 } as const;

export function riskLevel(logWidth: number): RiskLevel {
  if (!(logWidth < RISK_THRESHOLDS.high)) return 'HIGH';
  return logWidth < RISK_THRESHOLDS.medium ? 'LOW' : 'MEDIUM';
}

/**
 * Recommendation, with p = hit probability (base rate 25 %) and q = the percentile (0–100) of the predicted
 * popularity among the model's predictions for the catalog's titles of the same media type:
 *  - GREENLIGHT when p ≥ 0.40 and q ≥ 50 and risk is not HIGH;
 *  - PASS when p < 0.15, or q < 25 and risk is HIGH;
 *  - CONSIDER otherwise.
 */
export const RECOMMENDATION_THRESHOLDS = { greenlightHit: 0.4, greenlightPercentile: 50, passHit: 0.15, passPercentile: 25 } as const;

export function recommend(hitProbability: number, popularityPercentile: number, risk: RiskLevel): Recommendation {
  const t = RECOMMENDATION_THRESHOLDS;
  if (hitProbability >= t.greenlightHit && popularityPercentile >= t.greenlightPercentile && risk !== 'HIGH') return 'GREENLIGHT';
  if (hitProbability < t.passHit || (popularityPercentile < t.passPercentile && risk === 'HIGH')) return 'PASS';
  return 'CONSIDER';
}

export const RECOMMENDATION_RULE =
  'GREENLIGHT if hit probability ≥ 40% and predicted popularity at or above the catalog median and risk not HIGH; ' +
  'PASS if hit probability < 15%, or predicted popularity in the bottom quarter with HIGH risk; otherwise CONSIDER';

/** Percentile (0–100) of `value` within ascending `sorted` values (share of values ≤ it). */
export function percentileOf(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length > 0 ? (100 * lo) / sorted.length : 50;
}

/**
 * The copilot's decision rules: risk from the prediction interval, and the verdict from the evidence against the
 * reference class. Pure functions with the thresholds stated here (and in docs/models.md).
 */
import type { Recommendation, RiskLevel } from '../model-port.ts';

/**
 * Risk = how wide the 80 % interval is, in log units (a width is a ratio: w = 2 means the high end is about
 * e² ≈ 7.4× the low end). Movies: the revenue interval, w = ln(high) − ln(low). TV: the popularity-percentile
 * interval, w = ln(1 + high) − ln(1 + low).
 * LOW: w < 2.0 · MEDIUM: 2.0 ≤ w < 2.5 · HIGH: w ≥ 2.5 (the high end 12× the low end or more).
 * The widths come from out-of-time residuals, so risk says how unpredictable such titles have been.
 */
export const RISK_THRESHOLDS = { medium: 2.0, high: 2.5 } as const;

export function riskLevel(logWidth: number): RiskLevel {
  if (!(logWidth < RISK_THRESHOLDS.high)) return 'HIGH';
  return logWidth < RISK_THRESHOLDS.medium ? 'LOW' : 'MEDIUM';
}

/** A movie breaks even when its worldwide revenue reaches this multiple of its budget (theatrical rule of thumb). */
export const BREAK_EVEN_MULTIPLE = 2.5;

/** What the verdict weighs: the plan's predictions and its reference class's outcomes, on the same scales. */
export interface VerdictEvidence {
  /** P(revenue ≥ break-even multiple × budget) from the revenue model; null for TV (no budgets). */
  breakEvenProbability: number | null;
  /** The reference class's break-even rate; null for TV. */
  classBreakEvenRate: number | null;
  /** Predicted median revenue multiple; null for TV. */
  predictedMultiple: number | null;
  /** The reference class's median multiple; null for TV. */
  classMedianMultiple: number | null;
  hitProbability: number;
  classHitRate: number;
  /** Predicted popularity percentile and the class's median percentile (both 0–100, the comparable measure); used for TV. */
  predictedPopularity: number | null;
  classMedianPopularity: number | null;
}

/**
 * The verdict thresholds. With money (movies): p = P(break-even), c = the class's break-even rate, m / M = the
 * predicted / the class's median revenue multiple, h / hc = hit probability / the class's hit rate.
 *  - GREENLIGHT: p ≥ 0.50 and p ≥ c + 0.05 and m ≥ M and h ≥ hc − 0.05;
 *  - PASS: p < 0.35, or p < c − 0.10;
 *  - CONSIDER otherwise.
 * Without money (TV), q / Q = predicted / the class's median popularity percentile:
 *  - GREENLIGHT: h ≥ 0.30 and h ≥ hc + 0.05 and q ≥ Q;
 *  - PASS: h < 0.10, or h < hc − 0.10 and q < Q;
 *  - CONSIDER otherwise.
 * The budget is no input: it enters only through the multiple and the break-even hurdle (cost counts against it).
 * A prediction below the class median (m < M, or q < Q for TV) is never GREENLIGHT.
 */
export const VERDICT_THRESHOLDS = {
  greenlightBreakEven: 0.5,
  breakEvenEdge: 0.05,
  passBreakEven: 0.35,
  passBreakEvenGap: 0.1,
  hitSlack: 0.05,
  tvGreenlightHit: 0.3,
  tvHitEdge: 0.05,
  tvPassHit: 0.1,
  tvPassHitGap: 0.1,
} as const;

export interface Verdict {
  recommendation: Recommendation;
  /** Which conditions decided it, in words. */
  reasons: string[];
}

const pc = (v: number) => `${Math.round(100 * v)}%`;
/** A difference of two percentages, in percentage points: 0.05 → "5 points" (not "5% points"). */
const pts = (v: number) => `${Math.round(100 * v)} points`;

export function verdictOf(e: VerdictEvidence): Verdict {
  const t = VERDICT_THRESHOLDS;
  const { breakEvenProbability: p, classBreakEvenRate: c, predictedMultiple: m, classMedianMultiple: M } = e;
  if (p !== null && c !== null && m !== null && M !== null) {
    if (p < t.passBreakEven) return { recommendation: 'PASS', reasons: [`break-even chance ${pc(p)} is below ${pc(t.passBreakEven)}`] };
    if (p < c - t.passBreakEvenGap)
      return { recommendation: 'PASS', reasons: [`break-even chance ${pc(p)} is more than ${pts(t.passBreakEvenGap)} below the comparables' ${pc(c)}`] };
    const missing: string[] = [];
    if (p < t.greenlightBreakEven) missing.push(`break-even chance ${pc(p)} is below ${pc(t.greenlightBreakEven)}`);
    else if (p < c + t.breakEvenEdge) missing.push(`break-even chance ${pc(p)} is not ${pts(t.breakEvenEdge)} above the comparables' ${pc(c)}`);
    if (m < M) missing.push(`the predicted multiple ${m.toFixed(1)}× is below the comparables' median ${M.toFixed(1)}×`);
    if (e.hitProbability < e.classHitRate - t.hitSlack)
      missing.push(`hit probability ${pc(e.hitProbability)} trails the comparables' hit rate ${pc(e.classHitRate)}`);
    if (missing.length > 0) return { recommendation: 'CONSIDER', reasons: missing };
    return {
      recommendation: 'GREENLIGHT',
      reasons: [`break-even chance ${pc(p)} beats the comparables' ${pc(c)}`, `predicted multiple ${m.toFixed(1)}× at or above their median ${M.toFixed(1)}×`],
    };
  }
  const h = e.hitProbability;
  const q = e.predictedPopularity;
  const Q = e.classMedianPopularity;
  if (h < t.tvPassHit) return { recommendation: 'PASS', reasons: [`hit probability ${pc(h)} is below ${pc(t.tvPassHit)}`] };
  const below = q !== null && Q !== null && q < Q;
  if (h < e.classHitRate - t.tvPassHitGap && below) {
    return {
      recommendation: 'PASS',
      reasons: [`hit probability ${pc(h)} is well below the comparables' ${pc(e.classHitRate)} and the predicted popularity is below their median`],
    };
  }
  const missing: string[] = [];
  if (h < t.tvGreenlightHit) missing.push(`hit probability ${pc(h)} is below ${pc(t.tvGreenlightHit)}`);
  else if (h < e.classHitRate + t.tvHitEdge) missing.push(`hit probability ${pc(h)} is not ${pts(t.tvHitEdge)} above the comparables' ${pc(e.classHitRate)}`);
  if (below) missing.push(`predicted popularity (percentile ${Math.round(q ?? 0)}) is below the comparables' median (${Math.round(Q ?? 0)})`);
  if (missing.length > 0) return { recommendation: 'CONSIDER', reasons: missing };
  return {
    recommendation: 'GREENLIGHT',
    reasons: [`hit probability ${pc(h)} beats the comparables' ${pc(e.classHitRate)}`, 'predicted popularity at or above their median'],
  };
}

export const RECOMMENDATION_RULE =
  "movies: GREENLIGHT if break-even chance ≥ 50% and ≥ the comparables' rate + 5 points and the predicted revenue multiple ≥ their median " +
  "and hit probability ≥ their hit rate − 5 points; PASS if break-even chance < 35% or > 10 points below the comparables'; otherwise CONSIDER. " +
  "TV: GREENLIGHT if hit probability ≥ 30% and ≥ the comparables' hit rate + 5 points and predicted popularity ≥ their median; " +
  'PASS if hit probability < 10%, or > 10 points below theirs with popularity below their median; otherwise CONSIDER';

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

/** Evaluation metrics and small statistics shared by the models and their evaluation. Pure functions. */

function checkSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new RangeError(`length mismatch: ${a.length} vs ${b.length}`);
  if (a.length === 0) throw new RangeError('metrics need at least one value');
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Quantile with linear interpolation between order statistics (numpy's default), q in [0, 1]. */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) throw new RangeError('quantile of no values');
  const sorted = Float64Array.from(values).sort();
  const pos = Math.min(Math.max(q, 0), 1) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** Coefficient of determination: 1 − SSE/SST (SST around the mean of `actual`). Can be negative. */
export function r2(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkSameLength(actual, predicted);
  const m = mean(actual);
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < actual.length; i++) {
    sse += (actual[i] - predicted[i]) ** 2;
    sst += (actual[i] - m) ** 2;
  }
  return sst > 0 ? 1 - sse / sst : sse === 0 ? 1 : 0;
}

export function mae(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkSameLength(actual, predicted);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i] - predicted[i]);
  return sum / actual.length;
}

export function mse(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkSameLength(actual, predicted);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += (actual[i] - predicted[i]) ** 2;
  return sum / actual.length;
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative (ties count
 * half), computed from mid-ranks (Mann–Whitney U). NaN when one class is absent.
 */
export function rocAuc(labels: ArrayLike<number | boolean>, scores: ArrayLike<number>): number {
  checkSameLength(labels, scores);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]]) {
        positives += 1;
        rankSum += midRank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean squared error of probabilities against 0/1 outcomes. */
export function brier(labels: ArrayLike<number | boolean>, probabilities: ArrayLike<number>): number {
  checkSameLength(labels, probabilities);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += (probabilities[i] - (labels[i] ? 1 : 0)) ** 2;
  return sum / labels.length;
}

export interface CalibrationBin {
  /** Bin range of predicted probability, [from, to). */
  from: number;
  to: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** Reliability table: predictions cut into `bins` equal-width bins, with the mean prediction and outcome rate. */
export function calibrationBins(labels: ArrayLike<number | boolean>, probabilities: ArrayLike<number>, bins = 10): CalibrationBin[] {
  checkSameLength(labels, probabilities);
  const count = new Array<number>(bins).fill(0);
  const predSum = new Array<number>(bins).fill(0);
  const posSum = new Array<number>(bins).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(probabilities[i] * bins)));
    count[b] += 1;
    predSum[b] += probabilities[i];
    posSum[b] += labels[i] ? 1 : 0;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    out.push({ from: b / bins, to: (b + 1) / bins, count: count[b], meanPredicted: predSum[b] / count[b], observedRate: posSum[b] / count[b] });
  }
  return out;
}

/** Expected calibration error: the count-weighted mean |mean prediction − observed rate| over the bins. */
export function expectedCalibrationError(bins: readonly CalibrationBin[]): number {
  let total = 0;
  let weighted = 0;
  for (const b of bins) {
    total += b.count;
    weighted += b.count * Math.abs(b.meanPredicted - b.observedRate);
  }
  return total > 0 ? weighted / total : 0;
}

/** Symmetric MAPE in percent: mean of 200·|F − A| / (|A| + |F|), a term being 0 when both are 0. */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  checkSameLength(actual, forecast);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const den = Math.abs(actual[i]) + Math.abs(forecast[i]);
    sum += den > 0 ? (200 * Math.abs(forecast[i] - actual[i])) / den : 0;
  }
  return sum / actual.length;
}

/**
 * Mean absolute scaled error: the forecast's MAE divided by the in-sample MAE of the seasonal-naive forecast
 * (lag `season`) on `train` (Hyndman & Koehler 2006); < 1 beats seasonal naive's one-step error in-sample.
 * When that scale is 0 (a constant or exactly periodic history) the naive lag-1 MAE is used, then 1.
 */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, train: ArrayLike<number>, season: number): number {
  checkSameLength(actual, forecast);
  const scaleAt = (lag: number): number => {
    let sum = 0;
    for (let i = lag; i < train.length; i++) sum += Math.abs(train[i] - train[i - lag]);
    return train.length > lag ? sum / (train.length - lag) : 0;
  };
  const scale = scaleAt(season) || scaleAt(1) || 1;
  return mae(actual, forecast) / scale;
}

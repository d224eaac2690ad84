/**
 * Genre forecasts of a share series (the Core's `genreShareSeries`: a genre's % of the period's releases), chosen
 * by a rolling-origin backtest.
 *
 * Candidates: Prophet, fitted on the variance-stabilised share (arcsine of the square root of the share, the
 * binomial proportion's variance-stabilising transform: a share from few titles swings more, and this evens the
 * swings out) and transformed back; and four baselines on the share itself: seasonal naive (same period last
 * year), naive (the last period), drift (the history's average change per period, continued) and the historical
 * mean.
 *
 * Backtest: `BACKTEST_ORIGINS` rolling origins, the last one `horizon` periods (12 months) before the history's
 * end and each earlier one a period before it; at each origin every candidate is fitted on the history to the
 * origin and scored on the next 12 months by MASE (scaled by that training window's in-sample seasonal-naive
 * error) and sMAPE. The candidate with the lowest mean MASE is presented (a baseline wins ties: the model must
 * beat it); only a model that beats every baseline is called an outlook. The interval around the presented
 * forecast is the 10th–90th percentile of its own backtest errors (every origin and step), so it is as wide as
 * the method has actually been wrong. The winner is picked and scored on the same backtest: its error is the
 * best of five, so slightly optimistic.
 */
import { readFileSync } from 'node:fs';
import { drift, historicalMean, naive, seasonalNaive } from '../../../models/baselines.ts';
import { mase, mean, quantile, smape } from '../../../models/metrics.ts';
import { forecastPeriods, initProphet, monthsAfter, prophetReady, prophetWasmUrl } from '../../../models/prophet.ts';
import type { BacktestScore, ForecastBacktest, ForecastMethod, ForecastPoint, GenreForecast, MonthlyPoint } from '../model-port.ts';

/** Rolling origins of the backtest (at least four, so a single lucky window does not pick the model). */
export const BACKTEST_ORIGINS = 6;
/** The backtest scores 12 months ahead at every origin, whatever horizon is asked. */
export const BACKTEST_MONTHS = 12;
/** The interval level of the presented forecast (10th–90th percentile of the backtest errors). */
const LEVEL = 0.8;

/** Baselines first: at an equal score the baseline is presented. */
export const FORECAST_METHODS: readonly ForecastMethod[] = ['seasonal-naive', 'naive', 'drift', 'mean', 'prophet'];

/** Each method in words, for a series of periods of `periodMonths` months. */
export function methodDescription(method: ForecastMethod, periodMonths: 1 | 3): string {
  const period = periodMonths === 3 ? 'quarter' : 'month';
  switch (method) {
    case 'prophet':
      return 'Prophet (linear trend, yearly seasonality, fitted on the arcsine-square-root of the share)';
    case 'seasonal-naive':
      return `seasonal naive (the same ${period} last year)`;
    case 'naive':
      return `naive (the last ${period} repeated)`;
    case 'drift':
      return `drift (the history's average change per ${period}, continued)`;
    case 'mean':
      return 'historical mean';
  }
}

/** Loads augurs' WASM once (file I/O, so here rather than in `models/`). */
export function ensureProphet(): void {
  if (!prophetReady()) initProphet(readFileSync(prophetWasmUrl()));
}

const toStable = (share: number): number => Math.asin(Math.sqrt(Math.min(1, Math.max(0, share / 100))));
const fromStable = (z: number): number => 100 * Math.sin(Math.min(Math.PI / 2, Math.max(0, z))) ** 2;
const clampShare = (v: number): number => Math.min(100, Math.max(0, v));

/** Periods a method needs in its training window. */
function minTraining(method: ForecastMethod, periodMonths: 1 | 3): number {
  const year = 12 / periodMonths;
  return method === 'prophet' ? 2 * year : method === 'seasonal-naive' ? year : method === 'drift' ? 2 : 1;
}

/** One method's forecast `horizon` periods after `values` (shares, %), on the share scale. */
function predict(method: ForecastMethod, months: readonly string[], values: readonly number[], horizon: number, periodMonths: 1 | 3, seed: number): number[] {
  const year = 12 / periodMonths;
  switch (method) {
    case 'seasonal-naive':
      return seasonalNaive(values, horizon, year);
    case 'naive':
      return naive(values, horizon);
    case 'drift':
      return drift(values, horizon).map(clampShare);
    case 'mean':
      return historicalMean(values, horizon);
    case 'prophet': {
      ensureProphet();
      const f = forecastPeriods(months, values.map(toStable), horizon, { seed, seasonality: 'additive', periodMonths });
      return f.point.map(fromStable);
    }
  }
}

/**
 * The rolling-origin backtest of every method on a share series (see the module comment), with each method's
 * errors (actual − forecast, every origin and step) for its interval. Null when the history is too short to
 * give Prophet two years at the earliest origin.
 */
export function rollingBacktest(
  history: readonly MonthlyPoint[],
  periodMonths: 1 | 3,
  seed: number,
  methods: readonly ForecastMethod[] = FORECAST_METHODS,
): { backtest: ForecastBacktest; errors: Map<ForecastMethod, number[]> } | null {
  const horizon = BACKTEST_MONTHS / periodMonths;
  const season = 12 / periodMonths;
  const n = history.length;
  const earliest = n - horizon - BACKTEST_ORIGINS + 1;
  if (earliest < Math.max(...methods.map((m) => minTraining(m, periodMonths)))) return null;
  const months = history.map((p) => p.month);
  const values = history.map((p) => p.value);
  const perOrigin = new Map<ForecastMethod, { mase: number[]; smape: number[]; errors: number[] }>(
    methods.map((m) => [m, { mase: [], smape: [], errors: [] }]),
  );
  // Prophet's optimiser can fail on a window (augurs: "line search failed"); a method that fails at any origin
  // is left out of the comparison rather than scored on fewer origins.
  const failed = new Set<ForecastMethod>();
  for (let cut = earliest; cut <= n - horizon; cut++) {
    const train = values.slice(0, cut);
    const actual = values.slice(cut, cut + horizon);
    for (const method of methods) {
      if (failed.has(method)) continue;
      let f: number[];
      try {
        f = predict(method, months.slice(0, cut), train, horizon, periodMonths, seed);
      } catch {
        failed.add(method);
        continue;
      }
      const acc = perOrigin.get(method);
      if (!acc) continue;
      acc.mase.push(mase(actual, f, train, season));
      acc.smape.push(smape(actual, f));
      actual.forEach((a, i) => acc.errors.push(a - f[i]));
    }
  }
  const scores: BacktestScore[] = methods
    .filter((method) => !failed.has(method))
    .map((method) => {
      const acc = perOrigin.get(method) ?? { mase: [0], smape: [0], errors: [0] };
      return { method, mase: mean(acc.mase), smape: mean(acc.smape), mae: mean(acc.errors.map(Math.abs)) };
    })
    // stable sort: at an equal MASE the earlier method (a baseline) stays first
    .sort((a, b) => a.mase - b.mase);
  const winner = scores[0];
  const baseline = scores.find((s) => s.method === 'seasonal-naive') ?? winner;
  const backtest: ForecastBacktest = {
    origins: BACKTEST_ORIGINS,
    horizon,
    firstOrigin: months[earliest - 1],
    lastOrigin: months[n - horizon - 1],
    scores,
    winner: winner.method,
    mase: winner.mase,
    baselineMase: baseline.mase,
    smape: winner.smape,
    baselineSmape: baseline.smape,
  };
  return { backtest, errors: new Map([...perOrigin].map(([m, acc]) => [m, acc.errors])) };
}

function points(months: readonly string[], point: readonly number[], errors: readonly number[]): ForecastPoint[] {
  const tail = (1 - LEVEL) / 2;
  const lo = errors.length > 0 ? quantile(errors, tail) : 0;
  const hi = errors.length > 0 ? quantile(errors, 1 - tail) : 0;
  return months.map((month, i) => ({ month, value: point[i], low: clampShare(point[i] + Math.min(0, lo)), high: clampShare(point[i] + Math.max(0, hi)) }));
}

/**
 * The forecast of one genre's share series `horizon` periods ahead: the backtest's winner refitted on the whole
 * history. Without enough history to backtest, the naive forecast (the last period repeated), never an outlook.
 */
export function genreForecast(genre: string, rawHistory: readonly MonthlyPoint[], horizon: number, periodMonths: 1 | 3, seed: number): GenreForecast {
  const history = rawHistory.map((p) => ({ month: p.month, value: p.value }));
  const base = { genre, periodMonths, history };
  if (history.length === 0) return { ...base, forecast: [], method: 'naive', model: 'none (no history)', outlook: false, backtest: null };
  const future = monthsAfter(history[history.length - 1].month, horizon, periodMonths);
  const values = history.map((p) => p.value);
  const tested = rollingBacktest(history, periodMonths, seed);
  if (!tested) {
    const point = naive(values, horizon);
    const model = `${methodDescription('naive', periodMonths)}: too little history to backtest`;
    return { ...base, forecast: points(future, point, []), method: 'naive', model, outlook: false, backtest: null };
  }
  const { backtest, errors } = tested;
  const months = history.map((p) => p.month);
  const forecastWith = (m: typeof backtest.winner) => predict(m, months, values, horizon, periodMonths, seed);
  let method = backtest.winner;
  let point: number[];
  try {
    point = forecastWith(method);
  } catch {
    // Prophet won the backtest but cannot be fitted on the whole history: the best baseline answers instead.
    method = backtest.scores.find((x) => x.method !== 'prophet')?.method ?? 'naive';
    point = forecastWith(method);
  }
  return {
    ...base,
    forecast: points(future, point, errors.get(method) ?? []),
    method,
    model: methodDescription(method, periodMonths),
    outlook: method === 'prophet',
    backtest,
  };
}

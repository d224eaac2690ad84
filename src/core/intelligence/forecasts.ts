/**
 * Genre forecasts: Prophet over a monthly history (from the Core's `monthlyGenreSeries`), with a 12-month
 * backtest against seasonal-naive. Histories too short for Prophet (under 24 months) get seasonal-naive
 * (12–23 months) or the mean (under 12), and the result says which model answered.
 */
import { readFileSync } from 'node:fs';
import { mean, median, smape } from '../../../models/metrics.ts';
import { forecastMonthly, initProphet, monthsAfter, prophetReady, prophetWasmUrl, seasonalNaive } from '../../../models/prophet.ts';
import type { ForecastPoint, GenreForecast, MonthlyPoint } from '../model-port.ts';

/**
 * Additive yearly seasonality: chosen by the backtest (12 months to the coverage end, 6 genres, spikes capped):
 * sMAPE 75.6 % additive against 78.9 % multiplicative (seasonal-naive 85.8 %). The genres' series jump in level
 * (2021), and a multiplicative term scales the whole seasonal swing with such a jump.
 */
const SEASONALITY = 'additive';
export const PROPHET_MODEL = `prophet (linear trend, yearly ${SEASONALITY} seasonality; one-off spikes capped before fitting)`;
export const BACKTEST_MONTHS = 12;

/** How many robust standard deviations (1.4826 × MAD) above its reference level a month may sit before it is capped. */
export const SPIKE_K = 4;
/** Half-width of the local window (months either side): ±6 months is one seasonal cycle. */
const LOCAL_HALF = 6;
/** How many years either side give the same-calendar-month reference. */
const SEASONAL_YEARS = 2;

/**
 * Caps isolated one-off months before fitting, so a single spike is not learnt as yearly seasonality (Prophet's
 * yearly term would repeat it a year later). For month i:
 * - local level = median of the months i−6..i+6 (the ones that exist), local scale = 1.4826 × their MAD;
 * - seasonal level = median of the same calendar month 1 and 2 years before and after (the ones that exist);
 * - bound = max(local level, seasonal level) + `SPIKE_K` × local scale, and a month above its bound is set to it.
 * The seasonal level keeps a genuine yearly peak (high in the same month every year) from being capped; only a
 * month far above both its neighbours and its own calendar month in other years is. Months whose local scale is 0
 * (e.g. mostly-zero sparse series) are left alone. Only upward spikes are capped (the series are non-negative
 * totals; a dip to 0 is a month without releases). Bounds come from the original values, so a cap never feeds
 * into another month's bound. Pure and deterministic; the shown history stays the real one.
 */
export function capOneOffSpikes(values: readonly number[], k: number = SPIKE_K): number[] {
  return values.map((v, i) => {
    const local = values.slice(Math.max(0, i - LOCAL_HALF), i + LOCAL_HALF + 1);
    const level = median(local);
    const scale = 1.4826 * median(local.map((x) => Math.abs(x - level)));
    if (!(scale > 0)) return v;
    const same: number[] = [];
    for (let y = 1; y <= SEASONAL_YEARS; y++) for (const j of [i - 12 * y, i + 12 * y]) if (j >= 0 && j < values.length) same.push(values[j]);
    const bound = Math.max(level, same.length > 0 ? median(same) : level) + k * scale;
    return v > bound ? bound : v;
  });
}

/** Loads augurs' WASM once (file I/O, so here rather than in `models/`). */
export function ensureProphet(): void {
  if (!prophetReady()) initProphet(readFileSync(prophetWasmUrl()));
}

/** Sorts the history by month and fills missing months with 0 (no releases that month). */
export function consecutiveMonths(history: readonly MonthlyPoint[]): MonthlyPoint[] {
  const byMonth = new Map(history.map((p) => [p.month, p.value]));
  const sorted = [...byMonth.keys()].sort();
  if (sorted.length === 0) return [];
  const out: MonthlyPoint[] = [{ month: sorted[0], value: byMonth.get(sorted[0]) as number }];
  const last = sorted[sorted.length - 1];
  while (out[out.length - 1].month < last) {
    const [month] = monthsAfter(out[out.length - 1].month, 1);
    out.push({ month, value: byMonth.get(month) ?? 0 });
  }
  return out;
}

function points(months: readonly string[], point: readonly number[], low: readonly number[], high: readonly number[]): ForecastPoint[] {
  return months.map((month, i) => ({ month, value: point[i], low: low[i], high: high[i] }));
}

/**
 * The 12-month backtest of a history cut at `endMonth` (inclusive): Prophet fitted without the last 12 months
 * vs seasonal-naive, both scored by sMAPE against the real last 12 months. Both models see the same training
 * series, with its one-off spikes capped (`capOneOffSpikes`, applied to the training months only, so the held-out
 * months never inform the caps). Null when fewer than 36 months remain.
 */
export function backtestEndingAt(rawHistory: readonly MonthlyPoint[], endMonth: string, seed: number): { smape: number; baselineSmape: number } | null {
  const history = consecutiveMonths(rawHistory).filter((p) => p.month <= endMonth);
  if (history.length < 24 + BACKTEST_MONTHS || history.every((p) => p.value === 0)) return null;
  ensureProphet();
  const cut = history.length - BACKTEST_MONTHS;
  const values = history.map((p) => p.value);
  const train = capOneOffSpikes(values.slice(0, cut));
  const fitted = forecastMonthly(history.slice(0, cut).map((p) => p.month), train, BACKTEST_MONTHS, { seed, seasonality: SEASONALITY });
  const actual = values.slice(cut);
  return { smape: smape(actual, fitted.point), baselineSmape: smape(actual, seasonalNaive(train, BACKTEST_MONTHS)) };
}

export function genreForecast(genre: string, rawHistory: readonly MonthlyPoint[], horizon: number, seed: number): GenreForecast {
  const history = consecutiveMonths(rawHistory);
  const months = history.map((p) => p.month);
  const values = history.map((p) => p.value);
  if (history.length === 0) return { genre, history, forecast: [], model: 'none (no history)', backtest: null };
  const future = monthsAfter(months[months.length - 1], horizon);
  if (values.every((v) => v === 0)) {
    const zeros = future.map(() => 0);
    return { genre, history, forecast: points(future, zeros, zeros, zeros), model: 'none needed (the history is all zeros)', backtest: null };
  }
  if (history.length < 24) {
    const flat = history.length < 12;
    const point = flat ? future.map(() => mean(values)) : seasonalNaive(values, horizon);
    return {
      genre,
      history,
      forecast: points(future, point, point, point),
      model: flat ? 'mean (under 12 months of history)' : 'seasonal-naive (under 24 months of history, too short for Prophet)',
      backtest: null,
    };
  }
  try {
    ensureProphet();
    // Fitted on the series with one-off spikes capped; the history returned (and charted) is the real one.
    const f = forecastMonthly(months, capOneOffSpikes(values), horizon, { seed, seasonality: SEASONALITY });
    const backtest = backtestEndingAt(history, months[months.length - 1], seed);
    return { genre, history, forecast: points(f.months, f.point, f.low, f.high), model: PROPHET_MODEL, backtest };
  } catch (error) {
    // Prophet can fail on degenerate series (e.g. all zeros); seasonal-naive still answers, and says why.
    const point = seasonalNaive(capOneOffSpikes(values), horizon);
    const why = (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 120);
    return { genre, history, forecast: points(future, point, point, point), model: `seasonal-naive (Prophet failed: ${why})`, backtest: null };
  }
}

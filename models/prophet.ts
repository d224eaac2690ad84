/**
 * Monthly forecasts with Prophet (Facebook's model; Stan's optimiser compiled to WASM) through `@bsull/augurs`.
 *
 * Settings: linear trend, yearly seasonality on (weekly and daily off — the data is monthly), multiplicative
 * seasonality unless the caller asks for additive, MAP estimation with a fixed optimiser seed. Future timestamps are the first of each following
 * month (augurs cannot infer a monthly frequency). Intervals: augurs' own intervals come from random sampling
 * that cannot be seeded, so they are replaced by split-conformal-style intervals: the point forecast plus the
 * 10th and 90th percentiles (for an 80 % level) of the in-sample residuals — the same for every horizon step,
 * deterministic, floored at 0 when the history is non-negative.
 *
 * augurs' WASM module must be initialised once with the bytes of its `.wasm` file (`initProphet`); reading the
 * file is I/O and lives with the caller (`prophetWasmUrl()` says where it is).
 */
import { initSync, Prophet } from '@bsull/augurs/prophet';
import { optimizer } from '@bsull/augurs-prophet-wasmstan';
import { quantile } from './metrics.ts';
import { DEFAULT_SEED } from './prng.ts';

let ready = false;

/** Where augurs' Prophet WASM file is (a `file:` URL inside the package). */
export function prophetWasmUrl(): URL {
  return new URL('prophet_bg.wasm', import.meta.resolve('@bsull/augurs/prophet'));
}

/** Initialises the WASM module from the file's bytes; later calls do nothing. */
export function initProphet(wasm: BufferSource): void {
  if (ready) return;
  initSync({ module: wasm });
  ready = true;
}

export function prophetReady(): boolean {
  return ready;
}

const MONTH = /^(\d{4})-(\d{2})$/;

function monthIndex(month: string): number {
  const m = MONTH.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`expected a YYYY-MM month, got "${month}"`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

function monthLabel(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function monthSeconds(index: number): number {
  return Date.UTC(Math.floor(index / 12), index % 12, 1) / 1000;
}

/** The `count` months after `month` (YYYY-MM). */
export function monthsAfter(month: string, count: number): string[] {
  const start = monthIndex(month);
  return Array.from({ length: count }, (_, i) => monthLabel(start + i + 1));
}

export interface MonthlyForecast {
  months: string[];
  point: number[];
  low: number[];
  high: number[];
  level: number;
  /** The fitted values over the history (for diagnostics and tests). */
  fitted: number[];
}

export interface ProphetParams {
  /** Interval level, e.g. 0.8 for the 10th–90th percentile band. */
  level: number;
  seed: number;
  /** How the yearly term combines with the trend (default multiplicative: seasonal swings scale with the level). */
  seasonality: 'additive' | 'multiplicative';
}

/**
 * Fits Prophet to a consecutive monthly series and forecasts `horizon` months after its last month.
 * Needs at least 24 months (two seasonal cycles).
 */
export function forecastMonthly(
  months: readonly string[],
  values: readonly number[],
  horizon: number,
  overrides: Partial<ProphetParams> = {},
): MonthlyForecast {
  const params: ProphetParams = { level: 0.8, seed: DEFAULT_SEED, seasonality: 'multiplicative', ...overrides };
  if (!ready) throw new Error('Prophet is not initialised: call initProphet(wasm bytes) first');
  if (months.length !== values.length) throw new RangeError(`${months.length} months but ${values.length} values`);
  if (months.length < 24) throw new RangeError(`Prophet needs at least 24 months of history, got ${months.length}`);
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a positive integer, got ${horizon}`);
  const idx = months.map(monthIndex);
  const model = new Prophet({
    optimizer,
    growth: 'linear',
    yearlySeasonality: { type: 'manual', enabled: true },
    weeklySeasonality: { type: 'manual', enabled: false },
    dailySeasonality: { type: 'manual', enabled: false },
    seasonalityMode: params.seasonality,
    intervalWidth: params.level,
    uncertaintySamples: 0,
  });
  try {
    model.fit({ ds: idx.map(monthSeconds), y: [...values] }, { seed: params.seed });
    const last = idx[idx.length - 1];
    const future = Array.from({ length: horizon }, (_, i) => last + i + 1);
    const fitted = model.predict({ ds: idx.map(monthSeconds) }).yhat.point;
    const point = model.predict({ ds: future.map(monthSeconds) }).yhat.point;
    const residuals = values.map((v, i) => v - fitted[i]);
    const tail = (1 - params.level) / 2;
    const lo = quantile(residuals, tail);
    const hi = quantile(residuals, 1 - tail);
    const floor = values.every((v) => v >= 0) ? 0 : -Infinity;
    return {
      months: future.map(monthLabel),
      point: point.map((p) => Math.max(floor, p)),
      low: point.map((p) => Math.max(floor, p + lo)),
      high: point.map((p) => Math.max(floor, p + hi)),
      level: params.level,
      fitted,
    };
  } finally {
    model.free();
  }
}

/** Seasonal-naive forecast: each month repeats the value 12 months before it (needs ≥ 12 months). */
export function seasonalNaive(values: readonly number[], horizon: number): number[] {
  if (values.length < 12) throw new RangeError('seasonal-naive needs at least 12 months');
  const out: number[] = [];
  for (let h = 0; h < horizon; h++) out.push(values[values.length - 12 + (h % 12)]);
  return out;
}

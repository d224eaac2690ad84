/**
 * Forecasts of monthly or quarterly series with Prophet (Facebook's model; Stan's optimiser compiled to WASM)
 * through `@bsull/augurs`.
 *
 * Settings: linear trend, yearly seasonality on (weekly and daily off — the data is monthly or quarterly) with a
 * Fourier order the period allows (3 for months; 1 for quarters: four points a year carry little more than one
 * yearly wave, and a higher order fits noise), multiplicative seasonality unless the caller asks for additive,
 * MAP estimation with a fixed optimiser seed. A period is labelled by its first month (YYYY-MM); future timestamps
 * are the first of each following period (augurs cannot infer a monthly or quarterly frequency). Intervals: augurs' own intervals come from random sampling
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

/** The `count` periods of `step` months after the period starting in `month` (YYYY-MM), by their first month. */
export function monthsAfter(month: string, count: number, step = 1): string[] {
  const start = monthIndex(month);
  return Array.from({ length: count }, (_, i) => monthLabel(start + (i + 1) * step));
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
  /** Months per period: 1 (monthly) or 3 (quarterly). */
  periodMonths: 1 | 3;
}

/**
 * Fits Prophet to a consecutive series of periods (months, or quarters labelled by their first month) and
 * forecasts `horizon` periods after its last one. Needs at least two years of periods (two seasonal cycles).
 */
export function forecastPeriods(
  months: readonly string[],
  values: readonly number[],
  horizon: number,
  overrides: Partial<ProphetParams> = {},
): MonthlyForecast {
  const params: ProphetParams = { level: 0.8, seed: DEFAULT_SEED, seasonality: 'multiplicative', periodMonths: 1, ...overrides };
  if (!ready) throw new Error('Prophet is not initialised: call initProphet(wasm bytes) first');
  if (months.length !== values.length) throw new RangeError(`${months.length} months but ${values.length} values`);
  const minPeriods = 24 / params.periodMonths;
  if (months.length < minPeriods) throw new RangeError(`Prophet needs at least 24 months (${minPeriods} periods) of history, got ${months.length}`);
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a positive integer, got ${horizon}`);
  const idx = months.map(monthIndex);
  const model = new Prophet({
    optimizer,
    growth: 'linear',
    yearlySeasonality: { type: 'fourier', order: params.periodMonths === 3 ? 1 : 3 },
    weeklySeasonality: { type: 'manual', enabled: false },
    dailySeasonality: { type: 'manual', enabled: false },
    seasonalityMode: params.seasonality,
    intervalWidth: params.level,
    uncertaintySamples: 0,
  });
  try {
    model.fit({ ds: idx.map(monthSeconds), y: [...values] }, { seed: params.seed });
    const last = idx[idx.length - 1];
    const future = Array.from({ length: horizon }, (_, i) => last + (i + 1) * params.periodMonths);
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

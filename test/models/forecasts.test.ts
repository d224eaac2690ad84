/**
 * The genre forecaster: a rolling-origin backtest picks what is presented (Prophet or a baseline), and the
 * forecast's direction survives the catalog thinning out (coverage robustness, on the real snapshot).
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seasonalNaive } from '../../models/baselines.ts';
import { monthsAfter } from '../../models/prophet.ts';
import { BACKTEST_ORIGINS, genreForecast, rollingBacktest } from '../../src/core/intelligence/forecasts.ts';
import type { ModelPort, MonthlyPoint } from '../../src/core/model-port.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import type { ForecastResult } from '../../src/core/stages/types.ts';
import { buildCatalog, type Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';

const SEED = 42;
const quarters = (n: number): string[] => ['2010-01', ...monthsAfter('2010-01', n - 1, 3)];
const series = (values: readonly number[]): MonthlyPoint[] => quarters(values.length).map((month, i) => ({ month, value: values[i] }));
/** Deterministic noise in [−1, 1]. */
const noise = (i: number): number => (Math.sin(i * 12.9898) * 43758.5453) % 1;

describe('the rolling-origin backtest chooses what is presented', () => {
  it('presents a baseline where Prophet loses: an exactly repeating season is seasonal naive, error 0', () => {
    const pattern = [30, 22, 26, 40];
    const history = series(Array.from({ length: 48 }, (_, i) => pattern[i % 4]));
    const f = genreForecast('Drama', history, 4, 3, SEED);
    const b = f.backtest;
    expect(b?.winner).toBe('seasonal-naive');
    expect(b?.mase).toBe(0);
    expect(b?.scores.find((s) => s.method === 'prophet')?.mase).toBeGreaterThan(0);
    expect(f.method).toBe('seasonal-naive');
    expect(f.outlook).toBe(false);
    expect(f.forecast.map((p) => p.value)).toEqual(
      seasonalNaive(
        history.map((p) => p.value),
        4,
        4,
      ),
    );
  });

  it('presents naive where the share wanders (a random walk): the trend Prophet fits on older changepoints lags it', () => {
    const values: number[] = [];
    for (let i = 0; i < 48; i++) values.push(Math.min(60, Math.max(5, (values[i - 1] ?? 30) + 4 * noise(i))));
    const f = genreForecast('Comedy', series(values), 4, 3, SEED);
    const scores = f.backtest?.scores ?? [];
    expect(f.method).toBe('naive');
    expect(scores[0].method).toBe('naive');
    expect(scores.find((s) => s.method === 'prophet')?.mase ?? 0).toBeGreaterThan(scores[0].mase);
    expect(f.outlook).toBe(false);
    expect(f.forecast.map((p) => p.value)).toEqual([values[47], values[47], values[47], values[47]]);
  });

  it('presents Prophet, as an outlook, where it wins: a steady trend with a season and little noise', () => {
    const values = Array.from({ length: 48 }, (_, i) => 15 + 0.35 * i + 5 * Math.cos((2 * Math.PI * i) / 4) + 0.3 * noise(i));
    const f = genreForecast('Action', series(values), 4, 3, SEED);
    expect(f.backtest?.winner).toBe('prophet');
    expect(f.outlook).toBe(true);
    expect(f.backtest?.mase).toBeLessThan(f.backtest?.baselineMase ?? 0);
    // every candidate was scored, at ≥ 4 origins, 4 quarters ahead each
    expect(f.backtest?.scores.map((s) => s.method).sort()).toEqual(['drift', 'mean', 'naive', 'prophet', 'seasonal-naive']);
    expect(f.backtest?.origins).toBeGreaterThanOrEqual(4);
    expect(f.backtest?.horizon).toBe(4);
    // origins: the last one leaves 4 quarters to score, each earlier one is a quarter before it
    expect(f.backtest?.lastOrigin).toBe(quarters(48)[43]);
    expect(f.backtest?.firstOrigin).toBe(quarters(48)[43 - (BACKTEST_ORIGINS - 1)]);
    // the interval holds the point, within 0–100 %
    for (const p of f.forecast) expect(p.low <= p.value && p.value <= p.high && p.low >= 0 && p.high <= 100).toBe(true);
  });

  it('is deterministic, and too short a history to backtest is the naive forecast, never an outlook', () => {
    const values = Array.from({ length: 40 }, (_, i) => 20 + 3 * noise(i));
    expect(genreForecast('Crime', series(values), 4, 3, SEED)).toEqual(genreForecast('Crime', series(values), 4, 3, SEED));
    const short = genreForecast('Crime', series(values.slice(0, 12)), 4, 3, SEED);
    expect(rollingBacktest(series(values.slice(0, 12)), 3, SEED)).toBeNull();
    expect(short.backtest).toBeNull();
    expect(short.method).toBe('naive');
    expect(short.outlook).toBe(false);
    expect(short.forecast.map((p) => p.value)).toEqual([values[11], values[11], values[11], values[11]]);
  });
});

const SNAPSHOT_DIR = new URL('../../../shared/tmdb/', import.meta.url).pathname;

describe.runIf(existsSync(SNAPSHOT_DIR))('coverage robustness on the snapshot', () => {
  let catalog: Catalog;
  const port: ModelPort = {
    copilot: () => {
      throw new Error('not used');
    },
    anomalies: () => [],
    metrics: () => [],
    forecast: (genre, history, horizon, periodMonths) => genreForecast(genre, history, horizon, periodMonths, SEED),
  };
  const now = new Date('2026-03-01T00:00:00Z');
  beforeAll(async () => {
    catalog = await importSnapshot(SNAPSHOT_DIR, now);
  }, 120_000);

  it('thinning the last year by half leaves the direction of each forecast unchanged', () => {
    const asOf = catalog.meta.asOf;
    const yearBefore = `${Number(asOf.slice(0, 4)) - 1}${asOf.slice(4)}`;
    let k = 0;
    const thinned = catalog.titles.filter((t) => !(t.releaseDate !== null && t.releaseDate > yearBefore && t.releaseDate <= asOf && k++ % 2 === 1));
    const half = buildCatalog(thinned, { source: catalog.meta.source, fetchedAt: new Date(catalog.meta.fetchedAt), asOf });
    expect(catalog.titles.length - half.titles.length).toBeGreaterThan(100);
    const full = validateAndRunStage('forecast', {}, { catalog, models: port, now }) as ForecastResult;
    const thin = validateAndRunStage('forecast', {}, { catalog: half, models: port, now }) as ForecastResult;
    expect(thin.data.series.map((s) => s.genre)).toEqual(full.data.series.map((s) => s.genre));
    expect(full.data.series.every((s) => s.direction !== null)).toBe(true);
    expect(thin.data.series.map((s) => [s.genre, s.direction])).toEqual(full.data.series.map((s) => [s.genre, s.direction]));
  }, 120_000);
});

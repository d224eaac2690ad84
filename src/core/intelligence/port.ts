/**
 * The `ModelPort` over a trained bundle: the copilot, anomaly flags, forecasts and the evaluation rows.
 * Answers are synchronous and fast (a few hundred tree walks); nothing trains here except on-demand forecasts
 * for genres that were not precomputed (memoised).
 */
import { boosterContributions } from '../../../models/booster.ts';
import { predictProba } from '../../../models/forest.ts';
import { validateParams } from '../params.ts';
import type { CopilotInput, CopilotPrediction, GenreForecast, ModelPort, MonthlyPoint } from '../model-port.ts';
import { REGRESSOR_LABELS, type ModelBundle } from './bundle.ts';
import { groupDrivers, inputFeatures } from './features.ts';
import { genreForecast } from './forecasts.ts';
import { percentileOf, recommend, riskLevel } from './rules.ts';

/**
 * Drivers are reported in popularity units. The trees add up in log1p(popularity); each feature's log
 * contribution c_i is rescaled by the same factor (expm1(prediction) − expm1(base)) / Σc, so the base value
 * expm1(base) plus the drivers equals the predicted popularity exactly and every driver keeps its sign and
 * share. (When Σc ≈ 0 the factor is the local slope e^prediction.)
 */
export const DRIVER_UNITS = 'popularity (log-scale tree contributions, rescaled proportionally)';

export function toPopularityUnits(base: number, values: readonly number[]): { base: number; values: number[] } {
  const sum = values.reduce((a, b) => a + b, 0);
  const basePop = Math.expm1(base);
  const factor = Math.abs(sum) > 1e-9 ? (Math.expm1(base + sum) - basePop) / sum : Math.exp(base + sum);
  return { base: basePop, values: values.map((v) => v * factor) };
}

function historyKey(genre: string, history: readonly MonthlyPoint[], horizon: number, periodMonths: number): string {
  return `${genre}|${horizon}|${periodMonths}|${history.map((p) => `${p.month}=${p.value}`).join(',')}`;
}

export function createPort(bundle: ModelBundle): ModelPort {
  const regressor = bundle.regressor.answer === 'booster' && bundle.regressor.booster ? bundle.regressor.booster : bundle.regressor.fallback;
  const forecastMemo = new Map<string, GenreForecast>();
  for (const f of bundle.forecasts) forecastMemo.set(historyKey(f.genre, f.history, f.forecast.length, f.periodMonths), f);

  return {
    copilot(input: CopilotInput): CopilotPrediction {
      // The same validation the Core applies: bad parameters never reach a model.
      const params = validateParams('predict', { ...input });
      const checked: CopilotInput = { genre: params.genre, mediaType: params.mediaType, budgetLevel: params.budgetLevel, quarter: params.quarter };
      const x = inputFeatures(bundle.spec, checked);
      const { base, values } = boosterContributions(regressor, x);
      const logValue = values.reduce((a, b) => a + b, base);
      const [lo, hi] = bundle.intervals.byGenre[checked.genre] ?? bundle.intervals.global;
      const toPopularity = (v: number) => Math.expm1(v);
      const popularity = {
        value: toPopularity(logValue),
        low: Math.max(0, toPopularity(logValue + lo)),
        high: toPopularity(logValue + hi),
        level: bundle.intervals.level,
      };
      const inPopularity = toPopularityUnits(base, values);
      const risk = riskLevel(Math.log1p(popularity.high) - Math.log1p(popularity.low));
      const hitProbability = predictProba(bundle.forest, x);
      const percentile = percentileOf(bundle.predictionDistribution[checked.mediaType] ?? [], logValue);
      const notes = [...bundle.accuracyNotes];
      if (checked.mediaType === 'tv') notes.push('Budget level is not used for TV: TMDB has no TV budgets.');
      return {
        popularity,
        hitProbability,
        risk,
        recommendation: recommend(hitProbability, percentile, risk),
        drivers: groupDrivers(bundle.spec, inPopularity.values, x),
        baseValue: inPopularity.base,
        model: REGRESSOR_LABELS[bundle.regressor.answer],
        accuracyNotes: notes,
        driverUnits: DRIVER_UNITS,
        popularityPercentile: percentile,
      };
    },
    anomalies: () => bundle.anomalies,
    forecast(genre: string, history: readonly MonthlyPoint[], horizon: number, periodMonths: 1 | 3): GenreForecast {
      const key = historyKey(genre, history, horizon, periodMonths);
      let f = forecastMemo.get(key);
      if (!f) {
        f = genreForecast(genre, history, horizon, periodMonths, bundle.seed);
        forecastMemo.set(key, f);
      }
      return f;
    },
    metrics: () => bundle.metrics,
  };
}

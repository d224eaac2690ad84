/**
 * The `ModelPort` over a trained bundle: the copilot, anomaly flags, forecasts and the evaluation rows.
 * Answers are synchronous and fast (a few hundred tree walks); nothing trains here except on-demand forecasts
 * for genres that were not precomputed (memoised).
 */
import { boosterContributions } from '../../../models/booster.ts';
import { predictProba } from '../../../models/forest.ts';
import { validateParams } from '../params.ts';
import type { CopilotInput, CopilotPrediction, GenreForecast, ModelPort, MoneyOutlook, MonthlyPoint, ReferenceOutcomes } from '../model-port.ts';
import { REGRESSOR_LABELS, type ModelBundle } from './bundle.ts';
import { groupDrivers, inputFeatures, quarterMonth } from './features.ts';
import { genreForecast } from './forecasts.ts';
import { BREAK_EVEN_MULTIPLE, riskLevel, verdictOf } from './rules.ts';
import { predictRevenue, type RevenueInputs } from './revenue.ts';
import { formatUsd } from '../params.ts';

/** Popularity drivers: the trees add up directly in percentile points (base + drivers = the prediction). */
export const DRIVER_UNITS = 'popularity percentile points';
/** Revenue drivers: log-revenue contributions; e^x is the factor an input multiplies the revenue by. */
export const REVENUE_DRIVER_UNITS = 'log revenue (e^x = the factor on revenue)';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const clampPercentile = (v: number) => Math.min(100, Math.max(0, v));

/** The revenue model's answer and its drivers, each driver named by the input it stands for (given or assumed). */
function moneyOutlook(bundle: ModelBundle, input: CopilotInput & { budgetUsd: number }, year: number) {
  const revenue = bundle.revenue;
  if (!revenue) return null;
  const model = revenue.model;
  const runtimeKnown = model.defaults.runtimeByGenre[input.genre];
  const runtime = runtimeKnown ?? model.defaults.runtime;
  const month = quarterMonth(input.quarter);
  const language = model.defaults.language;
  const inputs: RevenueInputs = { budget: input.budgetUsd, genres: [input.genre], month, runtime, language, keywords: [], companies: null, year };
  const p = predictRevenue(model, inputs);
  const assumptions = [
    `release month ${MONTHS[month - 1]}, the middle of Q${input.quarter}`,
    `runtime ${runtime} min (the median of ${runtimeKnown !== undefined ? `${input.genre} movies` : 'movies'} with budgets and revenues)`,
    `original language ${language} (the most common)`,
    'an original: no sequel, remake or based-on-a-book keyword',
    'no production company named, so studios play no part',
    `release year ${year}`,
  ];
  const labels: Record<string, string> = {
    budget: `budget ${formatUsd(input.budgetUsd)}`,
    genre: `genre: ${input.genre}`,
    'release timing': `release: Q${input.quarter} (${MONTHS[month - 1]} assumed)`,
    runtime: `runtime ${runtime} min (assumed)`,
    language: `language: ${language} (assumed)`,
    keywords: 'an original (assumed)',
    'production companies': 'no studio named',
    'release year': `release year ${year} (assumed)`,
  };
  const sums = new Map<string, number>();
  p.contributions.values.forEach((v, i) => sums.set(model.spec.groups[i], (sums.get(model.spec.groups[i]) ?? 0) + v));
  const drivers = [...sums]
    .map(([group, contribution]) => ({ feature: labels[group] ?? group, contribution }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  const outlook: MoneyOutlook = {
    budgetUsd: input.budgetUsd,
    budgetNote: input.budgetNote ?? `${formatUsd(input.budgetUsd)}, as given`,
    revenue: p.revenue,
    multiple: {
      value: p.revenue.value / input.budgetUsd,
      low: p.revenue.low / input.budgetUsd,
      high: p.revenue.high / input.budgetUsd,
      level: p.revenue.level,
    },
    breakEvenMultiple: BREAK_EVEN_MULTIPLE,
    breakEvenProbability: p.breakEvenProbability,
    outOfTime: revenue.windows.map((w) => ({
      window: w.name,
      test: w.test,
      n: w.nTest,
      r2: w.r2,
      baselineR2: w.baseline.r2,
      referenceClassR2: w.referenceClass.r2,
      auc: w.breakEven.auc,
      referenceClassAuc: w.referenceClass.auc,
    })),
    trackRecord: revenue.trackRecord,
  };
  return { outlook, drivers, base: p.contributions.base, hitProbability: p.hitProbability, assumptions };
}

function historyKey(genre: string, history: readonly MonthlyPoint[], horizon: number, periodMonths: number): string {
  return `${genre}|${horizon}|${periodMonths}|${history.map((p) => `${p.month}=${p.value}`).join(',')}`;
}

/**
 * A hit classifier's held-out ROC AUC and calibration error, as training measured them (null if not measured):
 * `hit-forest` for TV and movies without a budget, `revenue-hit-forest` (the money model's) for movies with one —
 * over its out-of-time windows, the weakest AUC and the largest calibration error.
 */
function hitModelQuality(bundle: ModelBundle, model: 'hit-forest' | 'revenue-hit-forest'): { auc: number; calibrationError: number } | null {
  const values = (name: string) => bundle.metrics.filter((m) => m.name === model && m.metric.startsWith(name)).map((m) => m.value);
  const aucs = values('ROC AUC');
  const errors = values('calibration error');
  return aucs.length === 0 || errors.length === 0 ? null : { auc: Math.min(...aucs), calibrationError: Math.max(...errors) };
}

export function createPort(bundle: ModelBundle): ModelPort {
  const regressor = bundle.regressor.answer === 'booster' && bundle.regressor.booster ? bundle.regressor.booster : bundle.regressor.fallback;
  const forecastMemo = new Map<string, GenreForecast>();
  for (const f of bundle.forecasts) forecastMemo.set(historyKey(f.genre, f.history, f.forecast.length, f.periodMonths), f);

  return {
    copilot(input: CopilotInput, reference?: ReferenceOutcomes): CopilotPrediction {
      // The same validation the Core applies: bad parameters never reach a model.
      const params = validateParams('predict', { genre: input.genre, mediaType: input.mediaType, budgetLevel: input.budgetLevel, quarter: input.quarter });
      const checked: CopilotInput = { genre: params.genre, mediaType: params.mediaType, budgetLevel: params.budgetLevel, quarter: params.quarter };
      const x = inputFeatures(bundle.spec, checked);
      const { base, values } = boosterContributions(regressor, x);
      const raw = values.reduce((a, b) => a + b, base);
      const [lo, hi] = bundle.intervals.byGenre[checked.genre] ?? bundle.intervals.global;
      const popularity = { value: clampPercentile(raw), low: clampPercentile(raw + lo), high: clampPercentile(raw + hi), level: bundle.intervals.level };
      const year = bundle.spec.defaults.year;
      const money =
        checked.mediaType === 'movie' && input.budgetUsd !== undefined && input.budgetUsd > 0
          ? moneyOutlook(bundle, { ...checked, budgetUsd: input.budgetUsd, budgetNote: input.budgetNote }, year)
          : null;
      const hitProbability = money ? money.hitProbability : predictProba(bundle.forest, x);
      const risk = money
        ? riskLevel(Math.log(money.outlook.revenue.high) - Math.log(money.outlook.revenue.low))
        : riskLevel(Math.log1p(popularity.high) - Math.log1p(popularity.low));
      // The revenue model's notes belong to answers that use it.
      const notes = bundle.accuracyNotes.filter((n) => money !== null || !/^(Revenue model|Verdict track record)/.test(n));
      const assumptions = money
        ? money.assumptions
        : [
            `release month ${MONTHS[quarterMonth(checked.quarter) - 1]}, the middle of Q${checked.quarter}`,
            `original language ${bundle.spec.defaults.language} (the most common)`,
            `release year ${year}`,
            ...(checked.mediaType === 'tv'
              ? []
              : [
                  `runtime band ${['unknown', '< 90 min', '90–119 min', '120–149 min', '≥ 150 min'][bundle.spec.defaults.runtimeBandByGenre[checked.genre] ?? bundle.spec.defaults.runtimeBand]} (the most common for the genre)`,
                ]),
          ];
      const verdict = reference
        ? verdictOf({
            breakEvenProbability: money ? money.outlook.breakEvenProbability : null,
            classBreakEvenRate: money ? reference.breakEvenRate : null,
            predictedMultiple: money ? money.outlook.multiple.value : null,
            classMedianMultiple: money ? reference.medianMultiple : null,
            hitProbability,
            classHitRate: reference.hitRate,
            predictedPopularity: popularity.value,
            classMedianPopularity: reference.medianPopularity,
          })
        : { recommendation: 'CONSIDER' as const, reasons: ['no reference class to weigh the prediction against'] };
      const hitModel = hitModelQuality(bundle, money ? 'revenue-hit-forest' : 'hit-forest');
      const r2 = bundle.metrics.find((m) => m.name === `popularity-${bundle.regressor.answer}` && m.metric === 'R²');
      const popularityModel = r2 ? { r2: r2.value, baselineR2: r2.baseline } : undefined;
      return {
        popularity,
        hitProbability,
        ...(hitModel ? { hitModel } : {}),
        ...(popularityModel ? { popularityModel } : {}),
        risk,
        recommendation: verdict.recommendation,
        verdictReasons: verdict.reasons,
        drivers: money ? money.drivers : groupDrivers(bundle.spec, values, x),
        baseValue: money ? money.base : base,
        model: money ? 'gradient-boosted trees on log revenue (LightGBM-style)' : REGRESSOR_LABELS[bundle.regressor.answer],
        accuracyNotes: notes,
        driverUnits: money ? REVENUE_DRIVER_UNITS : DRIVER_UNITS,
        money: money ? money.outlook : null,
        assumptions,
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

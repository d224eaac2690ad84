/**
 * Training and out-of-time evaluation of the five models on one catalog (see `dataset.ts` for the split).
 *
 * The models that answer are exactly the ones evaluated: they are fitted on titles released before the cutoff
 * year (early stopping and the booster-vs-fallback choice on the newest 15 % of those), and the titles from
 * the cutoff year on are used only to measure them and to calibrate the popularity intervals (split conformal:
 * the 10th and 90th percentiles of the out-of-time residuals, per first genre with ≥ 30 test titles, else
 * overall). Training is deterministic for a seed; only the `trainSeconds` figures vary run to run.
 */
import type { Catalog } from '../../data/catalog.ts';
import type { Genre } from '../../data/genres.ts';
import { titleKey, type Title } from '../../data/title.ts';
import { DEPTHWISE_PARAMS, predictBooster, trainBooster, type BoosterModel, type BoosterParams } from '../../../models/booster.ts';
import { predictProba, trainForest } from '../../../models/forest.ts';
import { fitIsolationForest } from '../../../models/isolation.ts';
import { brier, calibrationBins, expectedCalibrationError, mae, mse, quantile, r2, rocAuc } from '../../../models/metrics.ts';
import { createRng, DEFAULT_SEED } from '../../../models/prng.ts';
import { comparablePopularity, engagementScores, RATED_MIN_VOTES } from '../measures.ts';
import type { AnomalyFlag, GenreForecast, ModelMetric, MonthlyPoint } from '../model-port.ts';
import { BUNDLE_FORMAT, REGRESSOR_LABELS, type IntervalTable, type ModelBundle, type RegressorName } from './bundle.ts';
import { genreMedianBaseline, labelledTitles, outOfTimeSplit, type Labelled } from './dataset.ts';
import { evaluateRevenue, fitRevenueModel, moneyData, pooledTrackRecord } from './revenue.ts';
import { buildFeatureSpec, titleFeatures, type FeatureSpec } from './features.ts';
import { genreForecast } from './forecasts.ts';

export const INTERVAL_LEVEL = 0.8;
export const MIN_GENRE_RESIDUALS = 30;
/** Months ahead the precomputed forecasts run (4 quarters or 12 months). */
export const FORECAST_HORIZON = 12;

export interface TrainOptions {
  seed?: number;
  /** The genres to precompute forecasts for, their share series (the Core's `genreShareSeries`) and its months per period. */
  forecastSeries: () => readonly { genre: Genre; history: readonly MonthlyPoint[]; periodMonths: 1 | 3 }[];
  /** Overrides for tests (fewer trees); the product uses the defaults. */
  boosterTrees?: number;
  forestTrees?: number;
  /** For tests: settings per regressor (e.g. one that cannot train, to see the fallback answer). */
  regressorOverrides?: Partial<Record<RegressorName, Partial<BoosterParams>>>;
}

/** A stopwatch for wall and CPU seconds (rounded to 10 ms). */
function stopwatch(): () => { trainSeconds: number; cpuSeconds: number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { trainSeconds: Math.round((performance.now() - wall) / 10) / 100, cpuSeconds: Math.round((used.user + used.system) / 1e4) / 100 };
  };
}
type Timing = ReturnType<ReturnType<typeof stopwatch>>;

function fmt(v: number, digits = 3): string {
  return Number.isFinite(v) ? v.toFixed(digits) : String(v);
}

function beats(m: ModelMetric): boolean {
  return m.higherIsBetter ? m.value > m.baseline : m.value < m.baseline;
}

/**
 * Both regressors use squared error on the popularity percentile: the target is bounded (0–100) and uniform within
 * each scale, so it has no heavy tails for a robust loss to guard against (the Huber δ = 1 of the log-popularity
 * target would be a plain absolute loss in percentile points).
 */
export const REGRESSION_LOSS = { objective: 'l2' } as const;

function fitRegressor(name: RegressorName, X: number[][], d: Labelled, vX: number[][], v: Labelled, seed: number, options: TrainOptions) {
  const overrides = {
    seed,
    ...REGRESSION_LOSS,
    ...(options.boosterTrees ? { nTrees: options.boosterTrees } : {}),
    ...(name === 'fallback' ? DEPTHWISE_PARAMS : {}),
    ...options.regressorOverrides?.[name],
  };
  return trainBooster({ X, y: d.y }, { X: vX, y: v.y }, overrides);
}

function usable(model: BoosterModel | null, X: number[][]): model is BoosterModel {
  return model !== null && model.trees.length > 0 && X.every((x) => Number.isFinite(predictBooster(model, x)));
}

function intervalTable(test: Labelled, predicted: number[]): IntervalTable {
  const tail = (1 - INTERVAL_LEVEL) / 2;
  const residuals = test.y.map((y, i) => y - predicted[i]);
  const byGenreResiduals = new Map<string, number[]>();
  test.titles.forEach((t, i) => {
    const g = t.genres[0];
    if (!g) return;
    const list = byGenreResiduals.get(g) ?? [];
    list.push(residuals[i]);
    byGenreResiduals.set(g, list);
  });
  const byGenre: Record<string, [number, number]> = {};
  for (const [g, r] of [...byGenreResiduals].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (r.length >= MIN_GENRE_RESIDUALS) byGenre[g] = [quantile(r, tail), quantile(r, 1 - tail)];
  }
  return { level: INTERVAL_LEVEL, global: [quantile(residuals, tail), quantile(residuals, 1 - tail)], byGenre };
}

/** Isolation-forest inputs per title: popularity percentile (comparable across sources), rating, log vote count, log engagement. */
function anomalyRows(titles: readonly Title[]): number[][] {
  const engagement = engagementScores(titles);
  const popularity = comparablePopularity(titles);
  return titles.map((t, i) => [popularity[i], t.voteAverage, Math.log1p(t.voteCount), Math.log1p(Math.max(0, engagement[i]))]);
}

export function trainBundle(catalog: Catalog, options: TrainOptions): ModelBundle {
  const seed = options.seed ?? DEFAULT_SEED;
  const metrics: ModelMetric[] = [];
  const notes: string[] = [];
  const data = labelledTitles(catalog);
  const split = outOfTimeSplit(data);
  if (split.train.titles.length < 100 || split.test.titles.length < 30) {
    throw new Error(
      `Too few dated titles to train and test the models (${split.train.titles.length} before ${split.cutoff}, ` +
        `${split.test.titles.length} from ${split.cutoff}); the catalog needs a few hundred titles with release dates.`,
    );
  }
  const spec: FeatureSpec = buildFeatureSpec(split.train.titles, Number(catalog.meta.asOf.slice(0, 4)));
  const rows = (d: Labelled) => d.titles.map((t) => titleFeatures(spec, t));
  const [Xtr, Xva, Xte] = [rows(split.train), rows(split.validation), rows(split.test)];
  const testedOn = `titles released ${split.cutoff} or later (n = ${split.test.titles.length}), trained on earlier ones`;

  // 1–2. Popularity: booster and fallback; the fallback answers if the booster fails or validates worse.
  const regressors: Partial<Record<RegressorName, { model: BoosterModel | null; timing: Timing; error?: string }>> = {};
  for (const name of ['booster', 'fallback'] as const) {
    const stop = stopwatch();
    try {
      const model = fitRegressor(name, Xtr, split.train, Xva, split.validation, seed, options);
      const ok = usable(model, Xva);
      regressors[name] = { model: ok ? model : null, timing: stop(), error: ok ? undefined : 'non-finite predictions' };
    } catch (error) {
      regressors[name] = { model: null, timing: stop(), error: error instanceof Error ? error.message : String(error) };
    }
  }
  const fallback = regressors.fallback?.model;
  if (!fallback) throw new Error(`The fallback regressor failed to train: ${regressors.fallback?.error ?? 'unknown error'}`);
  const booster = regressors.booster?.model ?? null;
  const valMse = (m: BoosterModel) =>
    mse(
      split.validation.y,
      Xva.map((x) => predictBooster(m, x)),
    );
  let answer: RegressorName = 'booster';
  let reason = 'the booster validated at least as well as the fallback';
  if (!booster) {
    answer = 'fallback';
    reason = `the booster failed (${regressors.booster?.error ?? 'unknown error'})`;
  } else if (valMse(fallback) < valMse(booster)) {
    answer = 'fallback';
    reason = `the fallback validated better (MSE ${fmt(valMse(fallback))} vs ${fmt(valMse(booster))})`;
  }
  const baseline = genreMedianBaseline(split.train);
  const baselinePred = split.test.titles.map(baseline);
  let answerPred: number[] = [];
  for (const name of ['booster', 'fallback'] as const) {
    const m = regressors[name]?.model;
    if (!m) continue;
    const pred = Xte.map((x) => predictBooster(m, x));
    if (name === answer) answerPred = pred;
    const label = `popularity-${name}`;
    const timing = regressors[name]?.timing ?? { trainSeconds: 0, cpuSeconds: 0 };
    metrics.push(
      { name: label, metric: 'R²', value: r2(split.test.y, pred), baseline: r2(split.test.y, baselinePred), higherIsBetter: true, ...timing },
      {
        name: label,
        metric: 'MAE (popularity percentile points)',
        value: mae(split.test.y, pred),
        baseline: mae(split.test.y, baselinePred),
        higherIsBetter: false,
        ...timing,
      },
    );
  }
  const answerRows = metrics.filter((m) => m.name === `popularity-${answer}`);
  const [r2Row, maeRow] = answerRows;
  notes.push(
    `Popularity model (${REGRESSOR_LABELS[answer]}, chosen because ${reason}): R² ${fmt(r2Row.value, 2)} vs genre-median baseline ` +
      `${fmt(r2Row.baseline, 2)}, MAE ${fmt(maeRow.value)} vs ${fmt(maeRow.baseline)} (popularity percentile points) on ${testedOn}.`,
  );
  if (!beats(r2Row) || !beats(maeRow)) {
    notes.push(
      `The popularity model does not beat the genre-median baseline on ${[!beats(r2Row) ? 'R²' : '', !beats(maeRow) ? 'MAE' : ''].filter(Boolean).join(' or ')}: treat its number as a rough guide.`,
    );
  } else if (r2Row.value < 0.1) {
    notes.push('It beats the baseline, but explains little of the variation in popularity: most of what makes a title popular is not known before release.');
  }
  const intervals = intervalTable(split.test, answerPred);
  // 3. Hit forest (trained on the training and validation titles: it needs no early stopping).
  let stop = stopwatch();
  const forestX = [...Xtr, ...Xva];
  const forestY = [...split.train.hit, ...split.validation.hit];
  const forest = trainForest(forestX, forestY, { seed, ...(options.forestTrees ? { nTrees: options.forestTrees } : {}) });
  const forestTiming = stop();
  const proba = Xte.map((x) => predictProba(forest, x));
  const rate = forest.positiveRate;
  const constant = proba.map(() => rate);
  const hitMetrics: ModelMetric[] = [
    { name: 'hit-forest', metric: 'ROC AUC', value: rocAuc(split.test.hit, proba), baseline: 0.5, higherIsBetter: true, ...forestTiming },
    {
      name: 'hit-forest',
      metric: 'Brier',
      value: brier(split.test.hit, proba),
      baseline: brier(split.test.hit, constant),
      higherIsBetter: false,
      ...forestTiming,
    },
    {
      name: 'hit-forest',
      metric: 'calibration error (ECE, 10 bins)',
      value: expectedCalibrationError(calibrationBins(split.test.hit, proba)),
      baseline: expectedCalibrationError(calibrationBins(split.test.hit, constant)),
      higherIsBetter: false,
      ...forestTiming,
    },
  ];
  metrics.push(...hitMetrics);
  notes.push(
    `Hit probability (random forest, hit = top 25% engagement in its media type and year): ROC AUC ${fmt(hitMetrics[0].value, 2)} ` +
      `(0.5 = chance), Brier ${fmt(hitMetrics[1].value)} vs ${fmt(hitMetrics[1].baseline)} for the base rate ${fmt(100 * rate, 0)}%.`,
  );
  notes.push(
    `Its probabilities are off by ${fmt(100 * hitMetrics[2].value, 1)} points on average (calibration error over 10 bins; ` +
      `a constant base-rate guess is calibrated by construction, ${fmt(100 * hitMetrics[2].baseline, 1)}, but ranks nothing).`,
  );
  const missed = hitMetrics.slice(0, 2).filter((m) => !beats(m));
  if (missed.length > 0) notes.push(`The hit model does not beat the base rate on ${missed.map((m) => m.metric).join(' or ')}.`);

  // 4. Revenue (movies with budgets and revenues): the out-of-time windows, then the answering model on all of them.
  stop = stopwatch();
  const money = moneyData(catalog);
  let revenue: ModelBundle['revenue'] = null;
  if (money.movies.length >= 300) {
    const fitOptions = {
      seed,
      ...(options.boosterTrees ? { trees: options.boosterTrees } : {}),
      ...(options.forestTrees ? { forestTrees: options.forestTrees } : {}),
    };
    const model = fitRevenueModel(money.movies, money.hits, fitOptions);
    const timing = stop();
    const evaluation = evaluateRevenue(money, fitOptions, timing);
    metrics.push(...evaluation.metrics);
    notes.push(...evaluation.notes);
    revenue = { model, windows: evaluation.windows, trackRecord: pooledTrackRecord(evaluation.windows) };
  } else {
    notes.push(`Only ${money.movies.length} movies have a budget and a revenue: too few for the revenue model (300 needed).`);
  }
  // 5. Isolation forest over every rated title; evaluated by how well it separates injected uniform outliers.
  stop = stopwatch();
  // Only titles whose vote average is a rating (RATED_MIN_VOTES) are scored: unrated ones are not outliers, just new.
  const allRows = anomalyRows(catalog.titles);
  const ratedAt = catalog.titles.flatMap((t, i) => (t.voteCount >= RATED_MIN_VOTES ? [i] : []));
  const aRows = ratedAt.map((i) => allRows[i]);
  const iso = fitIsolationForest(aRows, { seed });
  const isoTiming = stop();
  const anomalies: AnomalyFlag[] = ratedAt.map((i, r) => ({
    key: titleKey(catalog.titles[i]),
    score: iso.trainingScores[r],
    anomalous: iso.trainingScores[r] > iso.threshold,
  }));
  const rng = createRng(seed);
  const lo = aRows[0].map((_, f) => Math.min(...aRows.map((r) => r[f])));
  const hi = aRows[0].map((_, f) => Math.max(...aRows.map((r) => r[f])));
  const injected = Array.from({ length: Math.max(20, Math.round(aRows.length * 0.02)) }, () => lo.map((l, f) => l + rng.next() * (hi[f] - l)));
  const injectedScores = iso.score(injected);
  metrics.push({
    name: 'anomaly-isolation-forest',
    metric: 'ROC AUC on injected uniform outliers',
    value: rocAuc([...anomalies.map(() => 0), ...injected.map(() => 1)], [...iso.trainingScores, ...injectedScores]),
    baseline: 0.5,
    higherIsBetter: true,
    ...isoTiming,
  });

  // 5. Genre share forecasts: per genre, the rolling-origin backtest's winner (Prophet or a baseline); one row per
  // genre, the presented method's MASE against seasonal naive's.
  stop = stopwatch();
  const forecasts: GenreForecast[] = options
    .forecastSeries()
    .map((s) => genreForecast(s.genre, s.history, FORECAST_HORIZON / s.periodMonths, s.periodMonths, seed));
  const forecastTiming = stop(); // the forecasts and their backtests, all genres
  const tested = forecasts.filter((f) => f.backtest !== null);
  for (const f of tested) {
    const b = f.backtest;
    if (!b) continue;
    const period = f.periodMonths === 3 ? 'quarters' : 'months';
    metrics.push({
      name: `forecast ${f.genre}`,
      metric: `MASE of ${f.method} (share of releases; ${b.origins} rolling origins ${b.firstOrigin}..${b.lastOrigin}, ${b.horizon} ${period} ahead)`,
      value: b.mase,
      baseline: b.baselineMase,
      higherIsBetter: false,
      trainSeconds: forecastTiming.trainSeconds / tested.length,
      cpuSeconds: forecastTiming.cpuSeconds / tested.length,
      backtest: { genre: f.genre, presented: f.method, outlook: f.outlook, scores: b.scores },
    });
  }
  if (tested.length > 0) {
    const wins = tested.filter((f) => f.outlook).length;
    const beats = tested.filter((f) => (f.backtest?.mase ?? Infinity) < (f.backtest?.baselineMase ?? -Infinity)).length;
    notes.push(
      `Forecasts (genre share of releases): Prophet beats every baseline in its rolling-origin backtest for ${wins} of ${tested.length} genres ` +
        `(the others present the baseline that won); the presented forecast beats seasonal naive for ${beats} of ${tested.length}.`,
    );
  }

  return {
    format: BUNDLE_FORMAT,
    fingerprint: catalog.meta.fingerprint,
    seed,
    cutoff: split.cutoff,
    spec,
    regressor: { answer, reason, booster, fallback },
    intervals,
    revenue,
    forest,
    anomalies,
    forecasts,
    metrics,
    accuracyNotes: notes,
  };
}

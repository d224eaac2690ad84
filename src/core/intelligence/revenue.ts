/**
 * The revenue model for movies: log worldwide revenue from what is known before release, with an interval and the
 * probability of breaking even, plus its out-of-time evaluation and the verdict's track record.
 *
 * Movies qualify when they are released (not upcoming) with a budget and a revenue of at least $100K each
 * (`MIN_MONEY_USD`): TMDB's smaller values are mostly entry errors ("5" meaning $5M) and would dominate a log target.
 *
 * Features (`revenueRow`): log budget; genres (multi-hot); release month and quarter; runtime (minutes, 0 =
 * unknown); original language (top 8 + other); the training set's 30 most common keywords (multi-hot, e.g.
 * "sequel", "based on novel or book") and whether the title has keywords at all; its 20 most common production
 * companies (multi-hot) and whether it has companies at all; the release year. The catalog has no collection
 * membership, so none is used ("sequel" stands in).
 *
 * Fit (`fitRevenueModel`): the histogram booster of `models/` on log revenue (Huber δ = 1), early-stopped on the
 * newest 15 % of the training movies; those validation residuals are the model's error distribution: the 80 %
 * interval is the prediction plus their 10th and 90th percentiles, and P(break-even) = the share of them that would
 * lift the prediction to the break-even multiple × budget (split-conformal style). A random forest on the same rows
 * gives the hit probability (hit = the Core's top 25 % engagement).
 */
import type { Catalog } from '../../data/catalog.ts';
import { CANONICAL_GENRES } from '../../data/genres.ts';
import { releaseYear, type Title } from '../../data/title.ts';
import { binOf } from '../../../models/binning.ts';
import { boosterContributions, predictBooster, trainBooster, type BoosterModel } from '../../../models/booster.ts';
import { predictProba, trainForest, type ForestModel } from '../../../models/forest.ts';
import { brier, calibrationBins, expectedCalibrationError, mae, median, quantile, r2, rocAuc, type CalibrationBin } from '../../../models/metrics.ts';
import { columnsOf } from '../columns.ts';
import type { ModelMetric, Recommendation, TrackRecordGroup } from '../model-port.ts';
import { referenceCandidates, referenceClass, type ReferenceCandidate } from './reference.ts';
import { BREAK_EVEN_MULTIPLE, verdictOf } from './rules.ts';

export const TOP_KEYWORDS = 30;
export const TOP_COMPANIES = 20;
export const TOP_REVENUE_LANGUAGES = 8;
export const REVENUE_VALIDATION_SHARE = 0.15;
export const REVENUE_INTERVAL_LEVEL = 0.8;
/** The out-of-time windows: train on movies released before `trainBefore`, test on those from it to `testTo`. */
export const REVENUE_WINDOWS = [
  { name: 'pre-pandemic', trainBefore: 2015, testTo: 2018 },
  { name: 'recent', trainBefore: 2019, testTo: 9999 },
] as const;

export interface RevenueSpec {
  names: string[];
  /** The driver group of each column. */
  groups: string[];
  languages: string[];
  keywords: string[];
  companies: string[];
}

/** What the model reads about one movie; `keywords` / `companies` null = unknown. */
export interface RevenueInputs {
  budget: number;
  genres: readonly string[];
  month: number;
  runtime: number | null;
  language: string | null;
  keywords: readonly string[] | null;
  companies: readonly string[] | null;
  year: number;
}

export function movieInputs(t: Title): RevenueInputs {
  return {
    budget: t.budget ?? 0,
    genres: t.genres,
    month: t.releaseDate ? Number(t.releaseDate.slice(5, 7)) : 0,
    runtime: t.runtime,
    language: t.originalLanguage,
    keywords: t.keywords.length > 0 ? t.keywords : null,
    companies: t.productionCompanies.length > 0 ? t.productionCompanies : null,
    year: releaseYear(t) ?? 0,
  };
}

/** The `k` values found in the most lists (each list counts a value once), ties by value. */
export function topCounts(lists: Iterable<readonly string[]>, k: number): string[] {
  const counts = new Map<string, number>();
  for (const list of lists) for (const v of new Set(list)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([v]) => v);
}

export function buildRevenueSpec(movies: readonly Title[]): RevenueSpec {
  const languages = topCounts(
    movies.map((t) => (t.originalLanguage ? [t.originalLanguage] : [])),
    TOP_REVENUE_LANGUAGES,
  );
  const keywords = topCounts(
    movies.map((t) => t.keywords),
    TOP_KEYWORDS,
  );
  const companies = topCounts(
    movies.map((t) => t.productionCompanies),
    TOP_COMPANIES,
  );
  const names = [
    'log budget',
    ...CANONICAL_GENRES.map((g) => `genre: ${g}`),
    'month',
    'quarter',
    'runtime',
    ...languages.map((l) => `language: ${l}`),
    'language: other',
    'keywords known',
    ...keywords.map((k) => `keyword: ${k}`),
    'companies known',
    ...companies.map((c) => `company: ${c}`),
    'year',
  ];
  const groups = [
    'budget',
    ...CANONICAL_GENRES.map(() => 'genre'),
    'release timing',
    'release timing',
    'runtime',
    ...languages.map(() => 'language'),
    'language',
    'keywords',
    ...keywords.map(() => 'keywords'),
    'production companies',
    ...companies.map(() => 'production companies'),
    'release year',
  ];
  return { names, groups, languages, keywords, companies };
}

export function revenueRow(spec: RevenueSpec, f: RevenueInputs): number[] {
  const row: number[] = [Math.log(Math.max(1, f.budget))];
  for (const g of CANONICAL_GENRES) row.push(f.genres.includes(g) ? 1 : 0);
  row.push(f.month, f.month > 0 ? Math.ceil(f.month / 3) : 0, f.runtime ?? 0);
  const li = f.language ? spec.languages.indexOf(f.language) : -1;
  for (let i = 0; i <= spec.languages.length; i++) row.push(i === (li >= 0 ? li : spec.languages.length) ? 1 : 0);
  row.push(f.keywords ? 1 : 0, ...spec.keywords.map((k) => (f.keywords?.includes(k) ? 1 : 0)));
  row.push(f.companies ? 1 : 0, ...spec.companies.map((c) => (f.companies?.includes(c) ? 1 : 0)));
  row.push(f.year);
  return row;
}

export interface RevenueModel {
  spec: RevenueSpec;
  booster: BoosterModel;
  /** Validation residuals (log revenue: actual − predicted), ascending. */
  residuals: number[];
  hitForest: ForestModel;
  /** Movies it was fitted on (training + validation). */
  n: number;
  /** For a planned movie's unknowns: the median runtime of the genre's movies (all movies when < 10), the most common language. */
  defaults: { runtimeByGenre: Record<string, number>; runtime: number; language: string };
}

export interface FitOptions {
  seed: number;
  trees?: number;
  forestTrees?: number;
}

/** `movies` in release order with their hit flags; the newest 15 % validate. */
export function fitRevenueModel(movies: readonly Title[], hits: readonly boolean[], options: FitOptions): RevenueModel {
  const cut = Math.floor(movies.length * (1 - REVENUE_VALIDATION_SHARE));
  const train = movies.slice(0, cut);
  const validation = movies.slice(cut);
  const spec = buildRevenueSpec(train);
  const rows = (list: readonly Title[]) => list.map((t) => revenueRow(spec, movieInputs(t)));
  const X = rows(train);
  const vX = rows(validation);
  const y = train.map((t) => Math.log(t.revenue as number));
  const vy = validation.map((t) => Math.log(t.revenue as number));
  const booster = trainBooster(
    { X, y },
    { X: vX, y: vy },
    {
      seed: options.seed,
      objective: 'huber',
      huberDelta: 1,
      ...(options.trees ? { nTrees: options.trees } : {}),
    },
  );
  const residuals = vy.map((v, i) => v - predictBooster(booster, vX[i])).sort((a, b) => a - b);
  const hitForest = trainForest(
    [...X, ...vX],
    hits.map((h) => (h ? 1 : 0)),
    { seed: options.seed, nTrees: options.forestTrees ?? 150 },
  );
  const runtimes = (list: readonly Title[]) => list.map((t) => t.runtime).filter((r): r is number => r !== null && r > 0);
  const runtimeByGenre: Record<string, number> = {};
  for (const g of CANONICAL_GENRES) {
    const r = runtimes(movies.filter((t) => t.genres.includes(g)));
    if (r.length >= 10) runtimeByGenre[g] = Math.round(median(r));
  }
  const defaults = { runtimeByGenre, runtime: Math.round(median(runtimes(movies))), language: spec.languages[0] ?? 'en' };
  return { spec, booster, residuals, hitForest, n: movies.length, defaults };
}

export interface RevenuePrediction {
  /** ln(revenue) predicted (the median of the predictive distribution). */
  logRevenue: number;
  /** USD: the point prediction and its 80 % interval. */
  revenue: { value: number; low: number; high: number; level: number };
  breakEvenProbability: number;
  hitProbability: number;
  /** Per feature column, log-revenue contributions (base + Σ = logRevenue). */
  contributions: { base: number; values: number[] };
  x: number[];
}

/** Share of the residuals r with prediction + r ≥ ln(multiple × budget). */
export function breakEvenProbability(residuals: readonly number[], logRevenue: number, budget: number, multiple = BREAK_EVEN_MULTIPLE): number {
  if (residuals.length === 0) return NaN;
  const needed = Math.log(multiple * budget) - logRevenue;
  // binOf = how many sorted values lie strictly below `needed`.
  return (residuals.length - binOf(Float64Array.from(residuals), needed)) / residuals.length;
}

export function predictRevenue(model: RevenueModel, inputs: RevenueInputs, multiple = BREAK_EVEN_MULTIPLE): RevenuePrediction {
  const x = revenueRow(model.spec, inputs);
  const contributions = boosterContributions(model.booster, x);
  const logRevenue = contributions.values.reduce((a, b) => a + b, contributions.base);
  const tail = (1 - REVENUE_INTERVAL_LEVEL) / 2;
  return {
    logRevenue,
    revenue: {
      value: Math.exp(logRevenue),
      low: Math.exp(logRevenue + quantile(model.residuals, tail)),
      high: Math.exp(logRevenue + quantile(model.residuals, 1 - tail)),
      level: REVENUE_INTERVAL_LEVEL,
    },
    breakEvenProbability: breakEvenProbability(model.residuals, logRevenue, inputs.budget, multiple),
    hitProbability: predictProba(model.hitForest, x),
    contributions,
    x,
  };
}

// ------------------------------------------------------------------ catalog → money movies and candidates

export interface MoneyData {
  /** Movies with money, in release order (ties by key). */
  movies: Title[];
  hits: boolean[];
  /** The same movies as reference-class candidates. */
  candidates: ReferenceCandidate[];
}

/** The movies with money (budget and revenue ≥ `MIN_MONEY_USD`, released, dated), in release order (ties by key). */
export function moneyData(catalog: Catalog): MoneyData {
  const cols = columnsOf(catalog);
  const rows = referenceCandidates(cols).filter((r) => r.candidate.multiple !== null && cols.tv[r.index] === 0);
  const date = (r: (typeof rows)[number]) => cols.titles[r.index].releaseDate as string;
  rows.sort((a, b) => (date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : a.candidate.key < b.candidate.key ? -1 : 1));
  return { movies: rows.map((r) => cols.titles[r.index]), hits: rows.map((r) => r.candidate.hit), candidates: rows.map((r) => r.candidate) };
}

// ------------------------------------------------------------------ evaluation

export type VerdictGroup = TrackRecordGroup;

export interface RevenueWindowEval {
  name: string;
  train: string;
  test: string;
  nTrain: number;
  nTest: number;
  r2: number;
  mae: number;
  baseline: { kind: 'global' | 'genre'; r2: number; mae: number; multiple: number };
  referenceClass: { r2: number; mae: number; auc: number; brier: number };
  breakEven: { auc: number; brier: number; baseRateBrier: number; baseRate: number; testRate: number; ece: number; reliability: CalibrationBin[] };
  /** The money model's hit forest on the same held-out movies: ROC AUC and calibration error of its hit probability. */
  hit: { auc: number; ece: number };
  trackRecord: VerdictGroup[];
}

export interface RevenueEvaluation {
  windows: RevenueWindowEval[];
  metrics: ModelMetric[];
  notes: string[];
}

/** Baseline: budget × the training median multiple, overall or of the first genre (≥ 30 training movies). */
function multipleBaseline(train: readonly Title[]) {
  const multiple = (t: Title) => (t.revenue as number) / (t.budget as number);
  const overall = median(train.map(multiple));
  const byGenre = new Map<string, number[]>();
  for (const t of train) {
    const g = t.genres[0] ?? '';
    byGenre.set(g, [...(byGenre.get(g) ?? []), multiple(t)]);
  }
  const genreMedian = new Map([...byGenre].filter(([, v]) => v.length >= 30).map(([g, v]) => [g, median(v)]));
  return {
    overall,
    global: (t: Title) => Math.log((t.budget as number) * overall),
    genre: (t: Title) => Math.log((t.budget as number) * (genreMedian.get(t.genres[0] ?? '') ?? overall)),
  };
}

const RECOMMENDATIONS: Recommendation[] = ['GREENLIGHT', 'CONSIDER', 'PASS'];

function evaluateWindow(data: MoneyData, w: (typeof REVENUE_WINDOWS)[number], options: FitOptions): RevenueWindowEval | null {
  const year = (t: Title) => releaseYear(t) as number;
  const trainIdx: number[] = [];
  const testIdx: number[] = [];
  data.movies.forEach((t, i) => {
    if (year(t) < w.trainBefore) trainIdx.push(i);
    else if (year(t) <= w.testTo) testIdx.push(i);
  });
  if (trainIdx.length < 200 || testIdx.length < 30) return null;
  const train = trainIdx.map((i) => data.movies[i]);
  const model = fitRevenueModel(
    train,
    trainIdx.map((i) => data.hits[i]),
    options,
  );
  const trainCandidates = trainIdx.map((i) => data.candidates[i]);
  const test = testIdx.map((i) => data.movies[i]);
  const actual = test.map((t) => Math.log(t.revenue as number));
  const broke = test.map((t) => ((t.revenue as number) >= BREAK_EVEN_MULTIPLE * (t.budget as number) ? 1 : 0));
  const preds = test.map((t) => predictRevenue(model, movieInputs(t)));
  const pred = preds.map((p) => p.logRevenue);
  const proba = preds.map((p) => p.breakEvenProbability);
  const base = multipleBaseline(train);
  const globalPred = test.map(base.global);
  const genrePred = test.map(base.genre);
  const genreStronger = r2(actual, genrePred) > r2(actual, globalPred);
  const basePred = genreStronger ? genrePred : globalPred;
  const trainRate = train.filter((t) => (t.revenue as number) >= BREAK_EVEN_MULTIPLE * (t.budget as number)).length / train.length;
  // Reference class of each test movie among the training movies, and the verdict as if proposed before release.
  const classes = test.map((t) =>
    referenceClass(
      trainCandidates,
      {
        genre: t.genres[0] ?? '',
        budget: t.budget,
        quarter: Math.ceil(Number((t.releaseDate as string).slice(5, 7)) / 3),
        year: year(t),
        language: t.originalLanguage ?? 'en',
      },
      BREAK_EVEN_MULTIPLE,
    ),
  );
  const classPred = test.map((t, i) => Math.log((t.budget as number) * (classes[i]?.multiple?.p50 ?? base.overall)));
  const classRate = classes.map((c) => c?.breakEvenRate ?? trainRate);
  const groups = new Map<Recommendation, number[]>(RECOMMENDATIONS.map((r) => [r, []]));
  test.forEach((t, i) => {
    const c = classes[i];
    if (!c || c.multiple === null || c.breakEvenRate === null) return;
    const v = verdictOf({
      breakEvenProbability: proba[i],
      classBreakEvenRate: c.breakEvenRate,
      predictedMultiple: Math.exp(pred[i]) / (t.budget as number),
      classMedianMultiple: c.multiple.p50,
      hitProbability: preds[i].hitProbability,
      classHitRate: c.hitRate,
      predictedPopularity: null,
      classMedianPopularity: null,
    });
    groups.get(v.recommendation)?.push(i);
  });
  const testHits = testIdx.map((i) => data.hits[i]);
  const trackRecord = RECOMMENDATIONS.map((rec) => {
    const idx = groups.get(rec) ?? [];
    return {
      recommendation: rec,
      n: idx.length,
      breakEvenRate: idx.length > 0 ? idx.filter((i) => broke[i] === 1).length / idx.length : null,
      hitRate: idx.length > 0 ? idx.filter((i) => testHits[i]).length / idx.length : null,
    };
  });
  const bins = calibrationBins(broke, proba);
  const hitProba = preds.map((p) => p.hitProbability);
  return {
    name: w.name,
    train: `released before ${w.trainBefore}`,
    test: w.testTo >= 9999 ? `released ${w.trainBefore} or later` : `released ${w.trainBefore}–${w.testTo}`,
    nTrain: train.length,
    nTest: test.length,
    r2: r2(actual, pred),
    mae: mae(actual, pred),
    baseline: { kind: genreStronger ? 'genre' : 'global', r2: r2(actual, basePred), mae: mae(actual, basePred), multiple: base.overall },
    referenceClass: { r2: r2(actual, classPred), mae: mae(actual, classPred), auc: rocAuc(broke, classRate), brier: brier(broke, classRate) },
    breakEven: {
      auc: rocAuc(broke, proba),
      brier: brier(broke, proba),
      baseRateBrier: brier(
        broke,
        proba.map(() => trainRate),
      ),
      baseRate: trainRate,
      testRate: broke.reduce<number>((a, b) => a + b, 0) / broke.length,
      ece: expectedCalibrationError(bins),
      reliability: bins,
    },
    hit: { auc: rocAuc(testHits, hitProba), ece: expectedCalibrationError(calibrationBins(testHits, hitProba)) },
    trackRecord,
  };
}

const pct = (v: number | null) => (v === null ? 'n/a' : `${Math.round(100 * v)}%`);

export function evaluateRevenue(data: MoneyData, options: FitOptions, timing: { trainSeconds: number; cpuSeconds: number }): RevenueEvaluation {
  const windows = REVENUE_WINDOWS.map((w) => evaluateWindow(data, w, options)).filter((w): w is RevenueWindowEval => w !== null);
  const metrics: ModelMetric[] = [];
  const notes: string[] = [];
  for (const w of windows) {
    const tag = `${w.test.replace('released ', '')}, n = ${w.nTest}`;
    const baseName = w.baseline.kind === 'genre' ? 'budget × genre median multiple' : 'budget × median multiple';
    const g = w.trackRecord.find((r) => r.recommendation === 'GREENLIGHT');
    const p = w.trackRecord.find((r) => r.recommendation === 'PASS');
    metrics.push(
      {
        name: 'revenue-booster',
        metric: `R² log revenue (${tag}; baseline ${baseName})`,
        value: w.r2,
        baseline: w.baseline.r2,
        higherIsBetter: true,
        ...timing,
      },
      {
        name: 'revenue-booster',
        metric: `MAE log revenue (${tag}; baseline ${baseName})`,
        value: w.mae,
        baseline: w.baseline.mae,
        higherIsBetter: false,
        ...timing,
      },
      {
        name: 'revenue-booster',
        metric: `R² log revenue (${tag}; baseline reference class only)`,
        value: w.r2,
        baseline: w.referenceClass.r2,
        higherIsBetter: true,
        ...timing,
      },
      {
        name: 'break-even',
        metric: `ROC AUC (${tag}; baseline reference-class break-even rate)`,
        value: w.breakEven.auc,
        baseline: w.referenceClass.auc,
        higherIsBetter: true,
        ...timing,
      },
      {
        name: 'break-even',
        metric: `Brier (${tag}; baseline training base rate ${pct(w.breakEven.baseRate)})`,
        value: w.breakEven.brier,
        baseline: w.breakEven.baseRateBrier,
        higherIsBetter: false,
        ...timing,
      },
      {
        name: 'break-even',
        metric: `Brier (${tag}; baseline reference-class break-even rate)`,
        value: w.breakEven.brier,
        baseline: w.referenceClass.brier,
        higherIsBetter: false,
        ...timing,
      },
      {
        name: 'revenue-hit-forest',
        metric: `ROC AUC hit (${tag})`,
        value: w.hit.auc,
        baseline: 0.5,
        higherIsBetter: true,
        ...timing,
      },
      {
        name: 'revenue-hit-forest',
        metric: `calibration error hit (${tag}; 10 bins)`,
        value: w.hit.ece,
        baseline: 0,
        higherIsBetter: false,
        ...timing,
      },
      {
        name: 'verdict-track-record',
        metric: `break-even rate of GREENLIGHT (n = ${g?.n ?? 0}) vs PASS (n = ${p?.n ?? 0}), ${w.test.replace('released ', '')}`,
        value: g?.breakEvenRate ?? NaN,
        baseline: p?.breakEvenRate ?? NaN,
        higherIsBetter: true,
        ...timing,
      },
    );
    notes.push(
      `Revenue model, ${w.name} (trained on movies ${w.train}, tested on ${w.nTest} ${w.test}): R² ${w.r2.toFixed(2)} vs ${w.baseline.r2.toFixed(2)} for ${baseName} ` +
        `and ${w.referenceClass.r2.toFixed(2)} for the reference class alone; break-even (revenue ≥ ${BREAK_EVEN_MULTIPLE}× budget) ROC AUC ${w.breakEven.auc.toFixed(2)} ` +
        `(reference class ${w.referenceClass.auc.toFixed(2)}), Brier ${w.breakEven.brier.toFixed(3)} vs ${w.breakEven.baseRateBrier.toFixed(3)} for the base rate.`,
    );
    notes.push(
      `Verdict track record, ${w.name}: ` +
        w.trackRecord.map((r) => `${r.recommendation} ${r.n} movies, ${pct(r.breakEvenRate)} broke even, ${pct(r.hitRate)} hits`).join('; ') +
        '.',
    );
  }
  if (windows.length > 0) {
    const aucs = windows.map((w) => w.hit.auc.toFixed(2));
    const worst = Math.max(...windows.map((w) => w.hit.ece));
    notes.push(
      `Revenue model's hit probability (movies with a budget): ROC AUC ${aucs.join(' / ')} out of time (${windows.map((w) => w.name).join(' / ')}), calibrated within ${(100 * worst).toFixed(1)} points.`,
    );
  }
  return { windows, metrics, notes };
}

/** The pooled track record over the windows (their test sets do not overlap). */
export function pooledTrackRecord(windows: readonly RevenueWindowEval[]): VerdictGroup[] {
  return RECOMMENDATIONS.map((rec) => {
    let n = 0;
    let broke = 0;
    let hits = 0;
    for (const w of windows) {
      const g = w.trackRecord.find((r) => r.recommendation === rec);
      if (!g || g.n === 0) continue;
      n += g.n;
      broke += (g.breakEvenRate ?? 0) * g.n;
      hits += (g.hitRate ?? 0) * g.n;
    }
    return { recommendation: rec, n, breakEvenRate: n > 0 ? broke / n : null, hitRate: n > 0 ? hits / n : null };
  });
}

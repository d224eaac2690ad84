/**
 * Predict's details: bullets about each view of its data, one view per chart (`charts/predict.ts`).
 *
 * - outlook: the predicted popularity and its interval against the genre's popularity distribution;
 * - budget-curve: the prediction across budget levels 1–10 (and the hit probability);
 * - profile: the genre's hits and the planned title against the genre's average, measure by measure;
 * - benchmarks: the similar titles listed and the set they come from;
 * - drivers: what moved the prediction (the model's per-input contributions).
 *
 * The sentences the stage-level insights share with a view (the genre median, the budget range, the biggest
 * driver, the benchmark set and the closest benchmark) are built here once and used by both.
 */
import { insight, int, num, ordinal, pct, rankInsights, times, titleWithYear } from '../insights.ts';
import { formatUsd } from '../params.ts';
import { withArticle } from '../words.ts';
import type { CopilotPrediction, Driver } from '../model-port.ts';
import type { Insight } from '../types.ts';
import type { PredictData, PredictView } from './types.ts';

/** Drivers the drivers chart shows (the first of `nonZeroDrivers`: the largest contributions). */
export const DRIVERS_CHARTED = 8;

/**
 * Why the low end of the budget curve flatters: the catalog is drawn from TMDB's popular and top-rated lists, so
 * the cheap films in it are mostly ones that broke out (under $5M, 2000–2024: 64% reached 2.5× their budget,
 * against 42–48% from $15M to $100M — measured on the snapshot of 2026-02-21). Said beside a low budget's odds.
 */
export const LOW_BUDGET_CAVEAT = 'likely optimistic: the catalog’s low-budget films are mostly ones that broke out';
/** The same, with where the catalog comes from (a chart's reading has room for it). */
export const LOW_BUDGET_READING =
  "the catalog comes from TMDB's popular and top-rated lists, so its low-budget films are mostly ones that broke out: the low end of the curve is likely optimistic";
/** Budget levels whose curve points carry the caveat above. */
export const LOW_BUDGET_LEVELS = 3;
/**
 * A model's chance and its comparables' rate this far apart (0–1) disagree, and the verdict line says so beside
 * them: the verdict weighs one against the other, so a wide gap is where it is least sure.
 */
export const DISAGREEMENT = 0.25;

/** " · model and comparables 31 points apart: weigh both", or nothing. */
function disagreementNote(model: number, comparables: number | null | undefined): string {
  if (comparables == null || Math.abs(model - comparables) < DISAGREEMENT) return '';
  // The gap between the two percentages as the line writes them (17% and 48% are 31 points apart, not 30).
  return ` · model and comparables ${Math.abs(Math.round(100 * model) - Math.round(100 * comparables))} points apart: weigh both`;
}
/** Fewer titles than this in the genre and type: its percentiles are not argued from. */
export const MIN_DISTRIBUTION_TITLES = 10;

/** "Science Fiction movie" / "Science Fiction series", the plural, and with its article ("an Animation series"). */
export function plannedWords(data: PredictData): { what: string; whats: string; one: string; aWhat: string } {
  const tv = data.input.mediaType === 'tv';
  const what = `${data.input.genre} ${tv ? 'series' : 'movie'}`;
  return { what, whats: `${data.input.genre} ${tv ? 'series' : 'movies'}`, one: tv ? 'series' : 'movie', aWhat: withArticle(what) };
}

/**
 * The inputs that moved the prediction (a non-zero contribution), in the model's order (largest first); the
 * drivers chart shows the first `DRIVERS_CHARTED`.
 */
export function nonZeroDrivers(drivers: readonly Driver[]): Driver[] {
  return drivers.filter((d) => d.contribution !== 0);
}

const signed = (value: number) => `${value >= 0 ? '+' : ''}${num(value)}`;

// ------------------------------------------------------------------ sentences shared with the stage's insights

/** The genre's median popularity and which side of it the plan falls (needs a prediction). */
export function genreMedianInsight(data: PredictData, weight = 0.45): Insight | null {
  const { prediction, genreDistribution: dist } = data;
  if (!prediction || dist.p50 === null) return null;
  return insight(
    `The genre's median ${plannedWords(data).one} sits at popularity percentile ${num(dist.p50)} (${int(dist.titles)} titles); the plan's predicted ${num(prediction.popularity.value)} is ${prediction.popularity.value >= dist.p50 ? 'above' : 'below'} it.`,
    { p50: dist.p50, titles: dist.titles, popularity: prediction.popularity.value },
    weight,
  );
}

/** The input that moved the prediction most. */
export function topDriverInsight(data: PredictData, weight = 0.6): Insight | null {
  const top = data.prediction?.drivers[0];
  if (!top) return null;
  const money = data.prediction?.money;
  const effect = money ? `×${num(Math.exp(top.contribution))} on revenue` : `${signed(top.contribution)} popularity percentile points`;
  return insight(`Biggest driver: ${top.feature} (${effect}).`, { feature: top.feature, contribution: top.contribution }, weight);
}

/** The set the benchmarks come from (the genre and type in the era): how many, how many hits; or that it is empty. */
export function benchmarkSetInsight(data: PredictData, weight = 0.7): Insight | null {
  const { stats, criteria } = data.benchmarks;
  const { whats } = plannedWords(data);
  if (stats.titles === 0) {
    return insight(
      `No ${whats} were released ${criteria.yearFrom}–${criteria.yearTo}: nothing to benchmark against.`,
      { yearFrom: criteria.yearFrom, yearTo: criteria.yearTo },
      0.9,
    );
  }
  if (stats.hitRate === null) return null;
  return insight(
    `${int(stats.titles)} ${whats} released ${criteria.yearFrom}–${criteria.yearTo}: ${pct(stats.hitRate)} became hits${stats.medianPopularity !== null ? `, median popularity ${num(stats.medianPopularity)}` : ''}.`,
    { titles: stats.titles, yearFrom: criteria.yearFrom, yearTo: criteria.yearTo, hitRate: stats.hitRate },
    weight,
  );
}

/** The most similar title (the first listed). */
export function closestBenchmarkInsight(data: PredictData, weight = 0.55): Insight | null {
  const best = data.benchmarks.titles[0];
  if (!best) return null;
  return insight(
    `Closest benchmark: ${titleWithYear(best)}, engagement ${num(best.engagement)}${best.hit ? ', a hit' : ''}.`,
    { title: best.title, engagement: best.engagement, similarity: best.similarity },
    weight,
  );
}

/** "2.9×" */
const mult = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)}×`;

/** The out-of-time R² range of the revenue model over its windows, e.g. "37–54%". */
function explainedRange(data: PredictData): string | null {
  const windows = data.prediction?.money?.outOfTime ?? [];
  if (windows.length === 0) return null;
  const r2s = windows.map((w) => Math.max(0, w.r2));
  const lo = Math.min(...r2s);
  const hi = Math.max(...r2s);
  return Math.round(100 * lo) === Math.round(100 * hi) ? pct(lo) : `${Math.round(100 * lo)}–${pct(hi)}`;
}

/**
 * The reply's first line: "GREENLIGHT · 58% chance to break even (comparables 51%) · revenue model explains
 * 37–54% of variation out of time"; TV: the hit chance against the comparables'.
 */
export function verdictLine(data: PredictData): string {
  const p = data.prediction;
  const ref = data.reference;
  if (!p) return `NO VERDICT · the models are not loaded${ref ? ` · comparables: ${ref.n} ${plannedWords(data).whats}, ${pct(ref.hitRate)} hits` : ''}`;
  const money = p.money;
  if (money) {
    const explained = explainedRange(data);
    // A low budget's odds are flattered by the catalog: said beside the verdict they lift.
    const lowMax = data.budgetBands[LOW_BUDGET_LEVELS - 1]?.max;
    const low = data.budget !== null && lowMax !== undefined && data.budget.usd <= lowMax;
    return (
      `${p.recommendation} · ${pct(money.breakEvenProbability)} chance to break even${ref?.breakEvenRate != null ? ` (comparables ${pct(ref.breakEvenRate)})` : ''}` +
      disagreementNote(money.breakEvenProbability, ref?.breakEvenRate) +
      `${explained ? ` · revenue model explains ${explained} of variation out of time` : ''}` +
      `${low ? ` · ${LOW_BUDGET_CAVEAT}` : ''}`
    );
  }
  const auc = p.hitModel ? ` · hit model AUC ${p.hitModel.auc.toFixed(2)}, calibrated within ${(100 * p.hitModel.calibrationError).toFixed(1)} points` : '';
  return `${p.recommendation} · ${pct(p.hitProbability)} chance of a hit${ref ? ` (comparables ${pct(ref.hitRate)})` : ''}${disagreementNote(p.hitProbability, ref?.hitRate)}${auc} · ${data.input.mediaType === 'tv' ? 'TV: judged on popularity and hits, no budget data' : 'no budget in dollars, so no revenue model'}`;
}

/**
 * The qualifier that stands beside a hit probability: how well the classifier ranked and how far its
 * probabilities were off on held-out titles ("model AUC 0.69: ranks better than chance; calibrated within 2.9
 * points"). Empty when the probability's model was not measured.
 */
export function hitQualifier(p: CopilotPrediction): string {
  const q = p.hitModel;
  if (!q) return '';
  const ranks = q.auc >= 0.6 ? 'ranks better than chance' : q.auc > 0.5 ? 'barely better than chance' : 'no better than chance';
  return ` (model AUC ${q.auc.toFixed(2)}: ${ranks}; calibrated within ${(100 * q.calibrationError).toFixed(1)} points)`;
}

/** Beside a predicted popularity: how much of popularity the model explains on titles it never saw. */
function popularityQualifier(p: CopilotPrediction): string {
  const q = p.popularityModel;
  if (!q) return '';
  const r2 = `R² ${q.r2.toFixed(2)} vs ${q.baselineR2.toFixed(2)} for the genre median`;
  return q.r2 < 0.1 ? `; the model explains little of popularity out of time, ${r2}` : `; out of time ${r2}`;
}

/** Beside a break-even chance: the revenue model's out-of-time ROC AUC for break-even, against the comparables alone. */
function breakEvenQualifier(money: NonNullable<CopilotPrediction['money']>): string {
  const w = money.outOfTime;
  if (w.length === 0) return '';
  const span = (values: number[]) => {
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    return lo.toFixed(2) === hi.toFixed(2) ? lo.toFixed(2) : `${lo.toFixed(2)}–${hi.toFixed(2)}`;
  };
  return ` (break-even AUC ${span(w.map((x) => x.auc))} out of time, comparables alone ${span(w.map((x) => x.referenceClassAuc))})`;
}

/** The verdict with the expected revenue, multiple and break-even odds (movies) or the popularity outlook (TV). */
export function verdictInsight(data: PredictData, weight = 1): Insight | null {
  const p = data.prediction;
  if (!p) return null;
  const { what, aWhat } = plannedWords(data);
  const money = p.money;
  const why = p.verdictReasons.length > 0 ? ` Why: ${p.verdictReasons.join('; ')}.` : '';
  if (money) {
    const r = money.revenue;
    return insight(
      `${p.recommendation}: a ${formatUsd(money.budgetUsd)} ${what} in Q${data.input.quarter} is expected to gross ${formatUsd(r.value)} worldwide (${pct(r.level)} interval ${formatUsd(r.low)}–${formatUsd(r.high)}), ` +
        `${mult(money.multiple.value)} its budget, with a ${pct(money.breakEvenProbability)} chance to reach the ${money.breakEvenMultiple}× break-even${breakEvenQualifier(money)}.${why}`,
      {
        recommendation: p.recommendation,
        revenue: r.value,
        low: r.low,
        high: r.high,
        multiple: money.multiple.value,
        breakEvenProbability: money.breakEvenProbability,
      },
      weight,
    );
  }
  const v = p.popularity;
  return insight(
    `${p.recommendation}: ${aWhat} in Q${data.input.quarter} is predicted at popularity percentile ${num(v.value)} (${pct(v.level)} interval ${num(v.low)}–${num(v.high)}${popularityQualifier(p)}), hit probability ${pct(p.hitProbability)}${hitQualifier(p)}, ${p.risk.toLowerCase()} risk.${why}`,
    { recommendation: p.recommendation, popularity: v.value, low: v.low, high: v.high, hitProbability: p.hitProbability },
    weight,
  );
}

/** "Comparable: 40 Action movies, $100M–$250M, 2008–2019, 55% in Q3: median 2.9× (P10–P90 1.2–5.1×), 64% broke even, 38% hits." */
export function referenceClassInsight(data: PredictData, weight = 0.9): Insight | null {
  const ref = data.reference;
  if (!ref) return null;
  const { whats } = plannedWords(data);
  const parts = [
    `${ref.n} ${whats}`,
    ...(ref.budgetRange ? [`${formatUsd(ref.budgetRange[0])}–${formatUsd(ref.budgetRange[1])}`] : []),
    `${ref.yearRange[0]}–${ref.yearRange[1]}`,
    `${pct(ref.sameQuarter)} in Q${data.input.quarter}`,
  ];
  const outcome =
    ref.multiple && ref.breakEvenRate !== null
      ? `median ${mult(ref.multiple.p50)} (P10–P90 ${mult(ref.multiple.p10)}–${mult(ref.multiple.p90)}), ${pct(ref.breakEvenRate)} broke even, ${pct(ref.hitRate)} hits`
      : `median popularity percentile ${num(ref.medianPopularity)}, ${pct(ref.hitRate)} hits`;
  return insight(
    `Comparable: ${parts.join(', ')}: ${outcome}.`,
    { n: ref.n, hitRate: ref.hitRate, ...(ref.breakEvenRate !== null ? { breakEvenRate: ref.breakEvenRate } : {}), medianPopularity: ref.medianPopularity },
    weight,
  );
}

/** "Track record out of time: of past GREENLIGHTs 60% broke even (n = 235); of PASSes 38% (n = 420)." */
export function trackRecordInsight(data: PredictData, weight = 0.8): Insight | null {
  const record = data.prediction?.money?.trackRecord;
  if (!record) return null;
  const g = record.find((r) => r.recommendation === 'GREENLIGHT');
  const pass = record.find((r) => r.recommendation === 'PASS');
  if (!g || !pass || g.breakEvenRate === null || pass.breakEvenRate === null) return null;
  return insight(
    `Track record, out of time (movies of 2015 on, judged with only earlier years): of past GREENLIGHTs, ${pct(g.breakEvenRate)} broke even (n = ${int(g.n)}); of PASSes, ${pct(pass.breakEvenRate)} (n = ${int(pass.n)}).`,
    { greenlight: g.breakEvenRate, pass: pass.breakEvenRate, nGreenlight: g.n, nPass: pass.n },
    weight,
  );
}

/** What the copilot assumed for the inputs it was not given. */
export function assumptionsInsight(data: PredictData, weight = 0.7): Insight | null {
  const p = data.prediction;
  if (!p) return null;
  const assumed = [...(data.budget && !data.budget.given ? [`budget ${data.budget.note.replace(/^assumed /, '')}`] : []), ...p.assumptions];
  if (assumed.length === 0) return null;
  return insight(`Assumed: ${assumed.join('; ')}.`, { assumptions: assumed.length }, weight);
}

// ------------------------------------------------------------------ views

/** The reference class: who is in it, what it did, and where the plan sits in its distribution. */
function referenceClassView(data: PredictData): Insight[] {
  const ref = data.reference;
  if (!ref) return [insight(`No past ${plannedWords(data).whats} to compare with.`, { genre: data.input.genre }, 1)];
  const out: (Insight | null)[] = [referenceClassInsight(data, 1)];
  const p = data.prediction;
  if (p?.money && ref.multiple) {
    const above = ref.members.filter((m) => m.multiple !== null && m.multiple < (p.money as NonNullable<typeof p.money>).multiple.value).length;
    out.push(
      insight(
        `The plan's predicted ${mult(p.money.multiple.value)} is above ${above} of the ${ref.n} comparables' multiples (their median ${mult(ref.multiple.p50)}).`,
        { multiple: p.money.multiple.value, above, n: ref.n },
        0.8,
      ),
    );
    const model = p.money.outOfTime;
    if (model.length > 0) {
      const adds = model.every((w) => w.auc > w.referenceClassAuc && w.r2 > w.referenceClassR2);
      out.push(
        insight(
          adds
            ? `Out of time the model adds to the comparables alone: break-even ROC AUC ${model.map((w) => w.auc.toFixed(2)).join(' / ')} vs ${model.map((w) => w.referenceClassAuc.toFixed(2)).join(' / ')}, R² ${model.map((w) => w.r2.toFixed(2)).join(' / ')} vs ${model.map((w) => w.referenceClassR2.toFixed(2)).join(' / ')} (${model.map((w) => w.test.replace('released ', '')).join(' / ')}).`
            : `Out of time the model does not add to the comparables alone in every window: weigh the comparables as much as the model.`,
          { adds: adds ? 1 : 0 },
          0.75,
        ),
      );
    }
  } else if (p) {
    out.push(
      insight(
        `The plan's predicted popularity percentile ${num(p.popularity.value)} is ${p.popularity.value >= ref.medianPopularity ? 'at or above' : 'below'} the comparables' median ${num(ref.medianPopularity)}; its hit chance ${pct(p.hitProbability)} against their ${pct(ref.hitRate)}.`,
        { popularity: p.popularity.value, medianPopularity: ref.medianPopularity, hitProbability: p.hitProbability, hitRate: ref.hitRate },
        0.8,
      ),
    );
  }
  out.push(insight(`Picked by ${ref.distance}.`, { n: ref.n }, 0.5));
  return rankInsights(out);
}

/** The genre's popularity range and the plan's prediction interval on it. */
function outlookView(data: PredictData): Insight[] {
  const { prediction: p, genreDistribution: d, benchmarks } = data;
  const { whats } = plannedWords(data);
  if (d.titles === 0 || d.p10 === null || d.p25 === null || d.p50 === null || d.p75 === null || d.p90 === null) {
    return [insight(`No ${whats} in the catalog: nothing to place the plan against.`, { genre: data.input.genre, titles: d.titles }, 1)];
  }
  if (d.titles < MIN_DISTRIBUTION_TITLES) {
    return [
      insight(
        `Only ${int(d.titles)} ${whats} in the catalog: too few for the genre's percentiles to place the plan.`,
        { genre: data.input.genre, titles: d.titles },
        1,
      ),
    ];
  }
  const out: (Insight | null)[] = [];
  if (p) {
    out.push(genreMedianInsight(data, 0.9));
    const v = p.popularity;
    {
      const wider = v.high - v.low > d.p90 - d.p10;
      out.push(
        insight(
          `The plan's ${pct(v.level)} interval, percentile ${num(v.low)}–${num(v.high)}, is ${wider ? 'wider than' : 'within'} the genre's own 10th–90th percentile spread (${num(d.p10)}–${num(d.p90)}).`,
          { level: v.level, low: v.low, high: v.high, p10: d.p10, p90: d.p90 },
          0.8,
        ),
      );
    }
    if (benchmarks.stats.hitRate !== null) {
      out.push(
        insight(
          `The ${pct(p.hitProbability)} hit probability compares with ${pct(benchmarks.stats.hitRate)} of the ${int(benchmarks.stats.titles)} ${whats} released ${benchmarks.criteria.yearFrom}–${benchmarks.criteria.yearTo}.`,
          { hitProbability: p.hitProbability, hitRate: benchmarks.stats.hitRate, titles: benchmarks.stats.titles, yearFrom: benchmarks.criteria.yearFrom },
          0.7,
        ),
      );
    }
  } else {
    out.push(
      insight(
        `No prediction without trained models: the chart shows ${whats} alone, median popularity ${num(d.p50)} across ${int(d.titles)} titles.`,
        { p50: d.p50, titles: d.titles },
        0.9,
      ),
    );
    if (d.p10 > 0) {
      out.push(
        insight(
          `Popularity is lopsided: the genre's 90th percentile (${num(d.p90)}) is ${times(d.p90 / d.p10)} its 10th (${num(d.p10)}).`,
          { p90: d.p90, p10: d.p10 },
          0.7,
        ),
      );
    }
    out.push(insight(`The middle half of ${whats} have popularity between ${num(d.p25)} and ${num(d.p75)}.`, { p25: d.p25, p75: d.p75 }, 0.5));
  }
  return rankInsights(out);
}

/** The budget curve (movies): break-even chance and multiple across budgets, and the cheapest level as safe as the plan's. */
function budgetCurveView(data: PredictData): Insight[] {
  const curve = data.budgetCurve;
  const chosen = data.input.budgetLevel;
  if (data.input.mediaType === 'tv') {
    return [insight('No budget curve for TV: TMDB has no TV budgets, so nothing can be said about what a budget changes.', { mediaType: 'tv' }, 1)];
  }
  if (curve.length < 2) {
    return [insight('No budget curve: it needs the trained models and movies with known budgets.', { budgetLevel: chosen }, 1)];
  }
  const out: (Insight | null)[] = [];
  const withOdds = curve.filter(
    (c): c is typeof c & { breakEvenProbability: number; multiple: number } => c.breakEvenProbability !== null && c.multiple !== null,
  );
  const lo = withOdds[0];
  const hi = withOdds[withOdds.length - 1];
  if (lo && hi && lo !== hi) {
    out.push(
      insight(
        `From ${formatUsd(lo.budgetUsd)} (level ${lo.level}) to ${formatUsd(hi.budgetUsd)} (level ${hi.level}) the predicted multiple goes from ${num(lo.multiple)}× to ${num(hi.multiple)}× and the break-even chance from ${pct(lo.breakEvenProbability)} to ${pct(hi.breakEvenProbability)}: the budget is a cost, not a score.`,
        { lowBudget: lo.budgetUsd, highBudget: hi.budgetUsd, lowMultiple: lo.multiple, highMultiple: hi.multiple },
        0.8,
      ),
    );
    const best = [...withOdds].sort((a, b) => b.breakEvenProbability - a.breakEvenProbability || a.level - b.level)[0];
    out.push(
      insight(
        `The best break-even chance on the curve is ${pct(best.breakEvenProbability)} at level ${best.level} (about ${formatUsd(best.budgetUsd)})${best.level <= LOW_BUDGET_LEVELS ? ` — ${LOW_BUDGET_CAVEAT}` : ''}.`,
        { level: best.level, breakEvenProbability: best.breakEvenProbability },
        0.7,
      ),
    );
  }
  const byHit = [...curve].sort((a, b) => a.hitProbability - b.hitProbability || a.level - b.level);
  const top = byHit[byHit.length - 1];
  const low = byHit[0];
  out.push(
    insight(
      `Hit probability ranges from ${pct(low.hitProbability)} (level ${low.level}) to ${pct(top.hitProbability)} (level ${top.level}) across budgets.`,
      { low: low.hitProbability, lowLevel: low.level, high: top.hitProbability, highLevel: top.level },
      0.55,
    ),
  );
  return rankInsights(out);
}

const PROFILE_LABELS: Readonly<Record<string, string>> = {
  popularity: 'popularity',
  voteAverage: 'rating',
  voteCount: 'vote count',
  engagement: 'engagement',
  runtime: 'runtime',
  budget: 'budget',
};

function profileValue(metric: string, value: number): string {
  if (metric === 'budget') return formatUsd(value);
  if (metric === 'runtime') return `${Math.round(value)} min`;
  if (metric === 'voteCount') return int(value);
  return num(value);
}

/** The profile: where the genre's hits differ most and least from the genre, and where the plan sits. */
function profileView(data: PredictData): Insight[] {
  const { whats } = plannedWords(data);
  const metrics = data.profile.filter((m): m is typeof m & { genreAll: number } => m.genreAll !== null && m.genreAll > 0);
  if (metrics.length === 0) return [insight(`No ${whats} in the catalog to profile.`, { genre: data.input.genre }, 1)];
  const withHits = metrics.filter((m): m is typeof m & { genreHits: number } => m.genreHits !== null);
  const planned = metrics.filter((m): m is typeof m & { planned: number } => m.planned !== null);
  if (withHits.length === 0 && planned.length === 0) {
    return [insight(`None of the ${whats} in the catalog is a hit: there is no hit profile to compare with.`, { genre: data.input.genre }, 1)];
  }
  const out: (Insight | null)[] = [];
  const label = (metric: string) => PROFILE_LABELS[metric] ?? metric;
  const spread = (m: { genreHits: number; genreAll: number }) => Math.abs(Math.log(m.genreHits / m.genreAll));
  const ranked = withHits.filter((m) => m.genreHits > 0).sort((a, b) => spread(b) - spread(a) || a.metric.localeCompare(b.metric));
  const most = ranked[0];
  if (most) {
    out.push(
      insight(
        `${data.input.genre} hits stand out most on ${label(most.metric)}: ${profileValue(most.metric, most.genreHits)} against ${profileValue(most.metric, most.genreAll)} for the genre, ${times(most.genreHits / most.genreAll)}.`,
        { metric: most.metric, genreHits: most.genreHits, genreAll: most.genreAll },
        0.8,
      ),
    );
  }
  const least = ranked[ranked.length - 1];
  if (least && least !== most) {
    out.push(
      insight(
        `${label(least.metric)[0].toUpperCase()}${label(least.metric).slice(1)} barely separates hits from the rest: ${profileValue(least.metric, least.genreHits)} against ${profileValue(least.metric, least.genreAll)} for the genre.`,
        { metric: least.metric, genreHits: least.genreHits, genreAll: least.genreAll },
        0.6,
      ),
    );
  }
  const pop = planned.find((m) => m.metric === 'popularity');
  if (pop) {
    out.push(
      insight(
        `The plan's predicted popularity, ${num(pop.planned)}, is ${times(pop.planned / pop.genreAll)} the genre's mean${pop.genreHits !== null && pop.genreHits > 0 ? ` and ${times(pop.planned / pop.genreHits)} its hits' (${num(pop.genreHits)})` : ''}.`,
        { planned: pop.planned, genreAll: pop.genreAll, ...(pop.genreHits !== null ? { genreHits: pop.genreHits } : {}) },
        0.75,
      ),
    );
  }
  const budget = planned.find((m) => m.metric === 'budget');
  if (budget && budget.genreHits !== null) {
    const side = (v: number) => (budget.planned < v ? 'below' : 'above');
    out.push(
      insight(
        `The budget band's midpoint, ${formatUsd(budget.planned)}, is ${side(budget.genreHits)} the mean budget of the genre's hits (${formatUsd(budget.genreHits)}) and ${side(budget.genreAll)} its average (${formatUsd(budget.genreAll)}).`,
        { planned: budget.planned, genreHits: budget.genreHits, genreAll: budget.genreAll },
        0.65,
      ),
    );
  }
  return rankInsights(out);
}

/** The benchmarks: the set they come from, the engagement leader, how many listed were hits, how closely they match. */
function benchmarksView(data: PredictData): Insight[] {
  const { titles, stats, criteria } = data.benchmarks;
  if (stats.titles === 0 || titles.length === 0) {
    return [benchmarkSetInsight(data) ?? insight(`No similar ${plannedWords(data).whats} to list.`, { genre: data.input.genre }, 1)];
  }
  const out: (Insight | null)[] = [benchmarkSetInsight(data, 0.9), closestBenchmarkInsight(data, 0.8)];
  const leader = [...titles].sort((a, b) => b.engagement - a.engagement || a.key.localeCompare(b.key))[0];
  if (stats.meanEngagement !== null && stats.meanEngagement > 0 && leader !== titles[0]) {
    out.push(
      insight(
        `${leader.title} leads the list on engagement with ${num(leader.engagement)}, ${times(leader.engagement / stats.meanEngagement)} the ${num(stats.meanEngagement)} average of all ${int(stats.titles)}.`,
        { title: leader.title, engagement: leader.engagement, meanEngagement: stats.meanEngagement, titles: stats.titles },
        0.75,
      ),
    );
  }
  if (stats.hitRate !== null) {
    const hits = titles.filter((t) => t.hit).length;
    const share = hits / titles.length;
    const than = Math.abs(share - stats.hitRate) < 0.05 ? 'in line with' : share > stats.hitRate ? 'above' : 'below';
    out.push(
      insight(
        `${hits} of the ${titles.length} titles listed were hits, ${than} the ${pct(stats.hitRate)} hit rate of the ${int(stats.titles)} they were picked from.`,
        { hitRate: stats.hitRate, titles: stats.titles },
        0.7,
      ),
    );
  }
  const full = titles.filter((t) => t.similarity === 1).length;
  if (criteria.budgetBand === null) {
    const quarter = titles.filter((t) => t.similarity >= 0.8).length;
    out.push(
      insight(
        `No title can match a budget band here${data.input.mediaType === 'tv' ? ' (TMDB has no TV budgets)' : ''}: ${quarter} of the ${titles.length} listed share the quarter, Q${data.input.quarter}.`,
        { quarter: data.input.quarter, mediaType: data.input.mediaType },
        0.65,
      ),
    );
  } else {
    out.push(
      insight(
        full > 0
          ? `${full} of the ${titles.length} titles listed meet all five criteria, budget band ${formatUsd(criteria.budgetBand.min)}–${formatUsd(criteria.budgetBand.max)} and Q${data.input.quarter} included.`
          : `None of the titles listed meets all five criteria: none is both in the ${formatUsd(criteria.budgetBand.min)}–${formatUsd(criteria.budgetBand.max)} band and released in Q${data.input.quarter}.`,
        { min: criteria.budgetBand.min, max: criteria.budgetBand.max, quarter: data.input.quarter },
        0.65,
      ),
    );
  }
  return rankInsights(out);
}

/** The drivers: the biggest one, the strongest in the other direction, the balance, and the budget's own part. */
function driversView(data: PredictData): Insight[] {
  const p = data.prediction;
  if (!p) return [insight('No trained models are loaded, so there is no prediction for its drivers to explain.', { budgetLevel: data.input.budgetLevel }, 1)];
  const drivers = nonZeroDrivers(p.drivers);
  if (drivers.length === 0)
    return [insight('The model reported no contributions for this plan: nothing moved it from its base value.', { baseValue: p.baseValue }, 1)];
  const out: (Insight | null)[] = [topDriverInsight(data, 0.9)];
  const top = drivers[0];
  const other = drivers.find((d) => Math.sign(d.contribution) !== Math.sign(top.contribution));
  if (other) {
    out.push(
      insight(
        `The strongest ${other.contribution > 0 ? 'push up' : 'pull down'} is ${other.feature} (${signed(other.contribution)}).`,
        { feature: other.feature, contribution: other.contribution },
        0.75,
      ),
    );
  }
  const up = drivers.filter((d) => d.contribution > 0);
  const down = drivers.filter((d) => d.contribution < 0);
  if (up.length > 0 && down.length > 0) {
    const sum = (ds: typeof drivers) => ds.reduce((s, d) => s + d.contribution, 0);
    out.push(
      insight(
        `${up.length} inputs push the prediction up by ${signed(sum(up))} in all, ${down.length} pull it down by ${num(sum(down))}, from a base value of ${num(p.baseValue)}.`,
        { baseValue: p.baseValue },
        0.65,
      ),
    );
  }
  // The plan's budget input (for TV the model has none: "budget level: not used").
  const rank = drivers.findIndex((d) => d.feature.startsWith('budget') && !d.feature.endsWith('unknown'));
  const budget = drivers[rank];
  if (budget && rank > 0) {
    out.push(
      insight(
        `The budget itself (${budget.feature}) contributes ${p.money ? `×${num(Math.exp(budget.contribution))} on revenue` : signed(budget.contribution)}, ${ordinal(rank + 1)} of ${drivers.length} inputs${rank >= DRIVERS_CHARTED ? `, beyond the ${DRIVERS_CHARTED} charted` : ''}.`,
        { feature: budget.feature, contribution: budget.contribution },
        0.7,
      ),
    );
  }
  return rankInsights(out);
}

/** The bullets about each view of predict's data (one view per chart). */
export function predictDetails(data: PredictData): Record<PredictView, Insight[]> {
  return {
    outlook: outlookView(data),
    'reference-class': referenceClassView(data),
    'budget-curve': budgetCurveView(data),
    profile: profileView(data),
    benchmarks: benchmarksView(data),
    drivers: driversView(data),
  };
}

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
import type { Driver } from '../model-port.ts';
import type { Insight } from '../types.ts';
import type { PredictData, PredictView } from './types.ts';

/** Drivers the drivers chart shows (the first of `nonZeroDrivers`: the largest contributions). */
export const DRIVERS_CHARTED = 8;
/** Fewer titles than this in the genre and type: its percentiles are not argued from. */
export const MIN_DISTRIBUTION_TITLES = 10;

/** "Science Fiction movie" / "Science Fiction series", and the plural. */
export function plannedWords(data: PredictData): { what: string; whats: string; one: string } {
  const tv = data.input.mediaType === 'tv';
  return { what: `${data.input.genre} ${tv ? 'series' : 'movie'}`, whats: `${data.input.genre} ${tv ? 'series' : 'movies'}`, one: tv ? 'series' : 'movie' };
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
    `The genre's median ${plannedWords(data).one} has popularity ${num(dist.p50)} (${int(dist.titles)} titles); the plan is ${prediction.popularity.value >= dist.p50 ? 'above' : 'below'} it.`,
    { p50: dist.p50, titles: dist.titles, popularity: prediction.popularity.value },
    weight,
  );
}

/** The predicted popularity at budget level 1 and at level 10. */
export function budgetRangeInsight(data: PredictData, weight = 0.5): Insight | null {
  const curve = data.budgetCurve;
  const lo = curve[0];
  const hi = curve[curve.length - 1];
  if (!lo || !hi || curve.length < 2) return null;
  return insight(`Across budget levels 1–10 the predicted popularity moves from ${num(lo.popularity)} to ${num(hi.popularity)}.`, { level1: lo.popularity, level10: hi.popularity }, weight);
}

/** The input that moved the prediction most. */
export function topDriverInsight(data: PredictData, weight = 0.6): Insight | null {
  const top = data.prediction?.drivers[0];
  if (!top) return null;
  return insight(`Biggest driver: ${top.feature} (${signed(top.contribution)} popularity).`, { feature: top.feature, contribution: top.contribution }, weight);
}

/** The set the benchmarks come from (the genre and type in the era): how many, how many hits; or that it is empty. */
export function benchmarkSetInsight(data: PredictData, weight = 0.7): Insight | null {
  const { stats, criteria } = data.benchmarks;
  const { whats } = plannedWords(data);
  if (stats.titles === 0) {
    return insight(`No ${whats} were released ${criteria.yearFrom}–${criteria.yearTo}: nothing to benchmark against.`, { yearFrom: criteria.yearFrom, yearTo: criteria.yearTo }, 0.9);
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

// ------------------------------------------------------------------ views

/** The genre's popularity range and the plan's prediction interval on it. */
function outlookView(data: PredictData): Insight[] {
  const { prediction: p, genreDistribution: d, benchmarks } = data;
  const { whats } = plannedWords(data);
  if (d.titles === 0 || d.p10 === null || d.p25 === null || d.p50 === null || d.p75 === null || d.p90 === null) {
    return [insight(`No ${whats} in the catalog: nothing to place the plan against.`, { genre: data.input.genre, titles: d.titles }, 1)];
  }
  if (d.titles < MIN_DISTRIBUTION_TITLES) {
    return [insight(`Only ${int(d.titles)} ${whats} in the catalog: too few for the genre's percentiles to place the plan.`, { genre: data.input.genre, titles: d.titles }, 1)];
  }
  const out: (Insight | null)[] = [];
  if (p) {
    out.push(genreMedianInsight(data, 0.9));
    const v = p.popularity;
    if (v.low > 0 && d.p10 > 0) {
      const wider = v.high / v.low > d.p90 / d.p10;
      out.push(
        insight(
          `The plan's ${pct(v.level)} interval, ${num(v.low)}–${num(v.high)}, spans ${times(v.high / v.low)} from low to high, ${wider ? 'wider than' : 'within'} the genre's own 10th–90th percentile spread (${times(d.p90 / d.p10)}).`,
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
    if (p.popularityPercentile !== undefined) {
      out.push(
        insight(
          `Among the model's predictions for the catalog's ${data.input.mediaType === 'tv' ? 'series' : 'movies'}, ${num(v.value)} ranks at the ${ordinal(Math.round(p.popularityPercentile))} percentile.`,
          { popularity: v.value, popularityPercentile: p.popularityPercentile },
          0.5,
        ),
      );
    }
  } else {
    out.push(
      insight(`No prediction without trained models: the chart shows ${whats} alone, median popularity ${num(d.p50)} across ${int(d.titles)} titles.`, { p50: d.p50, titles: d.titles }, 0.9),
    );
    if (d.p10 > 0) {
      out.push(insight(`Popularity is lopsided: the genre's 90th percentile (${num(d.p90)}) is ${times(d.p90 / d.p10)} its 10th (${num(d.p10)}).`, { p90: d.p90, p10: d.p10 }, 0.7));
    }
    out.push(insight(`The middle half of ${whats} have popularity between ${num(d.p25)} and ${num(d.p75)}.`, { p25: d.p25, p75: d.p75 }, 0.5));
  }
  return rankInsights(out);
}

/** The budget curve: its range, the cheapest level as good as the one asked about, its steepest step, hit probability. */
function budgetCurveView(data: PredictData): Insight[] {
  const curve = data.budgetCurve;
  const chosen = data.input.budgetLevel;
  if (curve.length < 2) {
    return [insight('No trained models are loaded, so there is no budget curve: the prediction at each level needs them.', { budgetLevel: chosen }, 1)];
  }
  const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  if (curve.every((c) => same(c.popularity, curve[0].popularity) && same(c.hitProbability, curve[0].hitProbability))) {
    return [
      insight(
        `The budget level does not move the prediction: every level predicts popularity ${num(curve[0].popularity)}, hit probability ${pct(curve[0].hitProbability)}${data.input.mediaType === 'tv' ? ' (TMDB has no budgets for TV)' : ''}.`,
        { popularity: curve[0].popularity, hitProbability: curve[0].hitProbability },
        1,
      ),
    ];
  }
  const bands = new Map(data.budgetBands.map((b) => [b.level, b]));
  const dollars = (level: number) => {
    const band = data.input.mediaType === 'movie' ? bands.get(level) : undefined;
    return band ? ` (${formatUsd(band.min)}–${formatUsd(band.max)})` : '';
  };
  const out: (Insight | null)[] = [budgetRangeInsight(data, 0.8)];
  const at = curve.find((c) => c.level === chosen);
  if (at) {
    // The cheapest level predicting at least as much as the one asked about.
    const cheaper = curve.find((c) => c.level < chosen && (c.popularity > at.popularity || same(c.popularity, at.popularity)));
    const best = [...curve].sort((a, b) => b.popularity - a.popularity || a.level - b.level)[0];
    if (cheaper) {
      out.push(
        insight(
          `Level ${cheaper.level}${dollars(cheaper.level)} predicts as much as level ${chosen}: ${num(cheaper.popularity)}, for less budget.`,
          { level: cheaper.level, popularity: cheaper.popularity, budgetLevel: chosen },
          0.75,
        ),
      );
    } else if (best.level !== chosen) {
      out.push(
        insight(
          `Level ${chosen}${dollars(chosen)} predicts ${num(at.popularity)}; the highest prediction is ${num(best.popularity)} at level ${best.level}${dollars(best.level)}.`,
          { budgetLevel: chosen, popularity: at.popularity, bestLevel: best.level, bestPopularity: best.popularity },
          0.75,
        ),
      );
    } else {
      out.push(insight(`Level ${chosen}${dollars(chosen)} already has the highest prediction on the curve: ${num(at.popularity)}.`, { budgetLevel: chosen, popularity: at.popularity }, 0.75));
    }
  }
  // The steepest step between neighbouring levels.
  let step = 1;
  for (let k = 1; k < curve.length; k++) {
    if (Math.abs(curve[k].popularity - curve[k - 1].popularity) > Math.abs(curve[step].popularity - curve[step - 1].popularity)) step = k;
  }
  const from = curve[step - 1];
  const to = curve[step];
  if (to.popularity !== from.popularity) {
    out.push(
      insight(
        `The steepest step is from level ${from.level} to ${to.level}: ${signed(to.popularity - from.popularity)} popularity (${num(from.popularity)} to ${num(to.popularity)}).`,
        { fromLevel: from.level, toLevel: to.level, from: from.popularity, to: to.popularity },
        0.6,
      ),
    );
  }
  const byHit = [...curve].sort((a, b) => b.hitProbability - a.hitProbability || a.level - b.level);
  const top = byHit[0];
  const low = byHit[byHit.length - 1];
  const narrow = top.hitProbability - low.hitProbability < 0.1;
  out.push(
    insight(
      `Hit probability ranges ${narrow ? 'only ' : ''}from ${pct(low.hitProbability)} (level ${low.level}) to ${pct(top.hitProbability)} (level ${top.level}) across budgets.`,
      { low: low.hitProbability, lowLevel: low.level, high: top.hitProbability, highLevel: top.level },
      narrow ? 0.65 : 0.55,
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
  if (drivers.length === 0) return [insight('The model reported no contributions for this plan: nothing moved it from its base value.', { baseValue: p.baseValue }, 1)];
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
  const rank = drivers.findIndex((d) => d.feature.startsWith('budget') && !d.feature.endsWith('not used'));
  const budget = drivers[rank];
  if (budget && rank > 0) {
    out.push(
      insight(
        `The budget itself (${budget.feature}) contributes ${signed(budget.contribution)}, ${ordinal(rank + 1)} of ${drivers.length} inputs${rank >= DRIVERS_CHARTED ? `, beyond the ${DRIVERS_CHARTED} charted` : ''}.`,
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
    'budget-curve': budgetCurveView(data),
    profile: profileView(data),
    benchmarks: benchmarksView(data),
    drivers: driversView(data),
  };
}

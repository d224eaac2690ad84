/**
 * Forecast details: the bullets beside each chart of the forecast stage, one list per view (`ForecastView`),
 * computed from the data that chart draws (`charts/forecast.ts`):
 * - genre-forecasts: the monthly histories (the last `historyMonths` drawn) and forecasts of the top genres;
 * - momentum: median velocity per genre (the top `momentumBars` drawn);
 * - velocity: the fastest titles (the top `velocityBars` drawn);
 * - rising-stars: titles far ahead of their genre's median velocity (the top `starBars` drawn);
 * - accuracy: the forecaster's backtest sMAPE against the seasonal-naive baseline.
 * The stage-level bullets that are about exactly one view (coverage, outlook, trend, momentum leader, top star, no
 * models) are built here and shared with `forecastInsights`, so each sentence is written once.
 */
import { insight, int, num, ordinal, pct, rankInsights, times, titleWithYear } from '../insights.ts';
import { VELOCITY_MIN_DAYS } from '../measures.ts';
import { shiftMonth } from '../series.ts';
import type { Insight } from '../types.ts';
import type { ForecastData, ForecastView } from './types.ts';
import { median } from '../../../models/metrics.ts';

/**
 * What the charts draw — months of history per panel and rows per bar chart: `charts/forecast.ts` draws with
 * these — and the thresholds the bullets argue with.
 */
export const FORECAST_DETAIL_LIMITS = {
  /** Months of history drawn in each genre panel before the forecast (older months only squeeze the forecast). */
  historyMonths: 36,
  /** Genres in the momentum bars (by median velocity). */
  momentumBars: 12,
  /** Titles in the velocity bars (the fastest). */
  velocityBars: 10,
  /** Titles in the rising-stars bars (the furthest ahead of their genre). */
  starBars: 10,
  /** A genre's monthly series is argued from only with at least this many titles (as identify's thin genres). */
  minSeriesTitles: 30,
  /** A drawn month at least this many times its series' median month is called a spike. */
  spikeRatio: 4,
  /** Momentum ranks resting on fewer titles than this are flagged. */
  fewTitles: 15,
  /** Two figures within this relative distance are "close". */
  close: 0.1,
  /** A backtest sMAPE (%) at or above this for every genre earns a caution. */
  roughSmape: 30,
} as const;

type Series = ForecastData['series'][number];

/** What the forecast stage passes in besides its data. */
export interface ForecastDetailOptions {
  /** Velocity ratio from which a title is a rising star (`FORECAST_LIMITS.risingRatio`). */
  risingRatio: number;
}

// ------------------------------------------------------------------ sentences shared with the stage's bullets

/** Where the histories end and the forecasts start, when the catalog's coverage thins out before its date. */
export function coverageInsight(data: ForecastData): Insight | null {
  const { end, lastComplete, thinned } = data.coverage;
  if (!thinned) return null;
  const why = `The data is complete only to ${end} (later months hold under half the usual releases)`;
  const figures = { coverageEnd: end, lastCompleteMonth: lastComplete };
  if (data.series.some((s) => s.forecast !== null)) {
    const from = shiftMonth(end, 1);
    const to = shiftMonth(end, data.horizonMonths);
    return insight(`${why}, so the histories end there and the ${data.horizonMonths}-month forecasts run ${from} to ${to}, not from today.`, figures, 0.9);
  }
  return insight(`${why}, so the histories end there rather than at ${lastComplete}.`, figures, 0.9);
}

export interface Outlook {
  genre: string;
  /** Mean of the forecast months, and of the last 12 history months. */
  forecastMean: number;
  historyMean: number;
  change: number;
  model: string;
  /** First and last forecast months (null when the forecast is empty). */
  from: string | null;
  to: string | null;
}

/** The genre whose forecast mean is highest against its last 12 months (ties by name); null without forecasts. */
export function strongestOutlook(series: readonly Series[]): Outlook | null {
  const growth = series
    .filter((s) => s.forecast !== null)
    .map((s) => {
      const f = s.forecast?.forecast ?? [];
      const h = s.history.slice(-12);
      const fMean = f.reduce((a, p) => a + p.value, 0) / Math.max(1, f.length);
      const hMean = h.reduce((a, p) => a + p.value, 0) / Math.max(1, h.length);
      return { genre: s.genre, fMean, hMean, model: s.forecast?.model ?? '', f };
    })
    .filter((g) => g.hMean > 0)
    .sort((a, b) => b.fMean / b.hMean - a.fMean / a.hMean || a.genre.localeCompare(b.genre));
  const g0 = growth[0];
  if (!g0) return null;
  const f = g0.f;
  return {
    genre: g0.genre,
    forecastMean: g0.fMean,
    historyMean: g0.hMean,
    change: g0.fMean / g0.hMean - 1,
    model: g0.model,
    from: f.length > 0 ? f[0].month : null,
    to: f.length > 0 ? f[f.length - 1].month : null,
  };
}

/**
 * The strongest outlook as a sentence. It quotes the forecast mean against the last 12 months, not the last forecast
 * month, which may be a seasonal trough or peak. The stage's bullet names the model; the chart's leaves it to the
 * accuracy chart (the model's description is long).
 */
export function outlookText(o: Outlook, withModel = true): string {
  const span = o.from !== null && o.to !== null ? `${o.from} to ${o.to}` : 'the horizon';
  return (
    `${o.genre} has the strongest outlook: its forecast averages ${num(o.forecastMean)} monthly engagement over ${span}, ` +
    `${o.change >= 0 ? 'up' : 'down'} ${pct(Math.abs(o.change))} on its last 12 months${withModel ? ` — ${o.model}` : ''}.`
  );
}

/** The series with the highest 12-month trend (ties by name), as the stage words it. */
export function trendLeaderInsight(data: ForecastData, series: readonly Series[], weight: number): Insight | null {
  const rising = series.filter((s) => s.trend !== null).sort((a, b) => (b.trend ?? 0) - (a.trend ?? 0) || a.genre.localeCompare(b.genre));
  const r0 = rising[0];
  if (!r0 || r0.trend === null) return null;
  return insight(
    `${r0.genre}'s release engagement over the ${data.coverage.thinned ? `12 months to ${data.coverage.end}` : 'last 12 months'} is ${r0.trend >= 0 ? 'up' : 'down'} ${pct(Math.abs(r0.trend))} on the 12 before${r0.trend < 0 ? ' — and every top genre is down' : ''}.`,
    { genre: r0.genre, trend: r0.trend },
    weight,
  );
}

/** The momentum leader, or that there are too few recent releases to rank momentum. */
export function momentumLeaderInsight(data: ForecastData, weight: number): Insight {
  const m0 = data.momentum[0];
  if (!m0) return insight(`Too few recent releases (last ${data.windowMonths} months) to rank momentum.`, { windowMonths: data.windowMonths }, weight);
  return insight(
    `Momentum leader: ${m0.genre}, median velocity ${num(m0.medianVelocity)} popularity/day across ${int(m0.titles)} titles from the last ${data.windowMonths} months.`,
    { genre: m0.genre, medianVelocity: m0.medianVelocity, titles: m0.titles, windowMonths: data.windowMonths },
    weight,
  );
}

/** The top rising star. */
export function topStarInsight(data: ForecastData, weight: number): Insight | null {
  const star = data.risingStars[0];
  if (!star) return null;
  return insight(
    `Rising star: ${titleWithYear(star)} moves ${times(star.ratio)} faster than the ${star.genre} median.`,
    { title: star.title, ratio: star.ratio, genre: star.genre, velocity: star.velocity },
    weight,
  );
}

/** Said when no series has a forecast. */
export function noModelsInsight(data: ForecastData, weight: number): Insight | null {
  if (!data.series.every((s) => s.forecast === null)) return null;
  return insight('No trained models are loaded: the series are history only, with no forecast.', { horizonMonths: data.horizonMonths }, weight);
}

// ------------------------------------------------------------------ helpers

/** A velocity (popularity/day): two significant digits below 0.1, where `num`'s two decimals say little. */
const vel = (v: number): string => (Math.abs(v) < 0.1 && v !== 0 ? v.toPrecision(2) : num(v));

const signed = (share: number): string => `${share >= 0 ? '+' : '−'}${pct(Math.abs(share))}`;

/** How far a leads b: "by only 5%" when close, "by 30%", "by 2.1×" from twice. */
function lead(a: number, b: number): string {
  if (b <= 0) return 'outright';
  const r = a / b;
  if (r >= 2) return `by ${times(r)}`;
  return `by ${r - 1 < FORECAST_DETAIL_LIMITS.close ? 'only ' : ''}${pct(r - 1)}`;
}

// ------------------------------------------------------------------ views

function genreForecastsView(data: ForecastData): Insight[] {
  const L = FORECAST_DETAIL_LIMITS;
  const drawn = data.series.filter((s) => s.history.length > 0);
  if (drawn.length === 0) return [insight('No genre has a monthly history here to chart.', { horizonMonths: data.horizonMonths }, 1)];
  const argued = drawn.filter((s) => s.titles >= L.minSeriesTitles);
  if (argued.length === 0) {
    const big = [...drawn].sort((a, b) => b.titles - a.titles || a.genre.localeCompare(b.genre))[0];
    return [
      insight(
        `Too few releases to read the monthly series: the largest genre here, ${big.genre}, has ${int(big.titles)} titles since ${data.coverage.first}.`,
        { genre: big.genre, titles: big.titles, from: data.coverage.first },
        1,
      ),
    ];
  }
  const out: (Insight | null)[] = [coverageInsight(data)];
  const o = strongestOutlook(argued);
  if (o) out.push(insight(outlookText(o, false), { genre: o.genre, ...(o.from && o.to ? { from: o.from, to: o.to } : {}) }, 0.85));
  out.push(trendLeaderInsight(data, argued, 0.7));

  // The weakest trend, against the others' median.
  const trends = argued.filter((s) => s.trend !== null).sort((a, b) => (a.trend ?? 0) - (b.trend ?? 0) || a.genre.localeCompare(b.genre));
  const weakest = trends[0];
  if (weakest && weakest.trend !== null && trends.length >= 3) {
    const mid = median(trends.map((s) => s.trend ?? 0));
    out.push(
      insight(
        `${weakest.genre} trails the ${trends.length} genres: ${signed(weakest.trend)} on the 12 months before, against a median of ${signed(mid)}.`,
        { genre: weakest.genre, trend: weakest.trend },
        0.62,
      ),
    );
  }

  // The largest one-month spike in the drawn history: it flattens the rest of its panel.
  let spike: { s: Series; month: string; value: number; ratio: number } | null = null;
  for (const s of argued) {
    const window = s.history.slice(-L.historyMonths);
    const mid = median(window.map((p) => p.value));
    if (mid <= 0) continue;
    for (const p of window) {
      const ratio = p.value / mid;
      if (ratio >= L.spikeRatio && (!spike || ratio > spike.ratio || (ratio === spike.ratio && s.genre < spike.s.genre))) spike = { s, month: p.month, value: p.value, ratio };
    }
  }
  if (spike) {
    out.push(
      insight(
        `${spike.s.genre} has a one-month spike: ${spike.month} at ${num(spike.value)}, ${times(spike.ratio)} its median month over the ${L.historyMonths} drawn, which flattens the rest of its panel.`,
        { genre: spike.s.genre, month: spike.month, value: spike.value },
        0.66,
      ),
    );
  }
  out.push(noModelsInsight(data, 0.5));
  return rankInsights(out);
}

function momentumView(data: ForecastData): Insight[] {
  const L = FORECAST_DETAIL_LIMITS;
  const rows = data.momentum.slice(0, L.momentumBars);
  if (rows.length === 0) return [momentumLeaderInsight(data, 1)];
  if (rows.length === 1) {
    return [
      insight(
        `Only ${rows[0].genre} has enough titles from the last ${data.windowMonths} months (${int(rows[0].titles)}) to measure: too few genres to rank momentum.`,
        { genre: rows[0].genre, titles: rows[0].titles, windowMonths: data.windowMonths },
        1,
      ),
    ];
  }
  const out: (Insight | null)[] = [momentumLeaderInsight(data, 0.9)];
  const [a, b] = rows;
  out.push(
    insight(
      `${a.genre} leads ${b.genre}, second, ${lead(a.medianVelocity, b.medianVelocity)} (${vel(a.medianVelocity)} vs ${vel(b.medianVelocity)} popularity/day).`,
      { genre: a.genre, medianVelocity: a.medianVelocity, runnerUp: b.genre, runnerUpVelocity: b.medianVelocity },
      0.75,
    ),
  );
  const last = rows[rows.length - 1];
  if (rows.length >= 3 && last.medianVelocity > 0) {
    out.push(
      insight(
        `Momentum spans ${times(a.medianVelocity / last.medianVelocity)} across the ${rows.length} genres shown: ${last.genre} is slowest at ${vel(last.medianVelocity)} popularity/day.`,
        { genre: last.genre, medianVelocity: last.medianVelocity },
        0.65,
      ),
    );
  }
  // Volume is not speed: where the genre with the most recent titles ranks.
  const biggest = rows.map((r, k) => ({ r, rank: k + 1 })).sort((x, y) => y.r.titles - x.r.titles || x.r.genre.localeCompare(y.r.genre))[0];
  if (biggest.rank > 1) {
    out.push(
      insight(
        `${biggest.r.genre} has the most recent titles (${int(biggest.r.titles)}) yet ranks ${ordinal(biggest.rank)} of ${rows.length} on momentum (${vel(biggest.r.medianVelocity)}/day): volume is not speed.`,
        { genre: biggest.r.genre, titles: biggest.r.titles, medianVelocity: biggest.r.medianVelocity },
        0.6,
      ),
    );
  } else {
    out.push(insight(`${a.genre} also has the most recent titles of any genre here (${int(a.titles)}).`, { genre: a.genre, titles: a.titles }, 0.6));
  }
  // A podium place resting on few titles.
  const shaky = rows.slice(0, 3).map((r, k) => ({ r, rank: k + 1 })).filter((x) => x.r.titles < L.fewTitles);
  const s0 = shaky[0];
  if (s0) {
    out.push(
      insight(
        `${s0.r.genre}'s ${ordinal(s0.rank)} place rests on only ${int(s0.r.titles)} titles: one release more or less can move its median.`,
        { genre: s0.r.genre, titles: s0.r.titles },
        0.55,
      ),
    );
  }
  return rankInsights(out);
}

function velocityView(data: ForecastData): Insight[] {
  const L = FORECAST_DETAIL_LIMITS;
  const rows = data.velocityRanking.slice(0, L.velocityBars);
  if (rows.length < 3) {
    return [
      insight(
        rows.length === 0
          ? `No released title with a known date from the last ${data.windowMonths} months to rank.`
          : `Only ${rows.length} released title${rows.length === 1 ? '' : 's'} with a known date from the last ${data.windowMonths} months: too few to rank velocity.`,
        { windowMonths: data.windowMonths },
        1,
      ),
    ];
  }
  const out: (Insight | null)[] = [];
  const [a, b] = rows;
  out.push(
    insight(
      `${titleWithYear(a)} is fastest at ${vel(a.velocity)} popularity/day, ahead of ${b.title} (${vel(b.velocity)}) ${lead(a.velocity, b.velocity)}.`,
      { title: a.title, velocity: a.velocity, runnerUp: b.title, runnerUpVelocity: b.velocity },
      0.9,
    ),
  );
  // Velocity counts at least 30 days: a title out for less may still settle.
  const fresh = rows.filter((t) => t.daysSinceRelease < VELOCITY_MIN_DAYS);
  if (fresh.length > 0) {
    const f = fresh[0];
    out.push(
      insight(
        `${f.title} came out ${f.daysSinceRelease < 1 ? 'on the data date' : `only ${int(f.daysSinceRelease)} days before the data date`}: its ${vel(f.velocity)}/day is its popularity over the ${VELOCITY_MIN_DAYS}-day floor, so it may still settle` +
          `${fresh.length > 1 ? ` (${fresh.length} of the top ${rows.length} are that new)` : ''}.`,
        { title: f.title, daysSinceRelease: f.daysSinceRelease, velocity: f.velocity },
        0.8,
      ),
    );
  }
  // How steep the ranking is.
  const last = rows[rows.length - 1];
  const halfPace = rows.filter((t) => t.velocity >= a.velocity / 2).length;
  if (halfPace === rows.length) {
    out.push(
      insight(
        `The ranking is flat: all ${rows.length} titles move at least half the leader's pace, down to ${last.title} at ${vel(last.velocity)}/day.`,
        { title: last.title, velocity: last.velocity, leaderVelocity: a.velocity },
        0.7,
      ),
    );
  } else if (last.velocity > 0) {
    out.push(
      insight(
        `The ranking falls off fast: ${halfPace <= 1 ? 'no other title reaches' : `${halfPace} of the top ${rows.length} reach`} half the leader's pace, and #${rows.length}, ${last.title}, is ${times(a.velocity / last.velocity)} slower (${vel(last.velocity)}/day).`,
        { title: last.title, velocity: last.velocity, leaderVelocity: a.velocity },
        0.7,
      ),
    );
  }
  // Staying power: the longest-running title in the top list.
  const oldest = [...rows].sort((x, y) => y.daysSinceRelease - x.daysSinceRelease || x.title.localeCompare(y.title))[0];
  if (oldest.daysSinceRelease >= 365) {
    out.push(
      insight(
        `Staying power: ${oldest.title} still gains ${vel(oldest.velocity)} popularity/day ${int(oldest.daysSinceRelease)} days after release, the longest run in the top ${rows.length}.`,
        { title: oldest.title, velocity: oldest.velocity, daysSinceRelease: oldest.daysSinceRelease },
        0.6,
      ),
    );
  }
  return rankInsights(out);
}

function risingStarsView(data: ForecastData, options: ForecastDetailOptions): Insight[] {
  const L = FORECAST_DETAIL_LIMITS;
  const stars = data.risingStars.slice(0, L.starBars);
  if (stars.length === 0) {
    return [
      insight(
        `No title from the last ${data.windowMonths} months moves ${times(options.risingRatio)} its genre's median velocity or more: no rising stars.`,
        { windowMonths: data.windowMonths },
        1,
      ),
    ];
  }
  const out: (Insight | null)[] = [topStarInsight(data, 0.9)];
  // The biggest step down the list: the stars above it stand apart.
  let step: { k: number; drop: number } | null = null;
  for (let k = 1; k < stars.length; k++) {
    const drop = stars[k].ratio > 0 ? stars[k - 1].ratio / stars[k].ratio : Infinity;
    if (!step || drop > step.drop) step = { k, drop };
  }
  if (step && step.drop >= 1.5 && Number.isFinite(step.drop)) {
    const next = stars[step.k];
    out.push(
      insight(
        `${step.k === 1 ? `${stars[0].title} stands` : `The top ${step.k} stand`} apart: the next, ${next.title}, is at ${times(next.ratio)}, ${times(step.drop)} below ${step.k === 1 ? 'it' : `#${step.k}`}.`,
        { title: next.title, ratio: next.ratio, aboveRatio: stars[step.k - 1].ratio },
        0.7,
      ),
    );
  }
  // Relative, not absolute: the star gaining the least popularity per day.
  if (stars.length >= 2) {
    const slow = [...stars].sort((x, y) => x.velocity - y.velocity || x.title.localeCompare(y.title))[0];
    out.push(
      insight(
        `Ratios are relative: ${slow.title}'s ${times(slow.ratio)} is against ${slow.genre}'s median of ${vel(slow.genreMedianVelocity)}/day; it gains ${vel(slow.velocity)}/day, the least of the ${stars.length} stars.`,
        { title: slow.title, ratio: slow.ratio, genre: slow.genre, genreMedianVelocity: slow.genreMedianVelocity, velocity: slow.velocity },
        0.65,
      ),
    );
  }
  // The genre with the most stars.
  const byGenre = new Map<string, typeof stars>();
  for (const s of stars) byGenre.set(s.genre, [...(byGenre.get(s.genre) ?? []), s]);
  const top = [...byGenre.entries()].sort((x, y) => y[1].length - x[1].length || x[0].localeCompare(y[0]))[0];
  // (With a single genre among the stars, e.g. one genre asked for, that says nothing.)
  if (top && top[1].length >= 2 && byGenre.size > 1) {
    const [genre, list] = top;
    const lowest = Math.min(...stars.map((s) => s.genreMedianVelocity));
    const why = list[0].genreMedianVelocity === lowest ? `, helped by the lowest median of the stars' genres (${vel(list[0].genreMedianVelocity)}/day)` : '';
    const names = list.length > 3 ? `${list.slice(0, 3).map((s) => s.title).join(', ')} and ${list.length - 3} more` : list.map((s) => s.title).join(', ');
    out.push(
      insight(
        `${genre} has ${list.length} of the ${stars.length} stars (${names})${why}.`,
        { genre, genreMedianVelocity: list[0].genreMedianVelocity },
        0.6,
      ),
    );
  }
  return rankInsights(out);
}

function accuracyView(data: ForecastData): Insight[] {
  const scored = data.series.flatMap((s) => (s.forecast?.backtest ? [{ genre: s.genre, ...s.forecast.backtest }] : []));
  if (scored.length === 0) {
    const text = data.series.every((s) => s.forecast === null)
      ? 'No backtest to show: the forecasting models are not loaded.'
      : 'No backtest to show: the series are too short to hold out 12 months.';
    return [insight(text, { horizonMonths: data.horizonMonths }, 1)];
  }
  const gain = (x: (typeof scored)[number]) => (x.baselineSmape > 0 ? 1 - x.smape / x.baselineSmape : 0);
  const byGain = [...scored].sort((x, y) => gain(y) - gain(x) || x.genre.localeCompare(y.genre));
  const out: (Insight | null)[] = [];
  const best = byGain[0];
  if (gain(best) > 0) {
    out.push(
      insight(
        `The forecaster's biggest edge is in ${best.genre}: sMAPE ${num(best.smape)} against ${num(best.baselineSmape)} for the seasonal-naive baseline, ${pct(gain(best))} lower.`,
        { genre: best.genre, smape: best.smape, baselineSmape: best.baselineSmape },
        0.85,
      ),
    );
  }
  const losers = scored.filter((x) => x.smape >= x.baselineSmape).sort((x, y) => gain(x) - gain(y) || x.genre.localeCompare(y.genre));
  if (losers.length > 0) {
    const w = losers[0];
    out.push(
      insight(
        losers.length > 1
          ? `The baseline does as well or better in ${losers.length < scored.length ? `${losers.length} of ${scored.length}` : scored.length === 2 ? 'both' : `all ${scored.length}`} genres; worst is ${w.genre} (sMAPE ${num(w.smape)}, baseline ${num(w.baselineSmape)}).`
          : `In ${w.genre} the baseline does as well or better (sMAPE ${num(w.smape)}, baseline ${num(w.baselineSmape)}): trust that forecast least.`,
        { genre: w.genre, smape: w.smape, baselineSmape: w.baselineSmape },
        0.9,
      ),
    );
  } else if (scored.length > 1) {
    const slim = byGain[byGain.length - 1];
    out.push(
      insight(
        `${slim.genre}'s edge is slim: sMAPE ${num(slim.smape)} against ${num(slim.baselineSmape)} (${pct(gain(slim))} lower), barely better than repeating last year.`,
        { genre: slim.genre, smape: slim.smape, baselineSmape: slim.baselineSmape },
        0.75,
      ),
    );
  }
  if (scored.length > 1) {
    const bySmape = [...scored].sort((x, y) => x.smape - y.smape || x.genre.localeCompare(y.genre));
    const lo = bySmape[0];
    const hi = bySmape[bySmape.length - 1];
    out.push(
      insight(
        `${lo.genre} is the most predictable (backtest sMAPE ${num(lo.smape)}), ${hi.genre} the least (${num(hi.smape)}).`,
        { genre: lo.genre, smape: lo.smape, worstGenre: hi.genre, worstSmape: hi.smape },
        0.7,
      ),
    );
  }
  const floor = Math.min(...scored.map((x) => x.smape));
  if (floor >= FORECAST_DETAIL_LIMITS.roughSmape) {
    const lo = scored.find((x) => x.smape === floor) ?? scored[0];
    out.push(
      insight(
        `Even the best backtest misses by ${num(floor)}% sMAPE (${lo.genre}): read the forecasts for direction and season, not for monthly figures.`,
        { genre: lo.genre, smape: lo.smape },
        0.6,
      ),
    );
  }
  return rankInsights(out);
}

/** The bullets of every forecast view. Pure: same data, same bullets. */
export function forecastDetails(data: ForecastData, options: ForecastDetailOptions): Record<ForecastView, Insight[]> {
  return {
    'genre-forecasts': genreForecastsView(data),
    momentum: momentumView(data),
    velocity: velocityView(data),
    'rising-stars': risingStarsView(data, options),
    accuracy: accuracyView(data),
  };
}

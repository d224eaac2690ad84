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
import { VELOCITY_MIN_DAYS, VELOCITY_UNIT } from '../measures.ts';
import type { BacktestScore, ForecastBacktest, ForecastMethod, GenreForecast, MonthlyPoint } from '../model-port.ts';
import { MIN_TITLES_PER_PERIOD, periodLabel } from '../series.ts';
import type { Insight } from '../types.ts';
import type { ForecastData, ForecastView } from './types.ts';
import { median } from '../../../models/metrics.ts';
import { FEW_TITLES, tooFewNote } from '../words.ts';

/**
 * What the charts draw — months of history per panel and rows per bar chart: `charts/forecast.ts` draws with
 * these — and the thresholds the bullets argue with.
 */
export const FORECAST_DETAIL_LIMITS = {
  /** Months of history drawn in each genre panel before the forecast (older months only squeeze the forecast). */
  historyMonths: 48,
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
  fewTitles: FEW_TITLES,
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

/** "2026 Q1" / "2026-01": a period of the series by its first month. */
const periodOf = (data: ForecastData, month: string): string => periodLabel(month, data.coverage.granularity);
/** Percentage points, signed: "+2.1 points". */
const points = (v: number): string => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)} points`;
const share = (v: number): string => `${v.toFixed(1)}%`;

/** The presented forecast's mean against the last 12 months (points), and whether that exceeds its typical backtest error. */
export function seriesChange(
  history: readonly MonthlyPoint[],
  f: GenreForecast | null,
  perYear: number,
): { change: number | null; direction: 'up' | 'down' | 'flat' | null; typicalError: number | null } {
  if (!f || f.forecast.length === 0 || history.length === 0) return { change: null, direction: null, typicalError: null };
  const last = history.slice(-perYear);
  const change = f.forecast.reduce((a, p) => a + p.value, 0) / f.forecast.length - last.reduce((a, p) => a + p.value, 0) / last.length;
  const typicalError = f.backtest?.scores.find((x) => x.method === f.method)?.mae ?? null;
  if (typicalError === null) return { change, direction: null, typicalError };
  return { change, direction: change > typicalError ? 'up' : change < -typicalError ? 'down' : 'flat', typicalError };
}

/** The backtest's winner against the best other candidate: which, by how much (1 − winner ÷ runner-up MASE). */
export function winnerMargin(b: ForecastBacktest): { winner: BacktestScore; runnerUp: BacktestScore | null; gain: number } {
  const [winner, runnerUp] = b.scores;
  return { winner, runnerUp: runnerUp ?? null, gain: runnerUp && runnerUp.mase > 0 ? 1 - winner.mase / runnerUp.mase : 0 };
}

/** A method as a bullet names it. */
export function methodName(m: ForecastMethod): string {
  return m === 'prophet' ? 'Prophet' : m === 'mean' ? 'the historical mean' : m.replace('-', ' ');
}

/** What the series are and where they end: the as-of date, the last history period, the forecast periods. */
export function asOfInsight(data: ForecastData, weight: number): Insight | null {
  const { granularity, last, end, asOf } = data.coverage;
  const withHistory = data.series.find((s) => s.history.length > 0);
  if (!withHistory) return null;
  const f = data.series.find((s) => (s.forecast?.forecast.length ?? 0) > 0)?.forecast?.forecast;
  const span = f ? `; forecasts cover ${periodOf(data, f[0].month)} to ${periodOf(data, f[f.length - 1].month)}` : ' (history only)';
  return insight(
    `As of ${asOf}, the data's collection date: ${granularity === 'quarter' ? 'quarterly' : 'monthly'} shares of releases run to ${periodOf(data, last)}${span}; titles announced for later are the slate, not history.`,
    { asOf, historyEnd: end, granularity },
    weight,
  );
}

/**
 * The series whose forecast is an outlook (it beat every baseline in its backtest), the largest change on its last
 * 12 months first (ties by name): the outlook bullet names the first, the forecast chart draws them first.
 */
export function outlooksByChange<S extends Series>(series: readonly S[]): S[] {
  return series.filter((s) => s.forecast?.outlook && s.change !== null).sort((a, b) => (b.change ?? 0) - (a.change ?? 0) || a.genre.localeCompare(b.genre));
}

/**
 * The strongest outlook: among forecasts that beat every baseline in their backtest (`outlook`), the one with
 * the largest change on its last 12 months; or, when none did, that there is no outlook and what is shown instead.
 */
export function outlookInsight(data: ForecastData, weight: number): Insight | null {
  const forecast = data.series.filter((s) => s.forecast?.backtest && s.change !== null);
  if (forecast.length === 0) return null;
  const o = outlooksByChange(forecast)[0];
  if (!o?.forecast?.backtest || o.change === null) {
    const s = forecast[0];
    const b = s.forecast?.backtest;
    if (!b) return null;
    return insight(
      `No outlook: in ${forecast.length === 1 ? `${s.genre}'s backtest` : `${allOf(forecast.length)} genres' backtests`} a baseline did as well as Prophet or better, so the figures shown are baselines — ` +
        `${s.genre}: ${methodName(b.winner)}, MASE ${num(b.mase)}${b.winner === 'seasonal-naive' ? '' : ` vs ${num(b.baselineMase)} for seasonal naive`}.`,
      { genre: s.genre, presented: b.winner, mase: b.mase, baselineMase: b.baselineMase },
      weight,
    );
  }
  const f = o.forecast.forecast;
  const mean = f.reduce((a, p) => a + p.value, 0) / f.length;
  const { runnerUp, gain } = winnerMargin(o.forecast.backtest);
  const move =
    o.direction === 'flat' ? `level (${points(o.change)}, within its ±${(o.typicalError ?? 0).toFixed(1)} error)` : `${points(o.change)} on the last 12 months`;
  return insight(
    `Outlook: ${o.genre} at ${share(mean)} of releases in ${periodOf(data, f[0].month)}–${periodOf(data, f[f.length - 1].month)}, ${move}; ` +
      `Prophet won its backtest${runnerUp ? ` by ${pct(gain)} over ${methodName(runnerUp.method)} (MASE ${num(o.forecast.backtest.mase)} vs ${num(runnerUp.mase)})` : ''}.`,
    { genre: o.genre, forecastMean: mean, change: o.change, mase: o.forecast.backtest.mase, ...(runnerUp ? { runnerUpMase: runnerUp.mase } : {}) },
    weight,
  );
}

/** The next quarter's slate: announced titles, and the genre most over-represented in it against its last period. */
export function slateInsight(data: ForecastData, weight: number): Insight | null {
  const { slate } = data;
  if (slate.titles === 0) {
    return insight(
      `No titles are announced for ${slate.from} to ${slate.to} in the catalog: no slate to read ahead.`,
      { from: slate.from, to: slate.to },
      weight * 0.7,
    );
  }
  const ranked = slate.byGenre
    .filter((g): g is typeof g & { share: number; lastShare: number } => g.share !== null && g.lastShare !== null && g.titles > 0)
    .sort((a, b) => b.share - b.lastShare - (a.share - a.lastShare) || a.genre.localeCompare(b.genre));
  const g = ranked[0];
  const lead = `Slate for ${slate.from} to ${slate.to}: ${int(slate.titles)} announced title${slate.titles === 1 ? '' : 's'}`;
  if (!g) return insight(`${lead}, none in the genres shown.`, { titles: slate.titles, from: slate.from, to: slate.to }, weight);
  return insight(
    `${lead}; ${g.genre} is ${int(g.titles)} of them (${share(g.share)}) against ${share(g.lastShare)} of ${slate.lastPeriod}'s releases — announcements, a signal rather than a forecast${slate.titles < 20 ? ', and few' : ''}.`,
    { genre: g.genre, titles: g.titles, slateTitles: slate.titles, share: g.share, lastShare: g.lastShare, from: slate.from, to: slate.to },
    weight,
  );
}

/** "both", "all 3": how a claim about every one of `n` (≥ 2) things reads. */
const allOf = (n: number) => (n === 2 ? 'both' : `all ${n}`);

/** The genre whose share of comparable engagement rose most over the last 12 months (ties by name). */
export function trendLeaderInsight(data: ForecastData, series: readonly Series[], weight: number): Insight | null {
  const rising = series
    .filter((s) => s.engagementTrend !== null)
    .sort((a, b) => (b.engagementTrend ?? 0) - (a.engagementTrend ?? 0) || a.genre.localeCompare(b.genre));
  const r0 = rising[0];
  if (!r0 || r0.engagementTrend === null) return null;
  const down = r0.engagementTrend < 0;
  // Beside the move, how much its period shares swing over those two years: a move inside the swing is no trend.
  const swing = r0.engagementSwing;
  const within = swing !== null && Math.abs(r0.engagementTrend) <= swing;
  const spread = swing === null ? '' : `its ${data.coverage.granularity === 'month' ? 'monthly' : 'quarterly'} shares swing ±${swing.toFixed(1)} points`;
  // Among one genre there is no "most" and no "every": the ranking clause needs two or more.
  const ranking = rising.length < 2 ? '' : down ? ` — ${allOf(rising.length)} genres shown lost share` : ', the most of the genres shown';
  return insight(
    `Trending: ${r0.genre}'s share of new releases' engagement moved ${points(r0.engagementTrend)} in the 12 months to ${data.coverage.end} on the 12 before${ranking}${within ? `, but ${spread}: not a clear trend` : spread ? ` (${spread})` : ''}.`,
    { genre: r0.genre, engagementTrend: r0.engagementTrend, to: data.coverage.end, ...(swing !== null ? { swing } : {}) },
    weight,
  );
}

/**
 * The momentum claim a reply leads with: the leader among the genres ranked, or, when only one genre was measured,
 * its figure without a ranking (the most momentum among one is no claim). Null when nothing could be measured.
 */
export function momentumClaim(data: ForecastData): string | null {
  const m0 = data.momentum[0];
  if (!m0) return null;
  const figure = `median velocity ${vel(m0.medianVelocity)} ${VELOCITY_UNIT}, ${int(m0.titles)} titles released in the ${data.windowMonths} months to ${data.window.to}${tooFewNote(m0.titles, FORECAST_DETAIL_LIMITS.fewTitles)}`;
  return data.momentum.length === 1
    ? `${m0.genre}: ${figure} (the only genre measured, so no ranking)`
    : `${m0.genre} has the most momentum of the ${data.momentum.length} genres ranked (${figure})`;
}

/**
 * How far the forecast figures can be trusted, in a clause to stand beside them: only a Prophet forecast that beat
 * every baseline in its backtest is an outlook; anything else shown is a baseline, and says so.
 */
export function forecastSureness(data: ForecastData): string {
  const tested = data.series.filter((s) => s.forecast?.backtest);
  if (tested.length === 0) return 'no forecast here could be backtested, so treat the forecast figures as unproven';
  const outlooks = tested.filter((s) => s.forecast?.outlook).map((s) => s.genre);
  if (outlooks.length === 0) {
    const b = tested[0].forecast?.backtest;
    const prophet = b?.scores.find((x) => x.method === 'prophet');
    if (tested.length === 1 && b) {
      return `no outlook: Prophet lost ${tested[0].genre}'s backtest to ${methodName(b.winner)}${prophet ? ` (MASE ${num(b.mase)} vs ${num(prophet.mase)} for Prophet)` : ''}, so the forecast figures are a baseline`;
    }
    return `no outlook: a baseline did as well as Prophet or better in ${allOf(tested.length)} genres' backtests, so the forecast figures are baselines`;
  }
  if (outlooks.length === tested.length) return `Prophet beat every baseline in ${allOf(tested.length)} genres' backtests`;
  return `Prophet beat every baseline in ${outlooks.length} of ${tested.length} genres' backtests (${outlooks.slice(0, 3).join(', ')}${outlooks.length > 3 ? ', …' : ''}); the other genres' figures are baselines`;
}

/** The momentum leader in the recent window (with its dates), or that there are too few recent releases to rank momentum. */
export function momentumLeaderInsight(data: ForecastData, weight: number): Insight {
  const { from, to } = data.window;
  const m0 = data.momentum[0];
  if (!m0) return insight(`Too few releases from ${from} to ${to} to rank momentum.`, { windowMonths: data.windowMonths, from, to }, weight);
  if (data.momentum.length === 1) {
    return insight(
      `${m0.genre} as of ${to}: median velocity ${vel(m0.medianVelocity)} ${VELOCITY_UNIT} across ${int(m0.titles)} titles released since ${from}${tooFewNote(m0.titles, FORECAST_DETAIL_LIMITS.fewTitles)}.`,
      { genre: m0.genre, medianVelocity: m0.medianVelocity, titles: m0.titles, windowMonths: data.windowMonths, from, to },
      weight,
    );
  }
  return insight(
    `Rising as of ${to}: ${m0.genre} has the most momentum among titles released since ${from}, median velocity ${vel(m0.medianVelocity)} ${VELOCITY_UNIT} across ${int(m0.titles)} titles${tooFewNote(m0.titles, FORECAST_DETAIL_LIMITS.fewTitles)}.`,
    { genre: m0.genre, medianVelocity: m0.medianVelocity, titles: m0.titles, windowMonths: data.windowMonths, from, to },
    weight,
  );
}

/** The top rising star. */
export function topStarInsight(data: ForecastData, weight: number): Insight | null {
  const star = data.risingStars[0];
  if (!star) return null;
  return insight(
    `Rising star: ${titleWithYear(star)} moves ${times(star.ratio)} faster than the ${star.genre} median of titles released since ${data.window.from}.`,
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
  if (drawn.length === 0) return [insight('No genre has a history of releases here to chart.', { horizonMonths: data.horizonMonths }, 1)];
  const argued = drawn.filter((s) => s.titles >= L.minSeriesTitles);
  if (argued.length === 0) {
    const big = [...drawn].sort((a, b) => b.titles - a.titles || a.genre.localeCompare(b.genre))[0];
    return [
      insight(
        `Too few releases to read the shares: the largest genre here, ${big.genre}, has ${int(big.titles)} titles since ${data.coverage.first}.`,
        { genre: big.genre, titles: big.titles, from: data.coverage.first },
        1,
      ),
    ];
  }
  const out: (Insight | null)[] = [asOfInsight(data, 0.9)];
  out.push(outlookInsight({ ...data, series: argued }, 0.85));

  // Directions, each against its forecast's typical backtest error.
  const directed = argued.filter((s) => s.direction !== null);
  if (directed.length >= 2) {
    const by = (d: string) => directed.filter((s) => s.direction === d).map((s) => s.genre);
    const up = by('up');
    const down = by('down');
    const flat = by('flat');
    const part = (label: string, g: string[]) => (g.length > 0 ? `${label} ${g.join(', ')}` : null);
    out.push(
      insight(
        `Beyond each forecast's typical backtest error: ${[part('up', up), part('down', down), part('level', flat)].filter((x) => x !== null).join('; ')}.`,
        { up: up.length, down: down.length, flat: flat.length },
        0.7,
      ),
    );
  }

  // A genre whose recent periods rest on few titles: its share is noisy.
  const perYear = data.coverage.granularity === 'month' ? 12 : 4;
  const thin = argued
    .map((s) => ({ s, median: median(s.history.slice(-2 * perYear).map((p) => p.titles)) }))
    .filter((x) => x.median < MIN_TITLES_PER_PERIOD)
    .sort((a, b) => a.median - b.median || a.s.genre.localeCompare(b.s.genre))[0];
  if (thin) {
    const period = data.coverage.granularity === 'month' ? 'month' : 'quarter';
    out.push(
      insight(
        `${thin.s.genre}'s recent shares rest on a median of ${num(thin.median)} titles a ${period}: one title more or less moves them by points.`,
        { genre: thin.s.genre, medianTitles: thin.median },
        0.6,
      ),
    );
  }
  out.push(slateInsight(data, 0.65));
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
      `${a.genre} leads ${b.genre}, second, ${lead(a.medianVelocity, b.medianVelocity)} (${vel(a.medianVelocity)} vs ${vel(b.medianVelocity)} ${VELOCITY_UNIT}${b.titles < L.fewTitles ? `; ${b.genre} on ${int(b.titles)} titles, too few to call` : ''}).`,
      { genre: a.genre, medianVelocity: a.medianVelocity, runnerUp: b.genre, runnerUpVelocity: b.medianVelocity, runnerUpTitles: b.titles },
      0.75,
    ),
  );
  const last = rows[rows.length - 1];
  if (rows.length >= 3 && last.medianVelocity > 0) {
    out.push(
      insight(
        `Momentum spans ${times(a.medianVelocity / last.medianVelocity)} across the ${rows.length} genres shown: ${last.genre} is slowest at ${vel(last.medianVelocity)} ${VELOCITY_UNIT}.`,
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
  const shaky = rows
    .slice(0, 3)
    .map((r, k) => ({ r, rank: k + 1 }))
    .filter((x) => x.r.titles < L.fewTitles);
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
      `${titleWithYear(a)} is fastest at ${vel(a.velocity)} ${VELOCITY_UNIT}, ahead of ${b.title} (${vel(b.velocity)}) ${lead(a.velocity, b.velocity)}.`,
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
        `Staying power: ${oldest.title} still gains ${vel(oldest.velocity)} ${VELOCITY_UNIT} ${int(oldest.daysSinceRelease)} days after release, the longest run in the top ${rows.length}.`,
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
    const names =
      list.length > 3
        ? `${list
            .slice(0, 3)
            .map((s) => s.title)
            .join(', ')} and ${list.length - 3} more`
        : list.map((s) => s.title).join(', ');
    out.push(
      insight(`${genre} has ${list.length} of the ${stars.length} stars (${names})${why}.`, { genre, genreMedianVelocity: list[0].genreMedianVelocity }, 0.6),
    );
  }
  return rankInsights(out);
}

function accuracyView(data: ForecastData): Insight[] {
  const scored = data.series.flatMap((s) => (s.forecast?.backtest ? [{ genre: s.genre, ...s.forecast.backtest }] : []));
  if (scored.length === 0) {
    const text = data.series.every((s) => s.forecast === null)
      ? 'No backtest to show: the forecasting models are not loaded.'
      : 'No backtest to show: the series are too short for a rolling-origin backtest.';
    return [insight(text, { horizonMonths: data.horizonMonths }, 1)];
  }
  const out: (Insight | null)[] = [];
  const prophet = scored.filter((x) => x.winner === 'prophet');
  const others = scored.filter((x) => x.winner !== 'prophet');
  out.push(
    insight(
      `Prophet wins the backtest in ${prophet.length} of ${scored.length} genres${prophet.length > 0 ? ` (${prophet.map((x) => x.genre).join(', ')})` : ''}` +
        `${others.length > 0 ? `; the rest show the baseline that won: ${others.map((x) => `${x.genre} ${methodName(x.winner)}`).join(', ')}` : ''}.`,
      { prophetWins: prophet.length, genres: scored.length },
      0.9,
    ),
  );
  const gain = (x: (typeof scored)[number]) => (x.baselineMase > 0 ? 1 - x.mase / x.baselineMase : 0);
  const byGain = [...scored].sort((x, y) => gain(y) - gain(x) || x.genre.localeCompare(y.genre));
  const best = byGain[0];
  if (gain(best) > 0) {
    out.push(
      insight(
        `The biggest margin over seasonal naive is in ${best.genre}: ${methodName(best.winner)} at MASE ${num(best.mase)} against ${num(best.baselineMase)}, ${pct(gain(best))} lower.`,
        { genre: best.genre, mase: best.mase, baselineMase: best.baselineMase },
        0.8,
      ),
    );
  }
  const naiveWins = scored.filter((x) => x.winner === 'seasonal-naive');
  if (naiveWins.length > 0) {
    const w = naiveWins[0];
    out.push(
      insight(
        `In ${naiveWins.map((x) => x.genre).join(', ')} nothing beats repeating last year (seasonal naive, MASE ${num(w.mase)}${naiveWins.length > 1 ? ` in ${w.genre}` : ''}): no outlook there.`,
        { genre: w.genre, mase: w.mase },
        0.85,
      ),
    );
  }
  if (scored.length > 1) {
    const bySmape = [...scored].sort((x, y) => x.smape - y.smape || x.genre.localeCompare(y.genre));
    const lo = bySmape[0];
    const hi = bySmape[bySmape.length - 1];
    out.push(
      insight(
        `${lo.genre} is the most predictable (backtest sMAPE ${num(lo.smape)}%), ${hi.genre} the least (${num(hi.smape)}%).`,
        { genre: lo.genre, smape: lo.smape, worstGenre: hi.genre, worstSmape: hi.smape },
        0.7,
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

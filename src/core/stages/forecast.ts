/**
 * Forecast: where things are heading, as of the data's collection date (`catalog.meta.asOf`).
 * - Series: `genreShareSeries` for the asked genres (default: the 6 largest genres by released titles): each
 *   genre's share of the period's releases (monthly, or quarterly where the data is too thin for months), to
 *   the last complete period before asOf. Each is handed to `ModelPort.forecast` when models are loaded; the
 *   forecaster presents the winner of its rolling-origin backtest (Prophet or a baseline), and only a model
 *   that beat every baseline is an outlook.
 * - Per series: `trend` (share of the last 12 months minus the 12 before, points) and the same for the
 *   engagement share; `change` (the presented forecast's mean minus the last 12 months' share) and `direction`
 *   (up or down only when the change exceeds the forecast's typical backtest error, else flat).
 * - Slate: titles announced for release in the `slateMonths` after asOf (upcoming: never history), by genre,
 *   against each genre's share of the last period's releases: a forward signal of what is coming.
 * - What's rising, from the most recent window (`window`: the `windowMonths` to asOf, 24, widened to 60 when
 *   fewer than 50 titles qualify): momentum (median velocity per genre, on the popularity percentile), the
 *   fastest titles, and rising stars (velocity ≥ `risingRatio`× their genre's median in the window).
 */
import type { Catalog } from '../../data/catalog.ts';
import { CANONICAL_GENRES, type Genre } from '../../data/genres.ts';
import { columnsOf, genreBit, type Columns } from '../columns.ts';
import { asHeadline, rankInsights } from '../insights.ts';
import { ENGAGEMENT_DEFINITION, VELOCITY_DEFINITION } from '../measures.ts';
import type { ModelPort } from '../model-port.ts';
import type { ForecastParams } from '../params.ts';
import { genreShareSeries, MIN_TITLES_PER_PERIOD, periodLabel, periodMonthsOf, SERIES_YEARS, type SeriesPoint } from '../series.ts';
import { meanOf, medianOf, sampleSd } from '../stats/summary.ts';
import type { Insight } from '../types.ts';
import {
  asOfInsight,
  momentumLeaderInsight,
  noModelsInsight,
  outlookInsight,
  seriesChange,
  slateInsight,
  topStarInsight,
  trendLeaderInsight,
  forecastDetails,
} from './forecast-details.ts';
import { forEachGenre, membersByGenre, selectIndices, summarizeTitle, topIndices } from './scope.ts';
import type { ForecastData, ForecastResult, RisingStar, VelocityRow } from './types.ts';

export const FORECAST_LIMITS = {
  defaultGenres: 6,
  windowMonths: 24,
  wideWindowMonths: 60,
  minWindowTitles: 50,
  minGenreTitles: 5,
  risingRatio: 3,
  listed: 15,
  stars: 10,
  /** The slate: titles announced for the months after asOf (a quarter). */
  slateMonths: 3,
  /** Slate titles listed by name. */
  slateListed: 10,
} as const;

const DAYS_PER_MONTH = 365.25 / 12;

/** The genres to forecast: the asked ones, or the largest by titles (ties by canonical order). */
export function topGenresByVolume(cols: Columns, k: number): Genre[] {
  const counts = new Float64Array(CANONICAL_GENRES.length);
  for (let i = 0; i < cols.n; i++) if (cols.upcoming[i] === 0) forEachGenre(cols.genreMask[i], (g) => counts[g]++);
  return CANONICAL_GENRES.map((genre, g) => ({ genre, n: counts[g], g }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n || a.g - b.g)
    .slice(0, k)
    .map((x) => x.genre);
}

function windowTitles(cols: Columns, mask: number, months: number): number[] {
  const maxDays = months * DAYS_PER_MONTH;
  const out: number[] = [];
  for (let i = 0; i < cols.n; i++) {
    if (mask !== 0 && (cols.genreMask[i] & mask) === 0) continue;
    const age = cols.age[i];
    if (Number.isNaN(cols.velocity[i]) || age > maxDays) continue;
    out.push(i);
  }
  return out;
}

/** The YYYY-MM-DD `k` months after `date` (the day clamped to the month's length). */
export function addMonths(date: string, k: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + k;
  const first = new Date(Date.UTC(y, m, 1));
  const days = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return `${first.toISOString().slice(0, 8)}${String(Math.min(Number(date.slice(8, 10)), days)).padStart(2, '0')}`;
}

/** The day after a YYYY-MM-DD date. */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Mean of `field` over the last year of periods minus the year before (percentage points); null under two years. */
function trendOf(history: readonly SeriesPoint[], perYear: number, field: 'value' | 'engagementShare'): number | null {
  if (history.length < 2 * perYear) return null;
  const avg = (from: number, to: number) => history.slice(from, to).reduce((s, p) => s + p[field], 0) / perYear;
  return avg(history.length - perYear, history.length) - avg(history.length - 2 * perYear, history.length - perYear);
}

function forecastInsights(data: ForecastData): Insight[] {
  const out: (Insight | null)[] = [asOfInsight(data, 0.95)];
  // With no outlook anywhere, the decision line's sureness clause (`forecastSureness`) already says so.
  const outlook = outlookInsight(data, 0.85);
  out.push(data.series.some((s) => s.forecast?.outlook) ? outlook : asHeadline(outlook));
  // The decision line's claim (reply/decision.ts).
  out.push(asHeadline(momentumLeaderInsight(data, 0.75)));
  out.push(slateInsight(data, 0.7));
  out.push(topStarInsight(data, 0.65));
  out.push(trendLeaderInsight(data, data.series, 0.6));
  out.push(noModelsInsight(data, 0.5));
  return rankInsights(out);
}

export function forecast(catalog: Catalog, params: ForecastParams, models: ModelPort | undefined): ForecastResult {
  const cols = columnsOf(catalog);
  const asOf = catalog.meta.asOf;
  const genres = params.genres.length > 0 ? params.genres : topGenresByVolume(cols, FORECAST_LIMITS.defaultGenres);
  let mask = 0;
  for (const g of params.genres) mask |= genreBit(g);
  const { span: coverage, series: histories } = genreShareSeries(catalog, genres);
  const periodMonths = periodMonthsOf(coverage.granularity);
  const perYear = 12 / periodMonths;
  const horizon = Math.ceil(params.horizonMonths / periodMonths);
  const series = genres.map((genre) => {
    const h = histories.get(genre) ?? { history: [], titles: 0 };
    const f = models ? models.forecast(genre, h.history, horizon, periodMonths) : null;
    return {
      genre,
      titles: h.titles,
      history: h.history,
      forecast: f,
      trend: trendOf(h.history, perYear, 'value'),
      engagementTrend: trendOf(h.history, perYear, 'engagementShare'),
      engagementSwing: h.history.length < 2 * perYear ? null : sampleSd(h.history.slice(-2 * perYear).map((p) => p.engagementShare)),
      ...seriesChange(h.history, f, perYear),
    };
  });

  // The slate: announced titles (upcoming) releasing in the months after asOf.
  const slateTo = addMonths(asOf, FORECAST_LIMITS.slateMonths);
  // (all announced titles, whatever genres were asked: each genre's share of the slate is of all of them)
  const upcoming = Array.from(selectIndices(cols, {}, 'only')).filter((i) => {
    const d = cols.titles[i].releaseDate;
    return d !== null && d <= slateTo;
  });
  const lastPeriod = coverage.last;
  const slate: ForecastData['slate'] = {
    from: nextDay(asOf),
    to: slateTo,
    titles: upcoming.length,
    lastPeriod: periodLabel(lastPeriod, coverage.granularity),
    byGenre: series.map((s) => {
      const bit = genreBit(s.genre);
      const n = upcoming.filter((i) => (cols.genreMask[i] & bit) !== 0).length;
      const last = s.history.at(-1);
      return { genre: s.genre, titles: n, share: upcoming.length > 0 ? (100 * n) / upcoming.length : null, lastShare: last ? last.value : null };
    }),
    listed: [...upcoming]
      .sort((a, b) => (cols.titles[a].releaseDate ?? '').localeCompare(cols.titles[b].releaseDate ?? '') || cols.popularity[b] - cols.popularity[a] || a - b)
      .slice(0, FORECAST_LIMITS.slateListed)
      .map((i) => summarizeTitle(cols, i)),
  };

  let windowMonths: number = FORECAST_LIMITS.windowMonths;
  let recent = windowTitles(cols, mask, windowMonths);
  if (recent.length < FORECAST_LIMITS.minWindowTitles) {
    windowMonths = FORECAST_LIMITS.wideWindowMonths;
    recent = windowTitles(cols, mask, windowMonths);
  }
  const only = mask === 0 ? 0xffffffff : mask;
  const byGenre = membersByGenre(cols, recent, only);
  const medians = byGenre.map((list) => (list.length >= FORECAST_LIMITS.minGenreTitles ? medianOf(cols.velocity, list) : null));
  const momentum = byGenre
    .map((list, g) => ({ genre: CANONICAL_GENRES[g], titles: list.length, medianVelocity: medians[g], meanEngagement: meanOf(cols.engagement, list) ?? 0 }))
    .filter((r): r is ForecastData['momentum'][number] => r.medianVelocity !== null)
    .sort((a, b) => b.medianVelocity - a.medianVelocity || a.genre.localeCompare(b.genre));

  const asVelocityRow = (i: number): VelocityRow => ({ ...summarizeTitle(cols, i), velocity: cols.velocity[i], daysSinceRelease: cols.age[i] });
  const velocityRanking = topIndices(cols, recent, cols.velocity, FORECAST_LIMITS.listed).map(asVelocityRow);

  const ratio = new Float64Array(cols.n).fill(Number.NaN);
  const starGenre = new Int8Array(cols.n).fill(-1);
  for (const i of recent) {
    forEachGenre(cols.genreMask[i] & only, (g) => {
      const med = medians[g];
      if (med === null || med <= 0) return;
      const r = cols.velocity[i] / med;
      if (Number.isNaN(ratio[i]) || r > ratio[i] || (r === ratio[i] && g < starGenre[i])) {
        ratio[i] = r;
        starGenre[i] = g;
      }
    });
  }
  const candidates = recent.filter((i) => ratio[i] >= FORECAST_LIMITS.risingRatio);
  const risingStars: RisingStar[] = topIndices(cols, candidates, ratio, FORECAST_LIMITS.stars).map((i) => {
    const g = starGenre[i];
    return { ...asVelocityRow(i), genre: CANONICAL_GENRES[g], genreMedianVelocity: medians[g] ?? 0, ratio: ratio[i] };
  });

  const window = { from: addMonths(asOf, -windowMonths), to: asOf };
  const data: ForecastData = {
    horizonMonths: params.horizonMonths,
    horizon,
    coverage,
    series,
    slate,
    momentum,
    velocityRanking,
    risingStars,
    windowMonths,
    window,
  };
  const period = coverage.granularity === 'month' ? 'month' : 'quarter';
  const notes = [
    ENGAGEMENT_DEFINITION,
    VELOCITY_DEFINITION,
    `History: each genre's share (%) of the titles released per ${period}, over ${SERIES_YEARS} years to ${periodLabel(coverage.last, coverage.granularity)}, ` +
      `the last complete ${period} before the data's collection date ${asOf}; a share does not fall when the catalog thins, as a count or a sum would. ` +
      `${coverage.granularity === 'quarter' ? `Quarterly: not every genre has ${MIN_TITLES_PER_PERIOD} titles in each recent month. ` : ''}Upcoming titles are never history.`,
    'Forecast: per genre, the winner of a rolling-origin backtest (Prophet, seasonal naive, naive, drift or the historical mean, by MASE); ' +
      'only a model that beats every baseline is called an outlook.',
    `What's rising: titles released ${window.from} to ${window.to}. Rising star: velocity ≥ ${FORECAST_LIMITS.risingRatio}× its genre's median in that window.`,
    `Slate: titles announced for ${slate.from} to ${slate.to} in the catalog (announced, not complete).`,
  ];
  if (!models) notes.push('No trained models were loaded: no forecasts, history only.');
  return {
    stage: 'forecast',
    params,
    insights: forecastInsights(data),
    details: forecastDetails(data, { risingRatio: FORECAST_LIMITS.risingRatio }),
    data,
    asOf,
    notes,
  };
}

/**
 * Forecast: where things are heading.
 * - Series: `monthlyGenreSeries` for the asked genres (default: the 6 largest genres by titles), each handed to
 *   `ModelPort.forecast` when models are loaded; `trend` = mean of the last 12 months ÷ mean of the 12 before − 1.
 *   Every series ends at the last month with full data coverage (`coverage`, see `seriesSpan`), so forecasts start
 *   the month after it; when that is before the last complete month, the first insight and a note say so.
 * - Momentum: per genre, the median velocity (popularity per day since release) of its titles released in the
 *   last `windowMonths` months before the catalog date (24, widened to 60 when fewer than 50 titles qualify);
 *   genres with fewer than `minGenreTitles` such titles are left out.
 * - Velocity ranking: the titles with the highest velocity (same window).
 * - Rising stars: titles in the window whose velocity is at least `risingRatio`× the median velocity of their
 *   genre in the window (the genre of theirs giving the highest ratio), best ratio first.
 */
import type { Catalog } from '../../data/catalog.ts';
import { CANONICAL_GENRES, type Genre } from '../../data/genres.ts';
import { columnsOf, genreBit, type Columns } from '../columns.ts';
import { insight, rankInsights } from '../insights.ts';
import { ENGAGEMENT_DEFINITION, VELOCITY_DEFINITION } from '../measures.ts';
import type { ModelPort } from '../model-port.ts';
import type { ForecastParams } from '../params.ts';
import { monthlyGenreSeriesMany, SERIES_YEARS, seriesSpan, shiftMonth } from '../series.ts';
import { meanOf, medianOf } from '../stats/summary.ts';
import type { Insight } from '../types.ts';
import {
  coverageInsight,
  forecastDetails,
  momentumLeaderInsight,
  noModelsInsight,
  outlookText,
  strongestOutlook,
  topStarInsight,
  trendLeaderInsight,
} from './forecast-details.ts';
import { forEachGenre, membersByGenre, summarizeTitle, topIndices } from './scope.ts';
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
} as const;

const DAYS_PER_MONTH = 365.25 / 12;

/** The genres to forecast: the asked ones, or the largest by titles (ties by canonical order). */
export function topGenresByVolume(cols: Columns, k: number): Genre[] {
  const counts = new Float64Array(CANONICAL_GENRES.length);
  for (let i = 0; i < cols.n; i++) forEachGenre(cols.genreMask[i], (g) => counts[g]++);
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

function trendOf(history: readonly { value: number }[]): number | null {
  if (history.length < 24) return null;
  const sum = (from: number, to: number) => history.slice(from, to).reduce((s, p) => s + p.value, 0);
  const last = sum(history.length - 12, history.length);
  const prev = sum(history.length - 24, history.length - 12);
  return prev === 0 ? null : last / prev - 1;
}

function forecastInsights(data: ForecastData): Insight[] {
  const out: (Insight | null)[] = [coverageInsight(data)];
  const o = strongestOutlook(data.series);
  if (o) out.push(insight(outlookText(o), { genre: o.genre, forecastMean: o.forecastMean, historyMean: o.historyMean, change: o.change }, 0.85));
  out.push(trendLeaderInsight(data, data.series, 0.6));
  out.push(momentumLeaderInsight(data, 0.7));
  out.push(topStarInsight(data, 0.65));
  out.push(noModelsInsight(data, 0.5));
  return rankInsights(out);
}

export function forecast(catalog: Catalog, params: ForecastParams, models: ModelPort | undefined): ForecastResult {
  const cols = columnsOf(catalog);
  const genres = params.genres.length > 0 ? params.genres : topGenresByVolume(cols, FORECAST_LIMITS.defaultGenres);
  let mask = 0;
  for (const g of params.genres) mask |= genreBit(g);
  const histories = monthlyGenreSeriesMany(catalog, genres);
  const coverage = seriesSpan(catalog);
  const series = genres.map((genre) => {
    const h = histories.get(genre) ?? { history: [], titles: 0 };
    return {
      genre,
      titles: h.titles,
      history: h.history,
      forecast: models ? models.forecast(genre, h.history, params.horizonMonths) : null,
      trend: trendOf(h.history),
    };
  });

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

  const data: ForecastData = { horizonMonths: params.horizonMonths, coverage, series, momentum, velocityRanking, risingStars, windowMonths };
  const notes = [
    ENGAGEMENT_DEFINITION,
    VELOCITY_DEFINITION,
    `History: total engagement of each genre's releases per month over ${SERIES_YEARS} years from ${coverage.first}, up to ${coverage.end}, ` +
      'the last month with full data coverage (its trailing 3-month mean of releases is at least half the median monthly count).',
    `Rising star: velocity ≥ ${FORECAST_LIMITS.risingRatio}× its genre's median among releases of the last ${windowMonths} months.`,
  ];
  if (coverage.thinned) {
    notes.push(`Data complete to ${coverage.end}: the catalog holds under half the usual releases per month after it (to ${coverage.lastComplete}, ` +
      `the last complete month before ${catalog.meta.asOf}), so those months are left out of the histories and forecasts run from ${shiftMonth(coverage.end, 1)}.`);
  }
  if (!models) notes.push('No trained models were loaded: no forecasts, history only.');
  return {
    stage: 'forecast',
    params,
    insights: forecastInsights(data),
    details: forecastDetails(data, { risingRatio: FORECAST_LIMITS.risingRatio }),
    data,
    asOf: catalog.meta.asOf,
    notes,
  };
}

/**
 * Forecast ("Predictive Forecasting"): where engagement is heading. 12-month forecasts of the top genres with
 * interval bands after their history, the genres' momentum, the fastest titles, rising stars, and how well the
 * forecaster did in its backtest.
 */
import { VELOCITY_MIN_DAYS } from '../src/core/measures.ts';
import { FORECAST_DETAIL_LIMITS } from '../src/core/stages/forecast-details.ts';
import type { ForecastResult } from '../src/core/stages/types.ts';
import { firstGenre, formatNumber, NUMBER_LABEL_EXPR, titleWithYear } from './format.ts';
import { bars, groupedBars } from './layers.ts';
import { genreColor as genreColorOf } from './palette.ts';
import { stageChart, type ChartBuilder, type ChartSpec, type Layer, type Row } from './spec.ts';
import { COLORS, FONT_SIZE } from './theme.ts';

export function genreForecasts(r: ForecastResult): ChartSpec {
  const series = r.data.series;
  const genres = series.map((s) => s.genre);
  const rows: Row[] = series.flatMap((s) => [
    ...s.history.slice(-FORECAST_DETAIL_LIMITS.historyMonths).map((p) => ({ genre: s.genre, month: `${p.month}-01`, value: p.value, part: 'history', low: null, high: null })),
    ...(s.forecast?.forecast ?? []).map((p) => ({ genre: s.genre, month: `${p.month}-01`, value: p.value, part: 'forecast', low: p.low, high: p.high })),
  ]);
  // The forecast line starts at the last history point so the two read as one line.
  for (const s of series) {
    const last = s.history.at(-1);
    if (s.forecast && last) rows.push({ genre: s.genre, month: `${last.month}-01`, value: last.value, part: 'forecast', low: last.value, high: last.value });
  }
  const withForecast = series.filter((s) => s.forecast !== null).length;
  const coverage = r.data.coverage;
  const x = { field: 'month', type: 'temporal' as const, title: null, axis: { format: "%b '%y", tickCount: 3, grid: false, labelFontSize: 10 } };
  const y = { type: 'quantitative' as const, title: null, axis: { labelExpr: NUMBER_LABEL_EXPR, tickCount: 3, labelFontSize: 10 } };
  // One small panel per genre (six overlapping lines and bands are unreadable), each in its genre's colour.
  const panel = (genre: string): Layer => {
    const color = genreColorOf(genre);
    return {
      title: { text: genre, color, fontSize: FONT_SIZE.label + 1, anchor: 'start', offset: 4 },
      width: 152,
      height: 86,
      data: { values: rows.filter((row) => row.genre === genre) },
      layer: [
        { transform: [{ filter: "datum.part === 'forecast'" }], mark: { type: 'area', opacity: 0.18, color }, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' } } },
        {
          transform: [{ filter: "datum.part === 'history'" }],
          mark: { type: 'line', strokeWidth: 1.4, color },
          encoding: { x, y: { ...y, field: 'value' }, tooltip: [{ field: 'month', type: 'temporal', timeUnit: 'yearmonth' }, { field: 'value', format: ',.0f' }] },
        },
        { transform: [{ filter: "datum.part === 'forecast'" }], mark: { type: 'line', strokeWidth: 2, strokeDash: [4, 3], color: COLORS.text }, encoding: { x, y: { ...y, field: 'value' } } },
      ],
    };
  };
  return stageChart(
    r,
    {
      id: 'forecast.genre-forecasts',
      title: withForecast > 0 ? `${r.data.horizonMonths}-month engagement forecast, top ${series.length} genres` : `Monthly engagement, top ${series.length} genres`,
      reading: `Each panel is one genre: the coloured line is its monthly total engagement of new releases over the last ${FORECAST_DETAIL_LIMITS.historyMonths} months${coverage.thinned ? ` to ${coverage.end}, the last month with complete data (the catalog thins out after it)` : ''}, the white dashed line the forecast with its interval shaded${withForecast === 0 ? ' (no forecast: the models are not loaded)' : ''}. Scales differ per panel${coverage.thinned ? '' : '; recent months are still filling in'}.`,
      alt: `Small multiples of monthly engagement for ${genres.join(', ')}${withForecast > 0 ? ` with ${r.data.horizonMonths}-month forecasts` : ''}.`,
    },
    rows.length === 0
      ? { missing: 'no genre has a monthly history in scope' }
      : { rows: [], body: { concat: genres.map(panel), columns: 3, spacing: { row: 14, column: 18 } } },
  );
}

export function momentum(r: ForecastResult): ChartSpec {
  const genres = r.data.momentum.slice(0, FORECAST_DETAIL_LIMITS.momentumBars);
  const rows: Row[] = genres.map((g) => ({ genre: g.genre, velocity: g.medianVelocity, label: `${formatNumber(g.medianVelocity)}/day · ${g.titles} titles` }));
  return stageChart(
    r,
    {
      id: 'forecast.momentum',
      title: 'Genre momentum',
      reading: `Median velocity (popularity gained per day since release) of each genre’s titles released in the last ${r.data.windowMonths} months; the label gives how many titles that is.`,
      alt: genres[0] ? `Bars of genre momentum; ${genres[0].genre} leads with a median velocity of ${formatNumber(genres[0].medianVelocity)} per day.` : 'Bars of genre momentum.',
    },
    genres.length === 0
      ? { missing: `no titles released in the last ${r.data.windowMonths} months` }
      : { rows, body: bars(rows, { category: 'genre', value: 'velocity', label: 'label', color: { genre: 'genre' }, valueTitle: 'Median popularity per day', kind: 'score' }) },
  );
}

/** "3 days", "1 day"; a title out for under a day says so rather than "0 days". */
export function daysLabel(days: number): string {
  if (days < 1) return 'under a day';
  const whole = Math.floor(days);
  return `${whole} day${whole === 1 ? '' : 's'}`;
}

/** Titles listed by name, for the alt text: the full names the bars' labels may shorten. */
const listed = (rows: readonly { title: string; year: number | null }[], value: (i: number) => string) =>
  rows.map((t, i) => `${titleWithYear(t)} ${value(i)}`).join(', ');

export function velocityRanking(r: ForecastResult): ChartSpec {
  const titles = r.data.velocityRanking.slice(0, FORECAST_DETAIL_LIMITS.velocityBars);
  // A title has one colour in every chart of the reply: its first genre's (as in rising stars).
  const rows: Row[] = titles.map((t) => ({ name: titleWithYear(t), genre: firstGenre(t), velocity: t.velocity, label: `${formatNumber(t.velocity)}/day · ${daysLabel(t.daysSinceRelease)}` }));
  return stageChart(
    r,
    {
      id: 'forecast.velocity',
      title: 'Fastest-rising titles',
      reading: `Velocity is popularity gained per day since release (at least ${VELOCITY_MIN_DAYS} days counted); bars are coloured by the title’s first genre (legend on top), labels give the days since release.`,
      alt: titles[0] ? `Bars of the ${titles.length} fastest titles; ${titles[0].title} leads at ${formatNumber(titles[0].velocity)} popularity per day. In order: ${listed(titles, (i) => `${formatNumber(titles[i].velocity)}/day`)}.` : 'Bars of the fastest titles.',
    },
    titles.length === 0
      ? { missing: 'no released titles with a known date in scope' }
      : { rows, body: bars(rows, { category: 'name', value: 'velocity', label: 'label', color: { genre: 'genre', legend: true }, valueTitle: 'Popularity per day', kind: 'score', labelLimit: 250 }) },
  );
}

export function risingStars(r: ForecastResult): ChartSpec {
  const stars = r.data.risingStars.slice(0, FORECAST_DETAIL_LIMITS.starBars);
  // Coloured by the title's first genre, as in every chart; the label names the genre it is measured against.
  const rows: Row[] = stars.map((s) => ({ name: titleWithYear(s), genre: firstGenre(s), ratio: s.ratio, label: `${formatNumber(s.ratio)}× ${s.genre} median` }));
  return stageChart(
    r,
    {
      id: 'forecast.rising-stars',
      title: 'Rising stars: far ahead of their genre',
      reading: 'How many times faster each title gains popularity than the median title of the genre named in its label, released in the same window; bars are coloured by the title’s first genre (legend on top).',
      alt: stars[0] ? `Bars of rising stars; ${stars[0].title} moves ${formatNumber(stars[0].ratio)} times faster than a typical ${stars[0].genre} title. In order: ${listed(stars, (i) => `${formatNumber(stars[i].ratio)}× ${stars[i].genre}`)}.` : 'Bars of rising stars.',
    },
    stars.length === 0
      ? { missing: 'no title is far ahead of its genre in this window' }
      : { rows, body: bars(rows, { category: 'name', value: 'ratio', label: 'label', color: { genre: 'genre', legend: true }, valueTitle: '× the genre’s median velocity', kind: 'score', labelLimit: 250 }) },
  );
}

export function forecastAccuracy(r: ForecastResult): ChartSpec {
  const scored = r.data.series.filter((s) => s.forecast?.backtest);
  const rows: Row[] = scored.flatMap((s) => [
    { genre: s.genre, method: 'Forecaster', smape: s.forecast?.backtest?.smape ?? null },
    { genre: s.genre, method: 'Seasonal naive', smape: s.forecast?.backtest?.baselineSmape ?? null },
  ]);
  const wins = scored.filter((s) => (s.forecast?.backtest?.smape ?? Infinity) < (s.forecast?.backtest?.baselineSmape ?? -Infinity)).length;
  return stageChart(
    r,
    {
      id: 'forecast.accuracy',
      title: `Backtest: forecaster beats the baseline in ${wins} of ${scored.length}`,
      reading: `sMAPE of a 12-month backtest over the 12 months to ${r.data.coverage.end} (lower is better) for the forecaster and for a seasonal-naive baseline (same month last year), per genre: trust the forecast only where its bar is shorter.`,
      alt: `Grouped bars of backtest error per genre; the forecaster beats the seasonal-naive baseline in ${wins} of ${scored.length} genres.`,
    },
    scored.length === 0
      ? { missing: 'no backtest available (models not loaded or series too short)' }
      : {
          rows,
          body: groupedBars(rows, {
            category: 'genre',
            group: 'method',
            groups: ['Forecaster', 'Seasonal naive'],
            value: 'smape',
            valueTitle: 'sMAPE (%)',
            color: { domain: ['Forecaster', 'Seasonal naive'], range: [COLORS.accent, '#6b6b6b'] },
          }),
        },
  );
}

export const FORECAST_CHARTS: readonly ChartBuilder<ForecastResult>[] = [
  { id: 'forecast.genre-forecasts', chat: true, build: genreForecasts },
  { id: 'forecast.rising-stars', chat: true, build: risingStars },
  { id: 'forecast.momentum', chat: true, build: momentum },
  { id: 'forecast.velocity', chat: false, build: velocityRanking },
  { id: 'forecast.accuracy', chat: false, build: forecastAccuracy },
];

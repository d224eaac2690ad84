/**
 * Forecast ("Predictive Forecasting"): where engagement is heading. 12-month forecasts of the top genres with
 * interval bands after their history, the genres' momentum, the fastest titles, rising stars, and how well the
 * forecaster did in its backtest.
 */
import { VELOCITY_MIN_DAYS } from '../src/core/measures.ts';
import { FORECAST_DETAIL_LIMITS, outlooksByChange } from '../src/core/stages/forecast-details.ts';
import type { GenreForecast } from '../src/core/model-port.ts';
import { periodLabel, shiftMonth } from '../src/core/series.ts';
import type { ForecastResult } from '../src/core/stages/types.ts';
import { firstGenre, formatNumber, titleWithYear } from './format.ts';
import { bars, groupedBars } from './layers.ts';
import { genreColor as genreColorOf } from './palette.ts';
import { stageChart, type ChartBuilder, type ChartSpec, type Layer, type Row } from './spec.ts';
import { COLORS, FONT_SIZE } from './theme.ts';

/** The panel's backtest line: which forecast is shown and its error against seasonal naive. */
export function backtestLine(f: GenreForecast | null): string {
  if (!f) return 'history only';
  const b = f.backtest;
  if (!b) return `${f.method}: too little history to backtest`;
  const name = b.winner === 'prophet' ? 'Prophet' : `baseline: ${b.winner === 'mean' ? 'historical mean' : b.winner.replace('-', ' ')}`;
  return b.winner === 'seasonal-naive'
    ? `${name} · MASE ${b.mase.toFixed(2)}`
    : `${name} · MASE ${b.mase.toFixed(2)} vs ${b.baselineMase.toFixed(2)} seasonal naive`;
}

export function genreForecasts(r: ForecastResult): ChartSpec {
  const { series, coverage, slate } = r.data;
  const genres = series.map((s) => s.genre);
  const step = coverage.granularity === 'month' ? 1 : 3;
  const shown = Math.round(FORECAST_DETAIL_LIMITS.historyMonths / step);
  const rows: Row[] = series.flatMap((s) => [
    ...s.history
      .slice(-shown)
      .map((p) => ({ genre: s.genre, month: `${p.month}-01`, value: p.value, part: 'history', low: null, high: null, titles: p.titles, total: p.total })),
    ...(s.forecast?.forecast ?? []).map((p) => ({
      genre: s.genre,
      month: `${p.month}-01`,
      value: p.value,
      part: 'forecast',
      low: p.low,
      high: p.high,
      titles: null,
      total: null,
    })),
  ]);
  // The forecast line starts at the last history point so the two read as one line.
  for (const s of series) {
    const last = s.history.at(-1);
    if (s.forecast && s.forecast.forecast.length > 0 && last)
      rows.push({
        genre: s.genre,
        month: `${last.month}-01`,
        value: last.value,
        part: 'forecast',
        low: last.value,
        high: last.value,
        titles: null,
        total: null,
      });
  }
  // The announced slate, at the first period after the history (upcoming titles: never history).
  const slateMonth = `${shiftMonth(coverage.end, 1)}-01`;
  for (const g of slate.byGenre) {
    if (g.share !== null && slate.titles > 0)
      rows.push({ genre: g.genre, month: slateMonth, value: g.share, part: 'slate', low: null, high: null, titles: g.titles, total: slate.titles });
  }
  const withForecast = series.filter((s) => s.forecast !== null).length;
  const single = genres.length === 1;
  const historyEnd = `${shiftMonth(coverage.end, 1)}-01`;
  const x = {
    field: 'month',
    type: 'temporal' as const,
    title: null,
    axis: { format: step === 3 ? "Q%q '%y" : "%b '%y", tickCount: single ? 6 : 3, grid: false, labelFontSize: 10 },
  };
  const y = {
    type: 'quantitative' as const,
    title: '% of releases',
    axis: { tickCount: 3, labelFontSize: 10, titleFontSize: 10, titleColor: COLORS.secondary },
  };
  const layersFor = (color: string): Layer['layer'] => [
    {
      transform: [{ filter: "datum.part === 'forecast'" }],
      mark: { type: 'area', opacity: 0.18, color },
      encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' } },
    },
    {
      transform: [{ filter: "datum.part === 'history'" }],
      mark: { type: 'line', strokeWidth: single ? 2 : 1.4, color, point: single ? { size: 16, color } : false },
      encoding: {
        x,
        y: { ...y, field: 'value' },
        tooltip: [
          { field: 'month', type: 'temporal', timeUnit: 'yearmonth', title: 'period from' },
          { field: 'value', format: '.1f', title: '% of releases' },
          { field: 'titles' },
          { field: 'total', title: 'all releases' },
        ],
      },
    },
    {
      transform: [{ filter: "datum.part === 'forecast'" }],
      mark: { type: 'line', strokeWidth: 2, strokeDash: [4, 3], color: COLORS.text },
      encoding: { x, y: { ...y, field: 'value' } },
    },
    {
      transform: [{ filter: "datum.part === 'slate'" }],
      mark: { type: 'point', shape: 'diamond', filled: false, size: single ? 90 : 40, strokeWidth: 1.5, color: COLORS.accent },
      encoding: {
        x,
        y: { ...y, field: 'value' },
        // A legend entry says what the diamond is (chat pictures carry no reading).
        shape: {
          datum: "announced titles' share (upcoming, not history)",
          type: 'nominal',
          scale: { range: ['diamond'] },
          legend: { title: null, orient: 'bottom', symbolStrokeColor: COLORS.accent, symbolFillColor: 'transparent', labelLimit: 0 },
        },
        tooltip: [{ field: 'value', format: '.1f', title: '% of the announced slate' }, { field: 'titles' }, { field: 'total', title: 'announced titles' }],
      },
    },
    // Where the history ends (the last complete period before the as-of date), labelled to its left.
    {
      data: { values: [{ month: historyEnd, label: single ? `history ends · data as of ${coverage.asOf}` : 'history ends' }] },
      layer: [
        { mark: { type: 'rule', strokeDash: [2, 2], color: COLORS.secondary }, encoding: { x: { field: 'month', type: 'temporal' } } },
        {
          // top of a small panel; at the foot of the full-size one (its backtest line is at the top)
          mark: {
            type: 'text',
            align: 'right',
            dx: -4,
            ...(single ? { baseline: 'bottom', y: 'height', dy: -4 } : { baseline: 'top', y: 2 }),
            fontSize: single ? 11 : 10,
            color: COLORS.secondary,
          },
          encoding: { x: { field: 'month', type: 'temporal' }, text: { field: 'label' } },
        },
      ],
    },
  ];
  // One small panel per genre (six overlapping lines and bands are unreadable), each in its genre's colour, its
  // backtest under its name.
  const panel = (genre: string): Layer => {
    const color = genreColorOf(genre);
    const s = series.find((x) => x.genre === genre);
    return {
      title: {
        text: genre,
        subtitle: backtestLine(s?.forecast ?? null),
        color,
        subtitleColor: COLORS.secondary,
        fontSize: FONT_SIZE.label + 1,
        subtitleFontSize: 10,
        anchor: 'start',
        offset: 4,
      },
      width: 160,
      height: 112,
      data: { values: rows.filter((row) => row.genre === genre) },
      layer: layersFor(color),
    };
  };
  // A single genre: one full-size panel (the chart's title names the genre), its backtest in its top-left corner.
  const fullPanel = (genre: string): Layer => {
    const color = genreColorOf(genre);
    const line = backtestLine(series[0]?.forecast ?? null);
    return {
      data: { values: rows },
      layer: [
        ...layersFor(color),
        {
          data: { values: [{ line }] },
          mark: { type: 'text', align: 'left', baseline: 'top', fontSize: 12, color: COLORS.secondary },
          encoding: { x: { value: 6 }, y: { value: 4 }, text: { field: 'line' } },
        },
      ],
    };
  };
  const period = step === 3 ? 'quarterly' : 'monthly';
  // What matters first (a chat picture keeps only the first panels): the genres whose forecast is an outlook, the
  // largest change first (the one the outlook bullet names), then the others in the stage's order.
  const outlooks = outlooksByChange(series).map((s) => s.genre);
  const panels = [...outlooks, ...genres.filter((g) => !outlooks.includes(g))];
  return stageChart(
    r,
    {
      id: 'forecast.genre-forecasts',
      title: single
        ? `${genres[0]}: ${period} share of releases${withForecast > 0 ? `, ${r.data.horizonMonths}-month forecast` : ''} (as of ${coverage.asOf})`
        : `Share of releases by genre${withForecast > 0 ? `, ${r.data.horizonMonths}-month forecasts` : ''} (as of ${coverage.asOf})`,
      reading:
        `Each panel is one genre: the coloured line is its ${period} share (%) of all titles released, to ${periodLabel(coverage.last, coverage.granularity)}, ` +
        `the last complete ${step === 3 ? 'quarter' : 'month'} before the data's collection date ${coverage.asOf} (the dotted rule); ` +
        `${withForecast > 0 ? 'the white dashed line is the forecast the backtest chose, shaded with the 10th–90th percentile of its backtest errors; the line under each genre names it and its MASE against seasonal naive (below 1 beats it); ' : 'no forecast: the models are not loaded; '}` +
        `${slate.titles > 0 ? `the hollow diamond is the genre's share of the ${slate.titles} titles announced for ${slate.from} to ${slate.to} (upcoming, not history).` : 'no titles are announced for the next quarter.'}`,
      alt: `${single ? 'One panel' : 'Small multiples'} of the share of releases for ${panels.join(', ')}${withForecast > 0 ? ` with ${r.data.horizonMonths}-month forecasts` : ''}, history ending at ${coverage.end}.`,
    },
    rows.length === 0
      ? { missing: 'no genre has a history of releases in scope' }
      : { rows: [], body: single ? fullPanel(genres[0]) : { concat: panels.map(panel), columns: 3, spacing: { row: 12, column: 22 } } },
  );
}

export function momentum(r: ForecastResult): ChartSpec {
  const genres = r.data.momentum.slice(0, FORECAST_DETAIL_LIMITS.momentumBars);
  const rows: Row[] = genres.map((g) => ({ genre: g.genre, velocity: g.medianVelocity, label: `${formatNumber(g.medianVelocity)}/day · ${g.titles} titles` }));
  return stageChart(
    r,
    {
      id: 'forecast.momentum',
      title: `Genre momentum: releases ${r.data.window.from} to ${r.data.window.to}`,
      reading: `Median velocity (popularity percentile per day since release) of each genre’s titles released ${r.data.window.from} to ${r.data.window.to} (the as-of date); the label gives how many titles that is.`,
      alt: genres[0]
        ? `Bars of genre momentum; ${genres[0].genre} leads with a median velocity of ${formatNumber(genres[0].medianVelocity)} popularity percentile per day.`
        : 'Bars of genre momentum.',
    },
    genres.length === 0
      ? { missing: `no titles released in the last ${r.data.windowMonths} months` }
      : {
          rows,
          body: bars(rows, {
            category: 'genre',
            value: 'velocity',
            label: 'label',
            color: { genre: 'genre' },
            valueTitle: 'Median popularity percentile per day',
            kind: 'score',
          }),
        },
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
  const rows: Row[] = titles.map((t) => ({
    name: titleWithYear(t),
    genre: firstGenre(t),
    velocity: t.velocity,
    label: `${formatNumber(t.velocity)}/day · ${daysLabel(t.daysSinceRelease)}`,
  }));
  return stageChart(
    r,
    {
      id: 'forecast.velocity',
      title: 'Fastest-rising titles',
      reading: `Velocity is the popularity percentile over the days since release (at least ${VELOCITY_MIN_DAYS} days counted); bars are coloured by the title’s first genre (legend on top), labels give the days since release.`,
      alt: titles[0]
        ? `Bars of the ${titles.length} fastest titles; ${titles[0].title} leads at ${formatNumber(titles[0].velocity)} popularity percentile per day. In order: ${listed(titles, (i) => `${formatNumber(titles[i].velocity)}/day`)}.`
        : 'Bars of the fastest titles.',
    },
    titles.length === 0
      ? { missing: 'no released titles with a known date in scope' }
      : {
          rows,
          body: bars(rows, {
            category: 'name',
            value: 'velocity',
            label: 'label',
            color: { genre: 'genre', legend: true },
            valueTitle: 'Popularity percentile per day',
            kind: 'score',
            labelLimit: 250,
          }),
        },
  );
}

export function risingStars(r: ForecastResult): ChartSpec {
  const stars = r.data.risingStars.slice(0, FORECAST_DETAIL_LIMITS.starBars);
  // Coloured by the title's first genre, as in every chart; the label names the genre it is measured against.
  const rows: Row[] = stars.map((s) => ({
    name: titleWithYear(s),
    genre: firstGenre(s),
    ratio: s.ratio,
    label: `${formatNumber(s.ratio)}× ${s.genre} median`,
  }));
  return stageChart(
    r,
    {
      id: 'forecast.rising-stars',
      title: `Rising stars: far ahead of their genre (releases since ${r.data.window.from})`,
      reading: `How many times faster each title gains popularity (percentile per day) than the median title of the genre named in its label, both released ${r.data.window.from} to ${r.data.window.to}; bars are coloured by the title’s first genre (legend on top).`,
      alt: stars[0]
        ? `Bars of rising stars; ${stars[0].title} moves ${formatNumber(stars[0].ratio)} times faster than a typical ${stars[0].genre} title. In order: ${listed(stars, (i) => `${formatNumber(stars[i].ratio)}× ${stars[i].genre}`)}.`
        : 'Bars of rising stars.',
    },
    stars.length === 0
      ? { missing: 'no title is far ahead of its genre in this window' }
      : {
          rows,
          body: bars(rows, {
            category: 'name',
            value: 'ratio',
            label: 'label',
            color: { genre: 'genre', legend: true },
            valueTitle: '× the genre’s median velocity',
            kind: 'score',
            labelLimit: 250,
          }),
        },
  );
}

export function forecastAccuracy(r: ForecastResult): ChartSpec {
  const scored = r.data.series.filter((s) => s.forecast?.backtest);
  const rows: Row[] = scored.flatMap((s) => [
    { genre: s.genre, method: 'Presented', mase: s.forecast?.backtest?.mase ?? null },
    { genre: s.genre, method: 'Seasonal naive', mase: s.forecast?.backtest?.baselineMase ?? null },
  ]);
  const wins = scored.filter((s) => (s.forecast?.backtest?.mase ?? Infinity) < (s.forecast?.backtest?.baselineMase ?? -Infinity)).length;
  const b = scored[0]?.forecast?.backtest;
  return stageChart(
    r,
    {
      id: 'forecast.accuracy',
      title: `Backtest: the presented forecast beats seasonal naive in ${wins} of ${scored.length}`,
      reading:
        `MASE (lower is better; 1 = seasonal naive's in-sample error) of a rolling-origin backtest${b ? ` (${b.origins} origins, ${b.firstOrigin} to ${b.lastOrigin}, ${b.horizon} periods ahead each)` : ''}: ` +
        'per genre, the forecast presented (the backtest winner among Prophet, seasonal naive, naive, drift and the historical mean) against seasonal naive (same period last year).',
      alt: `Grouped bars of backtest MASE per genre; the presented forecast beats seasonal naive in ${wins} of ${scored.length} genres.`,
    },
    scored.length === 0
      ? { missing: 'no backtest available (models not loaded or series too short)' }
      : {
          rows,
          body: groupedBars(rows, {
            category: 'genre',
            group: 'method',
            groups: ['Presented', 'Seasonal naive'],
            value: 'mase',
            valueTitle: 'MASE (backtest)',
            color: { domain: ['Presented', 'Seasonal naive'], range: [COLORS.accent, '#6b6b6b'] },
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

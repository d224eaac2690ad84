/**
 * Predict ("Recommendation Copilot"): the planned title against its genre. Predicted popularity with its
 * interval vs the genre's distribution, the budget impact curve, the planned title's profile vs the genre's
 * hits, similar-title benchmarks, and what drove the prediction.
 */
import { DRIVERS_CHARTED, nonZeroDrivers } from '../src/core/stages/predict-details.ts';
import { PREDICT_LIMITS } from '../src/core/stages/predict.ts';
import type { PredictResult } from '../src/core/stages/types.ts';
import { withArticle } from '../src/core/words.ts';
import { firstGenre, formatNumber, formatPercent, measureLabel, titleWithYear } from './format.ts';
import { bars, divergingBars, logTicks, seriesColor, valueAxis } from './layers.ts';
import { stageChart, type ChartBuilder, type ChartSpec, type Row } from './spec.ts';
import { COLORS, FONT_SIZE } from './theme.ts';

const NO_MODELS = 'the prediction models are not loaded (run with trained models)';
const RECOMMENDATION_COLORS: Readonly<Record<string, string>> = { GREENLIGHT: COLORS.green, CONSIDER: COLORS.amber, PASS: COLORS.red };

const plannedLabel = (r: PredictResult) =>
  `${r.data.input.genre} ${r.data.input.mediaType === 'tv' ? 'TV show' : 'movie'}, budget ${r.data.input.budgetLevel}, Q${r.data.input.quarter}`;

export function predictionOutlook(r: PredictResult): ChartSpec {
  const { genreDistribution: d, prediction: p, input } = r.data;
  const genreRow = `All ${input.genre} ${input.mediaType === 'tv' ? 'TV' : 'movies'}`;
  const planned = 'Planned title';
  const rows: Row[] = [];
  if (d.p10 !== null && d.p90 !== null && d.p25 !== null && d.p75 !== null && d.p50 !== null) {
    rows.push({ row: genreRow, lo: d.p10, hi: d.p90, q1: d.p25, q3: d.p75, mid: d.p50, kind: 'genre', label: `median ${formatNumber(d.p50)}` });
  }
  if (p) {
    const v = p.popularity;
    rows.push({ row: planned, lo: v.low, hi: v.high, q1: null, q3: null, mid: v.value, kind: 'planned', label: `${formatNumber(v.value)} (${formatNumber(v.low)}–${formatNumber(v.high)})` });
  }
  const values = rows.flatMap((row) => [Number(row.lo), Number(row.hi)]).filter((v) => v > 0);
  const domain = [Math.max(0.5, Math.min(...values) * 0.7), Math.max(...values) * 1.6];
  const x = { type: 'quantitative' as const, scale: { type: 'log' as const, domain, nice: false }, axis: valueAxis('Popularity (log scale)', 'number', { grid: true, values: logTicks(domain) }) };
  const y = { field: 'row', type: 'nominal' as const, sort: [genreRow, planned], title: null, axis: { ticks: false, domain: false, labelLimit: 170 } };
  const verdict = p ? `${p.recommendation} · hit probability ${formatPercent(p.hitProbability)} · ${p.risk} risk` : 'No prediction: models not loaded';
  const verdictColor = p ? (RECOMMENDATION_COLORS[p.recommendation] ?? COLORS.text) : COLORS.secondary;
  return stageChart(
    r,
    {
      id: 'predict.outlook',
      title: p ? `Predicted popularity ${formatNumber(p.popularity.value)} vs ${input.genre}` : `Popularity of ${input.genre} titles`,
      reading: `For ${withArticle(plannedLabel(r))}. The grey bar spans the 10th–90th percentile of ${input.genre} popularity (thick part 25th–75th, tick = median); the red bar is the planned title’s ${p ? `${Math.round(p.popularity.level * 100)}% ` : ''}prediction interval with its point estimate.`,
      alt: p
        ? `Predicted popularity ${formatNumber(p.popularity.value)} (${formatNumber(p.popularity.low)}–${formatNumber(p.popularity.high)}) against a genre median of ${formatNumber(d.p50 ?? 0)}; ${verdict}.`
        : `Popularity distribution of ${input.genre} titles; no prediction without models.`,
    },
    rows.length === 0
      ? { missing: `no ${input.genre} titles of this type to compare with` }
      : {
          rows,
          body: {
            layer: [
              { mark: { type: 'rule', strokeWidth: 3, color: COLORS.muted }, encoding: { y, x: { ...x, field: 'lo' }, x2: { field: 'hi' } } },
              {
                transform: [{ filter: "datum.kind === 'genre'" }],
                mark: { type: 'bar', height: 22, color: '#6b6b6b', cornerRadius: 3 },
                encoding: { y, x: { ...x, field: 'q1' }, x2: { field: 'q3' } },
              },
              {
                transform: [{ filter: "datum.kind === 'planned'" }],
                mark: { type: 'rule', strokeWidth: 8, color: COLORS.accent, opacity: 0.55 },
                encoding: { y, x: { ...x, field: 'lo' }, x2: { field: 'hi' } },
              },
              {
                mark: { type: 'tick', thickness: 3, size: 30 },
                encoding: {
                  y,
                  x: { ...x, field: 'mid' },
                  // Coloured by the row itself: the axis names what each colour is.
                  color: { field: 'row', type: 'nominal', scale: { domain: [genreRow, planned], range: [COLORS.text, COLORS.accent] }, legend: null },
                },
              },
              {
                mark: { type: 'text', dy: -24, color: COLORS.secondary, fontSize: FONT_SIZE.mark },
                encoding: { y, x: { ...x, field: 'mid' }, text: { field: 'label' } },
              },
              {
                data: { values: [{ verdict }] },
                mark: { type: 'text', align: 'right', baseline: 'top', fontWeight: 'bold', fontSize: FONT_SIZE.axisTitle, color: verdictColor },
                encoding: { x: { value: 'width' }, y: { value: 0 }, text: { field: 'verdict' } },
              },
            ],
          },
        },
  );
}

export function budgetCurve(r: PredictResult): ChartSpec {
  const chosen = r.data.input.budgetLevel;
  const bands = new Map(r.data.budgetBands.map((b) => [b.level, b]));
  const rows: Row[] = r.data.budgetCurve.map((c) => ({
    level: c.level,
    popularity: c.popularity,
    low: c.low,
    high: c.high,
    hit: c.hitProbability,
    chosen: c.level === chosen,
    band: bands.has(c.level) ? `$${formatNumber(bands.get(c.level)?.min ?? 0)}–${formatNumber(bands.get(c.level)?.max ?? 0)}` : '',
    label: c.level === chosen ? `level ${chosen}: ${formatNumber(c.popularity)}` : null,
  }));
  const legend = seriesColor({ 'Predicted popularity': COLORS.accent, 'Hit probability': COLORS.secondary });
  const x = { field: 'level', type: 'quantitative' as const, scale: { domain: [1, 10] }, axis: { title: 'Budget level (1 = lowest decile, 10 = highest)', tickCount: 10, grid: false } };
  const at = r.data.budgetCurve.find((c) => c.level === chosen);
  return stageChart(
    r,
    {
      id: 'predict.budget-curve',
      title: 'What the budget changes',
      reading: 'The red line is the predicted popularity at each budget level with everything else as planned (shaded: its interval, left axis); the grey dashed line is the hit probability (right axis). The ringed point is the level asked about.',
      alt: at ? `Predicted popularity across budget levels 1–10; at the chosen level ${chosen} it is ${formatNumber(at.popularity)} with a ${formatPercent(at.hitProbability)} hit probability.` : 'Predicted popularity across budget levels.',
    },
    rows.length === 0
      ? { missing: NO_MODELS }
      : {
          rows,
          body: {
            layer: [
              {
                layer: [
                  { mark: { type: 'area', color: COLORS.accent, opacity: 0.15 }, encoding: { x, y: { field: 'low', type: 'quantitative', axis: valueAxis('Predicted popularity', 'number') }, y2: { field: 'high' } } },
                  { mark: { type: 'line', strokeWidth: 2.5 }, encoding: { x, y: { field: 'popularity', type: 'quantitative' }, color: legend('Predicted popularity') } },
                  {
                    transform: [{ filter: 'datum.chosen' }],
                    mark: { type: 'point', size: 160, strokeWidth: 2.5, color: COLORS.text },
                    encoding: { x, y: { field: 'popularity', type: 'quantitative' } },
                  },
                  {
                    transform: [{ filter: 'datum.chosen' }],
                    mark: { type: 'text', dy: -16, color: COLORS.text, fontSize: FONT_SIZE.mark },
                    encoding: { x, y: { field: 'popularity', type: 'quantitative' }, text: { field: 'label' } },
                  },
                ],
              },
              {
                mark: { type: 'line', strokeDash: [5, 4], strokeWidth: 2 },
                encoding: {
                  x,
                  y: { field: 'hit', type: 'quantitative', scale: { domain: [0, 1] }, axis: valueAxis('Hit probability', 'percent', { grid: false }) },
                  color: legend('Hit probability'),
                },
              },
            ],
            resolve: { scale: { y: 'independent' } },
          },
        },
  );
}

export function titleProfile(r: PredictResult): ChartSpec {
  const metrics = r.data.profile.filter((m) => m.genreAll !== null && m.genreAll > 0 && (m.genreHits !== null || m.planned !== null));
  const rows: Row[] = metrics.flatMap((m) => {
    const base = m.genreAll ?? 1;
    const out: Row[] = [{ metric: measureLabel(m.metric), series: `All ${r.data.input.genre}`, index: 1, value: formatNumber(base) }];
    if (m.genreHits !== null) out.push({ metric: measureLabel(m.metric), series: `${r.data.input.genre} hits`, index: m.genreHits / base, value: formatNumber(m.genreHits) });
    if (m.planned !== null) out.push({ metric: measureLabel(m.metric), series: 'Planned title', index: m.planned / base, value: formatNumber(m.planned) });
    return out;
  });
  const series = [`All ${r.data.input.genre}`, `${r.data.input.genre} hits`, 'Planned title'];
  const indexes = rows.map((row) => Number(row.index)).filter((v) => v > 0);
  const domain = [Math.min(0.8, ...indexes) / 1.3, Math.max(1.25, ...indexes) * 1.3];
  const y = { field: 'metric', type: 'nominal' as const, sort: metrics.map((m) => measureLabel(m.metric)), title: null, axis: { ticks: false, domain: false } };
  const x = { field: 'index', type: 'quantitative' as const, scale: { type: 'log' as const, domain, nice: false }, axis: { title: '× the genre’s average (log scale)', values: [0.1, 0.2, 0.25, 0.5, 1, 2, 4, 5, 10].filter((v) => v >= domain[0] && v <= domain[1]), format: '~g' } };
  return stageChart(
    r,
    {
      id: 'predict.profile',
      title: `Planned title vs ${r.data.input.genre} hits`,
      reading: `Each row compares a measure with the average ${r.data.input.genre} title (the grey line at 1×): green dots are the genre’s hits, red the planned title where it is known (its predicted popularity, its budget band).`,
      alt: `Profile of the planned title and the ${r.data.input.genre} hits relative to the genre average across ${metrics.length} measures.`,
    },
    metrics.length === 0
      ? { missing: `no ${r.data.input.genre} titles to profile` }
      : {
          rows,
          body: {
            layer: [
              { data: { values: [{}] }, mark: { type: 'rule', color: COLORS.muted, strokeDash: [4, 4] }, encoding: { x: { datum: 1, type: 'quantitative' } } },
              {
                mark: { type: 'circle', size: 150, opacity: 1, stroke: COLORS.background, strokeWidth: 1 },
                encoding: {
                  y,
                  x,
                  color: { field: 'series', type: 'nominal', scale: { domain: series, range: [COLORS.secondary, COLORS.green, COLORS.accent] }, legend: { title: null, orient: 'top', direction: 'horizontal' } },
                  tooltip: [{ field: 'metric' }, { field: 'series' }, { field: 'value' }],
                },
              },
            ],
          },
        },
  );
}

export function benchmarks(r: PredictResult): ChartSpec {
  const titles = [...r.data.benchmarks.titles.slice(0, PREDICT_LIMITS.listed)].sort((a, b) => b.engagement - a.engagement);
  const rows: Row[] = titles.map((t) => ({
    name: titleWithYear(t),
    genre: firstGenre(t),
    engagement: t.engagement,
    label: `${formatNumber(t.engagement)}${t.hit ? ' · hit' : ''}`,
  }));
  const c = r.data.benchmarks.criteria;
  return stageChart(
    r,
    {
      id: 'predict.benchmarks',
      title: `Similar ${c.genre} ${c.mediaType === 'tv' ? 'TV shows' : 'movies'}, ${c.yearFrom}–${c.yearTo}`,
      reading: `The closest existing titles (same genre, type, era${c.budgetBand ? ` and budget band $${formatNumber(c.budgetBand.min)}–${formatNumber(c.budgetBand.max)}` : ''}), by engagement, coloured by first genre (legend on top); “hit” marks the ones in the top 25% of their cohort.`,
      alt: titles[0]
        ? `Bars of ${titles.length} similar titles by engagement; ${titleWithYear(titles[0])} leads with ${formatNumber(titles[0].engagement)}. In order: ${titles.map((t) => `${titleWithYear(t)} ${formatNumber(t.engagement)}${t.hit ? ' (hit)' : ''}`).join(', ')}.`
        : 'Bars of similar titles by engagement.',
    },
    titles.length === 0
      ? { missing: 'no similar titles in the catalog' }
      : { rows, body: bars(rows, { category: 'name', value: 'engagement', label: 'label', color: { genre: 'genre', legend: true }, valueTitle: 'Engagement', labelLimit: 230, breakOutlier: true }) },
  );
}

/** The axis says what a bar is; its units (a sentence long) are in the reading beside the chart, where they fit. */
export function predictionDrivers(r: PredictResult): ChartSpec {
  const p = r.data.prediction;
  const drivers = nonZeroDrivers(p?.drivers ?? []).slice(0, DRIVERS_CHARTED);
  const rows: Row[] = drivers.map((d) => ({ feature: d.feature, contribution: d.contribution, label: `${d.contribution > 0 ? '+' : ''}${d.contribution.toFixed(3)}` }));
  return stageChart(
    r,
    {
      id: 'predict.drivers',
      title: 'What moved the prediction',
      reading: `Each bar is one input’s contribution to the predicted popularity${p?.driverUnits ? ` (in ${p.driverUnits})` : ''} relative to the model’s base value: green pushed it up, red down.`,
      alt: drivers[0] ? `Bars of prediction drivers; the largest is ${drivers[0].feature} (${rows[0].label}).` : 'Bars of prediction drivers.',
    },
    !p
      ? { missing: NO_MODELS }
      : drivers.length === 0
        ? { missing: 'the model reported no contributions' }
        : { rows, body: divergingBars(rows, { category: 'feature', value: 'contribution', label: 'label', valueTitle: 'Contribution to the prediction', kind: 'score' }) },
  );
}

export const PREDICT_CHARTS: readonly ChartBuilder<PredictResult>[] = [
  { id: 'predict.outlook', chat: true, build: predictionOutlook },
  { id: 'predict.budget-curve', chat: true, build: budgetCurve },
  { id: 'predict.benchmarks', chat: true, build: benchmarks },
  { id: 'predict.profile', chat: false, build: titleProfile },
  { id: 'predict.drivers', chat: false, build: predictionDrivers },
];

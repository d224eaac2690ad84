/**
 * Predict ("Recommendation Copilot"): the planned title against its comparables. The predicted revenue multiple
 * (movies) or popularity percentile (TV) with its interval vs the comparables, the reference class's distribution
 * (`reference-class.ts`), the break-even chance across budgets (movies), the planned title's profile vs the genre's
 * hits, similar-title benchmarks, and what drove the prediction.
 */
import { DRIVERS_CHARTED, LOW_BUDGET_LEVELS, LOW_BUDGET_READING, nonZeroDrivers } from '../src/core/stages/predict-details.ts';
import { PREDICT_LIMITS } from '../src/core/stages/predict.ts';
import type { PredictResult } from '../src/core/stages/types.ts';
import { quantile } from '../models/metrics.ts';
import { BREAK_EVEN_MULTIPLE } from '../src/core/intelligence/rules.ts';
import { formatUsd } from '../src/core/params.ts';
import { withArticle } from '../src/core/words.ts';
import { firstGenre, formatNumber, formatPercent, measureLabel, titleWithYear } from './format.ts';
import { referenceClassChart } from './reference-class.ts';
import { bars, divergingBars, outcomeX, seriesColor, valueAxis } from './layers.ts';
import { stageChart, type ChartBuilder, type ChartSpec, type Layer, type Row } from './spec.ts';
import { COLORS, FONT_SIZE } from './theme.ts';

const NO_MODELS = 'the prediction models are not loaded (run with trained models)';
const RECOMMENDATION_COLORS: Readonly<Record<string, string>> = { GREENLIGHT: COLORS.green, CONSIDER: COLORS.amber, PASS: COLORS.red };

const plannedLabel = (r: PredictResult) =>
  `${r.data.input.genre} ${r.data.input.mediaType === 'tv' ? 'TV show' : 'movie'}${r.data.budget ? `, budget ${formatUsd(r.data.budget.usd)}` : ''}, Q${r.data.input.quarter}`;

/**
 * The plan against its comparables on one scale. Movies with a revenue model: the revenue multiple (log scale) —
 * the comparables' 10th–90th percentile (thick: 25th–75th, tick: median) and the plan's 80 % interval; TV and
 * movies without one: the popularity percentile (0–100) of the genre's titles and the plan's prediction.
 */
export function predictionOutlook(r: PredictResult): ChartSpec {
  const { genreDistribution: d, prediction: p, input, reference: ref } = r.data;
  const money = p?.money ?? null;
  const multiples = (ref?.members ?? []).map((m) => m.multiple).filter((v): v is number => v !== null && v > 0);
  const useMoney = money !== null && multiples.length >= 5;
  const genreRow = useMoney ? `Comparables (${ref?.n ?? 0})` : `All ${input.genre} ${input.mediaType === 'tv' ? 'TV' : 'movies'}`;
  const planned = 'Planned title';
  const rows: Row[] = [];
  const fmt = (v: number) => (useMoney ? `${v < 10 ? v.toFixed(1) : Math.round(v)}×` : formatNumber(v));
  if (useMoney) {
    const q = (f: number) => quantile(multiples, f);
    rows.push({ row: genreRow, lo: q(0.1), hi: q(0.9), q1: q(0.25), q3: q(0.75), mid: q(0.5), kind: 'genre', label: `median ${fmt(q(0.5))}` });
  } else if (d.p10 !== null && d.p90 !== null && d.p25 !== null && d.p75 !== null && d.p50 !== null) {
    rows.push({ row: genreRow, lo: d.p10, hi: d.p90, q1: d.p25, q3: d.p75, mid: d.p50, kind: 'genre', label: `median ${fmt(d.p50)}` });
  }
  if (p) {
    const v = useMoney && money ? money.multiple : p.popularity;
    rows.push({
      row: planned,
      lo: v.low,
      hi: v.high,
      q1: null,
      q3: null,
      mid: v.value,
      kind: 'planned',
      label: `${fmt(v.value)} (${fmt(v.low)}–${fmt(v.high)})`,
    });
  }
  const values = rows.flatMap((row) => [Number(row.lo), Number(row.hi)]).filter((v) => v > 0);
  const domain = useMoney ? [Math.min(...values, 1) / 1.5, Math.max(...values, 3) * 1.5] : [0, 100];
  const x = outcomeX(useMoney, domain);
  const y = { field: 'row', type: 'nominal' as const, sort: [genreRow, planned], title: null, axis: { ticks: false, domain: false, labelLimit: 170 } };
  const verdict = p
    ? money
      ? `${p.recommendation} · ${formatPercent(money.breakEvenProbability)} break-even`
      : `${p.recommendation} · ${formatPercent(p.hitProbability)} hit chance`
    : 'No prediction: models not loaded';
  const verdictColor = p ? (RECOMMENDATION_COLORS[p.recommendation] ?? COLORS.text) : COLORS.secondary;
  return stageChart(
    r,
    {
      id: 'predict.outlook',
      title:
        useMoney && money
          ? `Expected revenue ${formatUsd(money.revenue.value)}: ${fmt(money.multiple.value)} the budget vs comparables`
          : p
            ? `Predicted popularity percentile ${formatNumber(p.popularity.value)} vs ${input.genre}`
            : `Popularity of ${input.genre} titles`,
      reading: useMoney
        ? `For ${withArticle(plannedLabel(r))}. The grey bar spans the comparables' 10th–90th percentile revenue multiple (thick part 25th–75th, tick = median); the red bar is the plan's 80% interval with its median prediction. Break-even is ${BREAK_EVEN_MULTIPLE}×.`
        : `For ${withArticle(plannedLabel(r))}. The grey bar spans the 10th–90th percentile of ${input.genre} popularity percentiles (thick part 25th–75th, tick = median); the red bar is the planned title’s ${p ? `${Math.round(p.popularity.level * 100)}% ` : ''}prediction interval with its point estimate.`,
      alt: p
        ? useMoney && money
          ? `Predicted revenue multiple ${fmt(money.multiple.value)} (${fmt(money.multiple.low)}–${fmt(money.multiple.high)}) against the comparables' median ${fmt(quantile(multiples, 0.5))}; ${verdict}.`
          : `Predicted popularity percentile ${formatNumber(p.popularity.value)} (${formatNumber(p.popularity.low)}–${formatNumber(p.popularity.high)}) against a genre median of ${formatNumber(d.p50 ?? 0)}; ${verdict}.`
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

/** Movies: the break-even chance and the predicted multiple at each budget level (TV has no budgets: no curve). */
export function budgetCurve(r: PredictResult): ChartSpec {
  const chosen = r.data.input.budgetLevel;
  const curve = r.data.budgetCurve.filter((c) => c.breakEvenProbability !== null && c.multiple !== null);
  const rows: Row[] = curve.map((c) => ({
    level: c.level,
    odds: c.breakEvenProbability,
    multiple: c.multiple,
    chosen: c.level === chosen,
    label: c.level === chosen ? `level ${chosen}: ${formatPercent(c.breakEvenProbability ?? 0)}` : null,
    budget: formatUsd(c.budgetUsd),
  }));
  // The legend names each line as its axis does (short enough for a phone's legend: its axis says "Predicted").
  const MULTIPLE = 'Revenue ÷ budget';
  const legend = seriesColor({ 'Break-even chance': COLORS.accent, [MULTIPLE]: COLORS.secondary });
  const x = {
    field: 'level',
    type: 'quantitative' as const,
    scale: { domain: [1, 10] },
    axis: { title: 'Budget level (1 = lowest decile, 10 = highest)', tickCount: 10, grid: false },
  };
  const at = curve.find((c) => c.level === chosen);
  const tv = r.data.input.mediaType === 'tv';
  return stageChart(
    r,
    {
      id: 'predict.budget-curve',
      title: tv ? 'No budget curve for TV' : 'What the budget changes: break-even chance',
      reading: `The red line is the chance that revenue reaches ${BREAK_EVEN_MULTIPLE}× the budget at each budget level (the band's middle budget, everything else as planned; left axis); the grey dashed line is the predicted revenue ÷ budget (right axis). A bigger budget must earn more to break even. The ringed point is the level asked about. The shaded levels 1–${LOW_BUDGET_LEVELS} are likely optimistic: ${LOW_BUDGET_READING}.`,
      alt: at
        ? `Break-even chance across budget levels 1–10; at level ${chosen} it is ${formatPercent(at.breakEvenProbability ?? 0)} with a predicted multiple of ${(at.multiple ?? 0).toFixed(1)}×.`
        : 'Break-even chance across budget levels.',
    },
    rows.length === 0
      ? { missing: tv ? 'TMDB has no TV budgets, so there is no budget curve for TV' : NO_MODELS }
      : {
          rows,
          body: {
            layer: [
              {
                layer: [
                  // The low budgets the catalog flatters (LOW_BUDGET_READING), shaded and said on the chart itself.
                  {
                    data: { values: [{ from: 1, to: LOW_BUDGET_LEVELS + 0.5, note: 'likely optimistic' }] },
                    layer: [
                      {
                        mark: { type: 'rect', color: COLORS.secondary, opacity: 0.12 },
                        encoding: { x: { ...x, field: 'from' }, x2: { field: 'to' } },
                      },
                      {
                        // At the foot of the band, clear of the legend and of the lines above it.
                        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -4, color: COLORS.secondary, fontSize: FONT_SIZE.mark - 1 },
                        encoding: { x: { ...x, field: 'from' }, y: { datum: 0, type: 'quantitative', scale: { domain: [0, 1] } }, text: { field: 'note' } },
                      },
                    ],
                  },
                  {
                    mark: { type: 'line', strokeWidth: 2.5 },
                    encoding: {
                      x,
                      y: { field: 'odds', type: 'quantitative', scale: { domain: [0, 1] }, axis: valueAxis('Break-even chance', 'percent') },
                      color: legend('Break-even chance'),
                      tooltip: [{ field: 'level' }, { field: 'budget' }, { field: 'odds', format: '.0%' }],
                    },
                  },
                  {
                    transform: [{ filter: 'datum.chosen' }],
                    mark: { type: 'point', size: 160, strokeWidth: 2.5, color: COLORS.text },
                    encoding: { x, y: { field: 'odds', type: 'quantitative' } },
                  },
                  {
                    transform: [{ filter: 'datum.chosen' }],
                    mark: {
                      type: 'text',
                      dy: -16,
                      align: chosen >= 8 ? 'right' : chosen <= 2 ? 'left' : 'center',
                      color: COLORS.text,
                      fontSize: FONT_SIZE.mark,
                    },
                    encoding: { x, y: { field: 'odds', type: 'quantitative' }, text: { field: 'label' } },
                  },
                ],
              },
              {
                mark: { type: 'line', strokeDash: [5, 4], strokeWidth: 2 },
                encoding: {
                  x,
                  y: {
                    field: 'multiple',
                    type: 'quantitative',
                    scale: { zero: true },
                    axis: valueAxis(`Predicted ${MULTIPLE.toLowerCase()}`, 'number', { grid: false }),
                  },
                  color: legend(MULTIPLE),
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
    if (m.genreHits !== null)
      out.push({ metric: measureLabel(m.metric), series: `${r.data.input.genre} hits`, index: m.genreHits / base, value: formatNumber(m.genreHits) });
    if (m.planned !== null) out.push({ metric: measureLabel(m.metric), series: 'Planned title', index: m.planned / base, value: formatNumber(m.planned) });
    return out;
  });
  const series = [`All ${r.data.input.genre}`, `${r.data.input.genre} hits`, 'Planned title'];
  const indexes = rows.map((row) => Number(row.index)).filter((v) => v > 0);
  const domain = [Math.min(0.8, ...indexes) / 1.3, Math.max(1.25, ...indexes) * 1.3];
  const y = { field: 'metric', type: 'nominal' as const, sort: metrics.map((m) => measureLabel(m.metric)), title: null, axis: { ticks: false, domain: false } };
  const x = {
    field: 'index',
    type: 'quantitative' as const,
    scale: { type: 'log' as const, domain, nice: false },
    axis: {
      title: '× the genre’s average (log scale)',
      values: [0.1, 0.2, 0.25, 0.5, 1, 2, 4, 5, 10].filter((v) => v >= domain[0] && v <= domain[1]),
      format: '~g',
    },
  };
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
                  color: {
                    field: 'series',
                    type: 'nominal',
                    scale: { domain: series, range: [COLORS.secondary, COLORS.green, COLORS.accent] },
                    legend: { title: null, orient: 'top', direction: 'horizontal' },
                  },
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
      : {
          rows,
          body: bars(rows, {
            category: 'name',
            value: 'engagement',
            label: 'label',
            color: { genre: 'genre', legend: true },
            valueTitle: 'Engagement',
            labelLimit: 230,
            breakOutlier: true,
          }),
        },
  );
}

/**
 * The diverging bars with a wider value axis (±reach): on a phone's narrow plot a short red bar's value label,
 * drawn left of the bar, would otherwise run into the category labels.
 */
function withReach(body: Layer, reach: number): Layer {
  type XScaled = { encoding?: { x?: { scale?: { domain?: number[] } } } };
  return {
    ...body,
    layer: body.layer.map((l) => {
      const x = (l as XScaled).encoding?.x;
      return x?.scale?.domain ? { ...l, encoding: { ...(l as XScaled).encoding, x: { ...x, scale: { ...x.scale, domain: [-reach, reach] } } } } : l;
    }),
  } as Layer;
}

/** The axis says what a bar is; its units (a sentence long) are in the reading beside the chart, where they fit. */
export function predictionDrivers(r: PredictResult): ChartSpec {
  const p = r.data.prediction;
  const drivers = nonZeroDrivers(p?.drivers ?? []).slice(0, DRIVERS_CHARTED);
  // Short category names (phones): "(assumed)" becomes an asterisk, explained in the reading.
  const short = (feature: string) =>
    feature
      .replace(/ \(assumed\)$/, '*')
      .replace(/ \((\w+) assumed\)$/, ', $1*')
      .replace(/^release year /, 'year ');
  const rows: Row[] = drivers.map((d) => ({
    feature: short(d.feature),
    contribution: d.contribution,
    label: `${d.contribution > 0 ? '+' : ''}${d.contribution.toFixed(2)}`,
  }));
  return stageChart(
    r,
    {
      id: 'predict.drivers',
      title: 'What moved the prediction',
      reading: `Each bar is one input’s contribution to the ${p?.money ? 'predicted revenue' : 'predicted popularity'}${p?.driverUnits ? ` (in ${p.driverUnits})` : ''} relative to the model’s base value: green pushed it up, red down. * = assumed, not given.`,
      alt: drivers[0] ? `Bars of prediction drivers; the largest is ${drivers[0].feature} (${rows[0].label}).` : 'Bars of prediction drivers.',
    },
    !p
      ? { missing: NO_MODELS }
      : drivers.length === 0
        ? { missing: 'the model reported no contributions' }
        : {
            rows,
            body: withReach(
              divergingBars(rows, { category: 'feature', value: 'contribution', label: 'label', valueTitle: 'Contribution to the prediction', kind: 'score' }),
              2.2 * Math.max(...drivers.map((d) => Math.abs(d.contribution))),
            ),
          },
  );
}

export const PREDICT_CHARTS: readonly ChartBuilder<PredictResult>[] = [
  { id: 'predict.outlook', chat: true, build: predictionOutlook },
  { id: 'predict.reference-class', chat: true, build: referenceClassChart },
  { id: 'predict.budget-curve', chat: true, build: budgetCurve },
  { id: 'predict.benchmarks', chat: false, build: benchmarks },
  { id: 'predict.profile', chat: false, build: titleProfile },
  { id: 'predict.drivers', chat: false, build: predictionDrivers },
];

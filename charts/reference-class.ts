/**
 * Predict's reference class: the comparable past titles' outcomes as a distribution, with the proposal marked.
 * Movies: each comparable's revenue multiple (log scale) with the break-even multiple and the plan's predicted
 * multiple; TV: each comparable's popularity percentile with the plan's predicted percentile.
 */
import type { PredictResult } from '../src/core/stages/types.ts';
import { formatNumber, formatPercent } from './format.ts';
import { outcomeX } from './layers.ts';
import { stageChart, type ChartSpec, type Row } from './spec.ts';
import { COLORS, FONT_SIZE } from './theme.ts';

const multipleLabel = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)}×`;
/** Multiples below this are drawn at it (the axis starts here; the tooltip keeps the real value). */
const LOWEST_MULTIPLE = 0.05;

export function referenceClassChart(r: PredictResult): ChartSpec {
  const ref = r.data.reference;
  const p = r.data.prediction;
  const money = p?.money ?? null;
  const useMoney = ref !== null && ref.multiple !== null && money !== null;
  const what = `${r.data.input.genre} ${r.data.input.mediaType === 'tv' ? 'series' : 'movies'}`;
  const members = ref?.members ?? [];
  // One dot per comparable; dots with equal rounded values are stacked (a dot plot), hits in green.
  const value = (m: (typeof members)[number]) => (useMoney ? m.multiple : m.popularity);
  const stacks = new Map<string, number>();
  const rows: Row[] = members
    .filter((m) => value(m) !== null && (value(m) as number) > 0)
    .sort((a, b) => (value(a) as number) - (value(b) as number) || a.key.localeCompare(b.key))
    .map((m) => {
      const real = value(m) as number;
      const v = useMoney ? Math.max(LOWEST_MULTIPLE, real) : real;
      const bin = useMoney ? (Math.round(Math.log(v) * 8) / 8).toFixed(3) : String(Math.round(v / 4) * 4);
      const stack = (stacks.get(bin) ?? 0) + 1;
      stacks.set(bin, stack);
      return {
        value: v,
        stack,
        title: `${m.title} (${m.year})`,
        genre: m.genre,
        outcome: m.hit ? 'hit' : 'not a hit',
        shown: useMoney ? multipleLabel(real) : formatNumber(real),
      };
    });
  const values = rows.map((row) => Number(row.value));
  const planned = useMoney && money ? money.multiple.value : p ? p.popularity.value : null;
  const domain: [number, number] = useMoney
    ? [Math.max(LOWEST_MULTIPLE, Math.min(...values, planned ?? Infinity, 1) / 1.5), Math.max(...values, planned ?? 0, 3) * 1.5]
    : [0, 100];
  const x = outcomeX(useMoney, domain);
  const maxStack = Math.max(1, ...rows.map((row) => Number(row.stack)));
  const y = {
    field: 'stack',
    type: 'quantitative' as const,
    scale: { domain: [0, maxStack + 2] },
    axis: { title: 'Comparable titles', tickMinStep: 1, grid: false },
  };
  // The plan's label sits left of its line when the break-even line is to its right, so the two never overlap.
  const marks: { value: number; label: string; color: string; dash: number[]; align: 'left' | 'right' }[] = [];
  const breakEven = useMoney ? (ref?.breakEvenMultiple ?? null) : null;
  if (breakEven !== null)
    marks.push({
      value: breakEven,
      label: `break-even ${multipleLabel(breakEven)}`,
      color: COLORS.amber,
      dash: [5, 4],
      align: planned !== null && planned > breakEven ? 'right' : 'left',
    });
  if (planned !== null)
    marks.push({
      value: planned,
      label: `plan ${useMoney ? multipleLabel(planned) : formatNumber(planned)}`,
      color: COLORS.accent,
      dash: [],
      align: breakEven !== null && planned > breakEven ? 'left' : 'right',
    });
  const summary = ref
    ? useMoney && ref.multiple && ref.breakEvenRate !== null
      ? `median ${multipleLabel(ref.multiple.p50)}, ${formatPercent(ref.breakEvenRate)} broke even`
      : `median percentile ${formatNumber(ref.medianPopularity)}, ${formatPercent(ref.hitRate)} hits`
    : '';
  return stageChart(
    r,
    {
      id: 'predict.reference-class',
      title: ref ? `Comparables: ${summary}` : `Comparable ${what}`,
      reading: ref
        ? `Each dot is one of the ${ref.n} comparable ${what} (${ref.label.replace(/^\d+ \S+ \S+ /, '')}), placed by its ${useMoney ? 'revenue multiple' : 'popularity percentile'}; diamonds were hits. The red line is the plan's prediction${useMoney ? ', the amber dashed line the break-even multiple' : ''}.`
        : 'No comparable titles.',
      alt: ref
        ? `Dot plot of ${ref.n} comparable ${what} by ${useMoney ? 'revenue multiple' : 'popularity percentile'}: ${summary}; the plan is predicted at ${planned === null ? 'no value (no models)' : useMoney ? multipleLabel(planned) : formatNumber(planned)}.`
        : `No comparable ${what}.`,
    },
    rows.length === 0
      ? { missing: `no comparable ${what} with an outcome` }
      : {
          rows,
          body: {
            layer: [
              {
                mark: { type: 'point', size: 90, filled: true, opacity: 0.9, color: COLORS.secondary, stroke: COLORS.background, strokeWidth: 1 },
                encoding: {
                  x: { ...x, field: 'value' },
                  y,
                  // One neutral colour (a title's colour belongs to its genre in the other charts); the shape says whether it was a hit.
                  shape: {
                    field: 'outcome',
                    type: 'nominal',
                    scale: { domain: ['hit', 'not a hit'], range: ['diamond', 'circle'] },
                    legend: { title: null, orient: 'top', direction: 'horizontal' },
                  },
                  tooltip: [{ field: 'title' }, { field: 'genre' }, { field: 'shown', title: useMoney ? 'multiple' : 'percentile' }, { field: 'outcome' }],
                },
              },
              ...marks.flatMap((m) => [
                {
                  data: { values: [{ value: m.value, label: m.label }] },
                  mark: { type: 'rule' as const, strokeWidth: 3, color: m.color, ...(m.dash.length > 0 ? { strokeDash: m.dash } : {}) },
                  encoding: { x: { ...x, field: 'value' } },
                },
                {
                  data: { values: [{ value: m.value, label: m.label }] },
                  mark: {
                    type: 'text' as const,
                    align: m.align,
                    dx: m.align === 'left' ? 6 : -6,
                    baseline: 'top' as const,
                    fontSize: FONT_SIZE.mark,
                    fontWeight: 'bold' as const,
                    color: m.color,
                  },
                  encoding: { x: { ...x, field: 'value' }, y: { value: 4 }, text: { field: 'label' } },
                },
              ]),
            ],
          },
        },
  );
}

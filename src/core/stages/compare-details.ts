/**
 * Compare details: the bullets beside each chart of the compare stage, one list per view (`CompareView`), computed
 * from the data that chart draws (`charts/compare.ts`):
 * - winner: who won how many scored metrics;
 * - metrics-table: every metric side by side, context metrics included;
 * - differences: each scored metric's gap on the scale all share (Cliff's δ; percentile points for two titles);
 * - trend: mean engagement per release year of both sides.
 * The stage-level bullets that are about exactly one view (headline, widest gap, what the other side still leads
 * on, what was not compared, the latest year) are built here and shared with `compareInsights`.
 */
import { CANONICAL_GENRES } from '../../data/genres.ts';
import { insight, int, num, pct, pWords, rankInsights, times } from '../insights.ts';
import type { Figure, Insight } from '../types.ts';
import { formatUsd } from '../params.ts';
import type { CompareData, CompareMetric, CompareView, Side } from './types.ts';

/** Thresholds the compare bullets argue with. */
export const COMPARE_DETAIL_LIMITS = {
  /** Scored metrics this close (relative to the larger side) are near ties. */
  nearTie: 0.05,
  /** Fewer years with both sides known than this: too few to compare the trends. */
  minTrendYears: 3,
} as const;

/** Metrics that are shares (0..1) and read as percentages (in the bullets and in the charts). */
export const SHARE_METRICS: ReadonlySet<string> = new Set(['hitRate', 'cohortPercentile']);
/** Metrics that are counts. */
const COUNT_METRICS = new Set(['titles', 'voteCount', 'medianVoteCount']);

const other = (s: Side): Side => (s === 'left' ? 'right' : 'left');

/** Metrics in US dollars. */
const MONEY_METRICS = new Set(['revenue', 'budget']);

/** A metric's value as the bullets write it. */
export function formatValue(m: Pick<CompareMetric, 'metric'>, v: number): string {
  if (SHARE_METRICS.has(m.metric)) return pct(v);
  if (COUNT_METRICS.has(m.metric)) return int(v);
  if (MONEY_METRICS.has(m.metric)) return formatUsd(v);
  // Velocities run to hundredths: two significant digits, where `num`'s two decimals would say 0.03 vs 0.04.
  return Math.abs(v) < 0.1 && v !== 0 ? v.toPrecision(2) : num(v);
}

/** |b − a| as a share of the larger magnitude; 0 when either is unknown or both are 0. */
export function relativeDifference(a: number | null, b: number | null): number {
  return a === null || b === null ? 0 : Math.abs(b - a) / Math.max(Math.abs(a), Math.abs(b), 1e-12);
}

/** A metric's |delta| relative to the larger side (the differences chart's tooltip, the table's near ties). */
export function relativeGap(m: CompareMetric): number {
  return relativeDifference(m.left, m.right);
}

/** "Drama's", "Science Fiction movies'". */
const possessive = (name: string): string => (name.endsWith('s') ? `${name}'` : `${name}'s`);

/** A side's short name (in the charts and the bullets): the title's name without "(movie, 2024)", or the genre. */
export const sideName = (side: CompareData['left']): string => side.title?.title ?? side.label;

const shortName = (d: CompareData, s: Side): string => sideName(d[s]);

// ------------------------------------------------------------------ sentences shared with the stage's bullets

/** Nothing could be compared: said instead of every other bullet. */
export function noComparisonInsight(data: CompareData): Insight | null {
  if (data.overall.compared > 0) return null;
  return insight(`No metric could be compared between ${data.left.label} and ${data.right.label}.`, { compared: 0 }, 1);
}

/** Who won how many metrics, or that the sides are level (or not significantly different on anything). */
export function headlineInsight(data: CompareData, weight: number): Insight {
  const { overall, left, right } = data;
  if (overall.winner === 'tie') {
    if (overall.won.left === 0 && overall.won.right === 0 && data.kind === 'genre') {
      return insight(
        `No significant difference between ${left.label} and ${right.label} on any of the ${overall.compared} metrics compared.`,
        { compared: overall.compared, alpha: data.significance.alpha },
        weight,
        'winner',
      );
    }
    return insight(
      `${left.label} and ${right.label} are level: ${overall.won.left} metrics each of ${overall.compared}.`,
      { left: overall.won.left, right: overall.won.right, compared: overall.compared },
      weight,
      'winner',
    );
  }
  const w = overall.winner;
  const clear = data.kind === 'genre' ? ' significantly' : '';
  return insight(
    `${data[w].label}${clear} leads on ${overall.won[w]} of ${overall.compared} metrics against ${data[other(w)].label} (score ${overall.score.toFixed(2)}).`,
    { winner: data[w].label, won: overall.won[w], compared: overall.compared, score: overall.score },
    weight,
    'winner',
  );
}

/** The standardised size of a metric's gap: |Cliff's δ| for genres, |percentile difference| for titles. */
export function standardisedGap(m: CompareMetric): number {
  return m.test ? Math.abs(m.test.effect) : relativeGap(m);
}

/**
 * A metric's gap on the one scale every metric shares — the scale the widest gap is picked on — signed right minus
 * left (the right side ahead > 0): Cliff's δ for two genres (−1 to 1: how much more often a title of the right
 * side beats one of the left than the reverse), for two titles the difference of their percentiles in percentile
 * points (−100 to 100). Null for a metric not tested. (Relative differences — 10 % more hit rate, 6 % more
 * rating — are not comparable across metrics: which is the larger gap depends on the metric's own spread.)
 */
export function signedGap(data: Pick<CompareData, 'kind'>, m: CompareMetric): number | null {
  if (!m.test) return null;
  return data.kind === 'title' ? -100 * m.test.effect : -m.test.effect;
}

/** What `signedGap` is measured in: "Cliff's δ" (genres) or "percentile points" (titles). */
export function gapUnit(data: Pick<CompareData, 'kind'>): string {
  return data.kind === 'title' ? 'percentile points' : "Cliff's δ";
}

/** A gap's size as a number: δ to hundredths, percentile points to tenths. */
const gapSize = (data: Pick<CompareData, 'kind'>, gap: number) => Math.abs(gap).toFixed(data.kind === 'title' ? 1 : 2);

/** A gap as a chart labels its bar: signed, "+0.27" / "−2.5"; one that rounds to nothing is "0.0", never "−0.0". */
export function gapText(data: Pick<CompareData, 'kind'>, gap: number): string {
  const size = gapSize(data, gap);
  return Number(size) === 0 ? size : `${gap > 0 ? '+' : '−'}${size}`;
}

/** A gap's size as a bullet says it: "δ 0.27" (genres), "2.5 percentile points" (titles). */
function gapWords(data: Pick<CompareData, 'kind'>, gap: number): string {
  return data.kind === 'title' ? `${gapSize(data, gap)} percentile points` : `δ ${gapSize(data, gap)}`;
}

/** How close two titles' values are when they tie on a metric: "under 5 percentile points and 10% apart". */
export function titleTieWords(significance: CompareData['significance']): string {
  return `under ${Math.round(100 * significance.titleTieGap)} percentile points and ${pct(significance.titleTieRelative)} apart`;
}

/** Scored metrics won by one side, widest standardised gap first (ties by metric name). */
function byGap(data: CompareData, side?: Side): CompareMetric[] {
  return data.metrics
    .filter((m) => (m.winner === 'left' || m.winner === 'right') && (side === undefined || m.winner === side) && m.left !== null && m.right !== null)
    .sort((a, b) => standardisedGap(b) - standardisedGap(a) || a.metric.localeCompare(b.metric));
}

/**
 * Beside two titles' vote counts: votes pile up with time, so an older title's lead is partly its age (the years
 * between the releases, said when there are any).
 */
function ageNote(data: CompareData, m: CompareMetric, first: Side): string {
  if (data.kind !== 'title' || m.metric !== 'voteCount') return '';
  const [a, b] = [data[first].title?.year, data[other(first)].title?.year];
  if (a == null || b == null || a >= b) return '';
  return `; votes pile up with time and ${shortName(data, first)} is ${int(b - a)} year${b - a === 1 ? '' : 's'} older`;
}

/** How sure the gap is, said next to it: the test's p and sizes, or the titles' percentiles. */
function certainty(m: CompareMetric, first: Side): string {
  const t = m.test;
  if (!t) return '';
  if (t.method === 'percentile') return '';
  // sizes in the order the values are written (the side ahead first)
  const sizes = `${int(t.n[first])} vs ${int(t.n[other(first)])} titles`;
  return `; Cliff's δ ${Math.abs(t.effect).toFixed(2)}, ${t.p === null ? 'untested' : pWords(t.p)}, ${sizes}`;
}

/** The largest standardised gap among the metrics won (significant ones, for genres). */
export function widestGapInsight(data: CompareData, weight: number): Insight | null {
  const m = byGap(data)[0];
  if (!m || m.left === null || m.right === null || (m.winner !== 'left' && m.winner !== 'right')) return null;
  const fmt = (v: number) => formatValue(m, v);
  const [mine, theirs] = m.winner === 'left' ? [m.left, m.right] : [m.right, m.left];
  return insight(
    `Widest gap: ${m.label}, ${shortName(data, m.winner)} ahead (${fmt(mine)} vs ${fmt(theirs)}${certainty(m, m.winner)}${ageNote(data, m, m.winner)}).`,
    { metric: m.metric, left: m.left, right: m.right },
    weight,
    'differences',
  );
}

/** Genre sides too thin to compare on some metrics (fewer values than the minimum group size). */
export function thinInsight(data: CompareData, weight: number): Insight | null {
  const thin = data.metrics.filter((m) => m.test?.thin);
  if (thin.length === 0) return null;
  const { minGroup } = data.significance;
  const sides = (['left', 'right'] as const).filter((s) => thin.some((m) => (m.test?.n[s] ?? 0) < minGroup));
  const who = sides.map((s) => {
    const ns = thin.map((m) => m.test?.n[s] ?? 0).filter((n) => n < minGroup);
    const lo = Math.min(...ns);
    const hi = Math.max(...ns);
    return `${data[s].label} has ${lo === hi ? int(lo) : `${int(lo)}–${int(hi)}`}`;
  });
  const what = thin.length <= 2 ? thin.map((m) => m.label).join(' or ') : `${thin.length} metrics`;
  return insight(
    `Too thin to call ${what}: ${who.join(' and ')} titles a metric, under the ${minGroup} needed.`,
    { minGroup, metric: thin[0].metric, compared: data.overall.compared },
    weight,
  );
}

/**
 * Scored metrics whose difference is too small to call a lead (said so): between genres not significant, between
 * two titles their percentiles closer than `significance.titleTieGap`.
 */
export function notSignificantInsight(data: CompareData, weight: number): Insight | null {
  const level = data.metrics.filter((m) => m.winner === 'tie' && m.test && !m.test.thin && m.left !== m.right);
  if (level.length === 0 || (data.overall.won.left === 0 && data.overall.won.right === 0)) return null;
  const lead = data.kind === 'genre' ? 'No significant difference on' : `Too close to call (${titleTieWords(data.significance)}):`;
  return insight(
    `${lead} ${level.map((m) => `${m.label} (${formatValue(m, m.left ?? 0)} vs ${formatValue(m, m.right ?? 0)})`).join(', ')}.`,
    Object.fromEntries(
      level.flatMap((m) => [
        [`${m.metric}Left`, m.left ?? 0],
        [`${m.metric}Right`, m.right ?? 0],
      ]),
    ),
    weight,
  );
}

/** A side's leads, each with its values and how sure it is (the test's δ, p and sizes), as the widest gap is said. */
function leadsWords(data: CompareData, side: Side, leads: readonly CompareMetric[]): string {
  const o = other(side);
  return leads
    .map((m) => `${m.label} (${formatValue(m, m[side] ?? 0)} vs ${formatValue(m, m[o] ?? 0)}${certainty(m, side)}${ageNote(data, m, side)})`)
    .join(', ');
}

/**
 * When the widest gap is the overall loser's, the winner's own leads — which then no other bullet names ("Barbie
 * ahead on 2 of 8" with only Oppenheimer's rating in the bullets).
 */
export function winnerLeadsInsight(data: CompareData, weight: number): Insight | null {
  const { overall, metrics } = data;
  if (overall.winner === 'tie' || byGap(data)[0]?.winner === overall.winner) return null;
  const w = overall.winner;
  const leads = metrics.filter((m) => m.winner === w);
  if (leads.length === 0) return null;
  return insight(`${data[w].label} leads on ${leadsWords(data, w, leads)}.`, Object.fromEntries(leads.map((m) => [m.metric, m[w] ?? 0])), weight);
}

/** The metrics the overall loser still wins (but its widest gap, said in the widest-gap bullet). */
export function stillLeadsInsight(data: CompareData, weight: number): Insight | null {
  const { overall, metrics } = data;
  if (overall.winner === 'tie') return null;
  const widest = byGap(data)[0];
  const lost = metrics.filter((m) => m.winner !== null && m.winner !== 'tie' && m.winner !== overall.winner && m !== widest);
  if (lost.length === 0) return null;
  const o = other(overall.winner);
  return insight(
    `${data[o].label} still leads on ${leadsWords(data, o, lost)}.`,
    Object.fromEntries(lost.map((m) => [m.metric, (o === 'left' ? m.left : m.right) ?? 0])),
    weight,
  );
}

/** Scored metrics left out because a side is missing. */
export function unscoredInsight(data: CompareData, weight: number): Insight | null {
  const unscored = data.metrics.filter((m) => m.higherIsBetter !== null && m.winner === null && !m.test?.thin);
  if (unscored.length === 0) return null;
  const tv = data.kind === 'title' && (data.left.title?.mediaType === 'tv' || data.right.title?.mediaType === 'tv');
  return insight(
    `Not compared for lack of data: ${unscored.map((m) => m.label).join(', ')}${tv ? ' (TMDB has no revenue or budget for TV)' : ''}.`,
    { compared: data.overall.compared },
    weight,
  );
}

/**
 * Which side's releases engaged more in the latest full year both lines have — or that they were level: a lead
 * is claimed only when that year's bootstrap test puts it beyond chance (`latestYear`), with its p and sizes.
 */
export function latestYearInsight(data: CompareData, weight: number): Insight | null {
  const both = data.trend.filter((t) => t.left !== null && t.right !== null);
  const last = both[both.length - 1];
  if (!last || last.left === null || last.right === null) return null;
  const ahead: Side = last.left >= last.right ? 'left' : 'right';
  const behind = other(ahead);
  const [high, low] = ahead === 'left' ? [last.left, last.right] : [last.right, last.left];
  // Between titles the lines are their genres ("Science Fiction movies (Dune: Part Two's genre)"), not the titles.
  const line = (side: Side) => `${data.trendLabels[side].replace(/ \(genre\) ?$/, '')} (${sideName(data[side])}'s genre)`;
  const test = data.latestYear?.year === last.year ? data.latestYear : null;
  const sizes = test ? `, ${int(test.n[ahead])} vs ${int(test.n[behind])} titles` : '';
  const p = test?.p ?? null;
  // As for the metrics: a side under the minimum group size is too thin for the test to call a lead.
  const thin = test !== null && Math.min(test.n.left, test.n.right) < data.significance.minGroup;
  const leads = data.kind === 'title' ? line(ahead) : `${data[ahead].label}'s releases`;
  const level = data.kind === 'title' ? `${line(ahead)} and ${line(behind)}` : `${data[ahead].label}'s and ${data[behind].label}'s releases`;
  const text = thin
    ? `${leads} averaged more engagement (${num(high)} vs ${num(low)}${sizes}, too few to call)`
    : p !== null && p < data.significance.alpha
      ? `${leads} averaged more engagement (${num(high)} vs ${num(low)}; ${pWords(p)}${sizes})`
      : `${level} averaged about the same engagement (${num(high)} vs ${num(low)}; no significant difference${p !== null ? `, ${pWords(p)}` : ''}${sizes})`;
  return insight(
    `In ${last.year}, the latest full year with enough releases on both sides, ${text}.`,
    { year: last.year, left: last.left, right: last.right, ...(p !== null && !thin ? { p } : {}) },
    weight,
    'trend',
  );
}

// ------------------------------------------------------------------ views

function winnerView(data: CompareData): Insight[] {
  const none = noComparisonInsight(data);
  if (none) return rankInsights([none, thinInsight(data, 0.9)]);
  const { overall } = data;
  const out: (Insight | null)[] = [headlineInsight(data, 1)];
  if (overall.winner === 'tie') {
    if (overall.won.ties > 0) {
      out.push(
        insight(
          `${overall.won.ties} of the ${overall.compared} scored metrics are dead level, so neither ${shortName(data, 'left')} nor ${shortName(data, 'right')} edges ahead.`,
          { ties: overall.won.ties, compared: overall.compared },
          0.8,
        ),
      );
    }
  } else {
    const w = overall.winner;
    const a = overall.won[w];
    const b = overall.won[other(w)];
    const tied = overall.won.ties > 0 ? ` with ${overall.won.ties} tied` : '';
    const verdict =
      b === 0
        ? `a clean sweep: ${shortName(data, other(w))} wins none`
        : a - b === 1
          ? 'a narrow win: one metric going the other way would make it level'
          : `a margin of ${a - b} metrics`;
    out.push(insight(`${shortName(data, w)} won ${a} to ${b}${tied}, ${verdict}.`, { won: a, lost: overall.won[other(w)], ties: overall.won.ties }, 0.8));
    const wins = data.metrics.filter((m) => m.winner === w);
    out.push(
      insight(
        `${shortName(data, w)}'s ${wins.length === 1 ? 'win' : `${wins.length} wins`}: ${wins.map((m) => m.label).join(', ')}.`,
        { winner: data[w].label, won: a },
        0.6,
      ),
    );
  }
  out.push(stillLeadsInsight(data, 0.7));
  out.push(unscoredInsight(data, 0.75));
  return rankInsights(out);
}

function metricsTableView(data: CompareData): Insight[] {
  if (data.metrics.length === 0)
    return [insight(`No metrics to set ${data.left.label} and ${data.right.label} side by side.`, { left: data.left.label, right: data.right.label }, 1)];
  const out: (Insight | null)[] = [];
  const L = shortName(data, 'left');
  const R = shortName(data, 'right');
  // Context rows: shown, never scored.
  const context = data.metrics.filter((m) => m.higherIsBetter === null && m.left !== null && m.right !== null);
  if (context.length > 0) {
    const parts = context.map((m) => {
      const l = m.left ?? 0;
      const r = m.right ?? 0;
      const ratio = Math.min(l, r) > 0 && l !== r ? ` (${times(Math.max(l, r) / Math.min(l, r))})` : '';
      return `${m.label} ${formatValue(m, l)} vs ${formatValue(m, r)}${ratio}`;
    });
    const figures: Record<string, Figure> = {};
    for (const m of context) {
      figures[`${m.metric}Left`] = m.left ?? 0;
      figures[`${m.metric}Right`] = m.right ?? 0;
    }
    out.push(insight(`For context, not scored (${L} vs ${R}): ${parts.join('; ')}.`, figures, 0.8));
  }
  // Rows showing a dash: what both sides, then each side, lack.
  const rowsShow = (n: number) => (n === 1 ? 'that row shows' : 'those rows show');
  const neither = data.metrics.filter((m) => m.left === null && m.right === null);
  if (neither.length > 0) {
    out.push(
      insight(
        `Neither ${L} nor ${R} has ${neither.map((m) => m.label).join(', ')} in the data: ${rowsShow(neither.length)} only dashes.`,
        { left: data.left.label, right: data.right.label },
        0.76,
      ),
    );
  }
  for (const s of ['left', 'right'] as const) {
    const missing = data.metrics.filter((m) => m[s] === null && m[other(s)] !== null);
    if (missing.length === 0) continue;
    out.push(
      insight(
        `${shortName(data, s)} has no ${missing.map((m) => m.label).join(', ')} in the data: ${rowsShow(missing.length)} a dash on its side.`,
        { side: data[s].label },
        s === 'left' ? 0.75 : 0.74,
      ),
    );
  }
  // Bold marks a winner however small the gap: the near ties.
  const scored = data.metrics.filter((m) => m.winner === 'left' || m.winner === 'right');
  const near = scored.filter((m) => relativeGap(m) < COMPARE_DETAIL_LIMITS.nearTie);
  if (near.length > 0) {
    out.push(
      insight(
        `${near.length} of the ${scored.length} bold winners ${near.length === 1 ? 'is' : 'are'} within ${pct(COMPARE_DETAIL_LIMITS.nearTie)}: ${near
          .map((m) => `${m.label} (${formatValue(m, m.left ?? 0)} vs ${formatValue(m, m.right ?? 0)})`)
          .join(', ')}.`,
        Object.fromEntries(
          near.flatMap((m) => [
            [`${m.metric}Left`, m.left ?? 0],
            [`${m.metric}Right`, m.right ?? 0],
          ]),
        ),
        0.7,
      ),
    );
  } else if (scored.length > 0) {
    const closest = [...scored].sort((a, b) => relativeGap(a) - relativeGap(b) || a.metric.localeCompare(b.metric))[0];
    out.push(
      insight(
        `Every bold winner is clear: even the closest row, ${closest.label}, is ${pct(relativeGap(closest))} apart (${formatValue(closest, closest.left ?? 0)} vs ${formatValue(closest, closest.right ?? 0)}).`,
        { metric: closest.metric, left: closest.left ?? 0, right: closest.right ?? 0 },
        0.7,
      ),
    );
  }
  if (out.length === 0) {
    out.push(
      insight(`${data.metrics.length} metrics, none of them scored: ${data.metrics.map((m) => m.label).join(', ')}.`, { compared: data.overall.compared }, 0.5),
    );
  }
  return rankInsights(out);
}

/** The metrics the differences chart draws: the scored ones known for both sides, in the table's order. */
export function differenceMetrics(data: CompareData): CompareMetric[] {
  return data.metrics.filter((m) => m.left !== null && m.right !== null && m.delta !== null && m.higherIsBetter !== null);
}

function differencesView(data: CompareData): Insight[] {
  const drawn = differenceMetrics(data);
  if (drawn.length === 0)
    return [insight('No scored metric is known for both sides, so there are no differences to draw.', { compared: data.overall.compared }, 1)];
  const widest = byGap(data)[0];
  if (!widest) {
    const thin = drawn.filter((m) => m.test?.thin).length;
    return [
      insight(
        thin === drawn.length
          ? `No bar marks a lead: every difference drawn rests on fewer than ${data.significance.minGroup} titles a side.`
          : `No bar marks a lead: none of the ${drawn.length - thin} differences tested is significant${thin > 0 ? `, and ${thin} rest on too few titles` : ''}.`,
        { compared: data.overall.compared, minGroup: data.significance.minGroup },
        1,
      ),
    ];
  }
  const out: (Insight | null)[] = [widestGapInsight(data, 0.9)];
  // The other side's biggest edge.
  if (widest && (widest.winner === 'left' || widest.winner === 'right')) {
    const s = other(widest.winner);
    const edge = byGap(data, s)[0];
    if (edge && edge.left !== null && edge.right !== null) {
      const mine = edge[s] ?? 0;
      const theirs = edge[other(s)] ?? 0;
      out.push(
        insight(
          `${shortName(data, s)}'s biggest edge is ${edge.label}: ${formatValue(edge, mine)} vs ${formatValue(edge, theirs)} (${gapWords(data, signedGap(data, edge) ?? 0)}).`,
          { metric: edge.metric, left: edge.left, right: edge.right, gap: Math.abs(signedGap(data, edge) ?? 0) },
          0.8,
        ),
      );
    } else {
      out.push(insight(`${shortName(data, s)} has no edge on any scored metric with both sides known.`, { side: data[s].label }, 0.8));
    }
  }
  // Who wins by more: the mean size of each side's wins, on the bars' scale.
  const size = (m: CompareMetric) => Math.abs(signedGap(data, m) ?? 0);
  const mean = (ms: CompareMetric[]) => ms.reduce((a, m) => a + size(m), 0) / ms.length;
  const lw = byGap(data, 'left');
  const rw = byGap(data, 'right');
  if (lw.length > 1 && rw.length > 1) {
    const [big, small] = mean(lw) >= mean(rw) ? (['left', 'right'] as const) : (['right', 'left'] as const);
    const bw = big === 'left' ? lw : rw;
    const sw = small === 'left' ? lw : rw;
    out.push(
      insight(
        `By size, ${shortName(data, big)}'s ${bw.length === 1 ? 'win is' : `${bw.length} wins are`} wider: ${gapWords(data, mean(bw))} on average, against ${gapWords(data, mean(sw))} for ${shortName(data, small)}'s ${sw.length}.`,
        { left: data.overall.won.left, right: data.overall.won.right },
        0.7,
      ),
    );
  }
  return rankInsights(out);
}

/**
 * Whose trend a line is: the genre, or for a title its first genre and media type ("Drama movies"), which is what
 * the trend of a title is (TMDB keeps no per-title history).
 */
function trendName(data: CompareData, s: Side): string {
  const t = data[s].title;
  if (!t) return data[s].label;
  const genre = t.genres.find((g) => (CANONICAL_GENRES as readonly string[]).includes(g));
  return genre ? `${genre} ${t.mediaType === 'tv' ? 'TV' : 'movies'}` : `${t.title}'s genre`;
}

function trendView(data: CompareData): Insight[] {
  const both = data.trend.filter((t): t is { year: number; left: number; right: number } => t.left !== null && t.right !== null);
  const name = (s: Side) => trendName(data, s);
  if (both.length < COMPARE_DETAIL_LIMITS.minTrendYears) {
    return [
      insight(
        `Too few years with at least 3 releases on both sides (${both.length}) to compare the trends.`,
        { left: data.left.label, right: data.right.label },
        1,
      ),
    ];
  }
  const out: (Insight | null)[] = [latestYearInsight(data, 0.9)];
  const leader = (t: (typeof both)[number]): Side => (t.left >= t.right ? 'left' : 'right');
  const first = both[0];
  const last = both[both.length - 1];
  // The current run: since when the latest leader has been ahead.
  let k = both.length - 1;
  while (k > 0 && leader(both[k - 1]) === leader(last)) k--;
  const now = leader(last);
  const ledBy = (s: Side) => both.filter((t) => leader(t) === s).length;
  if (k === 0) {
    out.push(
      insight(
        `${name(now)} has been ahead in every one of the ${both.length} years with both sides, ${first.year}–${last.year}.`,
        { from: first.year, to: last.year },
        0.8,
      ),
    );
  } else {
    const run = both.length - k;
    const since = run === 1 ? `in ${both[k].year}, to ${name(now)}` : `in ${both[k].year}, to ${name(now)}, ahead every year since (${run} years)`;
    out.push(
      insight(
        `The lead last changed hands ${since}; over all ${both.length} years, ${name('left')} led ${ledBy('left')}, ${name('right')} ${ledBy('right')}.`,
        { year: both[k].year, from: first.year, to: last.year },
        0.8,
      ),
    );
  }
  // Growth from the first to the last year with both sides.
  if (first.left > 0 && first.right > 0 && last.year !== first.year) {
    const change = (s: Side) => {
      const r = last[s] / first[s];
      const how = Math.abs(r - 1) < 0.01 ? 'held level' : r >= 1 ? `rose ${times(r)}` : `fell ${pct(1 - r)}`;
      return `${how} (${num(first[s])} → ${num(last[s])})`;
    };
    const [a, b]: Side[] = last.right / first.right > last.left / first.left ? ['right', 'left'] : ['left', 'right'];
    out.push(
      insight(
        `From ${first.year} to ${last.year}, ${possessive(name(a))} yearly mean engagement ${change(a)}, ${possessive(name(b))} ${change(b)}.`,
        { from: first.year, to: last.year, left: first.left, right: first.right },
        0.7,
      ),
    );
  }
  // Each side's best year.
  const peak = (s: Side) => [...both].sort((a, b) => b[s] - a[s] || a.year - b.year)[0];
  const pl = peak('left');
  const pr = peak('right');
  out.push(
    insight(
      `Best years: ${name('left')} ${pl.year} (${num(pl.left)}), ${name('right')} ${pr.year} (${num(pr.right)}).`,
      { leftYear: pl.year, leftPeak: pl.left, rightYear: pr.year, rightPeak: pr.right },
      0.6,
    ),
  );
  return rankInsights(out);
}

/** The bullets of every compare view. Pure: same data, same bullets. */
export function compareDetails(data: CompareData): Record<CompareView, Insight[]> {
  return {
    winner: winnerView(data),
    'metrics-table': metricsTableView(data),
    differences: differencesView(data),
    trend: trendView(data),
  };
}

/**
 * The first line of an answer: the decision, how sure we are of it, and the caveat that qualifies it — beside the
 * claim, not in a footnote. The model diagnostics behind it (accuracy against baselines, what was left out) go
 * behind "How sure are we?" in chat (`diagnosticsFor`).
 */
import { pct } from '../core/insights.ts';
import { firstOf } from '../core/words.ts';
import type { ModelMetric } from '../core/model-port.ts';
import { titleTieWords } from '../core/stages/compare-details.ts';
import { EXPLORE_LIMITS } from '../core/stages/explore.ts';
import { forecastSureness, momentumClaim } from '../core/stages/forecast-details.ts';
import type { StageResult } from '../core/stages/types.ts';
import { zoneMeaning } from '../core/stages/identify-details.ts';
import { clearestDriver, driverGenresShown, LABELS } from '../core/stages/understand-details.ts';
import { UNDERSTAND_LIMITS } from '../core/stages/understand.ts';
import { missingNotes, modelNotes } from './footnotes.ts';

const pctPoints = (n: number) => `${n.toFixed(1)}%`;

/** The momentum claim and, beside it, how far the forecast figures can be trusted (an outlook or a baseline). */
function forecastLine(result: Extract<StageResult, { stage: 'forecast' }>): string {
  const claim = momentumClaim(result.data) ?? 'No call on momentum: too few recent releases to measure it';
  return `${claim}; ${forecastSureness(result.data)}.`;
}

/**
 * identify's line: the GREEN opportunities among the genres zoned, counted in the population they were zoned in.
 * A question about a genre is answered about it first — its own zone among its market ("Horror: AMBER among all
 * movies …") — and the market's opportunities follow, with the market's title count (not the asked genre's).
 */
function identifyLine(result: Extract<StageResult, { stage: 'identify' }>): string {
  const d = result.data;
  const rows = d.saturation.genres;
  const focus: readonly string[] = d.market?.focus ?? [];
  const green = rows.filter((g) => g.zone === 'GREEN' && !g.thin && !focus.includes(g.genre)).map((g) => g.genre);
  const thin = rows.filter((g) => g.zone === 'GREEN' && g.thin && !focus.includes(g.genre)).length;
  const thinNote = thin > 0 ? `${thin} more look green on too few titles to argue from` : '';
  const zoned = (d.market?.titles ?? d.scope.titles).toLocaleString('en-US');
  if (!d.market) {
    return green.length > 0
      ? `Opportunity: ${firstOf(green, 4)} — more hits than supply (${zoned} titles${thinNote ? `; ${thinNote}` : ''}).`
      : `No clear opportunity: no genre with enough titles is under-supplied relative to its hits${thinNote ? ` (${thinNote})` : ''}.`;
  }
  const asked = focus.map((genre) => {
    const row = rows.find((g) => g.genre === genre);
    if (!row) return `${genre}: none among ${d.market?.label}`;
    if (row.thin) return `${genre}: too few titles to call a zone`;
    return `${genre}: ${row.zone}, ${zoneMeaning(row.zone)} (${pct(row.supplyShare)} of titles, ${pct(row.hitShare)} of hits)`;
  });
  const elsewhere =
    green.length > 0
      ? `opportunities there: ${firstOf(green, 4)}, with more hits than supply${thinNote ? ` (${thinNote})` : ''}`
      : `no ${focus.length === 1 ? 'other ' : ''}genre there with enough titles is under-supplied relative to its hits${thinNote ? ` (${thinNote})` : ''}`;
  return `${asked.join('; ')} among ${d.market.label} (${zoned} titles); ${elsewhere}.`;
}

/** The decision line of a stage result (plain text; adapters add the emphasis). */
export function decisionFor(result: StageResult): string {
  switch (result.stage) {
    case 'predict':
      // The core's verdict line (predict-details.ts `verdictLine`): the verdict, its confidence against the
      // comparables, and how much the model explains out of time.
      return result.data.verdictLine;
    case 'compare': {
      const d = result.data;
      const o = d.overall;
      if (o.compared === 0) return `No verdict: no metric could be compared for both ${d.left.label} and ${d.right.label}.`;
      if (o.winner === 'tie' && o.won.left === 0 && o.won.right === 0) {
        // Nothing won either way: say what "even" means here.
        return d.kind === 'title'
          ? `A tie: on each of the ${o.compared} scored metrics the two are ${titleTieWords(d.significance)}.`
          : `A tie: no significant difference on any of the ${o.compared} scored metrics.`;
      }
      if (o.winner === 'tie') return `A tie: ${o.won.left}–${o.won.right} on ${o.compared} scored metrics${o.won.ties ? ` (${o.won.ties} even)` : ''}.`;
      const won = o.won[o.winner];
      const close = won - o.won[o.winner === 'left' ? 'right' : 'left'] <= 1 ? ' — a narrow lead, one metric either way would change it' : '';
      // Between genres a metric is won only on a significant difference (compare.ts), and the line says so.
      return `${d[o.winner].label}${d.kind === 'genre' ? ' significantly' : ''} ahead on ${won} of ${o.compared} scored metrics${close}.`;
    }
    case 'forecast':
      return forecastLine(result);
    case 'identify':
      return identifyLine(result);
    case 'understand': {
      // The same driver the stage's bullet and the drivers chart name: the clearest significant one of the genres shown.
      const top = clearestDriver(driverGenresShown(result.data.drivers), UNDERSTAND_LIMITS);
      return top
        ? `In ${top.genre}, engagement moves most with ${LABELS[top.variable] ?? top.variable} (Spearman ρ ${top.rho.toFixed(2)}, n = ${top.n.toLocaleString('en-US')}); association, not cause.`
        : `No clear driver of engagement in ${result.data.scope.label}: no characteristic goes with it significantly (p < ${UNDERSTAND_LIMITS.alpha}) and beyond a negligible |ρ| ${UNDERSTAND_LIMITS.negligible}.`;
    }
    case 'explore': {
      const s = result.data.scope;
      // "4,771 titles (movies · Drama)", "13,200 titles (all titles)": the scope's label names a filter, not a place.
      // A thin scope says so beside its figures (the stage's "Only N titles" bullet is then this line's caveat).
      const thin = s.titles < EXPLORE_LIMITS.minGenreTitles ? ' — too few titles to read the shares as more than indicative' : '';
      return `${s.titles.toLocaleString('en-US')} titles (${s.label}); ${pct(s.hitRate)} are hits (top quarter of engagement in their cohort)${thin}.`;
    }
  }
}

/** What "How sure are we?" shows: the models' accuracy against baselines and what the answer had to leave out. */
export function diagnosticsFor(result: StageResult, metrics: readonly ModelMetric[] = []): string[] {
  const notes = [...modelNotes(result, metrics), ...missingNotes(result)];
  if (result.stage === 'forecast') {
    for (const s of result.data.series) {
      const b = s.forecast?.backtest;
      if (b && !notes.some((n) => n.startsWith(s.genre)))
        notes.push(`${s.genre}: backtest sMAPE ${pctPoints(b.smape)} vs seasonal-naive ${pctPoints(b.baselineSmape)}.`);
    }
  }
  return notes.length > 0 ? notes : ['This answer is descriptive: counts and means over the catalog, with no model involved.'];
}

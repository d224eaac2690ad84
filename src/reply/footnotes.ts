/**
 * Footnotes under an answer: how good the models that answered are (accuracy against a baseline), the data's
 * date and size, and the TMDB attribution, which every reply carries.
 */
import type { ModelMetric } from '../core/model-port.ts';
import { periodLabel } from '../core/series.ts';
import type { StageResult } from '../core/stages/types.ts';
import type { Catalog } from '../data/catalog.ts';
import { TMDB_ATTRIBUTION } from './reply.ts';

const figure = (n: number) => (Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(3));

/** One evaluation row in words: "isolation-forest AUC 0.812 (baseline 0.500)". */
export function metricNote(m: ModelMetric): string {
  return `${m.name}: ${m.metric} ${figure(m.value)} (baseline ${figure(m.baseline)}, ${m.higherIsBetter ? 'higher' : 'lower'} is better).`;
}

/** Accuracy notes of the models that answered this result (none for purely descriptive stages). */
export function modelNotes(result: StageResult, metrics: readonly ModelMetric[] = []): string[] {
  switch (result.stage) {
    case 'predict':
      // The copilot's notes also cover the forecaster, which did not answer this question.
      return result.data.prediction ? result.data.prediction.accuracyNotes.filter((n) => !/^Forecast/i.test(n)) : [];
    case 'forecast': {
      // Per genre: which forecast the backtest chose, and by how much it beat the next best.
      return result.data.series.flatMap((s) => {
        const f = s.forecast;
        if (!f) return [];
        const b = f.backtest;
        if (!b) return [`${s.genre}: ${f.model}; no outlook.`];
        const [winner, next] = b.scores;
        const name = (m: string) => (m === 'prophet' ? 'Prophet' : m === 'mean' ? 'historical mean' : m.replace('-', ' '));
        const margin = next
          ? `, MASE ${winner.mase.toFixed(2)} vs ${next.mase.toFixed(2)} for ${name(next.method)} (${Math.round(100 * (1 - winner.mase / next.mase))}% lower)`
          : '';
        const last = periodLabel(b.lastOrigin, f.periodMonths === 1 ? 'month' : 'quarter');
        return [
          `${s.genre}: ${name(f.method)} won the backtest (${b.origins} rolling origins to ${last}, each scored ${b.horizon} periods ahead)${margin}${f.outlook ? '' : '; a baseline, so no outlook'}.`,
        ];
      });
    }
    case 'understand':
      return result.data.anomalies.available ? metrics.filter((m) => /anomal|isolation/i.test(m.name)).map(metricNote) : [];
    default:
      return [];
  }
}

/** The result's notes that say a part is missing (no models loaded), which a reader must not miss. */
export function missingNotes(result: StageResult): string[] {
  return result.notes.filter((n) => /need(s)? the trained models|without models|not available/i.test(n));
}

export function footnotesFor(result: StageResult, catalog: Catalog, metrics: readonly ModelMetric[] = []): string[] {
  return [
    ...modelNotes(result, metrics),
    ...missingNotes(result),
    `Data as of ${result.asOf} (${catalog.meta.counts.total.toLocaleString('en-US')} TMDB titles).`,
    TMDB_ATTRIBUTION,
  ];
}

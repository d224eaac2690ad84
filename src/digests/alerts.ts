/**
 * Alert conditions, evaluated against stage results and what the subscription remembered last time — pure:
 * results + memory in, "fired (with evidence)" or "quiet" + the memory to keep out.
 * - forecast-band: a month that now has actuals fell outside the band the previous evaluation forecast for it;
 * - velocity-anomaly: the title is flagged anomalous (isolation forest) or ranks among the rising stars, and was not last time;
 * - zone-change: the genre's saturation zone (GREEN/AMBER/RED) differs from the last evaluation's
 *   (the first evaluation only records the zone).
 */
import { VELOCITY_UNIT } from '../core/measures.ts';
import type { ForecastResult, IdentifyResult, UnderstandResult, Zone } from '../core/stages/index.ts';
import type { ForecastPoint } from '../core/model-port.ts';
import type { AlertCondition } from './types.ts';

export interface AlertMemory {
  /** forecast-band: the band forecast last time, by month. */
  band?: ForecastPoint[];
  /** zone-change: the zone last time. */
  zone?: Zone;
  /** velocity-anomaly: whether the title was flagged last time. */
  flagged?: boolean;
}

export interface AlertEvaluation {
  fired: boolean;
  /** What was seen: the evidence posted when it fired, or why it stayed quiet. */
  evidence: string[];
  memory: AlertMemory;
  /** The stage command that drills in. */
  command: string;
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

export function evaluateForecastBand(genre: string, result: ForecastResult, memory: AlertMemory): AlertEvaluation {
  const series = result.data.series.find((s) => s.genre.toLowerCase() === genre.toLowerCase());
  const command = `/forecast ${genre}`;
  if (!series) return { fired: false, evidence: [`${genre} has no forecast series.`], memory, command };
  const actual = new Map(series.history.map((p) => [p.month, p.value]));
  const crossed = (memory.band ?? [])
    .filter((p) => actual.has(p.month))
    .map((p) => ({ ...p, actual: actual.get(p.month) ?? 0 }))
    .filter((p) => p.actual < p.low || p.actual > p.high);
  const next: AlertMemory = { ...memory, band: series.forecast?.forecast ?? memory.band };
  return {
    fired: crossed.length > 0,
    evidence:
      crossed.length > 0
        ? crossed.map(
            (p) =>
              `${genre} ${p.month}: actual engagement ${fmt(p.actual)} is ${p.actual > p.high ? 'above' : 'below'} the forecast band ${fmt(p.low)}–${fmt(p.high)}`,
          )
        : [`${genre} stayed inside its forecast band.`],
    memory: next,
    command,
  };
}

export function evaluateVelocityAnomaly(
  title: string,
  forecast: ForecastResult | null,
  understand: UnderstandResult | null,
  memory: AlertMemory,
): AlertEvaluation {
  const wanted = title.toLowerCase();
  const anomaly = understand?.data.anomalies.titles.find((t) => t.title.toLowerCase() === wanted);
  const star = forecast?.data.risingStars.find((t) => t.title.toLowerCase() === wanted);
  const flagged = Boolean(anomaly || star);
  const evidence: string[] = [];
  if (anomaly) evidence.push(`${anomaly.title} is an outlier: anomaly score ${anomaly.score.toFixed(2)}, popularity ${fmt(anomaly.popularity)}`);
  if (star) evidence.push(`${star.title} is rising: ${star.velocity.toFixed(1)} ${VELOCITY_UNIT}, ${star.ratio.toFixed(1)}× the ${star.genre} median`);
  return {
    fired: flagged && !memory.flagged,
    evidence: evidence.length > 0 ? evidence : [`${title} shows no unusual velocity.`],
    memory: { ...memory, flagged },
    command: '/forecast',
  };
}

export function evaluateZoneChange(genre: string, result: IdentifyResult, memory: AlertMemory): AlertEvaluation {
  const row = result.data.saturation.genres.find((g) => g.genre.toLowerCase() === genre.toLowerCase());
  const command = `/identify ${genre}`;
  if (!row) return { fired: false, evidence: [`${genre} is not in the saturation analysis.`], memory, command };
  const moved = memory.zone !== undefined && memory.zone !== row.zone;
  return {
    fired: moved,
    evidence: [
      moved
        ? `${row.genre} moved from ${memory.zone} to ${row.zone}: hit rate ${(row.hitRate * 100).toFixed(0)}%, saturation index ${row.index === null ? 'n/a' : row.index.toFixed(2)}`
        : `${row.genre} is ${row.zone} (saturation index ${row.index === null ? 'n/a' : row.index.toFixed(2)}).`,
    ],
    memory: { ...memory, zone: row.zone },
    command,
  };
}

export function describeCondition(c: AlertCondition): string {
  switch (c.kind) {
    case 'forecast-band':
      return `${c.genre} leaves its forecast band`;
    case 'velocity-anomaly':
      return `${c.title} shows a velocity anomaly`;
    case 'zone-change':
      return `${c.genre} changes zone`;
  }
}

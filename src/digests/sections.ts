/**
 * The digest's sections as plain sentences, from stage results — pure: results in, bullets out.
 * rising    → forecast: titles gaining popularity fastest against their genre's median (rising stars);
 * movers    → forecast: genres whose next months are forecast furthest from their last 12 (trend without models);
 * anomalies → understand: isolation-forest outliers not reported to this subscription before ("new");
 * green     → identify: GREEN-zone genres (more hits than their share of supply), strongest first.
 */
import type { ForecastResult, IdentifyResult, UnderstandResult } from '../core/stages/index.ts';
import type { DigestSection } from './types.ts';

export interface SectionText {
  section: DigestSection;
  heading: string;
  bullets: string[];
  /** The stage command that drills in (a button). */
  command: string;
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${Math.round(x * 100)}%`;
const num = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));
const yearOf = (y: number | null) => (y ? ` (${y})` : '');

export function risingStars(result: ForecastResult, n = 3): SectionText {
  const stars = result.data.risingStars.slice(0, n);
  return {
    section: 'rising',
    heading: 'Rising stars',
    command: '/forecast',
    bullets: stars.length === 0
      ? ['No title is outpacing its genre right now.']
      : stars.map((s) => `${s.title}${yearOf(s.year)}, ${s.genre}: ${num(s.velocity)} popularity/day, ${s.ratio.toFixed(1)}× the genre median`),
  };
}

/** Forecast change: mean of the forecast months vs the mean of the last 12 history months. */
export function forecastChange(series: ForecastResult['data']['series'][number]): number | null {
  const f = series.forecast?.forecast ?? [];
  const h = series.history.slice(-12);
  if (f.length === 0 || h.length === 0) return series.trend;
  const before = h.reduce((a, p) => a + p.value, 0) / h.length;
  const after = f.reduce((a, p) => a + p.value, 0) / f.length;
  return before > 0 ? after / before - 1 : null;
}

export function biggestMovers(result: ForecastResult, n = 3): SectionText {
  const moves = result.data.series
    .map((s) => ({ genre: s.genre, change: forecastChange(s), forecast: s.forecast !== null }))
    .filter((m): m is { genre: typeof m.genre; change: number; forecast: boolean } => m.change !== null && Number.isFinite(m.change))
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
    .slice(0, n);
  return {
    section: 'movers',
    heading: 'Biggest movers',
    command: '/forecast',
    bullets: moves.length === 0
      ? ['No genre has enough history to call a move.']
      : moves.map((m) => `${m.genre} ${pct(m.change)} ${m.forecast ? `forecast over the next ${result.data.horizonMonths} months vs the last 12` : 'in the last 12 months vs the 12 before'}`),
  };
}

export function newAnomalies(result: UnderstandResult, seen: ReadonlySet<string>, n = 3): SectionText & { keys: string[] } {
  const a = result.data.anomalies;
  const fresh = a.titles.filter((t) => !seen.has(t.key));
  return {
    section: 'anomalies',
    heading: 'New anomalies',
    command: '/understand',
    keys: a.titles.map((t) => t.key),
    bullets: !a.available
      ? ['Anomaly detection needs the trained models, which were not available for this digest.']
      : fresh.length === 0
        ? [`No new anomalies (${a.count} known outliers, ${(a.rate * 100).toFixed(1)}% of titles).`]
        : fresh.slice(0, n).map((t) => `${t.title}${yearOf(t.year)}: anomaly score ${t.score.toFixed(2)}, popularity ${num(t.popularity)}, ${t.voteCount.toLocaleString('en-US')} votes`),
  };
}

export function greenZones(result: IdentifyResult, n = 3): SectionText {
  const { genres, overallHitRate } = result.data.saturation;
  const green = genres.filter((g) => g.zone === 'GREEN' && !g.thin).sort((a, b) => (a.index ?? Infinity) - (b.index ?? Infinity)).slice(0, n);
  return {
    section: 'green',
    heading: 'GREEN-zone opportunities',
    command: '/identify',
    bullets: green.length === 0
      ? ['No genre is in the GREEN zone right now.']
      : green.map((g) => `${g.genre}: hit rate ${(g.hitRate * 100).toFixed(0)}% vs ${(overallHitRate * 100).toFixed(0)}% overall, ${(g.supplyShare * 100).toFixed(1)}% of supply`),
  };
}

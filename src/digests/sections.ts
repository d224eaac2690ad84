/**
 * The digest's sections as plain sentences, from stage results — pure: results in, one bullet per section out
 * (a chat card shows few bullets, and every section must be seen).
 * rising    → forecast: titles gaining popularity fastest against their genre's median (rising stars);
 * movers    → forecast: genres whose next months are forecast furthest from their last 12 (trend without models);
 * anomalies → understand: isolation-forest outliers not reported to this subscription before ("new");
 * green     → identify: GREEN-zone genres (more hits than their share of supply), strongest first.
 */
import { VELOCITY_UNIT } from '../core/measures.ts';
import type { ForecastResult, IdentifyResult, UnderstandResult } from '../core/stages/index.ts';
import type { DigestSection } from './types.ts';

export interface SectionText {
  section: DigestSection;
  heading: string;
  /** The section in one sentence: its top items, or why there are none. */
  bullet: string;
  /** The stage command that drills in (a button). */
  command: string;
  /** The section's headline figure (a Slack field, a Teams fact). */
  fact: { label: string; value: string };
  /** The figure the next digest compares against (▲/▼): same label, same scale. */
  measure?: Measure;
}

export interface Measure {
  label: string;
  value: number;
  /** How the value reads: a count, or a share shown as a percentage. */
  unit: 'count' | 'share';
}

const showMeasure = (m: Measure, v: number) => (m.unit === 'share' ? `${(v * 100).toFixed(0)}%` : v.toLocaleString('en-US'));

/**
 * What changed since the last digest, as one line that leads the digest (as Tableau Pulse does): each section's
 * figure against the same figure last time, ▲ up, ▼ down, = unchanged. Figures the last digest did not have (a
 * first digest, a new section, a different top genre) are left out; with none to compare, the line says so.
 */
export function changeLine(now: readonly Measure[], previous: readonly Measure[] | undefined, since: string | undefined): string {
  const moves = now.flatMap((m) => {
    const before = previous?.find((p) => p.label === m.label && p.unit === m.unit);
    if (!before) return [];
    const arrow = m.value > before.value ? '▲' : m.value < before.value ? '▼' : '=';
    return [`${arrow} ${m.label} ${arrow === '=' ? showMeasure(m, m.value) : `${showMeasure(m, before.value)} → ${showMeasure(m, m.value)}`}`];
  });
  if (moves.length === 0) return 'First digest here: its figures are the baseline the next one compares against.';
  return `Since the last digest${since ? ` (${since})` : ''}: ${moves.join(' · ')}.`;
}

const num = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));
const yearOf = (y: number | null) => (y ? `${y}` : 'undated');

export function risingStars(result: ForecastResult, n = 3): SectionText {
  const stars = result.data.risingStars.slice(0, n);
  return {
    section: 'rising',
    heading: 'Rising stars',
    command: '/forecast',
    fact: { label: 'Fastest riser', value: stars[0] ? `${stars[0].title} (${stars[0].ratio.toFixed(0)}× the ${stars[0].genre} median)` : 'none' },
    measure: { label: 'titles outpacing their genre', value: result.data.risingStars.length, unit: 'count' },
    bullet:
      stars.length === 0
        ? 'Rising stars: no title is outpacing its genre right now.'
        : // The genre is the one the title outpaces most (one of its genres), named as such.
          `Rising stars: ${stars.map((s) => `${s.title} (${yearOf(s.year)}) ${num(s.velocity)} ${VELOCITY_UNIT}, ${s.ratio.toFixed(0)}× the ${s.genre} median`).join('; ')}.`,
  };
}

/**
 * A genre's move, in percentage points of its share of releases: the presented forecast's mean against its last
 * 12 months (`change`), or, without models, the last 12 months against the 12 before (`trend`).
 */
export function forecastChange(series: ForecastResult['data']['series'][number]): number | null {
  return series.change ?? series.trend;
}

const points = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)} pts`;

export function biggestMovers(result: ForecastResult, n = 3): SectionText {
  const all = result.data.series.map((s) => ({ genre: s.genre, change: forecastChange(s), forecast: s.forecast !== null, direction: s.direction }));
  const moves = all
    .filter((m): m is typeof m & { change: number } => m.change !== null && Number.isFinite(m.change))
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.genre.localeCompare(b.genre))
    .slice(0, n);
  const { asOf } = result.data.coverage;
  const basis = moves.some((m) => m.forecast)
    ? `share of releases: the forecast of the next ${result.data.horizonMonths} months vs the last 12, as of ${asOf}; "level" = within the forecast's typical error`
    : `share of releases: the last 12 months vs the 12 before, as of ${asOf} (no forecast models)`;
  const word = (m: (typeof moves)[number]) => `${m.genre} ${points(m.change)}${m.direction === 'flat' ? ' (level)' : ''}`;
  return {
    section: 'movers',
    heading: 'Biggest movers',
    command: '/forecast',
    fact: { label: 'Biggest mover', value: moves[0] ? word(moves[0]) : 'none' },
    ...(moves[0] ? { measure: { label: `${moves[0].genre} forecast change`, value: Math.round(moves[0].change * 100) / 100, unit: 'share' as const } } : {}),
    bullet: moves.length === 0 ? 'Biggest movers: no genre has enough history to call a move.' : `Biggest movers: ${moves.map(word).join(', ')} (${basis}).`,
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
    fact: { label: 'New anomalies', value: a.available ? String(fresh.length) : 'n/a (no models)' },
    ...(a.available ? { measure: { label: 'known outliers', value: a.count, unit: 'count' as const } } : {}),
    bullet: !a.available
      ? 'New anomalies: detection needs the trained models, which were not available for this digest.'
      : fresh.length === 0
        ? `New anomalies: none since the last digest (${a.count} known outliers, ${(a.rate * 100).toFixed(1)}% of rated titles).`
        : `New anomalies: ${fresh
            .slice(0, n)
            .map((t) => `${t.title} (${yearOf(t.year)}) score ${t.score.toFixed(2)}, popularity ${num(t.popularity)}`)
            .join('; ')}${fresh.length > n ? ` and ${fresh.length - n} more` : ''}.`,
  };
}

export function greenZones(result: IdentifyResult, n = 3): SectionText {
  const { genres, overallHitRate } = result.data.saturation;
  const green = genres
    .filter((g) => g.zone === 'GREEN' && !g.thin)
    .sort((a, b) => (a.index ?? Infinity) - (b.index ?? Infinity))
    .slice(0, n);
  return {
    section: 'green',
    heading: 'GREEN-zone opportunities',
    command: '/identify',
    fact: { label: 'GREEN zones', value: green.length > 0 ? green.map((g) => g.genre).join(', ') : 'none' },
    measure: { label: 'GREEN-zone genres', value: genres.filter((g) => g.zone === 'GREEN' && !g.thin).length, unit: 'count' },
    bullet:
      green.length === 0
        ? 'GREEN-zone opportunities: no genre is under-served right now.'
        : `GREEN-zone opportunities: ${green.map((g) => `${g.genre} ${(g.hitRate * 100).toFixed(0)}% hits on ${(g.supplyShare * 100).toFixed(0)}% of supply`).join(', ')} (overall hit rate ${(overallHitRate * 100).toFixed(0)}%).`,
  };
}

/**
 * Identify: where the openings are.
 *
 * - Saturation index per genre = supply share / hit share, where supply share = the genre's titles / titles in
 *   scope and hit share = the genre's hits / hits in scope (equivalently: overall hit rate / the genre's hit
 *   rate). Below 1 the genre wins more than its share of hits; above 1 it is crowded for what it delivers.
 *   Zones: GREEN (under-served, strong) when index ≤ 0.8 — the genre's hit rate is at least 1.25× the overall
 *   rate; RED (crowded, weak) when index ≥ 1.25 — at most 0.8× the overall rate (or no hits); AMBER between.
 *   Genres with fewer than `minTitles` titles keep their zone but are marked thin.
 * - Pareto: titles sorted by engagement, best first; the share of titles that together hold 80% of the
 *   engagement (smallest k with cumulative ≥ 80%, as k / n), overall and per genre.
 * - Release window: genre × release month cells with mean engagement; lift = cell mean / genre mean; best and
 *   worst month per genre among cells with at least `minCell` titles (ties: earlier month).
 */
import type { Catalog } from '../../data/catalog.ts';
import { CANONICAL_GENRES, type Genre } from '../../data/genres.ts';
import { asHeadline, rankInsights } from '../insights.ts';
import { ENGAGEMENT_DEFINITION, HIT_DEFINITION } from '../measures.ts';
import type { IdentifyParams } from '../params.ts';
import { sortedFinite } from '../stats/order.ts';
import { mannWhitneyTest } from '../stats/tests.ts';
import type { Insight } from '../types.ts';
import {
  bestWindowInsight,
  crowdedInsight,
  focusWindowInsight,
  focusZoneInsight,
  identifyDetails,
  paretoInsight,
  scopeParetoInsight,
  solidGenres,
  windowGenres,
  zoneInsight,
} from './identify-details.ts';
import { columnAt, membersByGenre, scopeVsMarketInsight, selectMarket, selectScope, type Columns } from './scope.ts';
import type { IdentifyData, IdentifyResult, ParetoSummary, SaturationRow, WindowCell, Zone } from './types.ts';

export const SATURATION_THRESHOLDS = { green: 0.8, red: 1.25, minTitles: 30 } as const;
export const PARETO_TARGET = 0.8;
export const WINDOW_MIN_CELL = 5;
const MIN_PARETO_TITLES = 10;

const G = CANONICAL_GENRES.length;

/** The zone of a saturation index (null = no hits = RED). */
export function zoneOf(index: number | null): Zone {
  if (index === null) return 'RED';
  if (index <= SATURATION_THRESHOLDS.green) return 'GREEN';
  if (index >= SATURATION_THRESHOLDS.red) return 'RED';
  return 'AMBER';
}

export function saturation(cols: Columns, idx: Int32Array, byGenre: readonly Int32Array[]): IdentifyData['saturation'] {
  let hitsTotal = 0;
  for (let k = 0; k < idx.length; k++) hitsTotal += cols.hits.hit[idx[k]];
  const overallHitRate = idx.length === 0 ? 0 : hitsTotal / idx.length;
  const rows: SaturationRow[] = [];
  byGenre.forEach((list, g) => {
    if (list.length === 0) return;
    let hits = 0;
    let eng = 0;
    for (const i of list) {
      hits += cols.hits.hit[i];
      eng += cols.engagement[i];
    }
    const supplyShare = list.length / idx.length;
    const hitShare = hitsTotal === 0 ? 0 : hits / hitsTotal;
    const index = hitShare === 0 ? null : supplyShare / hitShare;
    rows.push({
      genre: CANONICAL_GENRES[g],
      titles: list.length,
      hits,
      supplyShare,
      hitShare,
      hitRate: hits / list.length,
      meanEngagement: eng / list.length,
      index,
      zone: zoneOf(index),
      thin: list.length < SATURATION_THRESHOLDS.minTitles,
    });
  });
  const key = (r: SaturationRow) => r.index ?? Number.POSITIVE_INFINITY;
  rows.sort((a, b) => key(a) - key(b) || b.titles - a.titles || a.genre.localeCompare(b.genre));
  return { thresholds: { ...SATURATION_THRESHOLDS }, overallHitRate, genres: rows };
}

/** Pareto summary of engagement values (any order). */
export function pareto(values: Float64Array, withCurve: boolean): ParetoSummary {
  return paretoOfDescending(sortedFinite(values).reverse(), withCurve);
}

/** Pareto summary of values sorted best first. */
function paretoOfDescending(sorted: Float64Array, withCurve: boolean): ParetoSummary {
  const n = sorted.length;
  const cumulative = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cumulative[i + 1] = cumulative[i] + sorted[i];
  const total = cumulative[n];
  let k = n;
  if (total > 0) {
    // smallest k with cumulative[k] ≥ 80% of the total (binary search: cumulative is non-decreasing)
    let lo = 0;
    let hi = n;
    const target = PARETO_TARGET * total;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] >= target - 1e-9 * total) hi = mid;
      else lo = mid + 1;
    }
    k = lo;
  }
  const curve: ParetoSummary['curve'] = [];
  if (withCurve) {
    for (let p = 0; p <= 100; p++) {
      const m = Math.round((p / 100) * n);
      curve.push({ x: p / 100, y: total > 0 ? cumulative[m] / total : p / 100 });
    }
  }
  return { titleShareFor80: n === 0 ? 0 : k / n, titles: n, curve };
}

/**
 * Overall and per-genre Pareto without sorting: walking the catalog's cached engagement order best first and
 * keeping the titles in scope fills the overall list and each genre's list already in order.
 */
function paretoAll(cols: Columns, idx: Int32Array, byGenre: readonly Int32Array[]): IdentifyData['pareto'] {
  const inScope = new Uint8Array(cols.n);
  for (let k = 0; k < idx.length; k++) inScope[idx[k]] = 1;
  const desc = new Float64Array(idx.length);
  const lists = byGenre.map((list) => new Float64Array(list.length));
  const filled = new Int32Array(G);
  const order = cols.engagementOrder;
  let j = 0;
  for (let r = cols.n - 1; r >= 0; r--) {
    const i = order[r];
    if (!inScope[i]) continue;
    const v = cols.engagement[i];
    desc[j++] = v;
    for (let m = cols.genreMask[i]; m !== 0; m &= m - 1) {
      const g = 31 - Math.clz32(m & -m);
      lists[g][filled[g]++] = v;
    }
  }
  return {
    overall: paretoOfDescending(desc, true),
    byGenre: lists
      .map((list, g) => ({ list, g }))
      .filter(({ list }) => list.length >= MIN_PARETO_TITLES)
      .map(({ list, g }) => {
        const { titleShareFor80, titles } = paretoOfDescending(list, false);
        return { genre: CANONICAL_GENRES[g], titleShareFor80, titles };
      })
      .sort((a, b) => a.titleShareFor80 - b.titleShareFor80 || a.genre.localeCompare(b.genre)),
  };
}

function releaseWindow(cols: Columns, byGenre: readonly Int32Array[]): IdentifyData['releaseWindow'] {
  const cells: WindowCell[] = [];
  const best: IdentifyData['releaseWindow']['best'] = [];
  byGenre.forEach((list, g) => {
    if (list.length === 0) return;
    const genre: Genre = CANONICAL_GENRES[g];
    const counts = new Float64Array(13);
    const eng = new Float64Array(13);
    let datedEng = 0;
    let dated = 0;
    for (const i of list) {
      const m = cols.month[i];
      if (m === 0) continue;
      counts[m]++;
      eng[m] += cols.engagement[i];
      datedEng += cols.engagement[i];
      dated++;
    }
    const genreMean = dated === 0 ? 0 : datedEng / dated;
    let bestM: number | null = null;
    let worstM: number | null = null;
    const lifts: (number | null)[] = [null];
    for (let m = 1; m <= 12; m++) {
      const mean = counts[m] > 0 ? eng[m] / counts[m] : null;
      const lift = mean !== null && counts[m] >= WINDOW_MIN_CELL && genreMean > 0 ? mean / genreMean : null;
      lifts.push(lift);
      cells.push({ genre, month: m, titles: counts[m], meanEngagement: mean, lift });
      if (lift === null) continue;
      if (bestM === null || lift > (lifts[bestM] ?? -Infinity)) bestM = m;
      if (worstM === null || lift < (lifts[worstM] ?? Infinity)) worstM = m;
    }
    // Is the best month more than the luck of picking the highest of twelve? Its titles against the genre's others.
    let bestP: number | null = null;
    if (bestM !== null) {
      const month: number[] = [];
      const rest: number[] = [];
      for (const i of list) if (cols.month[i] !== 0) (cols.month[i] === bestM ? month : rest).push(cols.engagement[i]);
      const p = mannWhitneyTest(month, rest).p;
      bestP = p === null ? null : Math.min(1, 12 * p);
    }
    best.push({
      genre,
      bestMonth: bestM,
      worstMonth: worstM,
      bestLift: bestM === null ? null : lifts[bestM],
      worstLift: worstM === null ? null : lifts[worstM],
      bestP,
    });
  });
  return { minCell: WINDOW_MIN_CELL, cells, best };
}

function identifyInsights(data: IdentifyData, params: IdentifyParams): Insight[] {
  const { market } = data;
  if (market) {
    // A genre was asked: its zone among all genres of the market, its own release window and how concentrated its
    // engagement is; no co-genre is argued from. A release-window question leads with the window.
    const windowFirst = params.aspect === 'window';
    return rankInsights([
      // The decision line states each asked genre's zone (reply/decision.ts): chat leaves the bullet out, the dashboard keeps it.
      ...market.focus.map((g) => asHeadline(focusZoneInsight(data, g, params.mediaType, windowFirst ? 0.9 : 1))),
      ...market.focus.map((g) => focusWindowInsight(data.releaseWindow, g, windowFirst ? 1 : 0.85)),
      // Beside the zone (shares of titles and hits), whether the asked genres' hit rate differs from the rest of the
      // market beyond chance: a zone is descriptive, this is its test.
      scopeVsMarketInsight(data.scope, market, params.mediaType, 0.8),
      scopeParetoInsight(data, params.mediaType),
    ]);
  }
  const solid = solidGenres(data.saturation);
  return rankInsights([
    zoneInsight(data),
    crowdedInsight(data.saturation),
    paretoInsight(data.pareto),
    // The stage names a window among the genres the release-window chart shows, in the chart's own numbers.
    bestWindowInsight(
      data.releaseWindow,
      windowGenres(data).filter((g) => solid.some((s) => s.genre === g)),
    ),
  ]);
}

export function identify(catalog: Catalog, params: IdentifyParams): IdentifyResult {
  const { cols, idx, scope } = selectScope(catalog, params);
  // With asked genres, saturation, windows and per-genre concentration are judged over the market (the same
  // filters without the genres), so the asked genre is placed among all genres, not among its co-genres.
  const market = selectMarket(cols, params, scope);
  const base = market?.idx ?? idx;
  const byGenre = membersByGenre(cols, base);
  const perGenre = paretoAll(cols, base, byGenre);
  const data: IdentifyData = {
    scope,
    market: market?.summary ?? null,
    saturation: saturation(cols, base, byGenre),
    pareto: market ? { ...perGenre, overall: pareto(columnAt(cols.engagement, idx), true) } : perGenre,
    releaseWindow: releaseWindow(cols, byGenre),
  };
  return {
    stage: 'identify',
    params,
    insights: identifyInsights(data, params),
    details: identifyDetails(data),
    data,
    asOf: catalog.meta.asOf,
    notes: [
      ENGAGEMENT_DEFINITION,
      HIT_DEFINITION,
      `Saturation index = supply share ÷ hit share. GREEN ≤ ${SATURATION_THRESHOLDS.green} (hit rate ≥ 1.25× overall), RED ≥ ${SATURATION_THRESHOLDS.red} (hit rate ≤ 0.8× overall or no hits), AMBER between; genres under ${SATURATION_THRESHOLDS.minTitles} titles are marked thin.`,
      `Pareto: the smallest share of titles (best first) holding ${PARETO_TARGET * 100}% of engagement; per genre for genres with ≥ ${MIN_PARETO_TITLES} titles.`,
      `Release window: mean engagement by release month; lift = month mean ÷ genre mean, cells with fewer than ${WINDOW_MIN_CELL} titles left blank.`,
    ],
  };
}

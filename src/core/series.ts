/**
 * Genre share series: the history handed to the forecaster (`ModelPort.forecast`).
 *
 * ## The target: a genre's share of the period's releases
 * For each period, the share (%) of the titles released in it (movies and TV, any source) that carry the genre;
 * beside it, the genre's share of those titles' comparable engagement (`engagementShare`). A sum of engagement
 * (the old target) measured catalog coverage as much as the market: it fell whenever the sources thinned (on the
 * snapshot, 2022–2024 hold a third of the titles per month 2019 did) and jumped with single titles. A share
 * divides the coverage out: thinning a period's titles at random leaves each genre's expected share unchanged, so
 * thin periods are noisier, not lower. A title with several genres counts in each (shares add up to over 100 %).
 *
 * ## Granularity
 * Monthly when every series' genre has at least `MIN_TITLES_PER_PERIOD` titles in each of the last
 * `GRANULARITY_CHECK_MONTHS` complete months; quarterly otherwise. A share from 10 titles is still ±15 points
 * (binomial, p = 0.3), so below that a month is mostly noise; on the snapshot the leading genres have 2–35 titles
 * a month in 2023–2025 (Crime 1–5), and quarterly is what it supports. A live catalog ingested month by month
 * (`discoverSlices`) is dense enough for monthly series.
 *
 * ## The span
 * From January of (asOf year − `SERIES_YEARS`) to the last complete period before the as-of date (the
 * collection date, `catalog.meta.asOf`), so the history ends within a period of it. Titles released after asOf
 * are upcoming (`cols.upcoming`): never history; the forecast stage shows the next quarter's slate apart. Titles
 * released between the last complete period and asOf (the current period, part-observed) are left out: a share
 * of part of a quarter would be compared with whole ones.
 */
import type { Catalog } from '../data/catalog.ts';
import type { Genre } from '../data/genres.ts';
import { columnsOf, genreBit, type Columns } from './columns.ts';
import type { MonthlyPoint } from './model-port.ts';

export const SERIES_YEARS = 15;
/** A genre needs this many titles in each recent month for monthly series (see the module comment). */
export const MIN_TITLES_PER_PERIOD = 10;
/** The recent complete months the monthly test looks at. */
export const GRANULARITY_CHECK_MONTHS = 24;

export type Granularity = 'month' | 'quarter';

/** Months per period of a granularity. */
export function periodMonthsOf(granularity: Granularity): 1 | 3 {
  return granularity === 'month' ? 1 : 3;
}

/** YYYY-MM of a zero-based absolute month number (year × 12 + month − 1). */
export function monthLabel(abs: number): string {
  return `${Math.floor(abs / 12)}-${String((abs % 12) + 1).padStart(2, '0')}`;
}

/** The zero-based absolute month number of a YYYY-MM(-DD) string. */
export function monthNumber(label: string): number {
  return Number(label.slice(0, 4)) * 12 + Number(label.slice(5, 7)) - 1;
}

/** The YYYY-MM `k` months after `month` (YYYY-MM). */
export function shiftMonth(month: string, k: number): string {
  return monthLabel(monthNumber(month) + k);
}

/** A period as people say it: "2025-10" for a month, "2025 Q4" for the quarter starting in 2025-10. */
export function periodLabel(start: string, granularity: Granularity): string {
  return granularity === 'month' ? start.slice(0, 7) : `${start.slice(0, 4)} Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`;
}

/** One period of a genre's series. `value` = the genre's share (%) of the period's releases. */
export interface SeriesPoint extends MonthlyPoint {
  /** The genre's share (%) of the comparable engagement of the period's releases. */
  engagementShare: number;
  /** Titles of the genre released in the period. */
  titles: number;
  /** All titles released in the period. */
  total: number;
}

/** The periods every genre series of one answer covers. */
export interface SeriesSpan {
  granularity: Granularity;
  /** The first period's first month (YYYY-MM). */
  first: string;
  /** The last period's first month (YYYY-MM): the last complete period before `asOf`. */
  last: string;
  /** The last month of the last period (YYYY-MM): where the history ends. */
  end: string;
  /** The collection date (YYYY-MM-DD) the history ends at. */
  asOf: string;
}

/** The first month of the period holding absolute month `abs`. */
function periodStart(abs: number, step: number): number {
  return abs - (abs % step);
}

/**
 * The span for a granularity: from January (asOf year − `SERIES_YEARS`) to the last period that ends before
 * asOf's month (asOf 2026-02-21: quarters to 2025 Q4, months to 2026-01).
 */
export function seriesWindow(asOf: string, granularity: Granularity): SeriesSpan {
  const step = periodMonthsOf(granularity);
  const lastStart = periodStart(monthNumber(asOf), step) - step;
  const first = (Number(asOf.slice(0, 4)) - SERIES_YEARS) * 12;
  return { granularity, first: monthLabel(first), last: monthLabel(lastStart), end: monthLabel(lastStart + step - 1), asOf };
}

/** Released (not upcoming) titles per month for each genre, over the months [from, to] (absolute numbers). */
function monthlyCounts(cols: Columns, genres: readonly Genre[], from: number, to: number): number[][] {
  const bits = genres.map(genreBit);
  const counts = genres.map(() => new Array<number>(Math.max(0, to - from + 1)).fill(0));
  for (let i = 0; i < cols.n; i++) {
    if (cols.upcoming[i] === 1 || cols.year[i] === 0 || cols.month[i] === 0) continue;
    const m = cols.year[i] * 12 + cols.month[i] - 1;
    if (m < from || m > to) continue;
    for (let g = 0; g < genres.length; g++) if ((cols.genreMask[i] & bits[g]) !== 0) counts[g][m - from]++;
  }
  return counts;
}

/** Monthly when each genre has `MIN_TITLES_PER_PERIOD` titles in each of the last `GRANULARITY_CHECK_MONTHS` complete months; else quarterly. */
export function chooseGranularity(catalog: Catalog, genres: readonly Genre[]): Granularity {
  if (genres.length === 0) return 'quarter';
  const last = monthNumber(catalog.meta.asOf) - 1;
  const counts = monthlyCounts(columnsOf(catalog), genres, last - GRANULARITY_CHECK_MONTHS + 1, last);
  return counts.every((row) => row.every((c) => c >= MIN_TITLES_PER_PERIOD)) ? 'month' : 'quarter';
}

/**
 * The share series of several genres in one pass over the catalog, at the granularity their data supports
 * (or the one asked for); `titles`: the genre's released titles in the span.
 */
export function genreShareSeries(
  catalog: Catalog,
  genres: readonly Genre[],
  granularity: Granularity = chooseGranularity(catalog, genres),
): { span: SeriesSpan; series: Map<Genre, { history: SeriesPoint[]; titles: number }> } {
  const cols = columnsOf(catalog);
  const span = seriesWindow(catalog.meta.asOf, granularity);
  const step = periodMonthsOf(granularity);
  const first = monthNumber(span.first);
  const n = Math.max(0, (monthNumber(span.last) - first) / step + 1);
  const total = new Float64Array(n);
  const totalEngagement = new Float64Array(n);
  const counts = genres.map(() => new Float64Array(n));
  const engagement = genres.map(() => new Float64Array(n));
  const bits = genres.map(genreBit);
  for (let i = 0; i < cols.n; i++) {
    if (cols.upcoming[i] === 1 || cols.year[i] === 0 || cols.month[i] === 0) continue;
    const p = Math.floor((cols.year[i] * 12 + cols.month[i] - 1 - first) / step);
    if (p < 0 || p >= n) continue;
    const e = Number.isFinite(cols.engagement[i]) ? cols.engagement[i] : 0;
    total[p]++;
    totalEngagement[p] += e;
    for (let g = 0; g < genres.length; g++) {
      if ((cols.genreMask[i] & bits[g]) === 0) continue;
      counts[g][p]++;
      engagement[g][p] += e;
    }
  }
  // The history starts at the first period with releases; a later period without any says nothing about
  // shares, so it carries the previous period's shares (with 0 titles, so it is visibly empty).
  const found = total.findIndex((t) => t > 0);
  const start = found < 0 ? n : found;
  const series = new Map<Genre, { history: SeriesPoint[]; titles: number }>();
  genres.forEach((genre, g) => {
    const history: SeriesPoint[] = [];
    for (let p = start; p < n; p++) {
      const prev = history.at(-1);
      history.push({
        month: monthLabel(first + p * step),
        value: total[p] > 0 ? (100 * counts[g][p]) / total[p] : (prev?.value ?? 0),
        engagementShare: totalEngagement[p] > 0 ? (100 * engagement[g][p]) / totalEngagement[p] : (prev?.engagementShare ?? 0),
        titles: counts[g][p],
        total: total[p],
      });
    }
    series.set(genre, { history, titles: counts[g].reduce((a, b) => a + b, 0) });
  });
  return { span, series };
}

/**
 * Monthly series per genre, the history handed to the forecaster (`ModelPort.forecast`).
 *
 * `monthlyGenreSeries(catalog, genre)`: for each calendar month from January of (asOf year − `SERIES_YEARS`)
 * to the series end (`seriesSpan`), the total engagement of the titles with that genre (movies and TV) released
 * in that month; 0 for a month without releases. The total (not the mean) keeps the series defined in every
 * month and reflects both how much is released and how well it does.
 *
 * The series end is the last month with full data coverage (`coverageEnd`), not the last complete month
 * before the catalog date: a catalog's sources thin out in its last months (on the TMDB snapshot the window's
 * median month has 36 releases, but from 2022-08 a month has 0–21, mostly under 15), and a tail of near-empty
 * months would read as a collapse of every genre and drag every forecast towards zero. Forecasts therefore start
 * the month after the series end. When the coverage does not thin out, the series end is the last complete month.
 */
import type { Catalog } from '../data/catalog.ts';
import type { Genre } from '../data/genres.ts';
import type { Title } from '../data/title.ts';
import { columnsOf, genreBit } from './columns.ts';
import type { MonthlyPoint } from './model-port.ts';
import { sortedFinite } from './stats/order.ts';
import { quantileOfSorted } from './stats/summary.ts';

export const SERIES_YEARS = 15;

/** YYYY-MM of a zero-based absolute month number (year × 12 + month − 1). */
export function monthLabel(abs: number): string {
  return `${Math.floor(abs / 12)}-${String((abs % 12) + 1).padStart(2, '0')}`;
}

/** The zero-based absolute month number of a YYYY-MM(-DD) string. */
export function monthNumber(label: string): number {
  return Number(label.slice(0, 4)) * 12 + Number(label.slice(5, 7)) - 1;
}

/** The YYYY-MM `k` months after `month` (YYYY-MM): `shiftMonth(span.end, 1)` is the first forecast month. */
export function shiftMonth(month: string, k: number): string {
  return monthLabel(monthNumber(month) + k);
}

/**
 * The calendar window before any coverage cut: [first, last] as zero-based absolute month numbers, from January
 * of (asOf year − `SERIES_YEARS`) to the last complete month before `asOf`.
 */
export function seriesWindow(asOf: string): { first: number; last: number } {
  const last = monthNumber(asOf) - 1;
  const first = (Number(asOf.slice(0, 4)) - SERIES_YEARS) * 12;
  return { first, last };
}

/**
 * The last month of `months` (consecutive YYYY-MM, ascending) with full data coverage: the last month whose
 * trailing 3-month mean of releases (all titles of the catalog, any genre and media type, by release month) is at
 * least half the median monthly count over `months`. Null when fewer than 3 months are given or no month
 * qualifies. Pure: the titles and months in, a month (or null) out.
 */
export function coverageEnd(titles: readonly Title[], months: readonly string[]): string | null {
  if (months.length < 3) return null;
  const counts = new Map(months.map((m) => [m, 0]));
  for (const t of titles) {
    const m = t.releaseDate?.slice(0, 7);
    if (m !== undefined && counts.has(m)) counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  const values = months.map((m) => counts.get(m) ?? 0);
  const half = (quantileOfSorted(sortedFinite(values), 0.5) ?? 0) / 2;
  for (let i = values.length - 1; i >= 2; i--) {
    if ((values[i] + values[i - 1] + values[i - 2]) / 3 >= half) return months[i];
  }
  return null;
}

/** The months every genre series of a catalog covers (all YYYY-MM). */
export interface SeriesSpan {
  /** The first month: January of (asOf year − `SERIES_YEARS`). */
  first: string;
  /** The last month: the last month with full data coverage (`coverageEnd`). Forecasts start the month after. */
  end: string;
  /** The last complete calendar month before the catalog date. */
  lastComplete: string;
  /** True when `end` is before `lastComplete`: the catalog's releases thin out after `end`, so those months are left out. */
  thinned: boolean;
}

const spans = new WeakMap<Catalog, SeriesSpan>();

/**
 * The span of a catalog's series: `seriesWindow(asOf)` cut at `coverageEnd` over its months (the whole window
 * when no month qualifies). Computed once per catalog.
 */
export function seriesSpan(catalog: Catalog): SeriesSpan {
  const cached = spans.get(catalog);
  if (cached) return cached;
  const { first, last } = seriesWindow(catalog.meta.asOf);
  const months = Array.from({ length: Math.max(0, last - first + 1) }, (_, m) => monthLabel(first + m));
  const lastComplete = monthLabel(last);
  const end = coverageEnd(catalog.titles, months) ?? lastComplete;
  const span: SeriesSpan = { first: monthLabel(first), end, lastComplete, thinned: end < lastComplete };
  spans.set(catalog, span);
  return span;
}

/** Monthly series of several genres in one pass over the catalog (same span and definition as below); `titles`: releases in the span. */
export function monthlyGenreSeriesMany(catalog: Catalog, genres: readonly Genre[]): Map<Genre, { history: MonthlyPoint[]; titles: number }> {
  const cols = columnsOf(catalog);
  const span = seriesSpan(catalog);
  const first = monthNumber(span.first);
  const n = Math.max(0, monthNumber(span.end) - first + 1);
  const sums = genres.map(() => new Float64Array(n));
  const counts = genres.map(() => 0);
  const bits = genres.map(genreBit);
  for (let i = 0; i < cols.n; i++) {
    if (cols.year[i] === 0) continue;
    const m = cols.year[i] * 12 + cols.month[i] - 1 - first;
    if (m < 0 || m >= n) continue;
    const mask = cols.genreMask[i];
    for (let g = 0; g < genres.length; g++) {
      if ((mask & bits[g]) !== 0) {
        sums[g][m] += cols.engagement[i];
        counts[g]++;
      }
    }
  }
  const out = new Map<Genre, { history: MonthlyPoint[]; titles: number }>();
  genres.forEach((genre, g) => {
    out.set(genre, { history: Array.from(sums[g], (value, m) => ({ month: monthLabel(first + m), value })), titles: counts[g] });
  });
  return out;
}

/** The monthly total-engagement series of one genre (see the module comment). */
export function monthlyGenreSeries(catalog: Catalog, genre: Genre): MonthlyPoint[] {
  return monthlyGenreSeriesMany(catalog, [genre]).get(genre)?.history ?? [];
}

/**
 * Monthly series per genre, the history handed to the forecaster (`ModelPort.forecast`).
 *
 * `monthlyGenreSeries(catalog, genre)`: for each calendar month from January of (asOf year − `SERIES_YEARS`)
 * to the last complete month before the catalog date, the total engagement of the titles with that genre
 * (movies and TV) released in that month; 0 for a month without releases. The total (not the mean) keeps the
 * series defined in every month and reflects both how much is released and how well it does.
 */
import type { Catalog } from '../data/catalog.ts';
import type { Genre } from '../data/genres.ts';
import { columnsOf, genreBit } from './columns.ts';
import type { MonthlyPoint } from './model-port.ts';

export const SERIES_YEARS = 15;

/** YYYY-MM of a zero-based absolute month number (year × 12 + month − 1). */
export function monthLabel(abs: number): string {
  return `${Math.floor(abs / 12)}-${String((abs % 12) + 1).padStart(2, '0')}`;
}

/** The months covered: [first, last] as zero-based absolute month numbers. */
export function seriesWindow(asOf: string): { first: number; last: number } {
  const asOfMonth = Number(asOf.slice(0, 4)) * 12 + Number(asOf.slice(5, 7)) - 1;
  const last = asOfMonth - 1;
  const first = (Number(asOf.slice(0, 4)) - SERIES_YEARS) * 12;
  return { first, last };
}

/** Monthly series of several genres in one pass over the catalog (same window and definition as below). */
export function monthlyGenreSeriesMany(catalog: Catalog, genres: readonly Genre[]): Map<Genre, { history: MonthlyPoint[]; titles: number }> {
  const cols = columnsOf(catalog);
  const { first, last } = seriesWindow(catalog.meta.asOf);
  const n = Math.max(0, last - first + 1);
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

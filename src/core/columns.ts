/**
 * Columnar view of a catalog: the per-title numbers every stage reads, in typed arrays, computed once per
 * catalog and cached (WeakMap keyed by the catalog object, so a new catalog gets new columns and an old one is
 * garbage-collected with its columns). Missing numbers are NaN; unknown year/month are 0.
 */
import type { Catalog } from '../data/catalog.ts';
import { CANONICAL_GENRES, type Genre } from '../data/genres.ts';
import type { Title } from '../data/title.ts';
import { argsort } from './stats/order.ts';
import { comparablePopularity, daysBetween, epochDay, engagementScores, hitFlags, isUpcoming, velocityFromDays, type HitFlags } from './measures.ts';

export const GENRE_INDEX: ReadonlyMap<Genre, number> = new Map(CANONICAL_GENRES.map((g, i) => [g, i]));

export interface Columns {
  readonly n: number;
  readonly titles: readonly Title[];
  /** 0 = movie, 1 = tv. */
  readonly tv: Uint8Array;
  /** Popularity percentile within the title's scale (0–100): the comparable measure (see measures.ts). */
  readonly popularity: Float64Array;
  /** TMDB's own popularity, on its source's scale: never compare it across titles of different scales. */
  readonly rawPopularity: Float64Array;
  /** 1 when released after the collection date (asOf): no outcome yet. */
  readonly upcoming: Uint8Array;
  readonly voteAverage: Float64Array;
  readonly voteCount: Float64Array;
  readonly engagement: Float64Array;
  /** Catalog positions by ascending engagement (stable): walk it backwards for best-first. */
  readonly engagementOrder: Uint32Array;
  /** Popularity percentile per day since release (NaN when unreleased or undated). */
  readonly velocity: Float64Array;
  /** Days from release to asOf (NaN when undated). */
  readonly age: Float64Array;
  readonly runtime: Float64Array;
  readonly budget: Float64Array;
  readonly revenue: Float64Array;
  /** Release year, 0 when unknown. */
  readonly year: Uint16Array;
  /** Release month 1–12, 0 when unknown. */
  readonly month: Uint8Array;
  /** Bit g set when the title has genre CANONICAL_GENRES[g]. */
  readonly genreMask: Uint32Array;
  readonly hits: HitFlags;
  readonly asOf: string;
}

const cache = new WeakMap<Catalog, Columns>();

const orNaN = (v: number | null) => (v === null ? Number.NaN : v);

export function genreBit(genre: Genre): number {
  return 1 << (GENRE_INDEX.get(genre) ?? 31);
}

/** Builds (or returns the cached) columns of a catalog. */
export function columnsOf(catalog: Catalog): Columns {
  const cached = cache.get(catalog);
  if (cached) return cached;
  const titles = catalog.titles;
  const n = titles.length;
  const asOf = catalog.meta.asOf;
  const asOfDay = epochDay(asOf);
  const tv = new Uint8Array(n);
  const popularity = comparablePopularity(titles);
  const rawPopularity = new Float64Array(n);
  const upcoming = new Uint8Array(n);
  const voteAverage = new Float64Array(n);
  const voteCount = new Float64Array(n);
  const velocity = new Float64Array(n);
  const age = new Float64Array(n);
  const runtime = new Float64Array(n);
  const budget = new Float64Array(n);
  const revenue = new Float64Array(n);
  const year = new Uint16Array(n);
  const month = new Uint8Array(n);
  const genreMask = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const t = titles[i];
    tv[i] = t.mediaType === 'tv' ? 1 : 0;
    rawPopularity[i] = t.popularity;
    upcoming[i] = isUpcoming(t, asOf) ? 1 : 0;
    voteAverage[i] = t.voteAverage;
    voteCount[i] = t.voteCount;
    runtime[i] = orNaN(t.runtime);
    budget[i] = orNaN(t.budget);
    revenue[i] = orNaN(t.revenue);
    let mask = 0;
    for (const g of t.genres) {
      const gi = GENRE_INDEX.get(g as Genre);
      if (gi !== undefined) mask |= 1 << gi;
    }
    genreMask[i] = mask;
    const d = t.releaseDate;
    if (d) {
      year[i] = Number(d.slice(0, 4));
      month[i] = Number(d.slice(5, 7));
      const days = daysBetween(d, asOfDay);
      age[i] = days;
      velocity[i] = velocityFromDays(popularity[i], days) ?? Number.NaN;
    } else {
      age[i] = Number.NaN;
      velocity[i] = Number.NaN;
    }
  }
  const engagement = engagementScores(titles, popularity);
  const engagementOrder = argsort(engagement);
  const columns: Columns = {
    n,
    titles,
    tv,
    popularity,
    rawPopularity,
    upcoming,
    voteAverage,
    voteCount,
    engagement,
    velocity,
    age,
    runtime,
    budget,
    revenue,
    year,
    month,
    genreMask,
    engagementOrder,
    hits: hitFlags(titles, asOf, engagement, engagementOrder),
    asOf,
  };
  cache.set(catalog, columns);
  return columns;
}

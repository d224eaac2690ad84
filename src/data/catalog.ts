/**
 * `Catalog`: the titles Greenlight analyses plus where they came from. Built by the TMDB client or the snapshot
 * importer, persisted by `CatalogStore`, read by every stage.
 */
import { createHash } from 'node:crypto';
import { releaseYear, titleKey, type MediaType, type SkipCounts, type Title } from './title.ts';

export interface CatalogMeta {
  /** `tmdb-api <base URL>` or `snapshot <directory>`. */
  source: string;
  /** When the titles were fetched or imported (ISO 8601). */
  fetchedAt: string;
  /** The date the data describes (YYYY-MM-DD): "today" for velocity and the caption under every chart. */
  asOf: string;
  /** sha256 of the titles, hex: trained models and caches are keyed by it. */
  fingerprint: string;
  counts: { total: number; movie: number; tv: number };
  /** Records left out, by reason (malformed, no TMDB id, …). */
  skipped: SkipCounts;
}

export interface Catalog {
  readonly meta: CatalogMeta;
  readonly titles: readonly Title[];
}

/** A stable hash of the titles: the same titles in any order give the same fingerprint. */
export function fingerprintTitles(titles: readonly Title[]): string {
  const hash = createHash('sha256');
  const sorted = [...titles].sort((a, b) => (titleKey(a) < titleKey(b) ? -1 : titleKey(a) > titleKey(b) ? 1 : 0));
  for (const title of sorted) hash.update(JSON.stringify(title)).update('\n');
  return hash.digest('hex');
}

/** The newest release date among the titles (what "now" means for a snapshot), or `fallback`. */
export function latestReleaseDate(titles: readonly Title[], fallback: string): string {
  let latest = '';
  for (const t of titles) if (t.releaseDate && t.releaseDate > latest) latest = t.releaseDate;
  return latest || fallback;
}

export function buildCatalog(titles: readonly Title[], info: { source: string; fetchedAt: Date; asOf?: string; skipped?: SkipCounts }): Catalog {
  const fetchedAt = info.fetchedAt.toISOString();
  const movie = titles.filter((t) => t.mediaType === 'movie').length;
  return {
    titles,
    meta: {
      source: info.source,
      fetchedAt,
      asOf: info.asOf ?? fetchedAt.slice(0, 10),
      fingerprint: fingerprintTitles(titles),
      counts: { total: titles.length, movie, tv: titles.length - movie },
      skipped: info.skipped ?? {},
    },
  };
}

export interface CatalogSummary {
  total: number;
  byMediaType: Record<MediaType, number>;
  byGenre: Record<string, number>;
  byReleaseYear: Record<string, number>;
  dateRange: { from: string | null; to: string | null };
  source: string;
  fetchedAt: string;
  asOf: string;
  /** Whole days between `fetchedAt` and `now`. */
  ageDays: number;
  fingerprint: string;
  skipped: SkipCounts;
}

/** What `greenlight catalog` prints: counts by media type, genre and year, the date range, source and age. */
export function summarizeCatalog(catalog: Catalog, now: Date): CatalogSummary {
  const byMediaType: Record<MediaType, number> = { movie: 0, tv: 0 };
  const byGenre: Record<string, number> = {};
  const byReleaseYear: Record<string, number> = {};
  let from: string | null = null;
  let to: string | null = null;
  for (const t of catalog.titles) {
    byMediaType[t.mediaType] += 1;
    for (const g of t.genres) byGenre[g] = (byGenre[g] ?? 0) + 1;
    const year = releaseYear(t);
    if (year !== null) byReleaseYear[year] = (byReleaseYear[year] ?? 0) + 1;
    if (t.releaseDate) {
      if (from === null || t.releaseDate < from) from = t.releaseDate;
      if (to === null || t.releaseDate > to) to = t.releaseDate;
    }
  }
  const sortedGenres = Object.fromEntries(Object.entries(byGenre).sort((a, b) => b[1] - a[1]));
  const ageMs = now.getTime() - Date.parse(catalog.meta.fetchedAt);
  return {
    total: catalog.titles.length,
    byMediaType,
    byGenre: sortedGenres,
    byReleaseYear,
    dateRange: { from, to },
    source: catalog.meta.source,
    fetchedAt: catalog.meta.fetchedAt,
    asOf: catalog.meta.asOf,
    ageDays: Math.max(0, Math.floor(ageMs / 86_400_000)),
    fingerprint: catalog.meta.fingerprint,
    skipped: catalog.meta.skipped,
  };
}

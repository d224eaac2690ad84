/**
 * What the stages share: choosing the titles a question is about (filters → index list), describing that
 * choice, turning a title index into a `TitleSummary`, and picking the top k by a score in one pass.
 */
import type { Catalog } from '../../data/catalog.ts';
import { CANONICAL_GENRES, type Genre } from '../../data/genres.ts';
import { titleKey } from '../../data/title.ts';
import { columnsOf, genreBit, type Columns } from '../columns.ts';
import type { CohortBasis } from '../measures.ts';
import type { FilterParams } from '../params.ts';
import { InputError } from '../types.ts';
import { insight, int, pct, pWords } from '../insights.ts';
import type { Insight } from '../types.ts';
import { languageLabel, listOf, mediaPopulation } from '../words.ts';
import { twoProportionTest } from '../stats/tests.ts';
import type { MarketSummary, Scope, TitleSummary } from './types.ts';

export type { Columns };

/** "movies · Drama, Comedy · 2010–2024 · en" (or "all titles"). */
export function filterLabel(p: Partial<FilterParams>): string {
  const parts: string[] = [];
  if (p.mediaType === 'movie') parts.push('movies');
  if (p.mediaType === 'tv') parts.push('TV');
  if (p.genres && p.genres.length > 0) parts.push(p.genres.join(', '));
  if (p.yearFrom !== undefined || p.yearTo !== undefined) {
    parts.push(p.yearFrom === p.yearTo ? `${p.yearFrom}` : `${p.yearFrom ?? '…'}–${p.yearTo ?? '…'}`);
  }
  if (p.language) parts.push(languageLabel(p.language));
  return parts.length > 0 ? parts.join(' · ') : 'all titles';
}

/**
 * Indices of the titles matching the filters (a title matches a genre list when it has any of them). Upcoming
 * titles (released after the collection date) have no outcome yet and are left out unless asked for:
 * `upcoming: 'include'` keeps them, `'only'` takes just them (the forward-looking slate).
 */
export function selectIndices(cols: Columns, p: Partial<FilterParams>, upcoming: 'exclude' | 'include' | 'only' = 'exclude'): Int32Array {
  const wantType = p.mediaType === 'movie' ? 0 : p.mediaType === 'tv' ? 1 : -1;
  let mask = 0;
  for (const g of p.genres ?? []) mask |= genreBit(g);
  const from = p.yearFrom;
  const to = p.yearTo;
  const datedOnly = from !== undefined || to !== undefined;
  const lang = p.language;
  const out = new Int32Array(cols.n);
  let k = 0;
  for (let i = 0; i < cols.n; i++) {
    if (upcoming === 'exclude' ? cols.upcoming[i] === 1 : upcoming === 'only' && cols.upcoming[i] === 0) continue;
    if (wantType >= 0 && cols.tv[i] !== wantType) continue;
    if (mask !== 0 && (cols.genreMask[i] & mask) === 0) continue;
    if (datedOnly) {
      const y = cols.year[i];
      if (y === 0 || (from !== undefined && y < from) || (to !== undefined && y > to)) continue;
    }
    if (lang && cols.titles[i].originalLanguage !== lang) continue;
    out[k++] = i;
  }
  return out.slice(0, k);
}

/** The filtered titles of a catalog, or an `InputError` when none match. */
export function selectScope(catalog: Catalog, p: Partial<FilterParams>): { cols: Columns; idx: Int32Array; scope: Scope } {
  const cols = columnsOf(catalog);
  const idx = selectIndices(cols, p);
  const label = filterLabel(p);
  if (idx.length === 0) {
    throw new InputError(`No titles match ${label}. Widen the years, drop a genre or the language, or try "all" types.`, 'filters');
  }
  return { cols, idx, scope: describeScope(cols, idx, label) };
}

export function describeScope(cols: Columns, idx: Int32Array, label: string): Scope {
  let tv = 0;
  let hits = 0;
  const hitBasis: Record<CohortBasis, number> = { year: 0, decade: 0, mediaType: 0, upcoming: 0 };
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    tv += cols.tv[i];
    hits += cols.hits.hit[i];
    hitBasis[cols.hits.basis[i]] += 1;
  }
  return { titles: idx.length, movie: idx.length - tv, tv, label, hitBasis, hits, hitRate: idx.length === 0 ? 0 : hits / idx.length };
}

/** "all movies", "all TV series 2010–2024", "all titles in Korean": the market of a filter, without its genres. */
export function marketLabel(p: Partial<FilterParams>): string {
  const years =
    p.yearFrom !== undefined || p.yearTo !== undefined ? ` ${p.yearFrom === p.yearTo ? `${p.yearFrom}` : `${p.yearFrom ?? '…'}–${p.yearTo ?? '…'}`}` : '';
  const language = p.language ? ` in ${languageLabel(p.language)}` : '';
  return `all ${mediaPopulation(p.mediaType)}${years}${language}`;
}

/**
 * The market a genre-scoped question is answered against: the same filters without the genres (its indices and
 * summary), or null when no genre is asked.
 */
export function selectMarket(cols: Columns, p: Partial<FilterParams>, scope: Scope): { idx: Int32Array; summary: MarketSummary } | null {
  const focus = p.genres ?? [];
  if (focus.length === 0) return null;
  const idx = selectIndices(cols, { ...p, genres: [] });
  let hits = 0;
  for (let k = 0; k < idx.length; k++) hits += cols.hits.hit[idx[k]];
  const rest = idx.length - scope.titles;
  const test = rest > 0 ? twoProportionTest(scope.hits, scope.titles, hits - scope.hits, rest) : null;
  return {
    idx,
    summary: {
      label: marketLabel(p),
      focus: [...focus],
      titles: idx.length,
      hits,
      hitRate: idx.length === 0 ? 0 : hits / idx.length,
      scopeShare: idx.length === 0 ? 0 : scope.titles / idx.length,
      hitRateP: test?.p ?? null,
    },
  };
}

const nullIfNaN = (v: number) => (Number.isNaN(v) ? null : v);

export function summarizeTitle(cols: Columns, i: number): TitleSummary {
  const t = cols.titles[i];
  return {
    key: titleKey(t),
    id: t.id,
    mediaType: t.mediaType,
    title: t.title,
    year: cols.year[i] === 0 ? null : cols.year[i],
    releaseDate: t.releaseDate,
    genres: [...t.genres],
    language: t.originalLanguage,
    popularity: cols.popularity[i],
    rawPopularity: t.popularity,
    collected: t.collected,
    voteAverage: t.voteAverage,
    voteCount: t.voteCount,
    engagement: cols.engagement[i],
    velocity: nullIfNaN(cols.velocity[i]),
    hit: cols.hits.hit[i] === 1,
    cohort: cols.hits.cohort[i],
    budget: t.budget,
    revenue: t.revenue,
    runtime: t.runtime,
    posterPath: t.posterPath,
  };
}

/** The canonical genres set in a genre mask, in canonical order. */
export function genresOfMask(mask: number): Genre[] {
  const out: Genre[] = [];
  for (let g = 0; g < CANONICAL_GENRES.length; g++) if (mask & (1 << g)) out.push(CANONICAL_GENRES[g]);
  return out;
}

/**
 * Keeps the k best indices by a score in one pass (insertion into a small sorted list), higher first, ties
 * broken by title key so results do not depend on catalog order. NaN scores are skipped.
 */
export class TopK {
  private readonly items: number[] = [];
  constructor(
    private readonly cols: Columns,
    private readonly score: Float64Array,
    private readonly k: number,
  ) {}

  private better(a: number, b: number): boolean {
    const sa = this.score[a];
    const sb = this.score[b];
    if (sa !== sb) return sa > sb;
    return titleKey(this.cols.titles[a]) < titleKey(this.cols.titles[b]);
  }

  offer(i: number): void {
    if (this.k <= 0 || Number.isNaN(this.score[i])) return;
    const items = this.items;
    if (items.length === this.k && !this.better(i, items[items.length - 1])) return;
    let pos = items.length;
    while (pos > 0 && this.better(i, items[pos - 1])) pos--;
    items.splice(pos, 0, i);
    if (items.length > this.k) items.pop();
  }

  result(): number[] {
    return [...this.items];
  }
}

/** The k best of `idx` by `score` (see `TopK`). */
export function topIndices(cols: Columns, idx: Int32Array | readonly number[], score: Float64Array, k: number): number[] {
  const top = new TopK(cols, score, k);
  for (let j = 0; j < idx.length; j++) top.offer(idx[j]);
  return top.result();
}

/** The values of a column at the given indices. */
export function columnAt(column: Float64Array | Uint16Array | Uint8Array, idx: Int32Array | readonly number[]): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = column[idx[k]];
  return out;
}

/**
 * Spearman ρ on more titles than this is measured on an even stride of this many: its sampling error (≈ 1/√n,
 * 0.002) is far below anything a bullet reports, and it bounds the cost on very large catalogs. The real
 * snapshot is far smaller, so its correlations are exact.
 */
export const CORRELATION_SAMPLE = 200_000;

/** At most `max` of the items, at an even stride (all of them when there are few enough): deterministic. */
export function evenSample<T extends Int32Array | readonly number[]>(items: T, max: number): T | number[] {
  if (items.length <= max) return items;
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(items[Math.floor((k * items.length) / max)]);
  return out;
}

/** Calls `fn` with each canonical genre index set in a genre mask (highest first). */
export function forEachGenre(mask: number, fn: (g: number) => void): void {
  let m = mask;
  while (m !== 0) {
    const g = 31 - Math.clz32(m);
    m &= ~(1 << g);
    fn(g);
  }
}

/** The titles of each genre among `idx` (catalog indices), by canonical genre index: counted, then filled. */
export function membersByGenre(cols: Columns, idx: Int32Array | readonly number[], only = 0xffffffff): Int32Array[] {
  const counts = new Int32Array(CANONICAL_GENRES.length);
  for (let k = 0; k < idx.length; k++) {
    for (let m = cols.genreMask[idx[k]] & only; m !== 0; m &= m - 1) counts[31 - Math.clz32(m & -m)]++;
  }
  const byGenre = Array.from(counts, (c) => new Int32Array(c));
  const filled = new Int32Array(CANONICAL_GENRES.length);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    for (let m = cols.genreMask[i] & only; m !== 0; m &= m - 1) {
      const g = 31 - Math.clz32(m & -m);
      byGenre[g][filled[g]++] = i;
    }
  }
  return byGenre;
}

/** "Horror movies", "Drama and Comedy TV series", "Animation titles": how a bullet names a genre scope. */
export function focusName(market: Pick<MarketSummary, 'focus'>, mediaType: FilterParams['mediaType'] | undefined): string {
  return `${listOf(market.focus, 'and')} ${mediaPopulation(mediaType)}`;
}

/**
 * The scope against its market, said explicitly ("Horror movies vs all movies"): its share of the market's titles
 * and its hit rate against the market's, with the two-proportion test of the scope against the rest.
 */
export function scopeVsMarketInsight(scope: Scope, market: MarketSummary, mediaType: FilterParams['mediaType'] | undefined, weight: number): Insight {
  const name = focusName(market, mediaType);
  const verdict =
    market.hitRateP === null
      ? ''
      : market.hitRateP < 0.05
        ? ` (a significant gap, ${pWords(market.hitRateP)})`
        : ` (no significant difference, ${pWords(market.hitRateP)})`;
  return insight(
    `${name} vs ${market.label}: ${int(scope.titles)} of ${int(market.titles)} titles (${pct(market.scopeShare)}); ${pct(scope.hitRate)} of them are hits against ${pct(market.hitRate)} of ${market.label}${verdict}.`,
    {
      titles: scope.titles,
      marketTitles: market.titles,
      scopeShare: market.scopeShare,
      hitRate: scope.hitRate,
      marketHitRate: market.hitRate,
      ...(market.hitRateP === null ? {} : { p: market.hitRateP }),
    },
    weight,
  );
}

/**
 * Explore: what is in the catalog. Genre distribution (movies / TV / both) with each genre's mean metrics,
 * quality vs popularity (Spearman ρ, labelled top points, a 2-D density), top performers overall and per genre,
 * language mix, release volume by year. One pass over the filtered titles plus small top-k lists.
 */
import type { Catalog } from '../../data/catalog.ts';
import { CANONICAL_GENRES } from '../../data/genres.ts';
import { languageName } from '../../data/languages.ts';
import { asHeadline, insight, int, rankInsights } from '../insights.ts';
import { ENGAGEMENT_DEFINITION, HIT_DEFINITION } from '../measures.ts';
import type { ExploreParams } from '../params.ts';
import { spearman } from '../stats/spearman.ts';
import type { Insight } from '../types.ts';
import {
  exploreDetails,
  genreLeadInsight,
  hitRateInsight,
  matrixGenres,
  languageLeadInsight,
  qualityLinkInsight,
  topPerformerInsight,
  volumePeakInsight,
} from './explore-details.ts';
import {
  CORRELATION_SAMPLE,
  columnAt,
  evenSample,
  forEachGenre,
  scopeVsMarketInsight,
  selectMarket,
  selectScope,
  summarizeTitle,
  TopK,
  topIndices,
  type Columns,
} from './scope.ts';
import type { DensityCell, ExploreData, ExploreResult, GenreStats, QualityPoint } from './types.ts';

export const EXPLORE_LIMITS = { topTitles: 10, topPerGenre: 5, qualityPoints: 200, languages: 10, minGenreTitles: 30 } as const;

const G = CANONICAL_GENRES.length;

function genreStats(cols: Columns, idx: Int32Array): GenreStats[] {
  const movie = new Float64Array(G);
  const tv = new Float64Array(G);
  const pop = new Float64Array(G);
  const va = new Float64Array(G);
  const vc = new Float64Array(G);
  const eng = new Float64Array(G);
  const hits = new Float64Array(G);
  let tags = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    forEachGenre(cols.genreMask[i], (g) => {
      if (cols.tv[i]) tv[g]++;
      else movie[g]++;
      pop[g] += cols.popularity[i];
      va[g] += cols.voteAverage[i];
      vc[g] += cols.voteCount[i];
      eng[g] += cols.engagement[i];
      hits[g] += cols.hits.hit[i];
      tags++;
    });
  }
  const out: GenreStats[] = [];
  for (let g = 0; g < G; g++) {
    const total = movie[g] + tv[g];
    if (total === 0) continue;
    out.push({
      genre: CANONICAL_GENRES[g],
      movie: movie[g],
      tv: tv[g],
      total,
      share: total / tags,
      titleShare: total / idx.length,
      meanPopularity: pop[g] / total,
      meanVoteAverage: va[g] / total,
      meanVoteCount: vc[g] / total,
      meanEngagement: eng[g] / total,
      hitRate: hits[g] / total,
    });
  }
  return out.sort((a, b) => b.total - a.total || a.genre.localeCompare(b.genre));
}

const POP_BIN = 5;
const VOTE_BIN = 0.5;

/**
 * A 2-D histogram of the titles `idx`: popularity percentile in bins of 5 points × vote average in bins of 0.5.
 * The percentile is uniform by construction, so it is binned on its own linear scale (a log scale would crowd the
 * most popular titles into the last bins).
 */
export function density(cols: Columns, idx: Int32Array): DensityCell[] {
  const counts = new Map<number, number>();
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const x = Math.min(100 / POP_BIN - 1, Math.floor(cols.popularity[i] / POP_BIN));
    const y = Math.min(19, Math.floor(cols.voteAverage[i] / VOTE_BIN));
    const key = x * 32 + y;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => a[0] - b[0])
    .map(([key, count]) => {
      const x = Math.floor(key / 32);
      const y = key % 32;
      return { x0: x * POP_BIN, x1: (x + 1) * POP_BIN, y0: y * VOTE_BIN, y1: (y + 1) * VOTE_BIN, count };
    });
}

function qualityPoints(cols: Columns, idx: Int32Array): QualityPoint[] {
  return topIndices(cols, idx, cols.engagement, EXPLORE_LIMITS.qualityPoints).map((i) => {
    const t = cols.titles[i];
    return {
      key: `${t.mediaType}:${t.id}`,
      title: t.title,
      mediaType: t.mediaType,
      genre: t.genres[0] ?? null,
      popularity: cols.popularity[i],
      voteAverage: t.voteAverage,
      voteCount: t.voteCount,
      engagement: cols.engagement[i],
    };
  });
}

function languageMix(cols: Columns, idx: Int32Array): ExploreData['languages'] {
  const counts = new Map<string, number>();
  for (let k = 0; k < idx.length; k++) {
    const lang = cols.titles[idx[k]].originalLanguage ?? 'unknown';
    counts.set(lang, (counts.get(lang) ?? 0) + 1);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const head = sorted.slice(0, EXPLORE_LIMITS.languages);
  const rest = sorted.slice(EXPLORE_LIMITS.languages).reduce((s, [, n]) => s + n, 0);
  const rows = head.map(([language, count]) => ({
    language,
    name: language === 'unknown' ? 'Unknown' : languageName(language),
    count,
    share: count / idx.length,
  }));
  if (rest > 0) rows.push({ language: 'other', name: 'Other languages', count: rest, share: rest / idx.length });
  return rows;
}

function releaseVolume(cols: Columns, idx: Int32Array): ExploreData['releaseVolume'] {
  const byYear = new Map<number, { movie: number; tv: number; eng: number }>();
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const y = cols.year[i];
    if (y === 0) continue;
    let row = byYear.get(y);
    if (!row) byYear.set(y, (row = { movie: 0, tv: 0, eng: 0 }));
    if (cols.tv[i]) row.tv++;
    else row.movie++;
    row.eng += cols.engagement[i];
  }
  return [...byYear]
    .sort((a, b) => a[0] - b[0])
    .map(([year, r]) => ({ year, movie: r.movie, tv: r.tv, total: r.movie + r.tv, meanEngagement: r.eng / (r.movie + r.tv) }));
}

function topByGenre(cols: Columns, idx: Int32Array, genres: readonly GenreStats[]): ExploreData['topByGenre'] {
  const tops = new Map<number, TopK>();
  for (const s of genres) tops.set(CANONICAL_GENRES.indexOf(s.genre), new TopK(cols, cols.engagement, EXPLORE_LIMITS.topPerGenre));
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    forEachGenre(cols.genreMask[i], (g) => tops.get(g)?.offer(i));
  }
  return genres.map((s) => ({
    genre: s.genre,
    titles: (tops.get(CANONICAL_GENRES.indexOf(s.genre))?.result() ?? []).map((i) => summarizeTitle(cols, i)),
  }));
}

function exploreInsights(data: ExploreData, params: ExploreParams): Insight[] {
  const { scope, market, genres, quality, topTitles, languages, releaseVolume: volume } = data;
  const out: (Insight | null)[] = [];
  if (scope.titles < EXPLORE_LIMITS.minGenreTitles) {
    // The decision line (reply/decision.ts) carries this caveat beside the scope's figures.
    out.push(
      asHeadline(insight(`Only ${int(scope.titles)} titles match ${scope.label}: treat the shares and averages as indicative.`, { titles: scope.titles }, 1)),
    );
  }
  if (market) {
    // A genre was asked: the scope against its market, never a breakdown by co-genre.
    out.push(scopeVsMarketInsight(scope, market, params.mediaType, 0.95));
  } else {
    if (genres[0]) out.push(genreLeadInsight(genres[0]));
    out.push(hitRateInsight(matrixGenres(data), scope, EXPLORE_LIMITS.minGenreTitles));
  }
  if (quality.rho !== null) out.push(qualityLinkInsight(quality.rho));
  if (topTitles[0]) out.push(topPerformerInsight(topTitles[0]));
  out.push(languageLeadInsight(languages));
  out.push(volumePeakInsight(volume));
  return rankInsights(out);
}

export function explore(catalog: Catalog, params: ExploreParams): ExploreResult {
  const { cols, idx, scope } = selectScope(catalog, params);
  const market = selectMarket(cols, params, scope)?.summary ?? null;
  const genres = genreStats(cols, idx);
  const sample = evenSample(idx, CORRELATION_SAMPLE);
  const data: ExploreData = {
    scope,
    market,
    genres,
    quality: {
      rho: spearman(columnAt(cols.voteAverage, sample), columnAt(cols.popularity, sample)).rho,
      points: qualityPoints(cols, idx),
      density: density(cols, idx),
    },
    topTitles: topIndices(cols, idx, cols.engagement, EXPLORE_LIMITS.topTitles).map((i) => summarizeTitle(cols, i)),
    topByGenre: topByGenre(cols, idx, genres),
    languages: languageMix(cols, idx),
    releaseVolume: releaseVolume(cols, idx),
  };
  return {
    stage: 'explore',
    params,
    insights: exploreInsights(data, params),
    details: exploreDetails(data, EXPLORE_LIMITS, catalog.meta.asOf),
    data,
    asOf: catalog.meta.asOf,
    notes: [
      ENGAGEMENT_DEFINITION,
      HIT_DEFINITION,
      'Genre shares count genre tags: a title with two genres counts once in each, so shares sum to 1 over tags.',
      'Popularity is TMDB’s snapshot value; its scale differs between the snapshot’s sources and between movies and TV.',
    ],
  };
}

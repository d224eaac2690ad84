/**
 * From the catalog to training data: the regression target, the hit labels, and the out-of-time split.
 *
 * Target: popularity on a common scale. TMDB popularity is a snapshot whose scale differs by source and date
 * (the snapshot mixes sources collected 2022–2025; see its README), so the target is log1p(popularity)
 * re-centred per source: log1p(p) − median_source + median_all (sources with fewer than 30 titles are left as
 * they are). Predictions are turned back into popularity with expm1 — "popularity on the catalog's common scale".
 *
 * Hit labels are the Core's `hitFlags` (top 25 % engagement within media type and release year), computed over
 * the whole catalog.
 *
 * Out-of-time split: titles with a release date, ordered by date; the test set is every title released in or
 * after the cutoff year, the year at the 85th percentile of release years (so about the newest 15 %). Early
 * stopping and the booster-vs-fallback choice use a validation set carved from the training side the same way:
 * its newest 15 % by release date. Nothing after the cutoff is seen before testing.
 */
import type { Catalog } from '../../data/catalog.ts';
import { releaseYear, titleKey, type Title } from '../../data/title.ts';
import { median } from '../../../models/metrics.ts';
import { hitFlags } from '../measures.ts';

export const MIN_SOURCE_TITLES = 30;
export const TEST_SHARE = 0.15;
export const VALIDATION_SHARE = 0.15;

export interface PopularityScale {
  overall: number;
  bySource: Record<string, number>;
}

export function popularityScale(titles: readonly Title[]): PopularityScale {
  const bySourceValues = new Map<string, number[]>();
  for (const t of titles) {
    const list = bySourceValues.get(t.source) ?? [];
    list.push(Math.log1p(t.popularity));
    bySourceValues.set(t.source, list);
  }
  const bySource: Record<string, number> = {};
  for (const [source, values] of [...bySourceValues].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (values.length >= MIN_SOURCE_TITLES) bySource[source] = median(values);
  }
  return { overall: median(titles.map((t) => Math.log1p(t.popularity))), bySource };
}

export function popularityTarget(t: Pick<Title, 'popularity' | 'source'>, scale: PopularityScale): number {
  const centre = scale.bySource[t.source] ?? scale.overall;
  return Math.log1p(t.popularity) - centre + scale.overall;
}

export interface Labelled {
  titles: Title[];
  /** Regression target (see above). */
  y: number[];
  /** 1 = hit. */
  hit: (0 | 1)[];
}

/** The catalog's dated titles in release order (ties by key), with targets and hit labels. */
export function labelledTitles(catalog: Catalog, scale: PopularityScale): Labelled {
  const flags = hitFlags(catalog.titles, catalog.meta.asOf);
  const hitByKey = new Map<string, 0 | 1>();
  catalog.titles.forEach((t, i) => hitByKey.set(titleKey(t), flags.hit[i] ? 1 : 0));
  const titles = catalog.titles
    .filter((t) => t.releaseDate !== null)
    .sort((a, b) => ((a.releaseDate as string) < (b.releaseDate as string) ? -1 : (a.releaseDate as string) > (b.releaseDate as string) ? 1 : titleKey(a) < titleKey(b) ? -1 : 1));
  return {
    titles,
    y: titles.map((t) => popularityTarget(t, scale)),
    hit: titles.map((t) => hitByKey.get(titleKey(t)) ?? 0),
  };
}

export function subset(data: Labelled, from: number, to: number): Labelled {
  return { titles: data.titles.slice(from, to), y: data.y.slice(from, to), hit: data.hit.slice(from, to) };
}

/** The year from which titles are held out for testing: the release year at the 85th percentile. */
export function cutoffYear(titles: readonly Title[]): number {
  const years = titles.map((t) => releaseYear(t) as number).sort((a, b) => a - b);
  return years[Math.floor((1 - TEST_SHARE) * (years.length - 1))];
}

export interface TimeSplit {
  cutoff: number;
  train: Labelled;
  validation: Labelled;
  test: Labelled;
}

/** Splits release-ordered data: test = released in or after the cutoff year; validation = the newest 15 % before it. */
export function outOfTimeSplit(data: Labelled): TimeSplit {
  const cutoff = cutoffYear(data.titles);
  const firstTest = data.titles.findIndex((t) => (releaseYear(t) as number) >= cutoff);
  const before = firstTest < 0 ? data.titles.length : firstTest;
  const firstValidation = Math.floor(before * (1 - VALIDATION_SHARE));
  return {
    cutoff,
    train: subset(data, 0, firstValidation),
    validation: subset(data, firstValidation, before),
    test: subset(data, before, data.titles.length),
  };
}

/** The genre-median baseline: each title gets the training median of its first genre (overall median without one). */
export function genreMedianBaseline(train: Labelled): (t: Title) => number {
  const byGenre = new Map<string, number[]>();
  for (let i = 0; i < train.titles.length; i++) {
    const g = train.titles[i].genres[0] ?? '';
    const list = byGenre.get(g) ?? [];
    list.push(train.y[i]);
    byGenre.set(g, list);
  }
  const medians = new Map([...byGenre].map(([g, v]) => [g, median(v)]));
  const overall = median(train.y);
  return (t) => medians.get(t.genres[0] ?? '') ?? overall;
}

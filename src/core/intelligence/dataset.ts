/**
 * From the catalog to training data: the regression target, the hit labels, and the out-of-time split.
 *
 * Target: the comparable popularity measure (src/core/measures.ts): the title's popularity percentile (0–100)
 * within its scale (source × media type, or live ingest day). TMDB popularity is a snapshot whose scale differs by
 * source and date, so the raw value (or its log) is not comparable across sources; the percentile is, and it is
 * the measure every benchmark in a reply uses — prediction and benchmarks share one scale.
 *
 * Hit labels are the Core's `hitFlags` (top 25 % engagement within media type and release year), computed over
 * the whole catalog. Upcoming titles (released after the collection date) have hype, not an outcome: they are
 * neither trained on nor tested.
 *
 * Out-of-time split: titles with a release date, ordered by date; the test set is every title released in or
 * after the cutoff year, the year at the 85th percentile of release years (so about the newest 15 %). Early
 * stopping and the booster-vs-fallback choice use a validation set carved from the training side the same way:
 * its newest 15 % by release date. Nothing after the cutoff is seen before testing.
 */
import type { Catalog } from '../../data/catalog.ts';
import { releaseYear, titleKey, type Title } from '../../data/title.ts';
import { median } from '../../../models/metrics.ts';
import { comparablePopularity, hitFlags, isUpcoming } from '../measures.ts';

export const TEST_SHARE = 0.15;
export const VALIDATION_SHARE = 0.15;

export interface Labelled {
  titles: Title[];
  /** Regression target: the popularity percentile within its scale (0–100). */
  y: number[];
  /** 1 = hit. */
  hit: (0 | 1)[];
}

/** The catalog's dated titles in release order (ties by key), with targets and hit labels. */
export function labelledTitles(catalog: Catalog): Labelled {
  const asOf = catalog.meta.asOf;
  const flags = hitFlags(catalog.titles, asOf);
  const percentile = comparablePopularity(catalog.titles);
  const hitByKey = new Map<string, 0 | 1>();
  const yByKey = new Map<string, number>();
  catalog.titles.forEach((t, i) => {
    hitByKey.set(titleKey(t), flags.hit[i] ? 1 : 0);
    yByKey.set(titleKey(t), percentile[i]);
  });
  const titles = catalog.titles
    .filter((t) => t.releaseDate !== null && !isUpcoming(t, asOf))
    .sort((a, b) =>
      (a.releaseDate as string) < (b.releaseDate as string)
        ? -1
        : (a.releaseDate as string) > (b.releaseDate as string)
          ? 1
          : titleKey(a) < titleKey(b)
            ? -1
            : 1,
    );
  return {
    titles,
    y: titles.map((t) => yByKey.get(titleKey(t)) ?? 50),
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

/**
 * One popularity scale across sources (issue 13, "Done when"): multiplying every popularity of any one source by a
 * constant leaves every ranking, zone, hit label, winner and trend direction unchanged — for all six stages and
 * several scopes, on the real snapshot. (Predict and forecast run without trained models here: their descriptive
 * parts are what the catalog alone decides.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import type { StageResult } from '../../src/core/stages/types.ts';
import type { StageName } from '../../src/core/types.ts';
import { buildCatalog, type Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const now = new Date('2026-03-01T00:00:00Z');
let catalog: Catalog;

beforeAll(async () => {
  catalog = await importSnapshot(SNAPSHOT_DIR, now);
}, 120_000);

/** The catalog with every popularity of one source multiplied by `factor` (same meta: same as-of). */
function scaled(source: string, factor: number): Catalog {
  const titles = catalog.titles.map((t) => (t.source === source ? { ...t, popularity: t.popularity * factor } : t));
  const scaledCatalog = buildCatalog(titles, { source: catalog.meta.source, fetchedAt: new Date(catalog.meta.fetchedAt), asOf: catalog.meta.asOf });
  expect(scaledCatalog.meta.asOf).toBe(catalog.meta.asOf);
  return scaledCatalog;
}

const sign = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.sign(v));

/** What must not move: rankings, zones, hit labels, winners, trend directions (and the bullets built on them). */
function decisions(r: StageResult): unknown {
  switch (r.stage) {
    case 'explore':
      return {
        top: r.data.topTitles.map((t) => [t.key, t.hit]),
        perGenre: r.data.topByGenre.map((g) => [g.genre, g.titles.map((t) => t.key)]),
        hitRates: r.data.genres.map((g) => [g.genre, g.hitRate]),
        insights: r.insights.map((i) => i.text),
      };
    case 'understand':
      return {
        drivers: r.data.drivers.map((d) => [d.genre, d.drivers.map((x) => [x.variable, sign(x.rho)])]),
        seasonal: r.data.seasonal.map((s) => s.hitRate),
        insights: r.insights.map((i) => i.text),
      };
    case 'identify':
      return {
        zones: r.data.saturation.genres.map((g) => [g.genre, g.zone, g.hits]),
        windows: r.data.releaseWindow.best.map((b) => [b.genre, b.bestMonth, b.worstMonth]),
        insights: r.insights.map((i) => i.text),
      };
    case 'predict':
      return {
        benchmarks: r.data.benchmarks.titles.map((b) => [b.key, b.hit]),
        insights: r.insights.map((i) => i.text),
      };
    case 'forecast':
      return {
        momentum: r.data.momentum.map((m) => m.genre),
        velocity: r.data.velocityRanking.map((t) => t.key),
        rising: r.data.risingStars.map((t) => t.key),
        trends: r.data.series.map((s) => [s.genre, sign(s.trend)]),
      };
    case 'compare':
      return {
        winners: r.data.metrics.map((m) => [m.metric, m.winner]),
        overall: r.data.overall,
        trend: sign((r.data.trend.at(-1)?.left ?? 0) - (r.data.trend.find((t) => t.left !== null)?.left ?? 0)),
        insights: r.insights.map((i) => i.text),
      };
  }
}

const SCOPES: [StageName, Record<string, unknown>][] = [
  ['explore', {}],
  ['explore', { type: 'tv', genres: ['Drama'] }],
  ['explore', { type: 'movie', genres: ['Horror'], years: '2010-2024' }],
  ['understand', {}],
  ['understand', { type: 'movie', genres: ['Science Fiction'] }],
  ['identify', {}],
  ['identify', { type: 'movie', genres: ['Family'] }],
  ['identify', { type: 'tv' }],
  ['predict', { genre: 'sci-fi', type: 'movie', budget: 7, quarter: 'Q3' }],
  ['predict', { genre: 'animation', type: 'tv', budget: 3, quarter: 'Q1' }],
  ['forecast', {}],
  ['forecast', { genres: ['Comedy', 'Crime'] }],
  ['compare', { left: 'Drama', right: 'Comedy' }],
  ['compare', { left: 'Animation', right: 'Documentary' }],
  ['compare', { left: 'Dune: Part Two', right: 'Oppenheimer' }],
];

/** Sources on very different scales, each multiplied by a constant far from 1 (up and down). */
const FACTORS: [string, number][] = [
  ['shreyagupta90_discover_tv_2025', 1000],
  ['top10k_tmdb_2022', 0.01],
  ['breebyte_cinemaroi_2025', 37],
];

describe('multiplying one source’s popularity by a constant changes no decision', () => {
  const base = new Map<string, unknown>();
  beforeAll(() => {
    for (const [stage, params] of SCOPES) base.set(`${stage} ${JSON.stringify(params)}`, decisions(validateAndRunStage(stage, params, { catalog, now })));
  });

  it.each(FACTORS)('%s × %d', (source, factor) => {
    expect(
      catalog.titles.some((t) => t.source === source && t.popularity > 0),
      source,
    ).toBe(true);
    const other = scaled(source, factor);
    for (const [stage, params] of SCOPES) {
      const key = `${stage} ${JSON.stringify(params)}`;
      expect(decisions(validateAndRunStage(stage, params, { catalog: other, now })), key).toEqual(base.get(key));
    }
  });
});

/** All six stages on the real TMDB snapshot: properties that must hold on real data. */
import { beforeAll, describe, expect, it } from 'vitest';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import type { StageResult } from '../../src/core/stages/types.ts';
import { InputError, STAGES, type StageName } from '../../src/core/types.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';
import { primitivesOf } from './fixtures.ts';

const now = new Date('2026-01-01T00:00:00Z');
let catalog: Catalog;
const results = new Map<StageName, StageResult>();

const PARAMS: Record<StageName, Record<string, unknown>> = {
  explore: {},
  understand: {},
  identify: {},
  predict: { genre: 'sci-fi', type: 'movie', budget: 7, quarter: 'Q3' },
  forecast: {},
  compare: { left: 'Drama', right: 'Comedy' },
};

beforeAll(async () => {
  catalog = await importSnapshot(SNAPSHOT_DIR, now);
  for (const stage of STAGES) results.set(stage, validateAndRunStage(stage, PARAMS[stage], { catalog, now }));
}, 60_000);

const get = <S extends StageName>(stage: S) => results.get(stage) as Extract<StageResult, { stage: S }>;

describe('every stage on the snapshot', () => {
  it.each(STAGES)('%s gives 1–4 insights besides the headline claims, strongest first, each citing figures present in its result', (stage) => {
    const r = get(stage);
    // The headline claims are what the decision line states; the bullets are the others.
    const bullets = r.insights.filter((i) => !i.headline);
    expect(bullets.length).toBeGreaterThanOrEqual(1);
    expect(bullets.length).toBeLessThanOrEqual(4);
    const weights = r.insights.map((i) => i.weight);
    expect([...weights].sort((a, b) => b - a)).toEqual(weights);
    const present = primitivesOf({ params: r.params, data: r.data });
    for (const i of r.insights) {
      expect(Object.keys(i.figures).length).toBeGreaterThan(0);
      for (const [name, value] of Object.entries(i.figures)) expect(present.has(value), `${stage}: ${name}=${value} in "${i.text}"`).toBe(true);
    }
    expect(r.asOf).toBe(catalog.meta.asOf);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r); // plain JSON, no Infinity/NaN lost
  });

  it('is deterministic', () => {
    for (const stage of STAGES) expect(validateAndRunStage(stage, PARAMS[stage], { catalog, now })).toEqual(get(stage));
  });
});

describe('explore', () => {
  it('genre shares sum to 1 and the counts add up', () => {
    const d = get('explore').data;
    expect(d.genres.reduce((s, g) => s + g.share, 0)).toBeCloseTo(1, 10);
    // Every title released by the collection date; upcoming titles have no outcome yet and are not in scope.
    const released = catalog.titles.filter((t) => !(t.releaseDate && t.releaseDate > catalog.meta.asOf));
    expect(released.length).toBeLessThan(catalog.titles.length);
    expect(d.scope.titles).toBe(released.length);
    expect(d.scope.movie + d.scope.tv).toBe(d.scope.titles);
    for (const g of d.genres) expect(g.movie + g.tv).toBe(g.total);
    expect(d.languages.reduce((s, l) => s + l.count, 0)).toBe(d.scope.titles);
    const eng = d.topTitles.map((t) => t.engagement);
    expect([...eng].sort((a, b) => b - a)).toEqual(eng);
  });
});

describe('understand', () => {
  it('has a symmetric Spearman matrix with 1 on the diagonal and p-values in [0, 1]', () => {
    const { cells, variables } = get('understand').data.correlation;
    expect(cells).toHaveLength(variables.length ** 2);
    const at = (x: string, y: string) => cells.find((c) => c.x === x && c.y === y);
    for (const c of cells) {
      expect(at(c.y, c.x)?.rho).toBe(c.rho);
      if (c.x === c.y) expect(c.rho).toBe(1);
      if (c.rho !== null) expect(Math.abs(c.rho)).toBeLessThanOrEqual(1);
      if (c.p !== null) expect(c.p).toBeGreaterThanOrEqual(0);
      if (c.p !== null) expect(c.p).toBeLessThanOrEqual(1);
    }
    // budget is known for movies only: fewer pairs than titles
    expect(at('budget', 'popularity')?.n).toBeLessThan(catalog.titles.length);
  });
  it('seasonal shares sum to 1 and it says anomalies need the models', () => {
    const r = get('understand');
    expect(r.data.seasonal.reduce((s, m) => s + m.share, 0)).toBeCloseTo(1, 10);
    expect(r.data.anomalies.available).toBe(false);
    expect(r.notes.some((n) => n.startsWith('Anomalies need the trained models'))).toBe(true);
  });
});

describe('identify', () => {
  it('zones partition the genres and hit shares sum to at least 1 (multi-genre titles)', () => {
    const s = get('identify').data.saturation;
    const zones = { GREEN: 0, AMBER: 0, RED: 0 };
    for (const g of s.genres) zones[g.zone]++;
    expect(zones.GREEN + zones.AMBER + zones.RED).toBe(s.genres.length);
    expect(new Set(s.genres.map((g) => g.genre)).size).toBe(s.genres.length);
    expect(s.genres.reduce((a, g) => a + g.hitShare, 0)).toBeGreaterThanOrEqual(1);
  });
  it('Pareto share is in (0, 0.8] and the curve rises to 1', () => {
    const p = get('identify').data.pareto.overall;
    expect(p.titleShareFor80).toBeGreaterThan(0);
    expect(p.titleShareFor80).toBeLessThanOrEqual(0.8);
    for (let k = 1; k < p.curve.length; k++) expect(p.curve[k].y).toBeGreaterThanOrEqual(p.curve[k - 1].y);
    expect(p.curve[100].y).toBeCloseTo(1, 10);
  });
});

describe('predict, forecast and compare without models', () => {
  it('predict gives benchmarks of the genre and type', () => {
    const d = get('predict').data;
    expect(d.prediction).toBeNull();
    for (const t of d.benchmarks.titles) {
      expect(t.genres).toContain('Science Fiction');
      expect(t.mediaType).toBe('movie');
    }
  });
  it('forecast picks the 6 largest genres with complete monthly histories', () => {
    const d = get('forecast').data;
    expect(d.series).toHaveLength(6);
    expect(d.series[0].genre).toBe(get('explore').data.genres[0].genre);
    for (const s of d.series) expect(s.history.length).toBe(d.series[0].history.length);
    for (const star of d.risingStars) expect(star.ratio).toBeGreaterThanOrEqual(3);
  });
  it('compare scores = metrics won / compared', () => {
    const o = get('compare').data.overall;
    expect(o.won.left + o.won.right + o.won.ties).toBe(o.compared);
    expect(o.compared).toBeGreaterThanOrEqual(7);
    expect(o.score).toBeCloseTo(Math.max(o.won.left, o.won.right) / o.compared, 12);
  });
  it('title vs title across a TV/movie catalog', () => {
    const r = validateAndRunStage('compare', { left: 'Dune: Part Two', right: 'Oppenheimer' }, { catalog, now });
    expect(r.params).toEqual({ kind: 'title', left: 'movie:693134', right: 'movie:872585' });
    expect(r.data.metrics.length).toBeGreaterThanOrEqual(7);
  });
});

describe('bad input', () => {
  it.each([
    ['explore', { genres: 'scify' }, "No genre 'scify'. Did you mean Science Fiction?"],
    ['identify', { years: '2024-2010' }, 'The year range 2024-2010 is inverted; did you mean 2010-2024?'],
    ['explore', { type: 'tv', genres: 'western', years: '2024-2025' }, 'No titles match TV · Western · 2024–2025.'],
    ['compare', { left: 'Zzyzx Road Trip Nonexistent', right: 'Oppenheimer', kind: 'title' }, "No title 'Zzyzx Road Trip Nonexistent' in the catalog"],
    ['predict', { genre: 'drama', budget: 11, quarter: 'Q2' }, 'Budget level must be a whole number from 1 (lowest) to 10 (highest)'],
  ] as const)('%s %j → InputError', (stage, raw, message) => {
    expect(() => validateAndRunStage(stage, raw, { catalog, now })).toThrow(InputError);
    expect(() => validateAndRunStage(stage, raw, { catalog, now })).toThrow(message);
  });
});

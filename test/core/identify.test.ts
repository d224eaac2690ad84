import { describe, expect, it } from 'vitest';
import { pareto, zoneOf } from '../../src/core/stages/identify.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import type { Title } from '../../src/data/title.ts';
import { catalogOf, title } from './fixtures.ts';

const now = new Date('2025-01-01T00:00:00Z');

describe('Pareto', () => {
  it('finds the smallest share of titles holding 80% of engagement', () => {
    const p = pareto(Float64Array.from([5, 80, 10, 5]), true);
    expect(p.titleShareFor80).toBe(0.25); // 80 of 100 in the best title
    expect(p.curve).toHaveLength(101);
    expect(p.curve[50]).toEqual({ x: 0.5, y: 0.9 }); // best 2 of 4 hold 90
    expect(p.curve[100].y).toBe(1);
    expect(pareto(Float64Array.from([25, 25, 25, 25]), false).titleShareFor80).toBe(1); // 75% < 80% after 3
    expect(pareto(Float64Array.from([40, 40, 10, 10]), false).titleShareFor80).toBe(0.5); // exactly 80% after 2
  });
});

describe('saturation zones', () => {
  it('uses the stated thresholds', () => {
    expect(zoneOf(0.8)).toBe('GREEN');
    expect(zoneOf(0.81)).toBe('AMBER');
    expect(zoneOf(1.249)).toBe('AMBER');
    expect(zoneOf(1.25)).toBe('RED');
    expect(zoneOf(null)).toBe('RED');
  });
});

/**
 * 160 movies of 2020 (one hit cohort: ⌈160/4⌉ = 40 hits, threshold 80), engagement = 0.4 × popularity (no votes):
 * Horror 32 titles, 24 hits, hits released in October, the rest in March;
 * Drama 96 titles, 8 hits; Comedy 32 titles, 8 hits.
 */
function market(): Title[] {
  const out: Title[] = [];
  const add = (genre: string, pops: number[], month: string) => {
    for (const p of pops)
      for (let r = 0; r < 4; r++) out.push(title({ genres: [genre], popularity: p, voteAverage: 0, voteCount: 0, releaseDate: `2020-${month}-10` }));
  };
  add('Horror', [100, 101, 102, 103, 104, 105], '10');
  add('Horror', [1, 2], '03');
  add('Drama', [90, 91], '05');
  add(
    'Drama',
    Array.from({ length: 22 }, (_, k) => 3 + k),
    '05',
  );
  add('Comedy', [80, 81], '07');
  add('Comedy', [25, 26, 27, 28, 29, 30], '07');
  return out;
}

describe('identify on a constructed market', () => {
  const result = validateAndRunStage('identify', {}, { catalog: catalogOf(market()), now });
  const row = (g: string) => result.data.saturation.genres.find((r) => r.genre === g);

  it('computes supply share, hit share, the index and the zone', () => {
    expect(result.data.scope.hits).toBe(40);
    expect(row('Horror')).toMatchObject({ titles: 32, hits: 24, supplyShare: 0.2, hitShare: 0.6, zone: 'GREEN', thin: false });
    expect(row('Horror')?.index).toBeCloseTo(1 / 3, 12);
    expect(row('Drama')).toMatchObject({ titles: 96, hits: 8, supplyShare: 0.6, hitShare: 0.2, zone: 'RED' });
    expect(row('Drama')?.index).toBeCloseTo(3, 12);
    expect(row('Comedy')).toMatchObject({ supplyShare: 0.2, hitShare: 0.2, index: 1, zone: 'AMBER' });
    // sorted by index: Horror, Comedy, Drama
    expect(result.data.saturation.genres.map((r) => r.genre)).toEqual(['Horror', 'Comedy', 'Drama']);
  });

  it('finds the best and worst release month per genre', () => {
    const horror = result.data.releaseWindow.best.find((b) => b.genre === 'Horror');
    expect(horror).toMatchObject({ bestMonth: 10, worstMonth: 3 });
    // lift = the month's mean engagement ÷ the genre's mean over its dated titles
    const cells = result.data.releaseWindow.cells.filter((c) => c.genre === 'Horror');
    const genreMean = cells.reduce((s, c) => s + (c.meanEngagement ?? 0) * c.titles, 0) / cells.reduce((s, c) => s + c.titles, 0);
    expect(horror?.bestLift).toBeCloseTo((cells.find((c) => c.month === 10)?.meanEngagement ?? 0) / genreMean, 12);
    expect(horror?.bestLift).toBeGreaterThan(1);
    expect(cells).toHaveLength(12);
    expect(cells.find((c) => c.month === 1)).toMatchObject({ titles: 0, meanEngagement: null, lift: null });
  });

  it('says so in insights, citing figures that are in the result', () => {
    expect(result.insights[0].text).toBe('Horror is in the GREEN zone: 20% of titles, 60% of hits (index 0.33).');
    expect(result.insights.some((i) => i.text.startsWith('Drama is crowded (RED): 60% of titles but only 20% of hits'))).toBe(true);
  });

  it('marks genres under 30 titles as thin and says the data is too thin', () => {
    const small = validateAndRunStage('identify', {}, { catalog: catalogOf(market().slice(0, 20)), now });
    expect(small.data.saturation.genres.every((g) => g.thin)).toBe(true);
    expect(small.insights[0].text).toBe('Every genre here has fewer than 30 titles: too thin to call zones.');
  });
});

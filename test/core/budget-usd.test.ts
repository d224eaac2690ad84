import { describe, expect, it } from 'vitest';
import { budgetCutsOf, budgetLevelForUsd } from '../../src/core/intelligence/features.ts';
import { budgetUsdNote, formatUsd, parseUsd, validateParams } from '../../src/core/params.ts';
import { InputError } from '../../src/core/types.ts';
import { catalogOf, title } from './fixtures.ts';

/** 20 movies budgeted $10M, $20M … $200M (deciles cut at $30M, $50M, … $190M), TV and unknown budgets ignored. */
function budgetCatalog() {
  const movies = Array.from({ length: 20 }, (_, i) => title({ budget: (i + 1) * 10e6 }));
  const noise = [title({ mediaType: 'tv', budget: 5e9 }), title({ budget: null }), title({ budget: 0 })];
  return catalogOf([...noise, ...movies.reverse()]);
}

describe('dollar budget → level, with the catalog’s own deciles', () => {
  const catalog = budgetCatalog();

  it('cuts the known movie budgets into deciles (TV and unknown budgets left out)', () => {
    expect(budgetCutsOf(catalog.titles)).toEqual([30e6, 50e6, 70e6, 90e6, 110e6, 130e6, 150e6, 170e6, 190e6]);
  });

  it.each([
    [1, 1], // far below the lowest decile
    [10e6, 1],
    [30e6, 1], // on a cut: the lower level
    [30e6 + 1, 2],
    [60e6, 3],
    [100e6, 5],
    [150e6, 7],
    [190e6, 9],
    [190e6 + 1, 10],
    [5e9, 10], // far above the top
  ])('$%d → level %d', (usd, level) => {
    expect(budgetLevelForUsd(catalog, usd)).toBe(level);
  });

  it('follows the catalog: the same dollars land elsewhere in a catalog of cheaper movies', () => {
    const cheap = catalogOf(Array.from({ length: 20 }, (_, i) => title({ budget: (i + 1) * 1e6 })));
    expect(budgetLevelForUsd(cheap, 16e6)).toBe(8);
    expect(budgetLevelForUsd(catalog, 16e6)).toBe(1);
  });

  it('is null when the catalog has fewer than 10 movie budgets', () => {
    expect(budgetLevelForUsd(catalogOf([title({ budget: 1e6 })]), 1e6)).toBeNull();
  });

  it('validateParams turns budgetUsd into the level (and it wins over budgetLevel), keeping the dollars for movies', () => {
    expect(validateParams('predict', { genre: 'Drama', budgetUsd: '$100M', quarter: 'Q3' }, catalog)).toEqual({
      genre: 'Drama',
      mediaType: 'movie',
      budgetLevel: 5,
      quarter: 3,
      budgetUsd: 100e6,
    });
    expect(validateParams('predict', { genre: 'Drama', type: 'tv', budgetUsd: '$100M', quarter: 'Q3' }, catalog).budgetUsd).toBeUndefined();
    expect(validateParams('predict', { genre: 'Drama', budgetUsd: 200e6, budgetLevel: 2, quarter: 1 }, catalog).budgetLevel).toBe(10);
  });

  it('validateParams says what is wrong with a dollar budget it cannot use', () => {
    expect(() => validateParams('predict', { genre: 'Drama', budgetUsd: 'lots', quarter: 1 }, catalog)).toThrow(InputError);
    expect(() => validateParams('predict', { genre: 'Drama', budgetUsd: '$5M', quarter: 1 })).toThrow(/give a budget level from 1 to 10/);
  });

  it('reads and writes amounts', () => {
    expect(parseUsd('$200m')).toBe(200e6);
    expect(parseUsd('1.5B')).toBe(1.5e9);
    expect(parseUsd('$40,000,000')).toBe(40e6);
    expect(parseUsd('200 million')).toBe(200e6);
    expect(parseUsd('500k')).toBe(500e3);
    expect(parseUsd('abc')).toBeUndefined();
    expect([formatUsd(200e6), formatUsd(1.5e9), formatUsd(500e3), formatUsd(900)]).toEqual(['$200M', '$1.5B', '$500K', '$900']);
  });

  it('describes the level in words, and TV as not using budgets', () => {
    expect(budgetUsdNote(200e6, 10, 'movie')).toBe('budget level 10 for $200M (top 10% of movie budgets in the catalog)');
    expect(budgetUsdNote(1e6, 1, 'movie')).toBe('budget level 1 for $1M (bottom 10% of movie budgets in the catalog)');
    expect(budgetUsdNote(40e6, 6, 'movie')).toBe('budget level 6 for $40M (50th–60th percentile of movie budgets in the catalog)');
    expect(budgetUsdNote(15e6, 3, 'tv')).toBe('budgets are not used for TV, so the $15M budget is ignored');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { formatCommand, parse } from '../../intents/index.ts';
import { tokenize, wordsOf } from '../../intents/tokens.ts';
import { budgetLevelForUsd } from '../../src/core/intelligence/features.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { expectIntent, realCatalog } from './helpers.ts';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await realCatalog();
});

const intent = expectIntent;
const levelOf = (usd: number) => budgetLevelForUsd(catalog, usd);

describe('budgets in dollars', () => {
  it.each([
    ['should we greenlight a $200m sci-fi movie in Q3?', 200e6, '$200M', { genre: 'Science Fiction', mediaType: 'movie', quarter: 3 }],
    ['should we greenlight a $200M sci-fi movie in Q3?', 200e6, '$200M', { genre: 'Science Fiction', mediaType: 'movie', quarter: 3 }],
    ['/predict horror movie budget $15M Q4', 15e6, '$15M', { genre: 'Horror', mediaType: 'movie', quarter: 4 }],
    ['/predict horror movie budget 15M Q4', 15e6, '$15M', { genre: 'Horror', mediaType: 'movie', quarter: 4 }],
    ['/predict drama movie budget $1.5b Q1', 1.5e9, '$1.5B', { genre: 'Drama', quarter: 1 }],
    ['greenlight a thriller movie with a budget of 200 million in Q2?', 200e6, '$200M', { genre: 'Thriller', quarter: 2 }],
    ['greenlight a comedy movie with a budget of $40,000,000 in Q2?', 40e6, '$40M', { genre: 'Comedy', quarter: 2 }],
    ['comedy movie with a 15M budget in Q1?', 15e6, '$15M', { genre: 'Comedy', quarter: 1 }],
    ['/predict genre=horror type=movie budget=$15M quarter=Q4', 15e6, '$15M', { genre: 'Horror', quarter: 4 }],
  ])('%s', (text, usd, amount, params) => {
    const i = intent(parse(text, { catalog }));
    const level = levelOf(usd);
    expect(level).not.toBeNull();
    expect(i.stage).toBe('predict');
    expect(i.params).toMatchObject({ ...params, budgetLevel: level });
    expect(i.params).toMatchObject({ budgetUsd: usd }); // movies keep the dollars for the revenue model
    expect(i.assumed).not.toContain('a mid budget (level 5)');
    expect(i.assumed?.some((a) => a.startsWith(`budget level ${level} for ${amount} (`) && a.endsWith('of movie budgets in the catalog)'))).toBe(true);
  });

  it('a $200M budget is in the top decile of the real catalog, and the reply says so', () => {
    const i = intent(parse('should we greenlight a $200m sci-fi movie in Q3?', { catalog }));
    expect(i.params).toEqual({ genre: 'Science Fiction', mediaType: 'movie', budgetLevel: 10, quarter: 3, budgetUsd: 200e6 });
    expect(i.assumed).toEqual(['budget level 10 for $200M (top 10% of movie budgets in the catalog)']);
  });

  it('"budget 7" stays level 7, and "budget level 7 million" is not read as dollars', () => {
    const i = intent(parse('/predict sci-fi movie budget 7 Q3', { catalog }));
    expect(i.params).toEqual({ genre: 'Science Fiction', mediaType: 'movie', budgetLevel: 7, quarter: 3 });
    expect(i.assumed).toBeUndefined();
    expect(intent(parse('/predict genre=sci-fi budget=7 quarter=Q3', { catalog })).params).toMatchObject({ budgetLevel: 7 });
    expect(intent(parse('greenlight a sci-fi movie with budget 7 in Q3?', { catalog })).params).toMatchObject({ budgetLevel: 7 });
  });

  it('for TV the dollars are not used, and the reply says budgets are not used for TV', () => {
    const i = intent(parse('/predict drama tv budget $15M Q2', { catalog }));
    expect(i.params).toMatchObject({ genre: 'Drama', mediaType: 'tv', quarter: 2 });
    expect(i.params).not.toHaveProperty('budgetUsd');
    expect(i.assumed).toEqual(['budgets are not used for TV, so the $15M budget is ignored']);
  });

  it('for TV a budget level is not used either, and the reply says so', () => {
    const i = intent(parse('/predict drama tv budget 2 Q3', { catalog }));
    expect(i.params).toMatchObject({ genre: 'Drama', mediaType: 'tv', quarter: 3 });
    expect(i.assumed).toEqual(['budgets are not used for TV, so budget level 2 is ignored']);
    expect(intent(parse('/predict drama tv Q3', { catalog })).assumed).toBeUndefined();
  });

  it('a follow-up in dollars replaces the level: "what if the budget is 40 million?"', () => {
    const previous = intent(parse('/predict sci-fi movie budget 7 Q3', { catalog }));
    const next = intent(parse('what if the budget is 40 million?', { catalog, previous }));
    expect(next.params).toEqual({ genre: 'Science Fiction', mediaType: 'movie', budgetLevel: levelOf(40e6), quarter: 3, budgetUsd: 40e6 });
    expect(next.assumed?.[0]).toMatch(/^budget level \d+ for \$40M \(/);
  });

  it('the formatted command of a dollar intent parses back to the same level', () => {
    const i = intent(parse('/predict horror movie budget $15M Q4', { catalog }));
    const again = intent(parse(formatCommand(i, catalog), { catalog }));
    expect(again.params).toEqual(i.params);
  });

  it('tokens keep the dollar sign and thousands separators, and still split comma lists', () => {
    expect(wordsOf(tokenize('a $40,000,000 budget'))).toEqual(['a', '$40,000,000', 'budget']);
    expect(wordsOf(tokenize('$200m?'))).toEqual(['$200m']);
    expect(wordsOf(tokenize('Drama,Comedy'))).toEqual(['drama', 'comedy']);
    expect(wordsOf(tokenize('2010,2015'))).toEqual(['2010', '2015']);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../../intents/index.ts';
import { findTitleMentions } from '../../src/core/resolve/title.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { titleKey } from '../../src/data/title.ts';
import { realCatalog } from './helpers.ts';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await realCatalog();
});

const keysIn = (text: string) => findTitleMentions(catalog, text).map((m) => m.indices.map((i) => titleKey(catalog.titles[i])));
const textsIn = (text: string) => findTitleMentions(catalog, text).map((m) => m.text);

describe('the title index finds titles in plain sentences, without quotes', () => {
  it('finds each title once, the longest name at each place, as written', () => {
    expect(textsIn('How does Stranger Things compare to Wednesday?')).toEqual(['Stranger Things', 'Wednesday']);
    expect(keysIn('How does Stranger Things compare to Wednesday?')).toEqual([['tv:66732'], ['tv:119051']]);
    expect(textsIn('Deadpool & Wolverine versus Inside Out 2')).toEqual(['Deadpool & Wolverine', 'Inside Out 2']);
    expect(textsIn('which did better, The Last of Us or House of the Dragon?')).toEqual(['The Last of Us', 'House of the Dragon']);
    expect(textsIn('how does stranger things compare to wednesday')).toEqual(['stranger things', 'wednesday']);
  });

  it('does not take everyday words, genre names or lower-case short words for titles', () => {
    for (const text of [
      'Is It better than Us?',
      'Should we shoot in London or Paris?',
      "What's popular right now?",
      'Should we make a Horror movie for Q4 with a big budget?',
      'is horror up or down?',
    ]) {
      expect(textsIn(text), text).toEqual([]);
    }
  });

  it('narrows a name several titles share with a year after it, and keeps them all without one', () => {
    expect(keysIn('Dune 2021 vs Dune: Part Two')).toEqual([['movie:438631'], ['movie:693134']]);
    expect(textsIn('Dune 2021 vs Dune: Part Two')[0]).toBe('Dune (2021)');
    expect(keysIn('Is Dune (1984) any good?')).toEqual([['movie:841']]);
    expect(keysIn('Dune or Oppenheimer?')[0].sort()).toEqual(['movie:438631', 'movie:841']);
  });

  it('finds original titles in any script', () => {
    expect(keysIn('How does 기생충 compare to Joker?')).toEqual([['movie:496243'], ['movie:475557']]);
    expect(keysIn('千と千尋の神隠し vs Frozen (2013)')).toEqual([['movie:129'], ['movie:109445']]);
  });

  it('a name several titles share asks which one, offering at most three', () => {
    const result = parse('Is The Office better than Friends?', { catalog });
    expect(result.kind).toBe('clarify');
    if (result.kind !== 'clarify') return;
    expect(result.readings.length).toBeGreaterThan(1);
    expect(result.readings.length).toBeLessThanOrEqual(3);
    expect(result.readings.map((r) => r.intent.params.right)).toEqual(result.readings.map(() => 'tv:1668'));
  });
});

describe('recency words', () => {
  it('read "this year" as the catalog year and say so; years the question names win', () => {
    const year = Number(catalog.meta.asOf.slice(0, 4));
    const thisYear = parse('How is the mystery genre performing this year?', { catalog });
    expect(thisYear.kind === 'intent' && thisYear.intent.params).toMatchObject({ yearFrom: year, yearTo: year });
    expect(thisYear.kind === 'intent' && thisYear.intent.assumed).toEqual([`'this year' read as titles released in ${year} (data as of ${catalog.meta.asOf})`]);
    const named = parse("What's popular right now in films since 2015?", { catalog });
    expect(named.kind === 'intent' && named.intent.params).toMatchObject({ yearFrom: 2015 });
    expect(named.kind === 'intent' && named.intent.params.yearTo).toBeUndefined();
  });

  it('leaves forecast, which is about the months ahead, without a window', () => {
    const rising = parse("What's picking up momentum lately?", { catalog });
    expect(rising.kind === 'intent' && rising.intent.stage).toBe('forecast');
    expect(rising.kind === 'intent' && rising.intent.assumed).toBeUndefined();
  });
});

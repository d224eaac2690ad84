import { describe, expect, it } from 'vitest';
import { resolveGenre, resolveTitle, validateParams } from '../../src/core/params.ts';
import { InputError } from '../../src/core/types.ts';
import { catalogOf, title } from './fixtures.ts';

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('resolveGenre', () => {
  it.each([
    ['sci-fi', 'Science Fiction'],
    ['scifi', 'Science Fiction'],
    ['Science fiction', 'Science Fiction'],
    ['SF', 'Science Fiction'],
    ['romcom', 'Romance'],
    ['horror', 'Horror'],
    ['thrillers', 'Thriller'],
    ['comedies', 'Comedy'],
    ['docs', 'Documentary'],
    ['animated', 'Animation'],
    ['horror movies', 'Horror'],
    ['Psychological Thriller', 'Thriller'],
  ])('%s → %s', (text, genre) => {
    expect(resolveGenre(text)).toBe(genre);
  });

  it('suggests the nearest genre for a misspelling', () => {
    const e = inputError(() => resolveGenre('horor'));
    expect(e.message).toBe("No genre 'horor'. Did you mean Horror?");
    expect(e.field).toBe('genre');
    expect(e.suggestions).toEqual(['Horror']);
    expect(inputError(() => resolveGenre('documentery')).suggestions[0]).toBe('Documentary');
    expect(inputError(() => resolveGenre('sciense fiction')).suggestions[0]).toBe('Science Fiction');
  });

  it('lists the genres when nothing is close', () => {
    const e = inputError(() => resolveGenre('zzzzzz'));
    expect(e.suggestions).toEqual([]);
    expect(e.message).toContain('Genres: Action, Adventure');
  });
});

describe('validateParams', () => {
  it('fills the filter defaults and accepts words for types, genres, years and languages', () => {
    expect(validateParams('explore', {})).toEqual({ mediaType: 'all', genres: [] });
    expect(validateParams('identify', { type: 'movies', genres: 'sci-fi, romcom', years: '2010-2024', language: 'French' })).toEqual({
      mediaType: 'movie',
      genres: ['Science Fiction', 'Romance', 'Comedy'],
      yearFrom: 2010,
      yearTo: 2024,
      language: 'fr',
    });
    expect(validateParams('understand', { years: '2015' })).toMatchObject({ yearFrom: 2015, yearTo: 2015 });
    expect(validateParams('understand', { yearFrom: '2001' })).toMatchObject({ yearFrom: 2001 });
  });

  it('rejects an inverted year range, naming the fix', () => {
    const e = inputError(() => validateParams('explore', { years: '2024-2010' }));
    expect(e.message).toBe('The year range 2024-2010 is inverted; did you mean 2010-2024?');
    expect(e.suggestions).toEqual(['2010-2024']);
    expect(inputError(() => validateParams('explore', { yearFrom: 2020, yearTo: 2000 })).field).toBe('years');
  });

  it('rejects bad types and years', () => {
    expect(inputError(() => validateParams('explore', { type: 'podcast' })).message).toBe("Type must be movie, tv or all; got 'podcast'.");
    expect(inputError(() => validateParams('explore', { years: 'last decade' })).field).toBe('years');
    expect(inputError(() => validateParams('explore', { language: 'Klingonese' })).field).toBe('language');
  });

  it('validates the copilot inputs, accepting Q3 and budget words', () => {
    expect(validateParams('predict', { genre: 'sci-fi', type: 'movie', budget: '7', quarter: 'Q3' })).toEqual({
      genre: 'Science Fiction',
      mediaType: 'movie',
      budgetLevel: 7,
      quarter: 3,
    });
    expect(validateParams('predict', { genre: 'horror', budget: 'big', quarter: 1 })).toMatchObject({ mediaType: 'movie', budgetLevel: 8 });
  });

  it.each([
    [{ genre: 'drama', budget: 0, quarter: 'Q1' }, 'budgetLevel', "Budget level must be a whole number from 1 (lowest) to 10 (highest); got '0'."],
    [{ genre: 'drama', budget: 11, quarter: 'Q1' }, 'budgetLevel', "Budget level must be a whole number from 1 (lowest) to 10 (highest); got '11'."],
    [{ genre: 'drama', budget: 5, quarter: 'Q5' }, 'quarter', "Quarter must be Q1, Q2, Q3 or Q4; got 'Q5'."],
    [{ genre: 'scify', budget: 5, quarter: 'Q2' }, 'genre', "No genre 'scify'. Did you mean Science Fiction?"],
    [{ budget: 5, quarter: 'Q2' }, 'genre', 'Name a genre, e.g. genre=Drama.'],
    [{ genre: 'drama', budget: 5 }, 'quarter', 'Give a release quarter, Q1 to Q4.'],
    [{ genre: 'drama', budget: 5, quarter: 2, type: 'all' }, 'mediaType', 'Predict needs one type: movie or tv.'],
  ])('predict %j → %s error', (raw, field, message) => {
    const e = inputError(() => validateParams('predict', raw));
    expect(e.field).toBe(field);
    expect(e.message).toBe(message);
  });

  it('validates the forecast horizon', () => {
    expect(validateParams('forecast', {})).toEqual({ genres: [], horizonMonths: 12 });
    expect(inputError(() => validateParams('forecast', { horizon: 99 })).field).toBe('horizonMonths');
  });
});

describe('titles', () => {
  const catalog = catalogOf([
    title({ id: 1, title: 'The Office', mediaType: 'tv', releaseDate: '2005-03-24', voteCount: 4000 }),
    title({ id: 2, title: 'The Office', mediaType: 'movie', releaseDate: '2019-05-01' }),
    title({ id: 3, title: 'Oppenheimer', releaseDate: '2023-07-19', genres: ['Drama', 'History'] }),
    title({ id: 4, title: 'Dune: Part Two', releaseDate: '2024-02-27', genres: ['Science Fiction'] }),
    title({ id: 5, title: 'Amélie', originalTitle: 'Le Fabuleux Destin d’Amélie Poulain', releaseDate: '2001-04-25' }),
  ]);

  it('resolves exact names, ignoring case, accents and punctuation, and keys', () => {
    expect(resolveTitle(catalog, 'dune part two').id).toBe(4);
    expect(resolveTitle(catalog, 'AMELIE').id).toBe(5);
    expect(resolveTitle(catalog, 'movie:3').title).toBe('Oppenheimer');
    expect(resolveTitle(catalog, '"Oppenheimer"').id).toBe(3);
  });

  it('takes a unique close spelling as meant', () => {
    expect(resolveTitle(catalog, 'Oppenhiemer').id).toBe(3);
  });

  it('asks which one when a TV show and a movie share the name, listing both with year and type', () => {
    const e = inputError(() => resolveTitle(catalog, 'The Office'));
    expect(e.message).toBe("'The Office' matches 2 titles: The Office (TV, 2005), The Office (movie, 2019). Which one?");
    expect(e.suggestions).toEqual(['The Office (TV, 2005)', 'The Office (movie, 2019)']);
    // each suggestion resolves back to one title
    expect(resolveTitle(catalog, e.suggestions[0]).mediaType).toBe('tv');
    expect(resolveTitle(catalog, 'The Office (movie)').id).toBe(2);
  });

  it('says when a title is not in the catalog', () => {
    const e = inputError(() => resolveTitle(catalog, 'Barbie'));
    expect(e.message).toContain("No title 'Barbie' in the catalog");
  });

  it('infers the compare kind and resolves title sides to keys', () => {
    expect(validateParams('compare', { left: 'drama', right: 'sci-fi' })).toEqual({ kind: 'genre', left: 'Drama', right: 'Science Fiction' });
    expect(validateParams('compare', { left: 'Oppenheimer', right: 'Dune: Part Two' }, catalog)).toEqual({
      kind: 'title',
      left: 'movie:3',
      right: 'movie:4',
    });
    expect(inputError(() => validateParams('compare', { left: 'Oppenheimer', right: 'oppenheimer' }, catalog)).field).toBe('right');
    expect(inputError(() => validateParams('compare', { left: 'Drama' })).field).toBe('right');
  });
});

describe('validated parameters validate to themselves (runStage re-validates)', () => {
  const catalog = catalogOf([title({ id: 7, title: 'Heat' }), title({ id: 8, title: 'Ran' })]);
  it.each([
    ['explore', { type: 'tv', genres: 'romcom', years: '1990-2000', language: 'ja' }],
    ['predict', { genre: 'horror', type: 'tv', budget: 'low', quarter: 'q4' }],
    ['forecast', { genres: ['sci-fi', 'drama'], horizon: '6' }],
    ['compare', { left: 'Heat', right: 'Ran' }],
    ['compare', { left: 'thrillers', right: 'westerns' }],
  ] as const)('%s %j', (stage, raw) => {
    const once = validateParams(stage, raw, catalog);
    expect(validateParams(stage, once as Record<string, unknown>, catalog)).toEqual(once);
  });
});

import { describe, expect, it } from 'vitest';
import { formatResult, wordsToParams } from '../../src/cli/stage.ts';
import { validateParams } from '../../src/core/params.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import { catalogOf, title } from './fixtures.ts';

describe('greenlight stage: chat-style words', () => {
  it('reads types, year ranges and multi-word genres', () => {
    const raw = wordsToParams('explore', ['movies', 'science', 'fiction', 'horror', '2010-2024']);
    expect(raw).toEqual({ type: 'movies', years: '2010-2024', genres: ['science fiction', 'horror'] });
    expect(validateParams('explore', raw)).toEqual({ mediaType: 'movie', genres: ['Science Fiction', 'Horror'], yearFrom: 2010, yearTo: 2024 });
  });

  it('reads the copilot words, passing bad ones on to validation', () => {
    expect(wordsToParams('predict', ['sci-fi', 'movie', '7', 'Q3'])).toEqual({ genre: 'sci-fi', type: 'movie', budget: '7', quarter: 'Q3' });
    expect(() => validateParams('predict', wordsToParams('predict', ['drama', '11', 'Q5']))).toThrow('Budget level must be a whole number');
    expect(() => validateParams('predict', wordsToParams('predict', ['drama', '5', 'Q5']))).toThrow("Quarter must be Q1, Q2, Q3 or Q4; got 'Q5'.");
  });

  it('splits compare words around "vs"', () => {
    expect(wordsToParams('compare', ['Dune:', 'Part', 'Two', 'vs', 'Oppenheimer'])).toEqual({ left: 'Dune: Part Two', right: 'Oppenheimer' });
    expect(wordsToParams('compare', ['Drama', 'versus', 'Comedy'])).toEqual({ left: 'Drama', right: 'Comedy' });
    expect(wordsToParams('compare', ['Drama', 'Comedy'])).toEqual({ left: 'Drama', right: 'Comedy' });
  });

  it('prints the insights and notes of a result', () => {
    const catalog = catalogOf([title({ genres: ['Drama'] }), title({ genres: ['Comedy'] })]);
    const text = formatResult(validateAndRunStage('explore', {}, { catalog, now: new Date('2025-01-01T00:00:00Z') }));
    expect(text.split('\n')[0]).toBe('EXPLORE — data as of 2024-12-31');
    expect(text).toContain('• Only 2 titles match all titles');
    expect(text).toContain('Notes:\n  - engagement = 0.4 × popularity');
  });
});

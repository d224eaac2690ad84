import { describe, expect, it } from 'vitest';
import { commandText, formatResult, stageParams } from '../../src/cli/stage.ts';
import { runStage } from '../../src/core/stages/index.ts';
import { catalogOf, title } from './fixtures.ts';

describe('greenlight stage: the words go through the chat parser', () => {
  const catalog = catalogOf([title({ genres: ['Drama'] }), title({ genres: ['Comedy'] })]);

  it('reads types, year ranges and multi-word genres', () => {
    expect(commandText('explore', ['movies', 'science', 'fiction', 'horror', '2010-2024'])).toBe('/explore movies science fiction horror 2010-2024');
    expect(stageParams('explore', ['movies', 'science', 'fiction', 'horror', '2010-2024'], {}, catalog).params).toEqual({
      mediaType: 'movie',
      genres: ['Science Fiction', 'Horror'],
      yearFrom: 2010,
      yearTo: 2024,
    });
  });

  it('accepts what the chat accepts: budget=7, genre=Science Fiction, positional budget and options', () => {
    const want = { genre: 'Science Fiction', mediaType: 'movie', budgetLevel: 7, quarter: 3 };
    expect(stageParams('predict', ['genre=sci-fi', 'type=movie', 'budget=7', 'quarter=Q3'], {}, catalog).params).toEqual(want);
    expect(stageParams('predict', ['genre=Science', 'Fiction', 'type=movie', 'budget=7', 'quarter=Q3'], {}, catalog).params).toEqual(want);
    expect(stageParams('predict', ['sci-fi', 'movie', '7', 'Q3'], {}, catalog).params).toEqual(want);
    expect(stageParams('predict', [], { genre: ['Science Fiction'], type: 'movie', budget: '7', quarter: 'Q3' }, catalog).params).toEqual(want);
  });

  it('reports every wrong value at once, with the command that fixes them', () => {
    expect(() => stageParams('predict', ['drama', '11', 'Q5'], {}, catalog)).toThrow(
      /2 things to fix: \(1\) Budget level must be a whole number.*\(2\) Quarter must be Q1, Q2, Q3 or Q4; got 'Q5'\.\nTry: greenlight stage predict Drama movie budget 10 Q1/,
    );
  });

  it('splits compare words around "vs"', () => {
    expect(commandText('compare', ['Dune: Part Two', 'vs', 'Oppenheimer'])).toBe('/compare "Dune: Part Two" vs Oppenheimer');
    expect(stageParams('compare', ['Drama', 'versus', 'Comedy'], {}, catalog).params).toEqual({ kind: 'genre', left: 'Drama', right: 'Comedy' });
    expect(stageParams('compare', ['Drama', 'Comedy'], {}, catalog).params).toEqual({ kind: 'genre', left: 'Drama', right: 'Comedy' });
  });

  it('prints the insights and notes of a result', () => {
    const catalog = catalogOf([title({ genres: ['Drama'] }), title({ genres: ['Comedy'] })]);
    const text = formatResult(runStage('explore', {}, { catalog, now: new Date('2025-01-01T00:00:00Z') }));
    expect(text.split('\n')[0]).toBe('EXPLORE — data as of 2024-12-31');
    expect(text).toContain('• Only 2 titles match all titles');
    expect(text).toContain('Notes:\n  - engagement = 0.4 × popularity');
  });
});

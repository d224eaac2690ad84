import { beforeAll, describe, expect, it } from 'vitest';
import { parse, type ParseResult } from '../../intents/index.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { realCatalog } from './helpers.ts';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await realCatalog();
});

function error(result: ParseResult) {
  if (result.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return result;
}

describe('parameters that are wrong get a clear message and the nearest valid value', () => {
  it('an unknown genre suggests the nearest, as a runnable command', () => {
    const e = error(parse('/explore movies horor'));
    expect(e.message).toBe("No genre 'horor'. Did you mean Horror?");
    expect(e.field).toBe('genres');
    expect(e.suggestions).toEqual([{ label: 'Horror', command: '/explore movies Horror' }]);
    expect(parse(e.suggestions[0].command).kind).toBe('intent');
  });

  it('an unknown genre in predict suggests the nearest', () => {
    const e = error(parse('/predict genre=comdy type=movie budget=5 quarter=Q2'));
    expect(e.message).toMatch(/No genre 'comdy'\. Did you mean Comedy/);
    expect(e.suggestions[0]).toEqual({ label: 'Comedy', command: '/predict Comedy movie budget 5 Q2' });
  });

  it.each([
    ['/predict sci-fi movie budget 0 Q3', '1'],
    ['/predict sci-fi movie budget 11 Q3', '10'],
    ['/predict genre=drama budget=11 quarter=Q1', '10'],
  ])('budget out of range: %s', (text, nearest) => {
    const e = error(parse(text));
    expect(e.field).toBe('budgetLevel');
    expect(e.message).toMatch(/Budget level must be a whole number from 1 \(lowest\) to 10 \(highest\)/);
    expect(e.suggestions.map((s) => s.label)).toEqual([nearest]);
    expect(parse(e.suggestions[0].command).kind).toBe('intent');
  });

  it('quarter Q5 lists the quarters accepted', () => {
    const e = error(parse('/predict drama movie budget 4 Q5'));
    expect(e.message).toBe("Quarter must be Q1, Q2, Q3 or Q4; got 'Q5'.");
    expect(e.suggestions.map((s) => s.label)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    expect(e.suggestions[2].command).toBe('/predict Drama movie budget 4 Q3');
  });

  it('an inverted year range offers the range the right way round', () => {
    const e = error(parse('/explore years 2024-2010'));
    expect(e.message).toBe('The year range 2024-2010 is inverted; did you mean 2010-2024?');
    const fixed = parse(e.suggestions[0].command);
    expect(fixed.kind === 'intent' && fixed.intent.params).toMatchObject({ yearFrom: 2010, yearTo: 2024 });
  });

  it('a close misspelling of a title is taken as meant', () => {
    const result = parse('/compare "Oppenhiemer" vs "Barbie"', { catalog });
    expect(result.kind === 'intent' && result.intent.params.left).toBe('movie:872585');
  });

  it('an unknown title names the nearest titles', () => {
    const e = error(parse('/compare "Openhimer 2" vs "Barbie"', { catalog }));
    expect(e.field).toBe('left');
    expect(e.message).toBe("No title 'Openhimer 2' in the catalog. Did you mean Oppenheimer (movie, 2023)?");
    const fixed = parse(e.suggestions[0].command, { catalog });
    expect(fixed.kind === 'intent' && fixed.intent.params).toEqual({ kind: 'title', left: 'movie:872585', right: 'movie:346698' });
  });

  it('a title nothing resembles says what to do', () => {
    const e = error(parse('/compare "Qwxzv Plorth" vs "Barbie"', { catalog }));
    expect(e.message).toMatch(/No title 'Qwxzv Plorth' in the catalog/);
  });

  it('a name shared by several titles asks which one, each reading a button that resolves', () => {
    const result = parse('/compare "The Office" vs "Oppenheimer"', { catalog });
    expect(result.kind).toBe('clarify');
    if (result.kind !== 'clarify') return;
    expect(result.question).toMatch(/matches \d+ titles.*Which one\?/);
    expect(result.readings.length).toBeGreaterThan(1);
    const keys = result.readings.map((r) => r.intent.params.left);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of result.readings) {
      const again = parse(r.command, { catalog });
      expect(again.kind === 'intent' && again.intent.params.left).toBe(r.intent.params.left);
    }
  });

  it('a movie/TV clash in predict asks which one', () => {
    const result = parse('/predict sci-fi movie tv budget 5 Q1');
    expect(result.kind).toBe('clarify');
    if (result.kind === 'clarify') {
      expect(result.question).toBe('A movie or a TV show?');
      expect(result.readings.map((r) => r.intent.params.mediaType)).toEqual(['movie', 'tv']);
    }
  });

  it('a word a command does not know is reported with the usage', () => {
    const e = error(parse('/forecast horror banana'));
    expect(e.message).toBe("/forecast does not understand 'banana'. Usage: /forecast [genre…].");
  });

  it('predict without a genre asks for one', () => {
    const e = error(parse('/predict movie budget 5 Q1'));
    expect(e.field).toBe('genre');
    expect(e.message).toMatch(/genre/i);
  });

  it('compare with one side asks for the other', () => {
    const e = error(parse('/compare Drama'));
    expect(e.field).toBe('right');
  });
});

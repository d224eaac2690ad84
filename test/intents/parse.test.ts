import { beforeAll, describe, expect, it } from 'vitest';
import { formatCommand, parse, type Intent } from '../../intents/index.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { expectIntent, realCatalog } from './helpers.ts';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await realCatalog();
});

const intent = expectIntent;

describe('commands', () => {
  const table: [string, Intent['stage'], Record<string, unknown>][] = [
    ['/explore', 'explore', { mediaType: 'all', genres: [] }],
    ['/explore movies horror years 2010-2024', 'explore', { mediaType: 'movie', genres: ['Horror'], yearFrom: 2010, yearTo: 2024 }],
    ['/explore tv sci-fi comedy', 'explore', { mediaType: 'tv', genres: ['Science Fiction', 'Comedy'] }],
    ['/explore science fiction films since 2015', 'explore', { mediaType: 'movie', genres: ['Science Fiction'], yearFrom: 2015 }],
    ['/explore korean drama series', 'explore', { mediaType: 'tv', genres: ['Drama'], language: 'ko' }],
    ['/explore movies language=fr 2010s', 'explore', { mediaType: 'movie', language: 'fr', yearFrom: 2010, yearTo: 2019 }],
    ['/understand scifi', 'understand', { genres: ['Science Fiction'] }],
    ['/identify tv years 2015-2024', 'identify', { mediaType: 'tv', yearFrom: 2015, yearTo: 2024 }],
    ['/predict genre=sci-fi type=movie budget=7 quarter=Q3', 'predict', { genre: 'Science Fiction', mediaType: 'movie', budgetLevel: 7, quarter: 3 }],
    ['/predict sci-fi movie budget 7 Q3', 'predict', { genre: 'Science Fiction', mediaType: 'movie', budgetLevel: 7, quarter: 3 }],
    ['/predict horror tv budget 2 Q4', 'predict', { genre: 'Horror', mediaType: 'tv', budgetLevel: 2, quarter: 4 }],
    [
      '/predict genre="Science Fiction" type=tv budget=blockbuster quarter=4',
      'predict',
      { genre: 'Science Fiction', mediaType: 'tv', budgetLevel: 10, quarter: 4 },
    ],
    ['/forecast', 'forecast', { genres: [] }],
    ['/forecast horror comedy', 'forecast', { genres: ['Horror', 'Comedy'] }],
    ['/compare Drama vs Comedy', 'compare', { kind: 'genre', left: 'Drama', right: 'Comedy' }],
    ['/compare science fiction versus fantasy', 'compare', { kind: 'genre', left: 'Science Fiction', right: 'Fantasy' }],
    ['/compare "Dune: Part Two" vs "Oppenheimer"', 'compare', { kind: 'title', left: 'movie:693134', right: 'movie:872585' }],
    ['/compare Dune Part Two vs Openheimer', 'compare', { kind: 'title', left: 'movie:693134', right: 'movie:872585' }],
    ['explore movies', 'explore', { mediaType: 'movie' }],
    ['/greenlight what is rising?', 'forecast', { genres: [] }],
  ];
  it.each(table)('%s', (text, stage, params) => {
    const i = intent(parse(text, { catalog }));
    expect(i.stage).toBe(stage);
    expect(i.params).toMatchObject(params);
    expect(i.raw).toBe(text);
  });

  it('reads commands with confidence 1 and help as help', () => {
    expect(intent(parse('/explore horror')).confidence).toBe(1);
    for (const text of ['help', '/help', '?', 'what can you do?', '']) expect(intent(parse(text)).stage).toBe('help');
  });

  it('fills the copilot defaults for values a command leaves out and says so', () => {
    const i = intent(parse('/predict drama'));
    expect(i.params).toEqual({ genre: 'Drama', mediaType: 'movie', budgetLevel: 5, quarter: 3 });
    expect(i.assumed).toEqual(['a movie', 'a mid budget (level 5)', 'a Q3 release']);
  });

  it('a TV prediction assumes no budget: TV has none, and its answer makes no money claim', () => {
    const i = intent(parse('/predict drama tv Q3'));
    expect(i.params).toMatchObject({ genre: 'Drama', mediaType: 'tv', quarter: 3 });
    expect(i.assumed ?? []).toEqual([]);
    expect(formatCommand(i)).toBe('/predict Drama tv Q3');
    expect(formatCommand(intent(parse('/predict drama tv budget 2 Q3')))).toBe('/predict Drama tv budget 2 Q3');
  });

  it('a type named where the answer does not split by type says the answer covers movies and TV together', () => {
    expect(intent(parse('/forecast tv')).assumed).toEqual(['movies and TV together: forecasts do not split by type']);
    expect(intent(parse("what's rising in tv?")).assumed).toEqual(['movies and TV together: forecasts do not split by type']);
    expect(intent(parse('/compare tv drama vs comedy')).assumed).toEqual(['movies and TV together: genre comparisons do not split by type']);
    expect(intent(parse('/forecast drama')).assumed).toBeUndefined();
    expect(intent(parse('/explore tv')).assumed).toBeUndefined();
  });

  it('round-trips: the formatted command of an intent parses back to the same intent', () => {
    for (const [text] of table) {
      const first = intent(parse(text, { catalog }));
      const again = intent(parse(formatCommand(first, catalog), { catalog }));
      expect({ stage: again.stage, params: again.params }).toEqual({ stage: first.stage, params: first.params });
    }
  });
});

describe('plain questions', () => {
  const table: [string, Intent['stage'], Record<string, unknown>][] = [
    ['should we greenlight a sci-fi movie for Q3 with a big budget?', 'predict', { genre: 'Science Fiction', mediaType: 'movie', budgetLevel: 8, quarter: 3 }],
    ['Should we make a low budget horror film for the holiday season?', 'predict', { genre: 'Horror', mediaType: 'movie', budgetLevel: 2, quarter: 4 }],
    ['would an indie science fiction series work in summer?', 'predict', { genre: 'Science Fiction', mediaType: 'tv', quarter: 3 }],
    ['greenlight a blockbuster scifi movie', 'predict', { genre: 'Science Fiction', budgetLevel: 10 }],
    ['which is doing better, horror or thriller?', 'compare', { kind: 'genre', left: 'Horror', right: 'Thriller' }],
    ['compare Barbie and Oppenheimer', 'compare', { kind: 'title', right: 'movie:872585' }],
    ['how does "Dune: Part Two" compare to "Oppenheimer"?', 'compare', { kind: 'title', left: 'movie:693134', right: 'movie:872585' }],
    ["what's rising?", 'forecast', { genres: [] }],
    ['which genres are trending in the next 12 months?', 'forecast', {}],
    ['what is heating up in horror?', 'forecast', { genres: ['Horror'] }],
    ['where are the gaps in TV?', 'identify', { mediaType: 'tv' }],
    ['which genres are underserved?', 'identify', {}],
    ['what drives engagement for comedies?', 'understand', { genres: ['Comedy'] }],
    ['are there any anomalies among tv shows since 2020?', 'understand', { mediaType: 'tv', yearFrom: 2020 }],
    ['show me the most popular animated movies', 'explore', { mediaType: 'movie', genres: ['Animation'] }],
    ['give me an overview of french films from 2000 to 2010', 'explore', { mediaType: 'movie', language: 'fr', yearFrom: 2000, yearTo: 2010 }],
  ];
  it.each(table)('%s', (text, stage, params) => {
    const i = intent(parse(text, { catalog }));
    expect(i.stage).toBe(stage);
    expect(i.params).toMatchObject(params);
    expect(i.confidence).toBeGreaterThanOrEqual(0.5);
    expect(i.confidence).toBeLessThan(1);
  });

  it('is sure of a clear question and less sure of a vague one', () => {
    const clear = intent(parse('should we greenlight a sci-fi movie for Q3 with a big budget?')).confidence;
    const vague = intent(parse('top horror')).confidence;
    expect(clear).toBeGreaterThan(vague);
  });

  it('asks back with likely readings when the question has no clear stage', () => {
    const result = parse('horror');
    expect(result.kind).toBe('clarify');
    if (result.kind !== 'clarify') return;
    expect(result.readings.map((r) => r.intent.stage)).toEqual(['explore', 'forecast', 'understand']);
    expect(result.readings.map((r) => r.command)).toEqual(['/explore Horror', '/forecast Horror', '/understand Horror']);
    for (const r of result.readings) expect(intent(parse(r.command)).stage).toBe(r.intent.stage);
  });

  it('asks back when two stages score alike', () => {
    const result = parse('why is horror rising?');
    expect(result.kind).toBe('clarify');
    if (result.kind === 'clarify') expect(result.readings.map((r) => r.intent.stage).sort()).toEqual(['forecast', 'understand']);
  });

  it('says it did not understand gibberish, with examples to press', () => {
    const result = parse('blorp zzz');
    expect(result.kind).toBe('error');
    if (result.kind === 'error') {
      expect(result.message).toMatch(/didn't catch/);
      expect(result.suggestions.map((s) => s.command)).toContain('help');
    }
  });

  it('does not take the bot being addressed for the verb "greenlight"', () => {
    expect(intent(parse("Greenlight, what's rising?")).stage).toBe('forecast');
  });
});

describe('misspelt genres in plain questions', () => {
  it.each([
    ['is horor rising?', 'forecast', { genres: ['Horror'] }, ["'horor' means Horror"]],
    ['which is better, comdy or drama?', 'compare', { left: 'Comedy', right: 'Drama' }, ["'comdy' means Comedy"]],
    ['tell me about fantsy animaton', 'explore', { genres: ['Fantasy', 'Animation'] }, ["'fantsy' means Fantasy", "'animaton' means Animation"]],
  ])('%s', (text, stage, params, assumed) => {
    const i = intent(parse(text));
    expect(i.stage).toBe(stage);
    expect(i.params).toMatchObject(params);
    expect(i.assumed).toEqual(assumed);
  });

  it('does not read real words near a genre name as that genre', () => {
    for (const text of ['what is rising in prime time?', 'what about science fction?']) {
      const result = parse(text);
      const genres = result.kind === 'intent' ? result.intent.params.genres : [];
      expect(genres ?? []).not.toContain('Crime');
      expect(genres ?? []).not.toContain('Action');
    }
  });

  it('a command reports a typo instead of guessing', () => {
    expect(parse('/forecast horor').kind).toBe('error');
  });
});

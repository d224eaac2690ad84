import { beforeAll, describe, expect, it } from 'vitest';
import { parse, type Intent } from '../../intents/index.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { expectIntent, realCatalog } from './helpers.ts';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await realCatalog();
});

const intent = expectIntent;

const first = (text: string) => intent(parse(text, { catalog }));
const then = (previous: Intent, text: string) => intent(parse(text, { catalog, previous }));

describe('follow-ups reuse the thread’s last parameters', () => {
  const predict = () => first('/predict sci-fi movie budget 7 Q3');

  it('"what if budget 3?" changes only the budget', () => {
    expect(then(predict(), 'what if budget 3?').params).toEqual({ genre: 'Science Fiction', mediaType: 'movie', budgetLevel: 3, quarter: 3 });
  });

  it('"and in Q4?" and "what about the holiday season?" change only the quarter', () => {
    expect(then(predict(), 'and in Q4?').params).toMatchObject({ budgetLevel: 7, quarter: 4 });
    expect(then(predict(), 'what about the holiday season?').params).toMatchObject({ budgetLevel: 7, quarter: 4 });
  });

  it('"what about a TV show?" switches the media type', () => {
    expect(then(predict(), 'what about a tv show?').params).toMatchObject({ genre: 'Science Fiction', mediaType: 'tv' });
  });

  it('"compare with comedy" compares the last genre with the new one', () => {
    const i = then(first('/explore movies horror'), 'compare with comedy');
    expect(i.stage).toBe('compare');
    expect(i.params).toEqual({ kind: 'genre', left: 'Horror', right: 'Comedy' });
  });

  it('"compare with comedy" after a comparison replaces the other side', () => {
    const i = then(first('/compare Drama vs Thriller'), 'compare with comedy');
    expect(i.params).toEqual({ kind: 'genre', left: 'Drama', right: 'Comedy' });
  });

  it('"why?" explains the last answer’s genres', () => {
    const i = then(predict(), 'why?');
    expect(i.stage).toBe('understand');
    expect(i.params).toMatchObject({ genres: ['Science Fiction'], mediaType: 'movie' });
  });

  it('a bare genre after an explore filters the same view', () => {
    const i = then(first('/explore tv years 2015-2024'), 'what about comedy?');
    expect(i.stage).toBe('explore');
    expect(i.params).toMatchObject({ mediaType: 'tv', genres: ['Comedy'], yearFrom: 2015, yearTo: 2024 });
  });

  it('a budget after a genre view moves to the copilot for that genre', () => {
    const i = then(first('/forecast horror'), 'what if we made one with a big budget?');
    expect(i.stage).toBe('predict');
    expect(i.params).toMatchObject({ genre: 'Horror', budgetLevel: 8 });
  });

  it('a fresh, clear question in a thread stands on its own', () => {
    const i = then(predict(), "what's rising?");
    expect(i.stage).toBe('forecast');
  });

  it('a follow-up with a bad value gets the same validation message', () => {
    const result = parse('what if budget 12?', { catalog, previous: predict() });
    expect(result.kind).toBe('error');
    if (result.kind === 'error') expect(result.field).toBe('budgetLevel');
  });

  it('without a thread, "why?" asks about the whole catalog', () => {
    const i = first('why?');
    expect(i.stage).toBe('understand');
    expect(i.params).toMatchObject({ mediaType: 'all', genres: [] });
  });
});

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, type Intent } from '../../intents/index.ts';
import { validateParams } from '../../src/core/params.ts';
import { InputError } from '../../src/core/types.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { realCatalog } from './helpers.ts';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await realCatalog();
});

const BUILT_IN_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'prototype',
  'toLocaleString',
  '__defineGetter__',
];

/** Words the parser reacts to, so the fuzzer reaches deep paths instead of only "didn't catch that". */
const WORDS = [
  '/explore',
  '/predict',
  '/compare',
  '/forecast',
  '/understand',
  '/identify',
  '/greenlight',
  'help',
  'vs',
  'or',
  'and',
  'sci-fi',
  'science',
  'fiction',
  'horror',
  'drama',
  'comedy',
  'romcom',
  'movie',
  'tv',
  'shows',
  'budget',
  'big',
  'indie',
  'Q3',
  'Q0',
  'Q99',
  'quarter',
  'summer',
  'holiday',
  'years',
  '2010-2024',
  '2024-2010',
  '1999',
  'since',
  'genre=',
  'type=',
  'budget=',
  'quarter=',
  'language=',
  'lang',
  'korean',
  '"Dune: Part Two"',
  '"The Office"',
  '“Oppenheimer”',
  'why',
  'what if',
  'compare with',
  'rising',
  'greenlight',
  'should we',
  '?',
  ',',
  '"',
  '(tv, 2005)',
  '=',
  '-',
  '..',
  '<@U1>',
  'right now',
  'or',
  'versus',
  'Stranger Things',
  'Wednesday',
  'genre=Science Fiction',
  'left=',
  'horizon=',
  '$200m',
  // JavaScript built-in names: a lookup in a plain object would find Object's own properties.
  ...BUILT_IN_NAMES,
];

const messages = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((w) => w.join(' ')),
  fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 8 })), { maxLength: 10 }).map((w) => w.join('')),
);

const previous: Intent = { stage: 'predict', params: { genre: 'Drama', mediaType: 'movie', budgetLevel: 5, quarter: 3 }, confidence: 1, raw: '' };

describe('the parser never crashes', () => {
  it('returns a well-formed result for any input, with or without a thread', () => {
    fc.assert(
      fc.property(messages, fc.boolean(), (text, inThread) => {
        const result = parse(text, { catalog, previous: inThread ? previous : undefined });
        expect(['intent', 'clarify', 'error']).toContain(result.kind);
        if (result.kind === 'intent') {
          expect(result.intent.confidence).toBeGreaterThanOrEqual(0);
          expect(result.intent.confidence).toBeLessThanOrEqual(1);
        }
        if (result.kind === 'error') expect(result.message.length).toBeGreaterThan(0);
        if (result.kind === 'clarify') expect(result.readings.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });

  it.each(BUILT_IN_NAMES)('a built-in name (%s) as a word, a genre, a type, a budget or a quarter gets a clear error', (name) => {
    for (const text of [
      `explore ${name}`,
      `/explore ${name}`,
      `/predict genre=${name} type=${name} budget=${name} quarter=${name}`,
      `/forecast genre=${name}`,
    ]) {
      const result = parse(text, { catalog });
      expect(result.kind, text).toBe('error');
      if (result.kind === 'error') expect(result.message).toMatch(/does not understand|No genre|must be/);
    }
    for (const stage of ['explore', 'identify'] as const) {
      expect(() => validateParams(stage, { genres: name, mediaType: name })).toThrow(InputError);
    }
    expect(() => validateParams('predict', { genre: 'Drama', budget: name, quarter: 3 })).toThrow(InputError);
  });

  it('handles very long input quickly', () => {
    const long = 'horror vs comedy '.repeat(5000);
    const started = performance.now();
    expect(() => parse(long, { catalog })).not.toThrow();
    expect(performance.now() - started).toBeLessThan(500);
  });
});

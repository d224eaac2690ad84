import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../../intents/index.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { CORPUS, ISSUE_EXAMPLES, judge, type CorpusCase } from './corpus.ts';
import { realCatalog } from './helpers.ts';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await realCatalog();
});

const describeCase = (c: CorpusCase) =>
  'stage' in c
    ? `${c.stage} ${JSON.stringify(c.params ?? {})}${c.recent ? ` + ${c.recent} years` : ''}`
    : 'clarify' in c
      ? `asks back: ${c.clarify.join(', ')}`
      : `error: ${c.error.join(', ')}`;

describe('the phrasing corpus: each question gets the reading it is written for', () => {
  it('has at least 300 distinct questions over the six stages, questions back and errors', () => {
    expect(new Set(CORPUS.map((c) => c.q)).size).toBe(CORPUS.length);
    expect(CORPUS.length).toBeGreaterThanOrEqual(300);
    for (const stage of ['explore', 'understand', 'identify', 'predict', 'forecast', 'compare']) {
      expect(CORPUS.filter((c) => 'stage' in c && c.stage === stage).length, stage).toBeGreaterThanOrEqual(40);
    }
    expect(CORPUS.filter((c) => 'error' in c).length).toBeGreaterThanOrEqual(20);
  });

  it.each(CORPUS.map((c) => [c.q, describeCase(c), c] as const))('%s → %s', (q, _want, c) => {
    const { ok, got } = judge(c, parse(q, { catalog }), catalog.meta.asOf);
    expect(ok, `got ${got}`).toBe(true);
  });
});

describe('the examples of the issue', () => {
  it('answers the plain ones without asking back, and says how a recency word was read', () => {
    for (const c of ISSUE_EXAMPLES.filter((x) => 'stage' in x)) expect(parse(c.q, { catalog }).kind, c.q).toBe('intent');
    const now = parse("What's popular right now?", { catalog });
    expect(now.kind === 'intent' && now.intent.assumed).toEqual([
      expect.stringMatching(/^'right now' read as titles released \d{4}–\d{4} \(data as of \d{4}-\d{2}-\d{2}\)$/),
    ]);
  });

  it('names every wrong value of a command at once, each with what is accepted and a suggestion, and one command fixing all', () => {
    const result = parse('/predict genre=horor budget=11 quarter=Q5', { catalog });
    expect(result.kind).toBe('error');
    if (result.kind !== 'error') return;
    expect(result.problems?.map((p) => p.field)).toEqual(['genre', 'budgetLevel', 'quarter']);
    expect(result.message).toBe(
      "3 things to fix: (1) No genre 'horor'. Did you mean Horror? (2) Budget level must be a whole number from 1 (lowest) to 10 (highest); got '11'. (3) Quarter must be Q1, Q2, Q3 or Q4; got 'Q5'.",
    );
    expect(result.problems?.map((p) => p.suggestions[0]?.label)).toEqual(['Horror', '10', 'Q1']);
    expect(result.suggestions[0]).toEqual({ label: 'Fix all', command: '/predict Horror movie budget 10 Q1' });
    const fixed = parse(result.suggestions[0].command, { catalog });
    expect(fixed.kind === 'intent' && fixed.intent.params).toEqual({ genre: 'Horror', mediaType: 'movie', budgetLevel: 10, quarter: 1 });
    // Each problem's own buttons change its value and keep the others fixed, so each one runs.
    expect(result.problems?.[2].suggestions.map((s) => s.command)).toEqual(['Q1', 'Q2', 'Q3', 'Q4'].map((q) => `/predict Horror movie budget 10 ${q}`));
    for (const p of result.problems ?? []) for (const s of p.suggestions) expect(parse(s.command, { catalog }).kind, s.command).toBe('intent');
  });

  it('asks back with at most three readings, and only when they differ', () => {
    for (const c of CORPUS.filter((x) => 'clarify' in x)) {
      const result = parse(c.q, { catalog });
      expect(result.kind).toBe('clarify');
      if (result.kind !== 'clarify') continue;
      expect(result.readings.length).toBeLessThanOrEqual(3);
      expect(new Set(result.readings.map((r) => r.command)).size).toBe(result.readings.length);
    }
  });
});

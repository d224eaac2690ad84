import { describe, expect, it } from 'vitest';
import type { ModelPort } from '../../src/core/model-port.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import type { UnderstandResult, UnderstandView } from '../../src/core/stages/types.ts';
import type { Title } from '../../src/data/title.ts';
import { catalogOf, expectWellFormedDetails, noForecast, title } from './fixtures.ts';

const now = new Date('2025-01-01T00:00:00Z');
const VIEWS: UnderstandView[] = ['correlation', 'drivers', 'seasonal', 'monthly', 'anomalies'];

const texts = (r: UnderstandResult, view: UnderstandView) => r.details[view].map((i) => i.text);
const find = (r: UnderstandResult, view: UnderstandView, pattern: RegExp) => texts(r, view).find((t) => pattern.test(t));

/** A ModelPort that flags the given keys as anomalous with the given scores. */
function anomalyModels(flags: { key: string; score: number }[]): ModelPort {
  return {
    copilot: () => {
      throw new Error('not used');
    },
    anomalies: () => flags.map((f) => ({ ...f, anomalous: true })),
    forecast: noForecast,
    metrics: () => [],
  };
}

/**
 * 140 titles of 2016–2024: 70 Drama movies whose popularity rises with their rating, 70 Comedy titles (20 TV) whose
 * rating falls as their runtime grows; budgets and revenues known for 40 movies only; September is busiest.
 */
function catalog(): Title[] {
  const out: Title[] = [];
  for (let k = 0; k < 70; k++) {
    const month = k % 14 < 12 ? (k % 14) + 1 : 9;
    out.push(
      title({
        id: 1000 + k,
        genres: ['Drama'],
        popularity: 5 + k,
        voteAverage: 4 + (k % 50) / 10,
        voteCount: 50 + k,
        runtime: 90 + (k % 11),
        budget: k < 40 ? 1e6 * (1 + k) : null,
        revenue: k < 40 ? 3e6 * (1 + ((k * 7) % 40)) : null,
        releaseDate: `${2016 + (k % 9)}-${String(month).padStart(2, '0')}-10`,
      }),
    );
  }
  for (let k = 0; k < 70; k++) {
    const month = k % 10 < 8 ? (k % 12) + 1 : 9;
    out.push(
      title({
        id: 2000 + k,
        genres: ['Comedy'],
        mediaType: k < 20 ? 'tv' : 'movie',
        popularity: 20 + ((k * 13) % 40),
        voteAverage: 9 - k / 20,
        voteCount: 80,
        runtime: 80 + k,
        releaseDate: `${2016 + (k % 9)}-${String(month).padStart(2, '0')}-20`,
      }),
    );
  }
  return out;
}

describe('understand details', () => {
  const titles = catalog();
  const models = anomalyModels([
    { key: 'tv:2003', score: 0.8 },
    { key: 'movie:1005', score: 0.9 },
    { key: 'movie:1060', score: 0.7 },
  ]);
  const r = validateAndRunStage('understand', {}, { catalog: catalogOf(titles), models, now });

  it('gives every view 1–4 bullets citing figures of the result, none repeated across views', () => {
    expectWellFormedDetails(r);
  });

  it('names the strongest link, the strongest opposite link and the sparse measures', () => {
    const own = new Set(['popularity', 'voteAverage', 'voteCount']);
    const cells = r.data.correlation.cells.filter(
      (c) => c.x < c.y && c.rho !== null && !(c.x === 'engagement' && own.has(c.y)) && !(c.y === 'engagement' && own.has(c.x)),
    );
    const strongest = [...cells].sort((a, b) => Math.abs(b.rho ?? 0) - Math.abs(a.rho ?? 0))[0];
    expect(find(r, 'correlation', /^Strongest link/)).toContain(`ρ ${strongest.rho?.toFixed(2)}`);
    const opposite = [...cells].sort((a, b) => (a.rho ?? 0) - (b.rho ?? 0))[0];
    expect(opposite.rho).toBeLessThan(-0.1);
    expect(find(r, 'correlation', /opposite link/)).toContain(`ρ ${opposite.rho?.toFixed(2)}, ${opposite.n} titles`);
    // budgets and revenues are known for 40 of 140: said, with the measures named
    expect(find(r, 'correlation', /known for only/)).toBe('Budget and revenue are known for only 40 of the 140 titles: their cells rest on those alone.');
  });

  it('names the busiest month and the months with the best and worst hit rates', () => {
    const busiest = [...r.data.seasonal].sort((a, b) => b.releases - a.releases)[0];
    expect(busiest.name).toBe('Sep');
    expect(find(r, 'seasonal', /busiest month with/)).toMatch(/^Sep is the busiest month/);
    const rated = r.data.seasonal.filter((s) => s.releases >= 10 && s.hitRate !== null);
    const best = [...rated].sort((a, b) => (b.hitRate ?? 0) - (a.hitRate ?? 0) || a.month - b.month)[0];
    const worst = [...rated].sort((a, b) => (a.hitRate ?? 0) - (b.hitRate ?? 0) || a.month - b.month)[0];
    if ((best.hitRate ?? 0) > (worst.hitRate ?? 0)) {
      expect(find(r, 'seasonal', /become hits most often/)).toMatch(
        new RegExp(`^${best.name} releases become hits most often .*, ${worst.name} releases least`),
      );
    }
  });

  it('names the busiest calendar month of the window', () => {
    const busiest = [...r.data.monthly].sort((a, b) => b.releases - a.releases || a.month.localeCompare(b.month))[0];
    expect(find(r, 'monthly', /^The busiest month was/)).toMatch(new RegExp(`^The busiest month was ${busiest.month} with ${busiest.releases} releases`));
  });

  it('names the clearest driver among the genres drawn', () => {
    const tops = r.data.drivers.slice(0, 4).flatMap((d) => d.drivers.slice(0, 1).map((x) => ({ genre: d.genre, ...x })));
    const top = [...tops].filter((x) => x.p < 0.05 && Math.abs(x.rho) >= 0.1).sort((a, b) => Math.abs(b.rho) - Math.abs(a.rho))[0];
    expect(top).toBeDefined();
    expect(find(r, 'drivers', /clearest engagement driver/)).toMatch(new RegExp(`^In ${top.genre}, .* \\(ρ ${top.rho.toFixed(2)}, ${top.n} titles\\)`));
  });

  it('counts the anomalies, the TV series and the lowest and highest ratings among them', () => {
    const a = texts(r, 'anomalies');
    expect(a[0]).toBe(
      `3 of the 140 titles rated by 10+ voters (${((3 / 140) * 100).toFixed(1)}%) are anomalous; the most unusual is Title 1005 (${r.data.anomalies.titles[0].year}).`,
    );
    expect(find(r, 'anomalies', /TV series/)).toMatch(/^1 of the 3 most unusual titles is a TV series, against 14% TV/);
    const byVote = [...r.data.anomalies.titles].sort((x, y) => x.voteAverage - y.voteAverage);
    expect(find(r, 'anomalies', /^Their ratings run from/)).toMatch(new RegExp(`from ${byVote[0].title} .* to ${byVote[2].title} `));
  });

  it('says when no model is loaded, or when it flags nothing', () => {
    const none = validateAndRunStage('understand', {}, { catalog: catalogOf(titles), now });
    expect(texts(none, 'anomalies')).toEqual(['No anomaly model is loaded for this answer, so none of the 140 titles is scored.']);
    const quiet = validateAndRunStage('understand', {}, { catalog: catalogOf(titles), models: anomalyModels([]), now });
    expect(texts(quiet, 'anomalies')).toEqual([
      'The isolation forest flags none of the 140 titles here rated by 10+ voters as unusual (titles with fewer votes are not scored).',
    ]);
  });
});

describe('understand details on thin data', () => {
  it('says each view is too thin in one bullet instead of guessing', () => {
    const few = Array.from({ length: 12 }, (_, k) => title({ genres: ['Drama'], popularity: k, releaseDate: `2023-0${(k % 9) + 1}-01` }));
    const r = validateAndRunStage('understand', {}, { catalog: catalogOf(few), now });
    expectWellFormedDetails(r);
    for (const view of VIEWS) expect(r.details[view], view).toHaveLength(1);
    expect(texts(r, 'correlation')).toEqual(['Too few titles here (12) to correlate any two measures: each pair needs 30.']);
    expect(texts(r, 'drivers')).toEqual(['No genre here has the 50 titles with known values needed to measure what goes with engagement.']);
    // the same sentence as the stage's own bullet
    expect(texts(r, 'seasonal')).toEqual(['Too few dated releases (12 titles in scope) to read a seasonal pattern.']);
    expect(r.insights.map((i) => i.text)).toContain(texts(r, 'seasonal')[0]);
    expect(texts(r, 'monthly')).toEqual(['Only 12 of the 12 titles here came out in the last 10 years: too few to read monthly trends.']);
  });
});

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../../intents/index.ts';
import { loadConfig } from '../../src/config.ts';
import { loadModels } from '../../src/core/intelligence/index.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { answer, ask, type AnswerDeps } from '../../src/reply/answer.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import type { StageName } from '../../src/core/types.ts';
import { TMDB_ATTRIBUTION, type Reply } from '../../src/reply/reply.ts';
import { realCatalog } from '../intents/helpers.ts';

/** Trained models are cached here between runs (the first run trains, ~20 s). */
const MODELS_DIR = join(tmpdir(), 'greenlight-test-models');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const NOW = new Date('2026-01-02T10:00:00Z');

let catalog: Catalog;
let deps: AnswerDeps;
const logged: string[] = [];

beforeAll(async () => {
  catalog = await realCatalog();
  deps = {
    catalog,
    config: loadConfig({ GREENLIGHT_PUBLIC_URL: 'https://greenlight.example.com', GREENLIGHT_LINK_SECRET: 'test-secret' }),
    now: () => NOW,
    models: () => loadModels(catalog, { dataDir: MODELS_DIR }),
    log: (message) => logged.push(message),
  };
  await deps.models();
}, 180_000);

function expectAnswer(reply: Reply, stage: string): void {
  expect(reply.kind, reply.text).toBe('answer');
  expect(reply.stage).toBe(stage);
  expect(reply.title.length).toBeGreaterThan(5);
  expect(reply.bullets.length).toBeGreaterThanOrEqual(3);
  expect(reply.bullets.length).toBeLessThanOrEqual(4);
  for (const b of reply.bullets) expect(b.trim().length).toBeGreaterThan(10);
  expect(reply.images.length).toBeGreaterThanOrEqual(1);
  expect(reply.images.length).toBeLessThanOrEqual(3);
  for (const img of reply.images) {
    expect(img.png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(img.id.startsWith(`${stage}.`)).toBe(true);
    expect(img.alt.length).toBeGreaterThan(15);
    expect(img.width).toBeGreaterThan(0);
  }
  expect(reply.footnotes).toContain(TMDB_ATTRIBUTION);
  expect(reply.footnotes.some((f) => f.includes(`Data as of ${catalog.meta.asOf}`))).toBe(true);
  const url = new URL(reply.dashboardUrl ?? '');
  expect(url.origin).toBe('https://greenlight.example.com');
  expect(url.pathname).toBe(`/dashboard/${stage}`);
  expect(url.searchParams.get('sig')).toBeTruthy();
  expect(reply.actions[0]).toEqual({ kind: 'link', label: 'Open dashboard', url: reply.dashboardUrl });
  // Every follow-up button is a command the parser reads back as an intent.
  for (const action of reply.actions.slice(1)) {
    expect(action.kind).toBe('command');
    if (action.kind === 'command') expect(parse(action.command, { catalog }).kind, action.command).toBe('intent');
  }
}

describe('answer and ask on the real snapshot, all six stages (real core, models and charts)', () => {
  it('explore', async () => {
    const reply = await ask('/explore movies horror years 2010-2024', deps);
    expectAnswer(reply, 'explore');
    const url = new URL(reply.dashboardUrl ?? '');
    expect(url.searchParams.get('genres')).toBe('Horror');
    expect(url.searchParams.get('mediaType')).toBe('movie');
    expect(url.searchParams.get('yearFrom')).toBe('2010');
    expect(url.searchParams.get('yearTo')).toBe('2024');
    expect(reply.title).toMatch(/Horror/);
    expect(reply.actions.map((a) => a.label)).toEqual(['Open dashboard', 'Compare with Thriller', 'Why?', 'Predict a Horror movie']);
  }, 60_000);

  it('understand', async () => {
    const reply = await ask('what drives engagement for comedies?', deps);
    expectAnswer(reply, 'understand');
    expect(new URL(reply.dashboardUrl ?? '').searchParams.get('genres')).toBe('Comedy');
    expect(reply.text).toMatch(/Read as: \/understand Comedy/);
  }, 60_000);

  it('identify', async () => {
    const reply = await ask('/identify movies', deps);
    expectAnswer(reply, 'identify');
    expect(reply.facts?.map((f) => f.label)).toContain('GREEN zone');
  }, 60_000);

  it('predict, with the model accuracy in the footnotes and budget/quarter what-ifs', async () => {
    const reply = await ask('should we greenlight a sci-fi movie for Q3 with a big budget?', deps);
    expectAnswer(reply, 'predict');
    const url = new URL(reply.dashboardUrl ?? '');
    expect(Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'sig' && k !== 'exp'))).toEqual({
      genre: 'Science Fiction',
      mediaType: 'movie',
      budgetLevel: '8',
      quarter: '3',
    });
    // A budget level, no dollars: the middle of the level's band is assumed, so the revenue model answers.
    expect(reply.facts?.map((f) => f.label)).toEqual(['Recommendation', 'Break-even chance', 'Expected revenue', 'Hit probability', 'Risk']);
    expect(reply.footnotes.some((f) => /R²|AUC|baseline/.test(f))).toBe(true);
    const commands = reply.actions.flatMap((a) => (a.kind === 'command' ? [a.command] : []));
    expect(commands).toContain('/predict Science Fiction movie budget 4 Q3');
    expect(commands).toContain('/predict Science Fiction movie budget 8 Q4');
    expect(reply.intent?.params).toEqual({ genre: 'Science Fiction', mediaType: 'movie', budgetLevel: 8, quarter: 3 });
  }, 60_000);

  it('a chart with nothing to draw is left out of a chat reply, and the notes say why (TV has no budget curve)', async () => {
    const tv = await ask('/predict drama tv Q3', deps, { nativeCharts: 2 });
    expectAnswer(tv, 'predict');
    expect(tv.charts?.map((c) => c.id)).not.toContain('predict.budget-curve');
    expect(tv.diagnostics?.some((d) => /budget.*not drawn — TMDB has no TV budgets/i.test(d))).toBe(true);
    // A movie has the curve, drawn natively by a channel that draws two charts itself.
    const movie = await ask('/predict drama movie budget 7 Q3', deps, { nativeCharts: 2 });
    expect(movie.charts?.find((c) => c.id === 'predict.budget-curve')?.native?.title).toMatch(/^Break-even chance/);
    expect(movie.diagnostics?.some((d) => d.includes('not drawn'))).toBe(false);
  }, 60_000);

  it('forecast, with the backtest in the footnotes', async () => {
    const reply = await ask("what's rising?", deps);
    expectAnswer(reply, 'forecast');
    // per genre: the backtest's winner and its margin; "now" is the data's date
    expect(reply.footnotes.some((f) => /won the backtest \(6 rolling origins .*MASE/.test(f))).toBe(true);
    expect(reply.title).toMatch(/^Forecast as of \d{4}-\d{2}-\d{2}/);
  }, 60_000);

  it('compare genres and titles', async () => {
    const genres = await ask('which is doing better, horror or thriller?', deps);
    expectAnswer(genres, 'compare');
    expect(genres.title).toBe('Horror vs Thriller');
    const titles = await ask('/compare "Dune: Part Two" vs "Oppenheimer"', deps);
    expectAnswer(titles, 'compare');
    const url = new URL(titles.dashboardUrl ?? '');
    expect(url.searchParams.get('left')).toBe('movie:693134');
    expect(url.searchParams.get('right')).toBe('movie:872585');
  }, 60_000);

  it('a question asked again reuses its rendered charts, and concurrent askers share one rendering', async () => {
    let started = performance.now();
    const [a, b] = await Promise.all([ask('/explore tv drama', deps), ask('/explore tv Drama', deps)]);
    const firstMs = performance.now() - started;
    expect(a.images.length).toBeGreaterThan(0);
    expect(b.images[0].png).toBe(a.images[0].png);
    started = performance.now();
    const again = await ask('explore drama tv shows', deps);
    const againMs = performance.now() - started;
    for (const [i, img] of again.images.entries()) expect(img.png).toBe(a.images[i].png);
    // Rendering dominates a reply; a cached one skips it (shared CPU makes absolute times noisy, so compare).
    expect(againMs).toBeLessThan(firstMs / 2);
  }, 60_000);
});

describe('the decision line and the bullets', () => {
  it('say each claim once: the headline the decision line states is not a bullet again (the dashboard keeps it)', async () => {
    for (const [question, repeated] of [
      ['/compare drama vs comedy', /leads on \d+ of \d+ metrics/],
      ['/understand movies', /is the clearest engagement driver/],
      ['/forecast drama horror', /^Rising as of/],
    ] as const) {
      const reply = await ask(question, deps, { nativeCharts: 2 });
      expect(reply.kind, question).toBe('answer');
      expect(reply.bullets.length, question).toBeGreaterThanOrEqual(3);
      const intent = reply.intent!;
      const result = validateAndRunStage(intent.stage as StageName, intent.params, { catalog, models: await deps.models(), now: NOW });
      // The stage still has the claim (for the dashboard), marked as its headline; the reply leaves it to the decision line.
      expect(
        result.insights.some((i) => i.headline && repeated.test(i.text)),
        question,
      ).toBe(true);
      expect(
        reply.bullets.some((b) => repeated.test(b)),
        question,
      ).toBe(false);
      expect(reply.decision, question).toBeTruthy();
    }
  }, 60_000);
});

describe('a reply says a figure once', () => {
  it('identify: the concentration is a key figure and a bullet, not also the context line; a movies-only scope is not split into "0 TV"', async () => {
    const reply = await ask('/identify movies years 2005-2024', deps, { nativeCharts: 2 });
    const share = reply.facts?.find((f) => f.label === '80% of engagement from')?.value;
    expect(share).toMatch(/^\d+% of titles$/);
    const said = (text: string) => text.includes('hold 80%');
    expect([reply.text, ...reply.bullets].filter(said)).toHaveLength(1);
    expect(reply.text).toMatch(/^[\d,]+ titles in scope; \d+% are hits\./);
    const both = await ask('/understand', deps, { nativeCharts: 2 });
    expect(both.text).toMatch(/^[\d,]+ titles in scope \([\d,]+ movies, [\d,]+ TV\); \d+% are hits\./);
  }, 60_000);

  it('explore: the decision line gives the titles and hit rate; the text beside it adds only the media split', async () => {
    const all = await ask('/explore', deps, { nativeCharts: 2 });
    expect(all.decision).toMatch(/^[\d,]+ titles \(all titles\); \d+% are hits/);
    expect(all.text).toMatch(/^[\d,]+ movies and [\d,]+ TV series\.$/);
    const tv = await ask('/explore tv horror', deps, { nativeCharts: 2 });
    expect(tv.decision).toMatch(/^\d+ titles \(TV · Horror\)/);
    expect(tv.text).toBe('');
  }, 60_000);
});

describe('replies that are not answers', () => {
  it('an input error carries the message and the corrected command, and no images', async () => {
    const reply = await ask('/explore movies horor', deps);
    expect(reply.kind).toBe('error');
    expect(reply.text).toContain("No genre 'horor'. Did you mean Horror?");
    expect(reply.images).toEqual([]);
    expect(reply.actions).toContainEqual({ kind: 'command', label: 'Horror', command: '/explore movies Horror' });
    expect(reply.actions).toContainEqual({ kind: 'command', label: 'Help', command: 'help' });
  });

  it('a clarification offers each reading as a button', async () => {
    const reply = await ask('horror', deps);
    expect(reply.kind).toBe('clarify');
    expect(reply.actions.filter((a) => a.kind === 'command').map((a) => (a.kind === 'command' ? a.command : ''))).toEqual([
      '/explore Horror',
      '/forecast Horror',
      '/understand Horror',
      'help',
    ]);
  });

  it('help lists every command with an example', async () => {
    const reply = await ask('help', deps);
    expect(reply.kind).toBe('help');
    for (const stage of ['explore', 'understand', 'identify', 'predict', 'forecast', 'compare']) {
      expect(reply.bullets.some((b) => b.startsWith(`/${stage}`))).toBe(true);
    }
    expect(reply.footnotes).toContain(TMDB_ATTRIBUTION);
  });

  it('a follow-up in a thread reuses the previous reply’s intent', async () => {
    const first = await ask('/predict horror movie budget 7 Q2', deps);
    const next = await ask('what if budget 3?', deps, { previous: first.intent });
    expect(next.kind).toBe('answer');
    expect(next.intent?.params).toEqual({ genre: 'Horror', mediaType: 'movie', budgetLevel: 3, quarter: 2 });
    expect(next.title).toMatch(/budget 3\/10/);
  }, 60_000);

  it('without models, predict still answers with the benchmarks and says the models are missing', async () => {
    const noModels: AnswerDeps = { ...deps, models: () => Promise.reject(new Error('no models in this test')) };
    const reply = await ask('/predict drama tv budget 5 Q1', noModels);
    expect(reply.kind).toBe('answer');
    expect(reply.text).toMatch(/models are not available/);
    expect(logged.some((m) => m.includes('models unavailable'))).toBe(true);
  }, 60_000);

  it('an intent whose parameters the core rejects becomes an error reply, never a throw', async () => {
    const reply = await answer({ stage: 'predict', params: { genre: 'Drama', budgetLevel: 99, quarter: 1 }, confidence: 1, raw: 'x' }, deps);
    expect(reply.kind).toBe('error');
    expect(reply.text).toMatch(/Budget level must be a whole number/);
    expect(reply.text).not.toMatch(/at .*\.ts:\d+/);
  });
});

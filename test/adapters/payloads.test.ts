/**
 * The six stages' real answers (real catalog, trained models) as Slack and Teams would receive them: every
 * Slack message passes the fake Slack's Block Kit checks (≤ 2 data visualization blocks, labels, series, one
 * table), the charts Slack draws natively were not rendered to PNG, and every Teams chart element carries its own
 * picture as fallback.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chatForm, fitsNative, NATIVE_LIMITS } from '../../charts/chat-form.ts';
import { slackChannel } from '../../src/adapters/slack/channel.ts';
import { teamsChannel } from '../../src/adapters/teams/channel.ts';
import { cardBytes, MAX_CARD_BYTES, type AdaptiveCard } from '../../src/adapters/teams/card.ts';
import { loadConfig } from '../../src/config.ts';
import { loadModels } from '../../src/core/intelligence/index.ts';
import type { ModelPort } from '../../src/core/model-port.ts';
import { runStage } from '../../src/core/stages/index.ts';
import { validateParams } from '../../src/core/params.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { ask, type AnswerDeps } from '../../src/reply/answer.ts';
import { blockErrors } from '../fakes/slack-api.ts';
import { realCatalog } from '../intents/helpers.ts';
import { dashboardLinkFor } from '../../src/reply/links.ts';
import { createLinkPreview } from '../../src/server/link-preview.ts';

const MODELS_DIR = join(tmpdir(), 'greenlight-test-models');
const NOW = new Date('2026-01-02T10:00:00Z');
const QUESTIONS = {
  explore: '/explore movies drama years 2000-2024',
  understand: '/understand movies',
  identify: '/identify movies years 2005-2024',
  predict: '/predict sci-fi movie budget 7 Q3',
  forecast: '/forecast drama horror',
  compare: '/compare drama vs comedy',
} as const;

let catalog: Catalog;
let deps: AnswerDeps;
let port: ModelPort;

beforeAll(async () => {
  catalog = await realCatalog();
  deps = { catalog, config: loadConfig({}), now: () => NOW, models: () => loadModels(catalog, { dataDir: MODELS_DIR }), log: () => {} };
  port = await deps.models();
}, 180_000);

interface Block {
  type: string;
  text?: { text: string };
  chart?: { type: string };
}

describe.each(Object.entries(QUESTIONS))('%s', (stage, question) => {
  it('as Slack posts it: decision first, ≤ 2 native charts (the most important that map), valid Block Kit, no PNG for what Slack draws', async () => {
    const reply = await ask(question, deps, { nativeCharts: slackChannel.nativeCharts });
    expect(reply.kind).toBe('answer');
    const message = slackChannel.render(reply) as { text: string; blocks: Block[] };
    expect(blockErrors(message.blocks, () => true)).toEqual([]);
    expect(message.blocks[0].text?.text).toBe(`*${reply.decision}*`);
    const drawn = message.blocks.filter((b) => b.type === 'data_visualization');
    expect(drawn.length).toBeLessThanOrEqual(2);
    const natives = (reply.charts ?? []).filter((c) => c.native);
    expect(drawn).toHaveLength(Math.min(2, natives.length));
    // The natively drawn ones were not rendered; every chart that is a picture was.
    const top = [...natives].sort((a, b) => b.importance - a.importance).slice(0, 2);
    for (const c of top) expect(c.image, c.id).toBeUndefined();
    for (const c of reply.charts ?? []) if (!top.includes(c)) expect(c.image, c.id).toBeDefined();
    if (stage === 'compare') expect(message.blocks.filter((b) => b.type === 'table')).toHaveLength(1);
    expect(JSON.stringify(message.blocks)).toContain('greenlight_sure');
  }, 60_000);

  it('as Teams posts it: Chart.* elements with the same chart as Image fallback, within the card budget', async () => {
    const reply = await ask(question, deps);
    const activity = teamsChannel.render(reply, (image) => `https://greenlight.example.com/images/${image.id}.png`) as {
      attachments: { content: AdaptiveCard }[];
    };
    const card = activity.attachments[0].content;
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const elements = card.body.filter((e) => e.type.startsWith('Chart.'));
    expect(elements.length).toBe((reply.charts ?? []).filter((c) => c.native).length);
    for (const e of elements) {
      const chart = (reply.charts ?? []).find((c) => c.native?.title === e.title)!;
      expect(e.fallback).toEqual(expect.objectContaining({ type: 'Image', url: `https://greenlight.example.com/images/${chart.id}.png` }));
    }
  }, 60_000);
});

describe('link previews', () => {
  it('preview this Greenlight’s signed, unexpired dashboard links only', async () => {
    const config = loadConfig({ GREENLIGHT_PUBLIC_URL: 'https://greenlight.example.com', GREENLIGHT_LINK_SECRET: 'preview-secret' });
    const previewDeps = { ...deps, config };
    const preview = createLinkPreview(previewDeps, config, { nativeCharts: 1 });
    const link = dashboardLinkFor('compare', { left: 'Drama', right: 'Comedy' }, config, NOW);
    const reply = await preview(link);
    expect(reply?.decision).toMatch(/^(Drama|Comedy) significantly ahead on \d+ of \d+ scored metrics|^A tie/);
    expect(reply?.charts?.filter((c) => c.native && !c.image)).toHaveLength(1); // the one the unfurl draws, not rendered
    expect(await preview(link.replace('Drama', 'Horror'))).toBeNull(); // forged
    expect(await preview(link.replace('https://greenlight.example.com', 'https://elsewhere.example.com'))).toBeNull();
    const later = createLinkPreview({ ...previewDeps, now: () => new Date(NOW.getTime() + 30 * 86_400_000) }, config);
    expect(await later(link)).toBeNull(); // expired
    // Given an `ask` (serve's worker pool), the link's command is answered there, with the same reading.
    const asked: string[] = [];
    const pooled = createLinkPreview(previewDeps, config, {
      nativeCharts: 1,
      ask: (text, options) => {
        asked.push(text);
        return ask(text, previewDeps, options);
      },
    });
    const viaPool = await pooled(link);
    expect(asked).toEqual(['/compare Drama vs Comedy']);
    expect(viaPool?.decision).toBe(reply?.decision);
    expect(viaPool?.intent?.params).toEqual(reply?.intent?.params);
  }, 60_000);
});

describe('chat forms', () => {
  it('state the numbers the stage computed, within both platforms’ limits', () => {
    const result = runStage('compare', validateParams('compare', { left: 'Drama', right: 'Comedy' }, catalog), { catalog, now: NOW });
    const trend = chatForm(result, 'compare.trend').form;
    expect(trend && fitsNative(trend)).toBe(true);
    if (trend?.kind !== 'line') throw new Error('compare.trend should be a line chart');
    const last = result.data.trend.filter((t) => t.left !== null && t.right !== null).at(-1)!;
    expect(trend.categories.at(-1)).toBe(String(last.year));
    expect(trend.series[0].values.at(-1)).toBeCloseTo(last.left!, 1);
    expect(trend.categories.length).toBeLessThanOrEqual(NATIVE_LIMITS.points);
    // Picture-only charts say so.
    expect(chatForm(result, 'compare.winner').form).toBeNull();
  });

  it('draw the curve their picture draws: break-even chance by budget level, and none for TV (no budgets)', () => {
    const movie = runStage('predict', validateParams('predict', { genre: 'Science Fiction', mediaType: 'movie', budgetLevel: 7, quarter: 3 }, catalog), {
      catalog,
      now: NOW,
      models: port,
    });
    const curve = chatForm(movie, 'predict.budget-curve').form;
    if (curve?.kind !== 'line') throw new Error('predict.budget-curve should be a line chart for a movie');
    const drawn = movie.data.budgetCurve.filter((p) => p.breakEvenProbability !== null);
    expect(curve.categories).toEqual(drawn.map((p) => String(p.level)));
    expect(curve.series[0].values).toEqual(drawn.map((p) => Math.round((p.breakEvenProbability ?? 0) * 1000) / 10));
    expect(curve.title).toMatch(/^Break-even chance/);
    const tv = runStage('predict', validateParams('predict', { genre: 'Drama', mediaType: 'tv', budgetLevel: 5, quarter: 3 }, catalog), {
      catalog,
      now: NOW,
      models: port,
    });
    expect(chatForm(tv, 'predict.budget-curve').form).toBeNull();
  });

  it('carry a native chart’s caveat under it: the budget curve’s low levels, in Slack and in Teams', async () => {
    const reply = await ask('/predict sci-fi movie budget 7 Q3', deps, { nativeCharts: slackChannel.nativeCharts });
    const note = (reply.charts ?? []).find((c) => c.id === 'predict.budget-curve')?.native?.note;
    expect(note).toMatch(/^Levels 1–3 are likely optimistic: /);
    const blocks = (slackChannel.render(reply) as { blocks: (Block & { elements?: { text: string }[] })[] }).blocks;
    const at = blocks.findIndex((b) => b.type === 'data_visualization' && JSON.stringify(b).includes('Break-even chance by budget level'));
    expect(at).toBeGreaterThan(0);
    expect(blocks[at + 1]).toMatchObject({ type: 'context', elements: [{ text: note }] });
    const card = (teamsChannel.render(reply, () => undefined) as { attachments: { content: AdaptiveCard }[] }).attachments[0].content;
    const line = card.body.findIndex((e) => e.type === 'Chart.Line');
    expect(card.body[line + 1]).toMatchObject({ type: 'TextBlock', text: note });
  }, 60_000);

  it('name what they draw in words, as the pictures do, not by the core’s field names', () => {
    const result = runStage('understand', validateParams('understand', { mediaType: 'movie' }, catalog), { catalog, now: NOW });
    const drivers = chatForm(result, 'understand.drivers').form;
    if (drivers?.kind !== 'bar') throw new Error('understand.drivers should be a bar chart');
    expect(drivers.categories).toContain('Rating');
    for (const category of drivers.categories) expect(category).not.toMatch(/^[a-z]+[A-Z]/);
  });
});

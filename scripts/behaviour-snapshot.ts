/**
 * `npx tsx scripts/behaviour-snapshot.ts [out.json]`: what Greenlight answers on a fixed set of 18 questions (three
 * per stage, one of them refused) and three asked without models over the real snapshot — the chat reply (text, bullets, actions, footnotes, image hashes), the stage's
 * result, its chat and dashboard chart specs with their per-chart bullets, and the dashboard view's markup. Prints
 * one hash per question; writes the whole record to `out.json` (default `.greenlight/behaviour.json`).
 *
 * Run it before and after a refactor that must not change behaviour and compare: the hashes must be equal.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { chartsFor } from '../charts/index.ts';
import { loadConfig } from '../src/config.ts';
import { loadModels } from '../src/core/intelligence/index.ts';
import { validateParams } from '../src/core/params.ts';
import { runStage } from '../src/core/stages/index.ts';
import type { StageName } from '../src/core/types.ts';
import { importSnapshot } from '../src/data/snapshot.ts';
import { ask, type AnswerDeps } from '../src/reply/answer.ts';
import { computeBoard, drawKeptPage } from '../src/server/dashboard/service.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SNAPSHOT = resolve(process.env.GREENLIGHT_SNAPSHOT ?? resolve(ROOT, '../shared/tmdb'));
const NOW = new Date('2026-01-02T10:00:00Z');

/** [question as typed in chat, stage, raw parameters for the core and the dashboard]. */
const CASES: ReadonlyArray<[string, StageName, Record<string, unknown>]> = [
  ['/explore movies', 'explore', { type: 'movie' }],
  ['/explore tv drama 2015-2024', 'explore', { type: 'tv', genres: ['Drama'], years: '2015-2024' }],
  ['/explore horror language=ko', 'explore', { genres: ['Horror'], language: 'ko' }],
  ['/understand movies', 'understand', { type: 'movie' }],
  ['/understand tv comedy', 'understand', { type: 'tv', genres: ['Comedy'] }],
  ['/understand science fiction 2000-2020', 'understand', { genres: ['Science Fiction'], years: '2000-2020' }],
  ['/identify movies', 'identify', { type: 'movie' }],
  ['/identify tv animation', 'identify', { type: 'tv', genres: ['Animation'] }],
  ['/identify thriller 2010-2024', 'identify', { genres: ['Thriller'], years: '2010-2024' }],
  ['/predict sci-fi movie budget 7 Q3', 'predict', { genre: 'Science Fiction', budget: 7, quarter: 'Q3' }],
  ['/predict horror movie budget 2 Q4', 'predict', { genre: 'Horror', budget: 2, quarter: 4 }],
  ['/predict drama tv budget 5 Q1', 'predict', { genre: 'Drama', type: 'tv', budget: 5, quarter: 1 }],
  ['/forecast', 'forecast', {}],
  ['/forecast horror 6 months', 'forecast', { genres: ['Horror'], horizon: 6 }],
  ['/forecast comedy drama', 'forecast', { genres: ['Comedy', 'Drama'], horizon: 24 }],
  ['/compare horror vs thriller', 'compare', { left: 'Horror', right: 'Thriller' }],
  ['/compare Dune: Part Two vs Oppenheimer', 'compare', { left: 'Dune: Part Two', right: 'Oppenheimer' }],
  ['/compare comedy vs drama', 'compare', { left: 'Comedy', right: 'Drama' }],
];

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? resolve(ROOT, '.greenlight/behaviour.json'));
  const catalog = await importSnapshot(SNAPSHOT, new Date('2026-01-01T00:00:00Z'));
  const models = await loadModels(catalog, { dataDir: resolve(process.env.GREENLIGHT_DATA_DIR ?? resolve(ROOT, '.greenlight')) });
  const config = loadConfig({ GREENLIGHT_PUBLIC_URL: 'https://greenlight.example.com', GREENLIGHT_LINK_SECRET: 'behaviour-secret' });
  const deps: AnswerDeps = { catalog, config, now: () => NOW, models: async () => models, log: () => {} };
  const record: Record<string, unknown> = {};
  for (const [question, stage, raw] of CASES) {
    const reply = await ask(question, deps);
    const chatReply = { ...reply, images: reply.images.map(({ png, ...image }) => ({ ...image, png: sha(png) })) };
    const params = validateParams(stage, raw, catalog);
    const result = runStage(stage, params, { catalog, models, now: NOW });
    const chat = chartsFor(result, { surface: 'chat' });
    const dashboard = chartsFor(result, { surface: 'dashboard' });
    const view = await computeBoard(stage, params, { catalog, models, now: NOW });
    const page = (await drawKeptPage(JSON.stringify(view))).html;
    const entry = { reply: chatReply, result, chat, dashboard, view: { charts: view.charts, state: view.state, html: view.html }, page };
    const json = JSON.stringify(entry);
    record[question] = entry;
    console.log(
      `${sha(json).slice(0, 16)}  reply ${sha(JSON.stringify(chatReply)).slice(0, 8)}  specs ${sha(JSON.stringify([chat, dashboard])).slice(0, 8)}  page ${sha(JSON.stringify(page)).slice(0, 8)}  ${question}`,
    );
  }
  // Without models: the model stages answer with their descriptive parts and say so.
  const withoutModels: AnswerDeps = { ...deps, models: () => Promise.reject(new Error('no models here')) };
  for (const question of ['/predict sci-fi movie budget 7 Q3', '/understand movies', '/forecast horror']) {
    const reply = await ask(question, withoutModels);
    const entry = { ...reply, images: reply.images.map(({ png, ...image }) => ({ ...image, png: sha(png) })) };
    record[`${question} (no models)`] = entry;
    console.log(`${sha(JSON.stringify(entry)).slice(0, 16)}  ${question} (no models)`);
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(record, null, 1));
  console.log(`all: ${sha(JSON.stringify(record)).slice(0, 16)} → ${out}`);
}

await main();

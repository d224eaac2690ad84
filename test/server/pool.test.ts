/** The worker pool: real worker threads answering chat and dashboard views on their own copy of the real catalog. */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { validateParams } from '../../src/core/params.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import { drawKeptPage, boardsInThread, type StageBoard } from '../../src/server/dashboard/service.ts';
import { createWorkerPool, type WorkerPool } from '../../src/server/pool.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { recordingLogger } from '../adapters/harness.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

let pool: WorkerPool;
let catalog: Catalog;

beforeAll(async () => {
  catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
  pool = createWorkerPool({ catalog, config: loadConfig({}), models: false }, { size: 1, logger: recordingLogger() });
  await pool.ready();
}, 120_000);
afterAll(() => pool.close());

describe('worker pool', () => {
  it('answers in a worker, PNGs back as Buffers, follow-ups with the previous intent', async () => {
    const first = await pool.ask('/predict sci-fi movie budget 7 Q3');
    expect(first.kind).toBe('answer');
    expect(first.intent?.params).toMatchObject({ budgetLevel: 7, quarter: 3 });
    for (const image of first.images) {
      expect(Buffer.isBuffer(image.png)).toBe(true);
      expect(image.png.subarray(1, 4).toString('latin1')).toBe('PNG');
    }
    const followUp = await pool.ask('what if budget 3?', { previous: first.intent });
    expect(followUp.intent?.params).toMatchObject({ budgetLevel: 3, quarter: 3, genre: first.intent?.params.genre });
  });

  it('queues concurrent questions and answers each one', async () => {
    const asked = ['/compare Drama vs Comedy', 'help', '/forecast horror', "what's rising?"];
    const replies = await Promise.all(asked.map((q) => pool.ask(q)));
    expect(replies.map((r) => r.intent?.raw)).toEqual(asked);
  });

  it('computes a dashboard board in a worker, the same JSON as in this thread', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const params = validateParams('compare', { left: 'Drama', right: 'Comedy' }, catalog);
    const [inWorker, here] = await Promise.all([pool.board('compare', params, now), boardsInThread(() => catalog)('compare', params, now)]);
    if (inWorker.kind !== 'board' || here.kind !== 'board') throw new Error('expected two boards');
    expect(inWorker.body).toBe(here.body);
    expect(inWorker.withModels).toBe(here.withModels);
    // The worker gzips the view once; the bytes travel back and decode to the same JSON.
    expect(gunzipSync(inWorker.gzip).toString('utf8')).toBe(here.body);
    const board = JSON.parse(inWorker.body) as StageBoard;
    expect(board.state.query).toBe('kind=genre&left=Drama&right=Comedy');
    expect(board.charts.map((c) => c.id)).toContain('compare.winner');
  });

  it("computes a digest's stages in a worker: the same results as in this thread", async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    for (const stage of ['forecast', 'understand', 'identify'] as const) {
      const inWorker = await pool.stage(stage, now);
      expect(inWorker.stage).toBe(stage);
      expect(inWorker).toEqual(validateAndRunStage(stage, {}, { catalog, models: undefined, now }));
    }
  });

  it("draws a page's charts in a worker: the same markup as in this thread, every chart a picture in its card", async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const params = validateParams('compare', { left: 'Drama', right: 'Comedy' }, catalog);
    const board = await pool.board('compare', params, now);
    if (board.kind !== 'board') throw new Error('expected a board');
    const [kept, here, drawnWithView] = await Promise.all([
      pool.page(board.body),
      drawKeptPage(board.body),
      pool.board('compare', params, now, { draw: true }),
    ]);
    expect(kept).toEqual(here);
    // A page asked first is computed and drawn in one task: the same page.
    expect(drawnWithView.kind === 'board' && drawnWithView.page).toEqual(here);
    const inWorker = kept.html;
    const charts = (JSON.parse(board.body) as StageBoard).charts;
    expect(inWorker.charts.match(/<div class="picture" aria-hidden="true"><div class="form-desktop"><svg/g)).toHaveLength(charts.length);
    expect(inWorker.charts.match(/<div class="form-phone"><svg/g)).toHaveLength(charts.length);
    // The pictures share the page's id space: every clip path and gradient id is the page's only one.
    const ids = [...inWorker.charts.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [, id] of inWorker.charts.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(id);
  });

  it('answers queued work first come, first served', async () => {
    const finished: number[] = [];
    const boards = Array.from({ length: 12 }, (_, i) => validateParams('explore', { yearFrom: String(1960 + i) }, catalog));
    await Promise.all(boards.map((params, i) => pool.board('explore', params, new Date()).then(() => finished.push(i))));
    expect(finished).toEqual(boards.map((_, i) => i));
  });

  it("passes on the core's refusal of a board as its message, not as a failure", async () => {
    // Valid parameters the core cannot answer: no titles in these years for this genre.
    const params = validateParams('explore', { genres: 'Western', yearFrom: '1900', yearTo: '1901' }, catalog);
    const outcome = await pool.board('explore', params, new Date());
    expect(outcome).toMatchObject({ kind: 'refused', error: { message: expect.stringMatching(/^No titles match/), field: 'filters' } });
  });
});

describe('worker pool with idle workers stopped', () => {
  it('stops a worker idle longer than idleMs, and starts one again for the next question', async () => {
    const retiring = createWorkerPool({ catalog, config: loadConfig({}), models: false }, { size: 1, logger: recordingLogger(), idleMs: 200 });
    try {
      await retiring.ready();
      expect(retiring.running()).toBe(1);
      const deadline = Date.now() + 10_000;
      while (retiring.running() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(retiring.running()).toBe(0);
      const reply = await retiring.ask('/explore movies drama');
      expect(reply.kind).toBe('answer');
      expect(reply.images.every((image) => Buffer.isBuffer(image.png))).toBe(true);
      expect(retiring.running()).toBe(1);
    } finally {
      await retiring.close();
    }
  }, 60_000);
});

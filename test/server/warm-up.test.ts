/**
 * An answer worker's warm-up (src/server/warm-up.ts): ordinary questions over every stage, asked as dry runs
 * (nothing rasterised, nothing cached), one at a time and only while no real task is in flight.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../../intents/index.ts';
import { loadConfig } from '../../src/config.ts';
import { loadModels } from '../../src/core/intelligence/index.ts';
import { STAGES } from '../../src/core/types.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { ask, type AnswerDeps } from '../../src/reply/answer.ts';
import { createWorkerPool } from '../../src/server/pool.ts';
import { warmUp, warmUpQuestions } from '../../src/server/warm-up.ts';
import { recordingLogger } from '../adapters/harness.ts';
import { realCatalog } from '../intents/helpers.ts';

/** Trained models are cached here between runs (shared with the answer tests). */
const MODELS_DIR = join(tmpdir(), 'greenlight-test-models');

let catalog: Catalog;
let deps: AnswerDeps;

beforeAll(async () => {
  catalog = await realCatalog();
  deps = { catalog, config: loadConfig({}), now: () => new Date('2026-01-02T10:00:00Z'), models: () => loadModels(catalog, { dataDir: MODELS_DIR }) };
  await deps.models();
}, 180_000);

describe('warm-up questions', () => {
  it('cover every stage over the largest genres, each read as the command it is', () => {
    const questions = warmUpQuestions(catalog);
    const stages = questions.map((q) => {
      const parsed = parse(q, { catalog });
      expect(parsed.kind, q).toBe('intent');
      return parsed.kind === 'intent' ? parsed.intent.stage : 'none';
    });
    expect(new Set(stages)).toEqual(new Set(STAGES));
    expect(new Set(questions).size).toBe(questions.length);
  });

  it('are answered as dry runs: a full answer without pictures, and nothing of it cached for the real one', async () => {
    const question = warmUpQuestions(catalog).find((q) => q.startsWith('/identify'))!;
    const dry = await ask(question, deps, { nativeCharts: 2, dryRun: true });
    expect(dry.kind, dry.text).toBe('answer');
    expect(dry.bullets.length).toBeGreaterThan(0);
    expect(dry.images).toEqual([]);
    expect(dry.charts?.every((c) => c.native && !c.image)).toBe(true);
    // The same question asked for real draws its pictures (the dry run left no empty set in the image cache).
    const real = await ask(question, deps, { nativeCharts: 2 });
    expect(real.images.length).toBeGreaterThan(0);
    expect(real.charts?.filter((c) => !c.native).every((c) => c.image && c.image.png.length > 1000)).toBe(true);
  }, 60_000);
});

describe('warmUp', () => {
  it('asks nothing until the worker is idle, then its questions one at a time', async () => {
    let asked = 0;
    const counting: AnswerDeps = {
      ...deps,
      now: () => {
        asked += 1;
        return new Date('2026-01-02T10:00:00Z');
      },
    };
    let release: () => void = () => undefined;
    const busy = new Promise<void>((resolve) => (release = resolve));
    let idleCalls = 0;
    const questions = warmUpQuestions(catalog).slice(0, 3);
    const done = warmUp(questions, counting, () => {
      idleCalls += 1;
      return busy;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([idleCalls, asked]).toEqual([1, 0]);
    release();
    const report = await done;
    expect(report.questions).toBe(3);
    expect(asked).toBeGreaterThanOrEqual(3);
    // Twice per question: before it and again after letting a waiting task start.
    expect(idleCalls).toBe(6);
  }, 60_000);
});

describe('a worker pool that warms up', () => {
  it('answers a question that arrives during the warm-up without waiting for it, and reports the warm-up', async () => {
    const pool = createWorkerPool({ catalog, config: loadConfig({}), models: false, warmUp: true }, { size: 1, logger: recordingLogger() });
    try {
      await pool.ready();
      let warmedAt = 0;
      const warmed = pool.warmedUp().then((reports) => {
        warmedAt = performance.now();
        return reports;
      });
      const reply = await pool.ask('/explore movies drama');
      const answeredAt = performance.now();
      expect(reply.kind).toBe('answer');
      expect(reply.images.length).toBeGreaterThan(0);
      const [report] = await warmed;
      expect(report?.questions).toBe(warmUpQuestions(catalog).length);
      expect(answeredAt).toBeLessThan(warmedAt);
    } finally {
      await pool.close();
    }
  }, 120_000);
});

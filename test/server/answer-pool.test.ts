/** The answer pool: real worker threads answering on their own copy of the real catalog. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { createAnswerPool, type AnswerPool } from '../../src/server/answer-pool.ts';
import { recordingLogger } from '../adapters/harness.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

let pool: AnswerPool;

beforeAll(async () => {
  const catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
  pool = createAnswerPool({ catalog, config: loadConfig({}), models: false }, { size: 1, logger: recordingLogger() });
  await pool.ready();
}, 120_000);
afterAll(() => pool.close());

describe('answer pool', () => {
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
});

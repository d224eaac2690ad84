/**
 * Finding 4 of issue 20: valid JSON with scaled numbers in the model cache (1e999 parses as Infinity) made a
 * chart's log-axis ticks loop without end and V8 abort — uncatchable. Now the cached bundle carries a content
 * hash and is validated on load (a bad one is retrained, and the log says so), and the log-scale helpers refuse
 * a non-finite domain. Reproduced against a running server answering a prediction from the tampered cache.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logTicks, popularityPercentileX } from '../../charts/layers.ts';
import { loadConfig } from '../../src/config.ts';
import { bundleHash, openBundle } from '../../src/core/intelligence/bundle.ts';
import { loadModelBundle, loadModels } from '../../src/core/intelligence/index.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { startGreenlight } from '../../src/server/start.ts';
import { recordingLogger } from '../adapters/harness.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const quick = { boosterTrees: 20, forestTrees: 10, forecastSeries: () => [] };
let catalog: Catalog;
let dir: string;

beforeAll(async () => {
  catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
  dir = await mkdtemp(join(tmpdir(), 'gl-tampered-'));
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The low end of the bundle's popularity interval scaled to 1e999 (Infinity once parsed). */
function scaleNumbers(text: string, rehash: boolean): string {
  const tampered = text.replace(/("intervals":\{"level":[-0-9.e+]+,"global":\[)([-0-9.e+]+)/, '$11e999');
  if (!rehash) return tampered;
  const file = JSON.parse(tampered) as { bundle: unknown };
  return tampered.replace(/^\{"sha256":"[0-9a-f]+"/, `{"sha256":"${bundleHash(JSON.stringify(file.bundle))}"`);
}

describe('a tampered model cache', () => {
  it('is refused on load, retrained, logged — and the server answers predictions from the retrained models', async () => {
    const trained = await loadModelBundle(catalog, { dataDir: dir, trainOverrides: quick });
    const original = await readFile(trained.path, 'utf8');
    expect('bundle' in openBundle(original)).toBe(true);
    // Tampered without and with a matching hash: the hash catches the first, the finite check the second.
    expect(openBundle(scaleNumbers(original, false))).toEqual({ problem: 'its content does not match its hash' });
    expect(openBundle(scaleNumbers(original, true))).toEqual({ problem: expect.stringMatching(/intervals\.global\[0\] is not a finite number/) });
    await writeFile(trained.path, scaleNumbers(original, true));

    const modelLog: string[] = [];
    const logger = recordingLogger();
    const config = loadConfig({ GREENLIGHT_PORT: '0', GREENLIGHT_DATA_DIR: dir });
    const models = () => loadModels(catalog, { dataDir: dir, trainOverrides: quick, log: (m) => modelLog.push(m) });
    const running = await startGreenlight({ config, catalog, models, logger, answerWorkers: 0 });
    try {
      const res = await fetch(`${running.url}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: '/predict sci-fi movie budget 7 Q3' }),
      });
      expect(res.status).toBe(200);
      const reply = (await res.json()) as { kind: string; images: unknown[] };
      expect(reply.kind).toBe('answer');
      expect(reply.images.length).toBeGreaterThan(0);
      expect(modelLog.join('\n')).toMatch(/failed validation \(bundle\.intervals\.global\[0\] is not a finite number\); retraining/);
      // The retrained cache is sound again.
      expect('bundle' in openBundle(await readFile(trained.path, 'utf8'))).toBe(true);
    } finally {
      await running.close(1_000);
    }
  }, 120_000);
});

describe('scale helpers', () => {
  it('refuse a non-finite domain with an error that can be caught, instead of looping', () => {
    expect(() => logTicks([1, Infinity])).toThrow(RangeError);
    expect(() => logTicks([Number.NaN, 10])).toThrow(RangeError);
    expect(() => popularityPercentileX('popularity', [Infinity])).toThrow(RangeError);
    expect(() => popularityPercentileX('popularity', [400])).toThrow(RangeError);
    expect(logTicks([1, 1000])).toEqual([1, 10, 100, 1000]);
    expect(logTicks([Infinity, -Infinity])).toEqual([]); // no data: no ticks, as before
  });
});

/**
 * Issue 20's small items: LOG_LEVEL is applied; `greenlight ask "" --json` prints JSON; a data directory that
 * cannot be written is refused by `serve` with the cause named, and trained models are kept in memory when their
 * cache cannot be written; the temporary files of an atomic write a killed process left behind are removed.
 * (The 40 kB question echoed in full is in hostile.test.ts.)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { loadModelBundle } from '../../src/core/intelligence/index.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { openCatalog } from '../../src/data/open.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { CatalogStore } from '../../src/data/store.ts';
import { chatLoggerFor, digestLoggerFor } from '../../src/server/log.ts';
import { startGreenlight } from '../../src/server/start.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let catalog: Catalog;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-small-'));
  catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
  await new CatalogStore(dir).save(catalog);
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/greenlight.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((done) => child.once('exit', (code) => (clearTimeout(timer), done({ code, stdout, stderr }))));
}

describe('LOG_LEVEL', () => {
  it('drops lines below the level, on a running server too', async () => {
    const lines: string[] = [];
    const logger = chatLoggerFor('warn', (l) => lines.push(l));
    logger.info('an info line');
    logger.warn('a warning');
    const digest = digestLoggerFor('error', (l) => lines.push(l));
    digest('warn', 'a digest warning');
    digest('error', 'a digest error');
    expect(lines).toEqual(['a warning', 'greenlight digests [error] a digest error']);

    const quiet: string[] = [];
    const running = await startGreenlight({
      config: loadConfig({
        GREENLIGHT_PORT: '0',
        GREENLIGHT_DATA_DIR: dir,
        SLACK_BOT_TOKEN: 'xoxb-x',
        SLACK_SIGNING_SECRET: 's',
        SLACK_API_URL: 'http://127.0.0.1:9/api/',
      }),
      catalog,
      models: () => Promise.reject(new Error('none')),
      logger: chatLoggerFor('error', (l) => quiet.push(l)),
      answerWorkers: 0,
    });
    try {
      // A body over the limit is logged as a warning: not written at LOG_LEVEL=error.
      const res = await fetch(`${running.url}/slack/events`, { method: 'POST', body: 'x'.repeat(300 * 1024) });
      expect(res.status).toBe(413);
      expect(quiet.filter((l) => l.includes('over'))).toEqual([]);
    } finally {
      await running.close(1_000);
    }
  }, 30_000);
});

describe('the command line', () => {
  it('`ask "" --json` prints JSON, not the console banner', async () => {
    const result = await cli(['ask', '', '--json'], { GREENLIGHT_DATA_DIR: dir });
    const reply = JSON.parse(result.stdout) as { kind: string; text: string };
    // An empty question is answered with the help reply, as in chat.
    expect(reply.kind).toBe('help');
    expect(result.stdout).not.toMatch(/Greenlight console|Type a question/i);
  }, 70_000);

  it('`serve` on a data directory it cannot write refuses, naming the cause', async () => {
    const file = join(dir, 'not-a-directory');
    await writeFile(file, 'x');
    const result = await cli(['serve', '--port', '0'], { GREENLIGHT_DATA_DIR: join(file, 'data') });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/GREENLIGHT_DATA_DIR .* is not writable \((ENOTDIR|EEXIST|EACCES|EROFS)\)/);
  }, 70_000);

  it('keeps trained models in memory when their cache cannot be written, and says so', async () => {
    const file = join(dir, 'blocked');
    await writeFile(file, 'x');
    const log: string[] = [];
    const loaded = await loadModelBundle(catalog, {
      dataDir: join(file, 'data'),
      trainOverrides: { boosterTrees: 10, forestTrees: 5, forecastSeries: () => [] },
      log: (m) => log.push(m),
    });
    expect(loaded.source).toBe('trained');
    expect(loaded.bundle.fingerprint).toBe(catalog.meta.fingerprint);
    expect(log.join('\n')).toMatch(/could not be written \(ENOTDIR.*is .* writable\?\)/);
  }, 60_000);
});

describe('temporary files of an interrupted atomic write', () => {
  it('are removed when the catalog is next opened, unless a writer may still be at work', async () => {
    const stale = join(dir, 'catalog.json.1a2b3c4d');
    const fresh = join(dir, 'catalog.json.5e6f7a8b');
    await writeFile(stale, '');
    await writeFile(fresh, '');
    const old = new Date(Date.now() - 3600_000);
    await utimes(stale, old, old);
    await openCatalog(loadConfig({ GREENLIGHT_DATA_DIR: dir }), () => undefined);
    const names = await readdir(dir);
    expect(names).not.toContain('catalog.json.1a2b3c4d');
    expect(names).toContain('catalog.json.5e6f7a8b');
  });
});

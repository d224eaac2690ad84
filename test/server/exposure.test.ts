/**
 * Issue 20's exposure and start-up findings against real servers on loopback:
 * - a refused start (`greenlight serve` on 0.0.0.0 without a link secret, local mode on 0.0.0.0, an unreachable
 *   Redis) exits non-zero at once, before it listens or delivers anything;
 * - `/api/ask` (fresh signed dashboard links, no authentication) is closed when the server is exposed;
 * - an unreachable Slack Web API at start-up leaves the server up and `/healthz` saying Slack is not ready.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { startGreenlight } from '../../src/server/start.ts';
import { recordingLogger } from '../adapters/harness.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const noModels = () => Promise.reject(new Error('no models in this test'));
let catalog: Catalog;
let dataDir: string;

beforeAll(async () => {
  catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
  dataDir = await mkdtemp(join(tmpdir(), 'gl-exposure-'));
}, 60_000);
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function serve(env: Record<string, string>): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin/greenlight.js'), 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, GREENLIGHT_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((done) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr, ms: Date.now() - started });
    }),
  );
}

describe('a refused start', () => {
  it.each([
    ['0.0.0.0 without GREENLIGHT_LINK_SECRET', { GREENLIGHT_HOST: '0.0.0.0' }, /GREENLIGHT_LINK_SECRET/],
    ['local mode on 0.0.0.0', { GREENLIGHT_HOST: '0.0.0.0', GREENLIGHT_LINK_SECRET: 'x'.repeat(32), GREENLIGHT_LOCAL_MODE: 'true' }, /GREENLIGHT_LOCAL_MODE/],
    [
      'local mode behind a public URL',
      { GREENLIGHT_PUBLIC_URL: 'https://greenlight.example.com', GREENLIGHT_LINK_SECRET: 'x'.repeat(32), GREENLIGHT_LOCAL_MODE: 'true' },
      /public URL/,
    ],
  ])(
    'exits non-zero before anything starts: %s',
    async (_name, env, message) => {
      const result = await serve(env);
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/Catalog:|listening/);
    },
    70_000,
  );

  it('exits non-zero when Redis is unreachable, before loading anything', async () => {
    const result = await serve({ GREENLIGHT_REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Redis at redis:\/\/127\.0\.0\.1:\d+\/?: connect failed/);
    expect(result.stderr).not.toMatch(/Catalog:|listening/);
  }, 70_000);

  it('refuses local mode on a non-loopback interface in startGreenlight too', async () => {
    const config = loadConfig({
      GREENLIGHT_HOST: '0.0.0.0',
      GREENLIGHT_PORT: '0',
      GREENLIGHT_LINK_SECRET: 'x'.repeat(32),
      GREENLIGHT_LOCAL_MODE: 'true',
      GREENLIGHT_DATA_DIR: dataDir,
    });
    await expect(startGreenlight({ config, catalog, models: noModels, logger: recordingLogger(), answerWorkers: 0 })).rejects.toThrow(ConfigError);
  });
});

describe('/api/ask', () => {
  it('is closed when the server is reachable beyond localhost, and open on loopback', async () => {
    const exposed = await startGreenlight({
      config: loadConfig({ GREENLIGHT_HOST: '0.0.0.0', GREENLIGHT_PORT: '0', GREENLIGHT_LINK_SECRET: 'x'.repeat(32), GREENLIGHT_DATA_DIR: dataDir }),
      catalog,
      models: noModels,
      logger: recordingLogger(),
      answerWorkers: 0,
    });
    try {
      expect(exposed.enabled.ask).toMatch(/^off \(the server is reachable beyond localhost/);
      const res = await fetch(`${exposed.url}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: '/explore movies' }),
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain('/dashboard/explore?');
    } finally {
      await exposed.close(1_000);
    }
    const local = await startGreenlight({
      config: loadConfig({ GREENLIGHT_PORT: '0', GREENLIGHT_DATA_DIR: dataDir }),
      catalog,
      models: noModels,
      logger: recordingLogger(),
      answerWorkers: 0,
    });
    try {
      const res = await fetch(`${local.url}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: '/explore movies' }),
      });
      expect(res.status).toBe(200);
    } finally {
      await local.close(1_000);
    }
  }, 60_000);
});

describe('an unreachable Slack Web API', () => {
  it('leaves the server up, serving the dashboard, with /healthz saying Slack is not ready', async () => {
    const logger = recordingLogger();
    const running = await startGreenlight({
      config: loadConfig({
        GREENLIGHT_PORT: '0',
        GREENLIGHT_DATA_DIR: dataDir,
        SLACK_BOT_TOKEN: 'xoxb-unreachable',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: `http://127.0.0.1:${await closedPort()}/api/`,
      }),
      catalog,
      models: noModels,
      logger,
      answerWorkers: 0,
    });
    try {
      // Longer than the Web API client's own retries (the point where the process used to die).
      await new Promise((r) => setTimeout(r, 8_000));
      const health = await fetch(`${running.url}/healthz`);
      expect(health.status).toBe(503);
      const body = (await health.json()) as { ready: boolean; channels: { slack: string } };
      expect(body.ready).toBe(false);
      expect(body.channels.slack).toMatch(/^not ready: the Slack Web API is not reachable/);
      expect((await fetch(`${running.url}/dashboard/explore`)).status).toBe(200);
      expect(logger.lines.some((l) => l.startsWith('warn slack: not ready'))).toBe(true);
    } finally {
      await running.close(1_000);
    }
  }, 60_000);
});

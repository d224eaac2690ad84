/**
 * `startGreenlight` refuses unsafe or half-configured set-ups, and in local mode serves health, the dashboard,
 * `/api/ask` and chart images, with the chat endpoints answering 503 with what to configure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { slackSetup } from '../../src/adapters/slack/channel.ts';
import { startGreenlight, type RunningGreenlight } from '../../src/server/start.ts';
import { TeamsConfigError } from '../../src/adapters/teams/transport.ts';
import { recordingLogger } from '../adapters/harness.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const noModels = () => Promise.reject(new Error('no models in this test'));

describe('slackSetup', () => {
  it('chooses HTTP or Socket Mode from the configuration and refuses half set-ups', () => {
    expect(slackSetup(loadConfig({}))).toEqual({ off: expect.stringContaining('SLACK_BOT_TOKEN') });
    expect(slackSetup(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }))).toEqual({ mode: 'http', signingSecret: 's' });
    expect(slackSetup(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SOCKET_MODE: 'true', SLACK_APP_TOKEN: 'xapp-1' }))).toEqual({
      mode: 'socket',
      appToken: 'xapp-1',
    });
    expect(() => slackSetup(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }))).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => slackSetup(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SOCKET_MODE: 'true' }))).toThrow(/SLACK_APP_TOKEN/);
    expect(() => slackSetup(loadConfig({ SLACK_SIGNING_SECRET: 's' }))).toThrow(ConfigError);
  });
});

describe('startGreenlight', () => {
  let catalog: Catalog;
  let running: RunningGreenlight;
  let dataDir: string;
  const logger = recordingLogger();

  beforeAll(async () => {
    catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
    // No state backend passed: it opens the embedded one under the data directory itself.
    dataDir = await mkdtemp(join(tmpdir(), 'gl-start-'));
    running = await startGreenlight({
      config: loadConfig({ GREENLIGHT_PORT: '0', GREENLIGHT_DATA_DIR: dataDir }),
      catalog,
      models: noModels,
      logger,
      answerWorkers: 0,
    });
  }, 60_000);
  afterAll(async () => {
    await running.close(1_000);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('will not start Slack HTTP mode without a signing secret, nor Teams without an app password', async () => {
    await expect(
      startGreenlight({ config: loadConfig({ GREENLIGHT_PORT: '0', SLACK_BOT_TOKEN: 'xoxb-1' }), catalog, models: noModels, logger, answerWorkers: 0 }),
    ).rejects.toThrow(ConfigError);
    await expect(
      startGreenlight({
        config: loadConfig({ GREENLIGHT_PORT: '0', GREENLIGHT_DATA_DIR: dataDir, MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555' }),
        catalog,
        models: noModels,
        logger,
        answerWorkers: 0,
      }),
    ).rejects.toThrow(TeamsConfigError);
  });

  it('says what is enabled: no chat channels, so the local /api/ask', async () => {
    expect(running.enabled.slack).toMatch(/^off/);
    expect(running.enabled.teams).toMatch(/^off/);
    expect(running.enabled.ask).toMatch(/^POST .*\/api\/ask/);
    expect(running.enabled.state).toBe(`embedded ${join(dataDir, 'state.sqlite')} (one process; set GREENLIGHT_REDIS_URL for replicas)`);
    const health = (await (await fetch(`${running.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, titles: catalog.titles.length, slack: false, teams: false });
    const slack = await fetch(`${running.url}/slack/events`, { method: 'POST', body: '{}' });
    expect(slack.status).toBe(503);
    expect(await slack.text()).toContain('SLACK_BOT_TOKEN');
    expect((await fetch(`${running.url}/api/messages`, { method: 'POST', body: '{}' })).status).toBe(503);
  });

  it('answers /api/ask with the reply as JSON and its charts as served PNG URLs', async () => {
    const res = await fetch(`${running.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '/explore movies drama' }),
    });
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { kind: string; title: string; images: { url: string; alt: string; png?: unknown }[] };
    expect(reply.kind).toBe('answer');
    expect(reply.images.length).toBeGreaterThan(0);
    for (const image of reply.images) {
      expect(image.png).toBeUndefined();
      const served = await fetch(image.url);
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(
        Buffer.from(await served.arrayBuffer())
          .subarray(1, 4)
          .toString('latin1'),
      ).toBe('PNG');
    }
    const bad = await fetch(`${running.url}/api/ask`, { method: 'POST', body: 'not json' });
    expect(bad.status).toBe(400);
  });

  it('hands everything else to the dashboard and 404s unknown images', async () => {
    const page = await fetch(`${running.url}/dashboard/explore`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${running.url}/images/${'0'.repeat(32)}.png`)).status).toBe(404);
  });
});

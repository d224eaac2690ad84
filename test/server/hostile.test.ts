/**
 * Issue 20's attacks and faults against a running `startGreenlight` on loopback (Slack in HTTP mode against the
 * fake Web API, Teams in local mode against the fake connector): each is refused with the right 4xx, nothing
 * answers 5xx, nothing reaches the log as a stack, and the server goes on answering real questions.
 */
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { startGreenlight, type RunningGreenlight } from '../../src/server/start.ts';
import { startFakeConnector, teamsMessage, type FakeConnector } from '../fakes/botframework-connector.ts';
import { startFakeSlack, type FakeSlack, type SlackCall } from '../fakes/slack-api.ts';
import { postSignedSlack, sendSlashCommand, slashCommandBody } from '../fakes/slack-signing.ts';
import { recordingLogger } from '../adapters/harness.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const SECRET = 'hostile-test-signing-secret';
const noModels = () => Promise.reject(new Error('no models in this test'));

let catalog: Catalog;
let slack: FakeSlack;
let connector: FakeConnector;
let running: RunningGreenlight;
let dataDir: string;
const logger = recordingLogger();
let events: string;

beforeAll(async () => {
  catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
  slack = await startFakeSlack();
  connector = await startFakeConnector();
  dataDir = await mkdtemp(join(tmpdir(), 'gl-hostile-'));
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-hostile',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    GREENLIGHT_LOCAL_MODE: 'true',
    GREENLIGHT_PORT: '0',
    GREENLIGHT_DATA_DIR: dataDir,
  });
  running = await startGreenlight({ config, catalog, models: noModels, logger, answerWorkers: 0 });
  events = `${running.url}/slack/events`;
}, 60_000);

afterAll(async () => {
  await running?.close(1_000);
  await slack?.close();
  await connector?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The server is alive and answers a real question in its thread. */
async function stillAnswers(text: string): Promise<void> {
  const before = slack.callsOf('chat.postMessage').length;
  expect((await sendSlashCommand(events, SECRET, '/explore', text)).status).toBe(200);
  const posts = await slack.waitFor('chat.postMessage', before + 2, 30_000);
  const answer = posts.slice(before).find((p) => p.args.thread_ts !== undefined);
  // An answer opens with its decision line (bold); an error would open with a warning header.
  const first = (answer?.args.blocks as { type: string; text?: { text: string } }[] | undefined)?.[0];
  expect(first?.type).toBe('section');
  expect(first?.text?.text).toMatch(/^\*.+\*$/);
}

function noStacksOrInternals(): void {
  const text = logger.lines.join('\n');
  expect(text).not.toMatch(/ENOTFOUND|TypeError|Cannot read properties/);
}

/** Posts `bytes` of body and measures how long until the whole answer arrived (the connection must not hang). */
function postLarge(url: string, bytes: number, headers: Record<string, string>): Promise<{ status: number; ms: number; connection?: string }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-length': String(bytes) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end(Buffer.alloc(bytes, 0x61));
  });
}

describe('Slack request validation', () => {
  it('refuses signed bodies that are not objects (null, payload=null, arrays) with 400 and keeps answering', async () => {
    for (const [body, type] of [
      ['null', 'application/json'],
      ['payload=null', 'application/x-www-form-urlencoded'],
      ['payload=%5B1%5D', 'application/x-www-form-urlencoded'],
      ['"text"', 'application/json'],
    ]) {
      const res = await postSignedSlack(events, SECRET, body, type);
      expect(res.status, body).toBe(400);
    }
    await stillAnswers('movies drama');
    noStacksOrInternals();
  }, 60_000);

  it('refuses timestamps more than five minutes away in either direction', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = slashCommandBody('/explore', 'movies', { trigger_id: 'future.1' });
    for (const timestamp of [now + 3600, now - 3600, now + 420]) {
      const res = await postSignedSlack(events, SECRET, body, 'application/x-www-form-urlencoded', { timestamp });
      expect(res.status, String(timestamp - now)).toBe(401);
    }
    expect(slack.callsOf('chat.postMessage').filter((c) => String(c.args.text).includes('future'))).toEqual([]);
  });

  it('answers a replayed signed slash command once', async () => {
    const body = slashCommandBody('/understand', 'horror', { trigger_id: 'replay.1' });
    const first = await postSignedSlack(events, SECRET, body, 'application/x-www-form-urlencoded');
    const replay = await postSignedSlack(events, SECRET, body, 'application/x-www-form-urlencoded');
    expect([first.status, replay.status]).toEqual([200, 200]);
    await slack.waitFor('chat.postMessage', 1, 30_000);
    await new Promise((r) => setTimeout(r, 1_500));
    const asked = slack.callsOf('chat.postMessage').filter((c) => String(c.args.text).includes('/understand horror'));
    expect(asked).toHaveLength(1);
  }, 60_000);

  it('answers an oversized body with 413 at once and closes the connection', async () => {
    const res = await postLarge(events, 2 * 1024 * 1024, { 'content-type': 'application/json' });
    expect(res.status).toBe(413);
    expect(res.connection).toBe('close');
    expect(res.ms).toBeLessThan(5_000);
  });

  it('echoes a 40 kB question shortened', async () => {
    const long = `movies ${'drama '.repeat(7_000)}`;
    expect((await sendSlashCommand(events, SECRET, '/explore', long)).status).toBe(200);
    const isRoot = (p: SlackCall) => p.args.thread_ts === undefined && String(p.args.text).includes('drama drama');
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !slack.callsOf('chat.postMessage').some(isRoot)) await new Promise((r) => setTimeout(r, 100));
    const root = slack.callsOf('chat.postMessage').find(isRoot);
    expect(String(root?.args.text).length).toBeLessThan(400);
    expect(String(root?.args.text)).toContain('…');
  }, 60_000);
});

describe('Teams request validation', () => {
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('refuses malformed activities with a generic 400, and oversized ones with 413', async () => {
    const malformed: unknown[] = [
      null,
      [],
      'x',
      {},
      { type: 'message' },
      { type: 'message', conversation: {} },
      { ...teamsMessage(connector.serviceUrl, 'hi'), text: 42 },
      { ...teamsMessage(connector.serviceUrl, 'hi'), from: 'x' },
    ];
    for (const body of malformed) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.text()).not.toMatch(/at |Error|ENOTFOUND/);
    }
    const big = await postLarge(`${running.url}/api/messages`, 2 * 1024 * 1024, { 'content-type': 'application/json' });
    expect(big.status).toBe(413);
    expect(big.ms).toBeLessThan(5_000);
    expect(connector.posts).toEqual([]);
    noStacksOrInternals();
  });

  it('never posts to a serviceUrl outside the allow-list (local mode allows only loopback and Microsoft hosts)', async () => {
    for (const serviceUrl of ['http://169.254.169.254/latest/', 'https://internal.example.com/', 'http://10.0.0.1:8080/', 'file:///etc/passwd']) {
      const res = await post(teamsMessage(serviceUrl, '/explore movies'));
      expect(res.status, serviceUrl).toBe(400);
    }
    const ok = await post(teamsMessage(connector.serviceUrl, '/explore movies'));
    expect(ok.status).toBe(200);
    expect((await connector.waitFor('message', 1, 30_000)).length).toBeGreaterThanOrEqual(1);
  }, 60_000);
});

describe('the HTTP edge', () => {
  it('answers an unparseable request line with 400, not a 500 with a stack', async () => {
    const port = new URL(running.url).port;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    noStacksOrInternals();
  });

  it('reports health with the channels it serves', async () => {
    const health = (await (await fetch(`${running.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, ready: true, slack: true, teams: true, channels: { slack: 'ready' } });
  });
});

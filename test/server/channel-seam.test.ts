/**
 * The channel seam: `startGreenlight` runs whatever channels it is given through the `ChannelAdapter` interface and
 * names none of them. A third platform plugged in here (a loopback "relay" that answers `POST /relay/events` with the
 * reply's decision) is served, reported by `/healthz`, stopped on close, and told 503 with its reason when off —
 * with no change to the server.
 */
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter, ChannelReadiness, ChannelRef } from '../../src/adapters/channel.ts';
import { slackChannel } from '../../src/adapters/slack/channel.ts';
import { loadConfig } from '../../src/config.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import type { KvBackend } from '../../src/state/backend.ts';
import { startGreenlight, type RunningGreenlight } from '../../src/server/start.ts';
import { recordingLogger, tempEmbeddedBackend } from '../adapters/harness.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const noModels = () => Promise.reject(new Error('no models in this test'));

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A minimal platform: on when told, answers each posted question in its response, readiness set by the test. */
function relayChannel(on: boolean) {
  const events = { started: 0, stopped: 0 };
  let readiness: ChannelReadiness = { ready: true };
  const adapter: ChannelAdapter = {
    name: 'relay',
    label: 'Relay',
    nativeCharts: 0,
    paths: ['/relay/events'],
    setup: () => (on ? { on: true } : { off: 'set RELAY_TOKEN' }),
    async create({ handler, publicUrl }) {
      return {
        routes: [
          {
            method: 'POST',
            path: '/relay/events',
            async handle(req, res) {
              const text = await bodyOf(req);
              const reply = await handler({ channel: 'relay', text, thread: 't1', conversation: 'r1' });
              res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: reply.kind, decision: reply.decision }));
            },
          },
        ],
        describe: `${publicUrl}/relay/events`,
        readiness: () => readiness,
        start: async () => void (events.started += 1),
        stop: async () => void (events.stopped += 1),
      };
    },
    render: (reply) => ({ text: reply.decision ?? reply.text }),
    conversationRef: (turn) => ({ kind: 'slack', channelId: turn.conversation }),
    deliverer: () => ({ off: 'the relay posts no digests' }),
    describeRef: (ref: ChannelRef) => `relay ${ref.kind}`,
    idOfRef: () => 'r1',
    refFromId: (id) => ({ kind: 'slack', channelId: id }),
    manifest: async () => ({ files: [], notes: [] }),
  };
  return { adapter, events, setReadiness: (r: ChannelReadiness) => void (readiness = r) };
}

describe('a channel plugged in through the seam', () => {
  let catalog: Catalog;
  let running: RunningGreenlight;
  const relay = relayChannel(true);
  let backend: KvBackend;

  beforeAll(async () => {
    catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
    running = await startGreenlight({
      config: loadConfig({ GREENLIGHT_PORT: '0' }),
      catalog,
      models: noModels,
      logger: recordingLogger(),
      answerWorkers: 0,
      state: (backend = await tempEmbeddedBackend()),
      channels: [relay.adapter, slackChannel],
    });
  }, 60_000);
  afterAll(async () => {
    await running.close(1_000);
    await backend.close();
  });

  it('is started, served and answered through the shared core', async () => {
    expect(relay.events.started).toBe(1);
    expect(running.enabled.relay).toBe(`${running.publicUrl}/relay/events`);
    expect(running.enabled.slack).toMatch(/^off \(set SLACK_BOT_TOKEN/);
    const res = await fetch(`${running.url}/relay/events`, { method: 'POST', body: '/explore movies drama' });
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { kind: string; decision?: string };
    expect(reply.kind).toBe('answer');
    expect(reply.decision).toMatch(/titles/);
  });

  it('reports its readiness in /healthz, and a channel that is off answers 503 with what to set', async () => {
    const ok = (await (await fetch(`${running.url}/healthz`)).json()) as Record<string, unknown>;
    expect(ok).toMatchObject({ ready: true, relay: true, slack: false, channels: { relay: 'ready' } });
    relay.setReadiness({ ready: false, reason: 'the relay is down' });
    const down = await fetch(`${running.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ready: false, channels: { relay: 'not ready: the relay is down' } });
    relay.setReadiness({ ready: true });
    const slack = await fetch(`${running.url}/slack/events`, { method: 'POST', body: '{}' });
    expect(slack.status).toBe(503);
    expect(((await slack.json()) as { error: string }).error).toMatch(/^Slack is not enabled here: set SLACK_BOT_TOKEN/);
  });
});

describe('a channel that is off', () => {
  it('is not created, and its paths say why', async () => {
    const relay = relayChannel(false);
    const backend = await tempEmbeddedBackend();
    const catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
    const running = await startGreenlight({
      config: loadConfig({ GREENLIGHT_PORT: '0' }),
      catalog,
      models: noModels,
      logger: recordingLogger(),
      answerWorkers: 0,
      state: backend,
      channels: [relay.adapter],
    });
    try {
      expect(relay.events.started).toBe(0);
      expect(running.enabled.relay).toBe('off (set RELAY_TOKEN)');
      const res = await fetch(`${running.url}/relay/events`, { method: 'POST', body: 'hello' });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: 'Relay is not enabled here: set RELAY_TOKEN.' });
    } finally {
      await running.close(1_000);
      await backend.close();
    }
    expect(relay.events.stopped).toBe(0);
  }, 60_000);
});

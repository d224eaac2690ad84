/**
 * A digest runtime wired as in production — the real Slack deliverer, composer, store and rules — against the
 * loopback fake Slack Web API, a temporary data directory and a fake clock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { parseSchedule } from '../../src/digests/schedule.ts';
import { openDigestRuntime, type DigestRuntime, type RuntimeOptions } from '../../src/digests/runtime.ts';
import type { Subscription } from '../../src/digests/types.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';
import { FakeClock } from './fake-clock.ts';

let catalog: Promise<Catalog> | undefined;
export const realCatalog = () => (catalog ??= importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z')));

export interface Harness {
  slack: FakeSlack;
  clock: FakeClock;
  config: Config;
  runtime: DigestRuntime;
  logs: string[];
  /** Messages in a channel as Slack's `conversations.history` reports them (newest first). */
  messages(channel: string): Promise<{ ts: string; text: string; metadata?: { event_payload?: { delivery_id?: string } } }[]>;
  close(): Promise<void>;
}

export async function startHarness(start: string, env: Record<string, string> = {}, options: RuntimeOptions = {}): Promise<Harness> {
  const slack = await startFakeSlack();
  const dir = await mkdtemp(join(tmpdir(), 'gl-digests-'));
  const config = loadConfig({
    GREENLIGHT_DATA_DIR: dir,
    SLACK_BOT_TOKEN: 'xoxb-digest-test',
    SLACK_API_URL: slack.apiUrl,
    GREENLIGHT_DIGEST_TIMEOUT_SECONDS: '10',
    ...env,
  });
  const clock = new FakeClock(start);
  const logs: string[] = [];
  const runtime = await openDigestRuntime(
    config,
    { catalog: await realCatalog(), models: () => Promise.reject(new Error('no models in this test')), config, now: () => clock.now(), log: () => undefined },
    { clock, charts: false, random: () => 0.5, leaseMs: 10_000, log: (level, m) => logs.push(`${level} ${m}`), ...options },
  );
  return {
    slack,
    clock,
    config,
    runtime,
    logs,
    messages: async (channel) => {
      const res = await fetch(`${slack.apiUrl}conversations.history`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-digest-test' },
        body: JSON.stringify({ channel }),
      });
      return ((await res.json()) as { messages: { ts: string; text: string }[] }).messages;
    },
    close: async () => {
      await runtime.close();
      await slack.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function subscription(id: string, channelId: string, label: string[], extra: Partial<Subscription> = {}): Subscription {
  return {
    id,
    channel: { kind: 'slack', channelId },
    owner: 'U0OWNER',
    schedule: parseSchedule(label).schedule,
    content: { kind: 'digest', sections: ['rising'] },
    createdAt: '2026-01-01T00:00:00.000Z',
    status: 'active',
    ...extra,
  };
}

/**
 * End to end on the real snapshot: `startGreenlight` as `greenlight serve` runs it, every stage command and
 * several plain questions through Slack (signed slash commands → fake Slack Web API) and Teams (activities →
 * fake Bot Connector), plus a follow-up in a thread that reuses the last parameters. The models are not
 * trained here (that takes half a minute); the stages answer without them, as they do when models are missing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { digestCommandFor } from '../../src/digests/chat.ts';
import { SharedThreadStore } from '../../src/state/threads.ts';
import { openDigestRuntime, type DigestRuntime } from '../../src/digests/runtime.ts';
import { startGreenlight, type RunningGreenlight } from '../../src/server/start.ts';
import { startFakeConnector, teamsMessage, type FakeConnector } from '../fakes/botframework-connector.ts';
import { startFakeSlack, type FakeSlack, type SlackCall } from '../fakes/slack-api.ts';
import { eventBody, sendEvent, sendSlashCommand } from '../fakes/slack-signing.ts';
import { recordingLogger } from '../adapters/harness.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const SECRET = 'e2e-signing-secret';

/** [slash command, its text, the dashboard page the answer links to] */
const STAGE_COMMANDS: [string, string, string][] = [
  ['/explore', 'movies drama years 2010-2024', 'explore'],
  ['/understand', 'horror', 'understand'],
  ['/identify', 'tv', 'identify'],
  ['/predict', 'sci-fi movie budget 7 Q3', 'predict'],
  ['/forecast', 'horror', 'forecast'],
  ['/compare', 'Drama vs Comedy', 'compare'],
  ['/compare', '"Dune: Part Two" vs "Oppenheimer"', 'compare'],
];
const QUESTIONS: [string, string][] = [
  ['should we greenlight a sci-fi movie for Q3 with a big budget?', 'predict'],
  ['which is doing better, horror or thriller?', 'compare'],
  ["what's rising?", 'forecast'],
];

interface Block {
  type: string;
  text?: { text: string };
  elements?: { url?: string; value?: string }[];
}

let slack: FakeSlack;
let connector: FakeConnector;
let running: RunningGreenlight;
let digests: DigestRuntime;
let dataDir: string;
const logger = recordingLogger();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'greenlight-e2e-'));
  slack = await startFakeSlack();
  connector = await startFakeConnector();
  const catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-e2e',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    GREENLIGHT_LOCAL_MODE: 'true',
    GREENLIGHT_PORT: '0',
    GREENLIGHT_DATA_DIR: dataDir,
  });
  // Answers on the main thread here; test/server/pool.test.ts covers the worker threads.
  const models = () => Promise.reject(new Error('models are not trained in this test'));
  // `/digest` and the thread memory on the digests' state store, as `greenlight serve` wires them.
  digests = await openDigestRuntime(config, { catalog, models, config, now: () => new Date() }, { charts: false });
  running = await startGreenlight({
    config,
    catalog,
    models,
    logger,
    answerWorkers: 0,
    digest: digestCommandFor(digests, catalog),
    threads: new SharedThreadStore(digests.state.backend),
    state: digests.state.backend,
  });
}, 60_000);

afterAll(async () => {
  await running.close(1_000);
  await digests.close();
  await slack.close();
  await connector.close();
  await rm(dataDir, { recursive: true, force: true });
});

function dashboardPage(blocks: Block[]): string | undefined {
  const url = blocks.flatMap((b) => b.elements ?? []).find((e) => e.url?.includes('/dashboard/'))?.url;
  return url ? new URL(url).pathname.split('/')[2] : undefined;
}

describe('Slack, end to end', () => {
  it('answers every stage command and plain questions in their threads', async () => {
    const sent = [...STAGE_COMMANDS.map(([c, t, page]) => [c, t, page]), ...QUESTIONS.map(([q, page]) => ['/greenlight', q, page])];
    const acks = await Promise.all(sent.map(([command, text]) => sendSlashCommand(`${running.url}/slack/events`, SECRET, command, text)));
    expect(acks.map((a) => a.status)).toEqual(sent.map(() => 200));
    const posts = await slack.waitFor('chat.postMessage', sent.length * 2, 60_000);

    const roots = posts.filter((p) => p.args.thread_ts === undefined);
    for (const [command, text, page] of sent) {
      const asked = command === '/greenlight' ? text : `${command} ${text}`;
      const root = roots.find((r) => String(r.args.text).includes(asked));
      expect(root, asked).toBeDefined();
      const answer = posts.find((p) => p.args.thread_ts === root!.response?.ts) as SlackCall;
      const blocks = answer.args.blocks as Block[];
      // The decision line first (bold), never a warning; one message in the thread.
      expect(blocks[0].type, asked).toBe('section');
      expect(blocks[0].text?.text, asked).toMatch(/^\*.+\*$/);
      expect(blocks[0].text?.text, asked).not.toContain(':warning:');
      expect(dashboardPage(blocks), asked).toBe(page);
      expect(slack.visible('C0CHANNEL', String(root!.response?.ts)), asked).toHaveLength(1);
    }
    // Pictures went up through the v2 flow privately (the message shares them), never into a channel.
    const completions = slack.callsOf('files.completeUploadExternal');
    expect(completions.length).toBeGreaterThan(0);
    for (const c of completions) expect(c.args.channel_id).toBeUndefined();
  });

  it('follows up in a thread with the last parameters ("what if budget 3?")', async () => {
    slack.calls.length = 0;
    const thread = '1760001000.000100';
    const mention = (text: string, ts: string) =>
      eventBody({ type: 'app_mention', user: 'U0ALICE', text: `<@U0BOT> ${text}`, ts, thread_ts: thread, channel: 'C0CHANNEL', event_ts: ts });
    await sendEvent(`${running.url}/slack/events`, SECRET, mention('/predict sci-fi movie budget 7 Q3', thread));
    await slack.waitFor('chat.postMessage', 1, 30_000);
    await sendEvent(`${running.url}/slack/events`, SECRET, mention('what if budget 3?', '1760001000.000300'));
    const [first, second] = await slack.waitFor('chat.postMessage', 2, 30_000);
    const linkOf = (call: SlackCall) => (call.args.blocks as Block[]).flatMap((b) => b.elements ?? []).find((e) => e.url?.includes('/dashboard/'))?.url ?? '';
    expect(second.args.thread_ts).toBe(thread);
    expect(new URL(linkOf(first)).searchParams.get('budgetLevel')).toBe('7');
    const followUp = new URL(linkOf(second));
    expect(followUp.pathname).toBe('/dashboard/predict');
    expect(followUp.searchParams.get('budgetLevel')).toBe('3');
    expect(followUp.searchParams.get('quarter')).toBe(new URL(linkOf(first)).searchParams.get('quarter'));
    expect(followUp.searchParams.get('genre')).toBe(new URL(linkOf(first)).searchParams.get('genre'));
  });
});

describe('/digest, end to end', () => {
  it('reaches the digests from Slack and Teams', async () => {
    slack.calls.length = 0;
    await sendSlashCommand(`${running.url}/slack/events`, SECRET, '/digest', 'list');
    const [, answer] = await slack.waitFor('chat.postMessage', 2, 30_000);
    const header = (answer.args.blocks as Block[])[0].text?.text ?? '';
    expect(header).not.toContain('not available');
    expect(JSON.stringify(answer.args.blocks)).toContain('/digest');

    connector.posts.length = 0;
    await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(teamsMessage(connector.serviceUrl, '/digest list')),
    });
    const [message] = await connector.waitFor('message', 1, 30_000);
    expect(JSON.stringify(message.activity)).not.toContain('not available');
  });
});

describe('Teams, end to end', () => {
  it('answers every stage command and plain questions with Adaptive Cards', async () => {
    const asked = [...STAGE_COMMANDS.map(([c, t, page]) => [`${c} ${t}`, page]), ...QUESTIONS];
    for (const [text, page] of asked) {
      connector.posts.length = 0;
      const res = await fetch(`${running.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(teamsMessage(connector.serviceUrl, text)),
      });
      expect(res.status, text).toBe(200);
      const [message] = await connector.waitFor('message', 1, 30_000);
      const card = (message.activity.attachments as { content: { version: string; body: { text?: string; url?: string }[]; actions: { url?: string }[] } }[])[0]
        .content;
      expect(card.version).toBe('1.5');
      const open = card.actions.find((a) => a.url?.includes('/dashboard/'));
      expect(open && new URL(open.url!).pathname.split('/')[2], text).toBe(page);
      for (const image of card.body.filter((e) => e.url)) {
        const served = await fetch(image.url!);
        expect(served.status, image.url).toBe(200);
      }
    }
  });
});

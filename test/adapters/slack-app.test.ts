/**
 * The Slack adapter as deployed: signed requests over HTTP to the running server, the Bolt app's WebClient
 * talking to the fake Slack Web API on loopback.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatTurn } from '../../src/adapters/conversation.ts';
import { createSlackAdapter } from '../../src/adapters/slack/app.ts';
import type { Reply } from '../../src/reply/reply.ts';
import { startFakeSlack, type SlackCall } from '../fakes/slack-api.ts';
import { startFakeSocketMode } from '../fakes/slack-socket.ts';
import { buttonClickBody, clickButton, eventBody, postSignedSlack, sendEvent, sendSlashCommand, slashCommandBody } from '../fakes/slack-signing.ts';
import { SIGNING_SECRET, startSlackHarness, tempEmbeddedBackend, type SlackHarness } from './harness.ts';
import { answerReply, nativeReply } from './replies.ts';
import { webApi } from '@slack/bolt';

interface Block {
  type: string;
  slack_file?: { id: string };
  elements?: { type: string; value?: string; url?: string; action_id?: string }[];
  text?: { text: string };
}

let harness: SlackHarness;
const turns: ChatTurn[] = [];
/** What the next turn answers with; a function so a test can hold the answer back or throw. */
let next: (turn: ChatTurn) => Promise<Reply> = () => answerReply();

beforeAll(async () => {
  harness = await startSlackHarness(async (turn) => {
    turns.push(turn);
    return next(turn);
  });
});
afterAll(() => harness.close());
afterEach(() => {
  turns.length = 0;
  harness.fake.calls.length = 0;
  harness.fake.uploads.length = 0;
  next = () => answerReply();
});

const threadReplies = (): SlackCall[] => harness.fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts !== undefined);

describe('slash commands', () => {
  it('acks before the answer is ready, then uploads the charts privately (v2, no channel) and posts one Block Kit message in the thread', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    next = async () => {
      await held;
      return answerReply();
    };
    const started = performance.now();
    const ack = await sendSlashCommand(harness.eventsUrl, SIGNING_SECRET, '/explore', 'movies drama years 2010-2024');
    const ackMs = performance.now() - started;
    expect(ack.status).toBe(200);
    expect(ackMs).toBeLessThan(1000);
    // The ack came back while the answer was still being worked out.
    const [root] = await harness.fake.waitFor('chat.postMessage', 1);
    expect(threadReplies()).toHaveLength(0);
    expect(root.args).toMatchObject({ channel: 'C0CHANNEL' });
    expect(String(root.args.text)).toContain('/explore movies drama years 2010-2024');
    expect(root.token).toBe('xoxb-test-token');
    release();

    const posted = await harness.fake.waitFor('chat.postMessage', 2);
    const rootTs = String(root.response?.ts);
    expect(turns.map((t) => t.text)).toEqual(['/explore movies drama years 2010-2024']);
    expect(turns[0]).toMatchObject({ channel: 'slack', conversation: 'C0CHANNEL', user: 'U0ALICE', thread: `slack:T0TEST:C0CHANNEL:${rootTs}` });

    // v2 upload flow: one upload URL per chart, the bytes POSTed, completed without a channel (private: not posted).
    expect(harness.fake.callsOf('files.getUploadURLExternal').map((c) => c.args.filename)).toEqual([
      'explore.genre-distribution.png',
      'explore.release-trend.png',
    ]);
    const reply = await answerReply();
    expect(harness.fake.uploads.map((u) => u.bytes.equals(reply.images[harness.fake.uploads.indexOf(u)].png))).toEqual([true, true]);
    const [complete] = harness.fake.callsOf('files.completeUploadExternal');
    expect(complete.args.channel_id).toBeUndefined();
    expect(complete.args.thread_ts).toBeUndefined();
    const fileIds = (complete.args.files as { id: string }[]).map((f) => f.id);
    expect(fileIds).toEqual(harness.fake.uploads.map((u) => u.fileId));

    const answer = posted[1];
    expect(answer.args).toMatchObject({ channel: 'C0CHANNEL', thread_ts: rootTs });
    const blocks = answer.args.blocks as Block[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'image', 'image', 'actions', 'context']);
    expect(blocks.filter((b) => b.type === 'image').map((b) => b.slack_file?.id)).toEqual(fileIds);
    const buttons = blocks.find((b) => b.type === 'actions')?.elements ?? [];
    expect(buttons.map((b) => b.url ?? b.value)).toEqual([
      reply.dashboardUrl,
      ...reply.actions.map((a) => (a.kind === 'command' ? a.command : '')),
      '/digest subscribe explore',
    ]);
    // The answer arrives after the files it shows, and it is the only thing people see in the thread.
    expect(answer.at).toBeGreaterThan(complete.at);
    expect(harness.fake.visible('C0CHANNEL', rootTs).map((m) => m.kind)).toEqual(['message']);
  });

  it('takes the configured prefix off prefixed commands (/gl-explore → /explore, /gl-greenlight asks)', async () => {
    const seen: string[] = [];
    const h = await startSlackHarness(async (turn) => (seen.push(turn.text), answerReply()), { commandPrefix: 'gl-' });
    try {
      await sendSlashCommand(h.eventsUrl, SIGNING_SECRET, '/gl-explore', 'movies drama');
      await sendSlashCommand(h.eventsUrl, SIGNING_SECRET, '/gl-greenlight', "what's rising?");
      await h.fake.waitFor('chat.postMessage', 4);
      expect(seen.sort()).toEqual(['/explore movies drama', "what's rising?"]);
    } finally {
      await h.close();
    }
  });

  it('passes /greenlight questions through as plain words and /digest with its name', async () => {
    await sendSlashCommand(harness.eventsUrl, SIGNING_SECRET, '/greenlight', 'which is doing better, horror or thriller?');
    await sendSlashCommand(harness.eventsUrl, SIGNING_SECRET, '/digest', 'list');
    await harness.fake.waitFor('chat.postMessage', 4);
    expect(turns.map((t) => t.text).sort()).toEqual(['/digest list', 'which is doing better, horror or thriller?']);
  });

  it('rejects a badly signed or stale request with 401 and answers nothing', async () => {
    const forged = await sendSlashCommand(harness.eventsUrl, SIGNING_SECRET, '/explore', 'movies', { signWith: 'not-the-secret' });
    const stale = await sendSlashCommand(harness.eventsUrl, SIGNING_SECRET, '/explore', 'movies', { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect([forged.status, stale.status]).toEqual([401, 401]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(harness.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(turns).toEqual([]);
  });

  it('turns a failure into a short message in the thread, with the details only in the log', async () => {
    next = async () => {
      throw new Error('model cache corrupt at /var/lib/greenlight/models/abc');
    };
    await sendSlashCommand(harness.eventsUrl, SIGNING_SECRET, '/predict', 'sci-fi movie budget 7 Q3');
    const [, answer] = await harness.fake.waitFor('chat.postMessage', 2);
    const shown = JSON.stringify(answer.args);
    expect(shown).toContain('I could not finish the answer to');
    expect(shown).not.toContain('model cache corrupt');
    expect(shown).not.toMatch(/at .*\.ts:\d+/);
    expect(harness.logger.lines.some((l) => l.includes('model cache corrupt'))).toBe(true);
  });
});

describe('events', () => {
  it('answers an app mention in its thread, without the mention, and not again when Slack retries the event', async () => {
    const body = eventBody(
      { type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> what is rising?', ts: '1760000100.000200', channel: 'C0CHANNEL', event_ts: '1760000100.000200' },
      'Ev0MENTION1',
    );
    const first = await sendEvent(harness.eventsUrl, SIGNING_SECRET, body);
    expect(first.status).toBe(200);
    const [answer] = await harness.fake.waitFor('chat.postMessage', 1);
    expect(answer.args).toMatchObject({ channel: 'C0CHANNEL', thread_ts: '1760000100.000200' });
    expect(turns.map((t) => t.text)).toEqual(['what is rising?']);

    const retry = await sendEvent(harness.eventsUrl, SIGNING_SECRET, body, { retryNum: 1 });
    expect(retry.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(harness.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(turns).toHaveLength(1);
    expect(harness.logger.lines.some((l) => l.includes('Ev0MENTION1 already handled (retry 1'))).toBe(true);
  });

  it('answers a retried event it never saw (the first delivery was lost)', async () => {
    const body = eventBody(
      { type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> help', ts: '1760000200.000300', channel: 'C0CHANNEL', event_ts: '1760000200.000300' },
      'Ev0LOST',
    );
    expect((await sendEvent(harness.eventsUrl, SIGNING_SECRET, body, { retryNum: 2 })).status).toBe(200);
    await harness.fake.waitFor('chat.postMessage', 1);
    expect(turns.map((t) => t.text)).toEqual(['help']);
  });

  it('answers direct messages in a thread and ignores bot messages', async () => {
    const dm = eventBody({
      type: 'message',
      channel_type: 'im',
      channel: 'D0ALICE',
      user: 'U0ALICE',
      text: 'forecast horror',
      ts: '1760000300.000100',
      event_ts: '1760000300.000100',
    });
    const fromBot = eventBody({
      type: 'message',
      channel_type: 'im',
      channel: 'D0ALICE',
      bot_id: 'B0OTHER',
      text: 'beep',
      ts: '1760000300.000200',
      event_ts: '1760000300.000200',
    });
    await sendEvent(harness.eventsUrl, SIGNING_SECRET, fromBot);
    await sendEvent(harness.eventsUrl, SIGNING_SECRET, dm);
    const [answer] = await harness.fake.waitFor('chat.postMessage', 1);
    expect(answer.args).toMatchObject({ channel: 'D0ALICE', thread_ts: '1760000300.000100' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(turns.map((t) => t.text)).toEqual(['forecast horror']);
  });
});

describe('buttons', () => {
  it('runs a follow-up button in the same thread, keyed to that thread', async () => {
    const body = buttonClickBody('/understand movies drama years 2010-2024', 'greenlight_cmd_1', { ts: '1760000400.000500', thread_ts: '1760000400.000100' });
    const ack = await clickButton(harness.eventsUrl, SIGNING_SECRET, body);
    expect(ack.status).toBe(200);
    const [answer] = await harness.fake.waitFor('chat.postMessage', 1);
    expect(answer.args).toMatchObject({ channel: 'C0CHANNEL', thread_ts: '1760000400.000100' });
    expect(turns[0]).toMatchObject({ text: '/understand movies drama years 2010-2024', thread: 'slack:T0TEST:C0CHANNEL:1760000400.000100' });
  });

  it('only acknowledges a link button', async () => {
    const body = buttonClickBody('', 'greenlight_link_0', { ts: '1760000400.000500' });
    expect((await clickButton(harness.eventsUrl, SIGNING_SECRET, body)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(turns).toEqual([]);
  });
});

describe('Slack trouble', () => {
  it('tells the person privately how to invite the bot when it cannot post in the channel', async () => {
    harness.fake.failWith('chat.postMessage', 'not_in_channel', 1);
    const body = slashCommandBody('/explore', 'movies', { response_url: harness.fake.responseUrl });
    expect((await postSignedSlack(harness.eventsUrl, SIGNING_SECRET, body, 'application/x-www-form-urlencoded')).status).toBe(200);
    const [notice] = await harness.fake.waitFor('response_url', 1);
    expect(notice.args).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/invite @Greenlight') });
    expect(turns).toEqual([]);
  });

  it('waits for Retry-After when Slack answers 429, then posts', async () => {
    harness.fake.rateLimit('chat.postMessage', 1, 1);
    await sendSlashCommand(harness.eventsUrl, SIGNING_SECRET, '/forecast', 'horror');
    const [limited, root] = await harness.fake.waitFor('chat.postMessage', 2);
    expect(root.at - limited.at).toBeGreaterThanOrEqual(990);
    await harness.fake.waitFor('chat.postMessage', 3);
    expect(threadReplies()).toHaveLength(1);
  });

  it('retries while a fresh file is not ready for an image block, then shows it', async () => {
    harness.fake.failWith('chat.postMessage', 'invalid_blocks', 1);
    const body = eventBody({
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@U0BOT> explore',
      ts: '1760000500.000100',
      channel: 'C0CHANNEL',
      event_ts: '1760000500.000100',
    });
    await sendEvent(harness.eventsUrl, SIGNING_SECRET, body);
    const [rejected, accepted] = await harness.fake.waitFor('chat.postMessage', 2);
    expect(JSON.stringify(rejected.args.blocks)).toContain('slack_file');
    expect((accepted.args.blocks as Block[]).filter((b) => b.type === 'image')).toHaveLength(2);
  });

  it('describes the charts instead when Slack keeps refusing the image blocks', async () => {
    harness.fake.failWith('chat.postMessage', 'invalid_blocks', 3);
    const body = eventBody({
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@U0BOT> explore',
      ts: '1760000600.000100',
      channel: 'C0CHANNEL',
      event_ts: '1760000600.000100',
    });
    await sendEvent(harness.eventsUrl, SIGNING_SECRET, body);
    const posted = await harness.fake.waitFor('chat.postMessage', 4);
    const last = posted[3].args.blocks as Block[];
    expect(last.filter((b) => b.type === 'image')).toHaveLength(0);
    expect(JSON.stringify(last)).toContain('Titles by genre');
  });
});

describe('one message per answer, native charts', () => {
  it('models Slack: a file completed with channel_id + thread_ts is shared as a message of its own', async () => {
    // Why the adapter uploads privately: the old flow (share into the thread, then post) showed two messages.
    const client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: harness.fake.apiUrl });
    const reply = await answerReply();
    await client.files.uploadV2({
      channel_id: 'C0SHARED',
      thread_ts: '1760000900.000100',
      file_uploads: reply.images.map((i) => ({ file: i.png, filename: `${i.id}.png` })),
    });
    await client.chat.postMessage({ channel: 'C0SHARED', thread_ts: '1760000900.000100', text: 'the answer' });
    expect(harness.fake.visible('C0SHARED', '1760000900.000100').map((m) => m.kind)).toEqual(['file_share', 'message']);
  });

  it('posts each answer as exactly one visible message, its two most important native charts as data_visualization blocks', async () => {
    next = () => nativeReply();
    const body = eventBody({
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@U0BOT> explore',
      ts: '1760001000.000100',
      channel: 'C0NATIVE',
      event_ts: '1760001000.000100',
    });
    await sendEvent(harness.eventsUrl, SIGNING_SECRET, body);
    const [answer] = await harness.fake.waitFor('chat.postMessage', 1);
    expect(answer.response?.ok).toBe(true); // the fake checks Block Kit's limits (≤ 2 charts, labels, series)
    expect(turns[0].nativeCharts).toBe(2);
    const blocks = answer.args.blocks as (Block & { title?: string; chart?: { type: string } })[];
    // Decision first; the picture-only chart and the third native chart go out as images, in importance order.
    expect(blocks[0].text?.text).toBe('*Drama leads: 25% of genre tags, 3,120 titles (of 12,257 in scope).*');
    const charts = blocks.filter((b) => b.type === 'image' || b.type === 'data_visualization');
    const [scatterFile, trendFile] = harness.fake.uploads.map((u) => u.fileId);
    expect(charts.map((b) => (b.type === 'image' ? `image:${b.slack_file?.id}` : `${b.chart?.type}:${b.title}`))).toEqual([
      `image:${scatterFile}`,
      'bar:Titles per genre',
      'pie:Share of hits',
      `image:${trendFile}`,
    ]);
    expect(blocks.filter((b) => b.type === 'table')).toHaveLength(1);
    // Two pictures uploaded (not the natively drawn charts), privately; one message in the thread.
    expect(harness.fake.callsOf('files.getUploadURLExternal').map((c) => c.args.filename)).toEqual([
      'explore.quality-popularity.png',
      'explore.release-trend.png',
    ]);
    expect(harness.fake.callsOf('files.completeUploadExternal').every((c) => c.args.channel_id === undefined)).toBe(true);
    expect(harness.fake.visible('C0NATIVE').map((m) => m.kind)).toEqual(['message']);
    // The diagnostics wait behind "How sure are we?" instead of footnotes; Subscribe goes through /digest.
    const buttons = blocks.find((b) => b.type === 'actions')?.elements ?? [];
    expect(buttons.map((b) => b.action_id)).toContain('greenlight_sure');
    expect(buttons.map((b) => b.value)).toContain('/digest subscribe explore');
    const footer = blocks.at(-1) as unknown as { elements: { text: string }[] };
    expect(footer.elements.map((e) => e.text).join(' ')).not.toContain('no model involved');
  });

  it('retries until Slack has processed the private uploads, still one message', async () => {
    const slow = await startFakeSlack({ fileProcessingMs: 300 });
    const h = await startSlackHarness(async () => nativeReply(), { fake: slow, fileReadyDelays: [400, 400] });
    try {
      const body = eventBody({
        type: 'app_mention',
        user: 'U0ALICE',
        text: '<@U0BOT> explore',
        ts: '1760001100.000100',
        channel: 'C0SLOW',
        event_ts: '1760001100.000100',
      });
      await sendEvent(h.eventsUrl, SIGNING_SECRET, body);
      await waitUntil(() => slow.visible('C0SLOW').length > 0, 5_000);
      const posts = slow.callsOf('chat.postMessage');
      expect(posts[0].response).toMatchObject({ ok: false, error: 'invalid_blocks' });
      expect(String((posts[0].response as { errors: string[] }).errors[0])).toMatch(/invalid slack file/);
      expect(slow.visible('C0SLOW')).toHaveLength(1);
      expect((slow.visible('C0SLOW')[0].blocks as Block[]).filter((b) => b.type === 'image')).toHaveLength(2);
    } finally {
      await h.close();
      await slow.close();
    }
  });

  it('"How sure are we?" posts the diagnostics in the thread', async () => {
    const reply = await nativeReply();
    const value = reply.diagnostics!.join('\n');
    await clickButton(harness.eventsUrl, SIGNING_SECRET, buttonClickBody(value, 'greenlight_sure', { ts: '1760001200.000100' }, 'C0SURE'));
    const [posted] = await harness.fake.waitFor('chat.postMessage', 1);
    expect(posted.args).toMatchObject({ channel: 'C0SURE', thread_ts: '1760001200.000100' });
    expect(JSON.stringify(posted.args.blocks)).toContain('no model involved');
    expect(turns).toHaveLength(0); // answered from the button, without asking again
  });
});

describe('link unfurls', () => {
  it('unfurls a pasted dashboard link into its decision line and main chart (link_shared → chat.unfurl), and leaves other links alone', async () => {
    const dashboard = 'https://greenlight.example.com/dashboard/explore?genres=Drama&type=movie';
    const previewed: string[] = [];
    const h = await startSlackHarness(async () => answerReply(), {
      preview: async (url) => (previewed.push(url), url.startsWith('https://greenlight.example.com/dashboard/') ? nativeReply() : null),
    });
    try {
      const body = eventBody({
        type: 'link_shared',
        channel: 'C0LINKS',
        user: 'U0ALICE',
        message_ts: '1760001300.000100',
        unfurl_id: 'U0UNFURL',
        source: 'conversations_history',
        links: [
          { domain: 'greenlight.example.com', url: dashboard },
          { domain: 'example.org', url: 'https://example.org/elsewhere' },
        ],
        event_ts: '1760001300.000200',
      });
      await sendEvent(h.eventsUrl, SIGNING_SECRET, body);
      const [unfurl] = await h.fake.waitFor('chat.unfurl', 1);
      expect(unfurl.response).toEqual({ ok: true }); // valid Block Kit per the fake's checks
      expect(unfurl.args).toMatchObject({ channel: 'C0LINKS', ts: '1760001300.000100' });
      const unfurls = unfurl.args.unfurls as Record<string, { blocks: (Block & { chart?: { type: string } })[] }>;
      expect(Object.keys(unfurls)).toEqual([dashboard]);
      const blocks = unfurls[dashboard].blocks;
      expect(blocks[0].text?.text).toContain('Drama leads');
      // The most important chart that maps (the scatter has no native form): the genre bars.
      expect(blocks[1]).toMatchObject({ type: 'data_visualization', title: 'Titles per genre' });
      expect(previewed).toEqual([dashboard, 'https://example.org/elsewhere']);
      expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0); // a preview, not an answer in the channel
    } finally {
      await h.close();
    }
  });
});

async function waitUntil(ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Socket Mode', () => {
  it('connects out through apps.connections.open, acks the envelope and answers in the thread', async () => {
    const socket = await startFakeSocketMode();
    const fake = await startFakeSlack({ socketModeUrl: socket.url });
    const state = await tempEmbeddedBackend();
    const seen: string[] = [];
    const adapter = createSlackAdapter({
      botToken: 'xoxb-test',
      transport: { mode: 'socket', appToken: 'xapp-test' },
      apiUrl: fake.apiUrl,
      state,
      handler: async (turn) => {
        seen.push(turn.text);
        return answerReply();
      },
    });
    try {
      expect(adapter.requestListener).toBeUndefined();
      await adapter.start();
      await socket.connected();
      expect(fake.callsOf('apps.connections.open')[0].token).toBe('xapp-test');
      const command = Object.fromEntries(new URLSearchParams(slashCommandBody('/forecast', 'horror')));
      const sent = socket.deliver('slash_commands', command, 'env-1');
      const ack = await socket.waitForAck('env-1');
      expect(ack.at - sent).toBeLessThan(1000);
      const [root, answer] = await fake.waitFor('chat.postMessage', 2);
      expect(answer.args).toMatchObject({ channel: 'C0CHANNEL', thread_ts: root.response?.ts });
      expect(seen).toEqual(['/forecast horror']);
    } finally {
      await adapter.stop(1_000);
      await fake.close();
      await socket.close();
      await state.close();
    }
  });
});

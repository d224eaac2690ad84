/**
 * "Subscribe" from any reply, end to end in Slack: the answer's button runs `/digest subscribe <stage>` through
 * the assistant and the digests' `/digest` flow, which offers a schedule picker; picking a schedule stores the
 * subscription for that channel, owned by whoever picked it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelOfTurn } from '../../src/digests/chat.ts';
import { handleDigestCommand } from '../../src/digests/command.ts';
import { openEmbeddedBackend } from '../../src/state/embedded.ts';
import { DigestState } from '../../src/digests/state.ts';
import { createAssistant } from '../../src/server/assistant.ts';
import type { AnswerDeps } from '../../src/reply/deps.ts';
import { FakeClock } from '../digests/fake-clock.ts';
import { buttonClickBody, clickButton, sendSlashCommand } from '../fakes/slack-signing.ts';
import { SIGNING_SECRET, startSlackHarness, type SlackHarness } from './harness.ts';
import { answerReply } from './replies.ts';

interface Button {
  action_id: string;
  value?: string;
  text: { text: string };
}

let dir: string;
let state: DigestState;
let harness: SlackHarness;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-subscribe-'));
  state = new DigestState(await openEmbeddedBackend(join(dir, 'state.sqlite')));
  const clock = new FakeClock('2026-03-25T10:00:00Z');
  const handler = createAssistant({
    deps: {} as AnswerDeps, // questions are answered by `ask` below; only /digest reaches the digests
    ask: () => answerReply(),
    digest: (args, turn) => handleDigestCommand(args, channelOfTurn(turn), turn.user ?? 'unknown', { state, clock }),
  });
  harness = await startSlackHarness(handler);
});
afterAll(async () => {
  await harness.close();
  await state.close();
  await rm(dir, { recursive: true, force: true });
});

const buttonsOf = (blocks: unknown): Button[] =>
  (blocks as { type: string; elements?: Button[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

describe('Subscribe', () => {
  it('turns the question into a digest through /digest, with a schedule picker', async () => {
    await sendSlashCommand(harness.eventsUrl, SIGNING_SECRET, '/explore', 'movies drama');
    const [, answer] = await harness.fake.waitFor('chat.postMessage', 2);
    const thread = String(answer.args.thread_ts);
    const subscribe = buttonsOf(answer.args.blocks).find((b) => b.text.text === 'Subscribe')!;
    expect(subscribe.value).toBe('/digest subscribe explore');

    await clickButton(
      harness.eventsUrl,
      SIGNING_SECRET,
      buttonClickBody(subscribe.value!, subscribe.action_id, { ts: String(answer.response?.ts), thread_ts: thread }),
    );
    const picker = (await harness.fake.waitFor('chat.postMessage', 3))[2];
    expect(picker.args.thread_ts).toBe(thread);
    const choices = buttonsOf(picker.args.blocks).filter((b) => b.value?.startsWith('/digest '));
    expect(choices.map((c) => c.text.text)).toEqual(['Weekly, Monday 09:00', 'Daily 09:00']);
    expect(await state.listSubscriptions()).toHaveLength(0); // nothing until a schedule is picked

    await clickButton(
      harness.eventsUrl,
      SIGNING_SECRET,
      buttonClickBody(choices[0].value!, choices[0].action_id, { ts: String(picker.response?.ts), thread_ts: thread }),
    );
    const confirmed = (await harness.fake.waitFor('chat.postMessage', 4))[3];
    expect(String(confirmed.args.text)).toMatch(/Digest scheduled/);
    const [sub] = await state.listSubscriptions();
    expect(sub).toMatchObject({
      channel: { kind: 'slack', channelId: 'C0CHANNEL' },
      owner: 'U0ALICE',
      status: 'active',
      schedule: { cron: '0 9 * * 1', timezone: 'UTC' },
      content: { kind: 'digest', sections: ['rising', 'movers', 'anomalies', 'green'] },
    });
  });
});

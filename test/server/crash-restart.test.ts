/**
 * Finding 1 of issue 20, against real `serve`-style processes on loopback: a correctly signed Slack body of
 * `null` (JSON) or `payload=null` (form) used to kill the process, and the questions it had already acknowledged
 * were lost. Now such a body is refused with a 400 and the server keeps answering; and when the process does die
 * after acknowledging questions (here: SIGKILL while its answers are on their way to Slack), a restarted process
 * on the same data finds them in the durable outbox and answers every one in its thread.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CatalogStore } from '../../src/data/store.ts';
import { ANSWER_SUBSCRIPTION } from '../../src/digests/answers.ts';
import { DigestState } from '../../src/digests/state.ts';
import { openEmbeddedBackend } from '../../src/state/embedded.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { startFakeSlack, type FakeSlack, type SlackCall } from '../fakes/slack-api.ts';
import { postSignedSlack, sendSlashCommand } from '../fakes/slack-signing.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SECRET = 'crash-test-signing-secret';
const LEASE_MS = 4_000;

let slack: FakeSlack;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  slack = await startFakeSlack();
  dir = await mkdtemp(join(tmpdir(), 'gl-crash-'));
  await new CatalogStore(dir).save(await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z')));
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await slack?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Starts a server process on the shared data directory; resolves with its URL once it listens. */
function startServer(): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/server/serve-process.ts'), String(LEASE_MS)], {
    cwd: ROOT,
    env: {
      ...process.env,
      GREENLIGHT_DATA_DIR: dir,
      GREENLIGHT_PORT: '0',
      SLACK_BOT_TOKEN: 'xoxb-crash-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      GREENLIGHT_DIGEST_INTERVAL_SECONDS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  return new Promise((ready, fail) => {
    child.stdout?.on('data', (d: Buffer) => {
      const url = /listening (\S+)/.exec(d.toString())?.[1];
      if (url) ready({ child, url, log: () => log });
    });
    child.once('exit', (code, signal) => fail(new Error(`server exited (${code ?? signal}) before listening: ${log}`)));
  });
}

const QUESTIONS: [string, string][] = [
  ['/explore', 'movies drama'],
  ['/greenlight', 'which is doing better, horror or thriller?'],
  ['/identify', 'tv'],
];

it("refuses null bodies and stays up; a killed process's acknowledged questions are answered after a restart", async () => {
  const first = await startServer();
  const events = `${first.url}/slack/events`;

  // The bodies that used to kill the process: signed correctly, so only their content is wrong.
  const json = await postSignedSlack(events, SECRET, 'null', 'application/json');
  const form = await postSignedSlack(events, SECRET, 'payload=null', 'application/x-www-form-urlencoded');
  const array = await postSignedSlack(events, SECRET, '[1,2]', 'application/json');
  expect([json.status, form.status, array.status]).toEqual([400, 400, 400]);
  expect(await json.text()).toContain('JSON object');
  expect(first.child.exitCode).toBeNull();
  expect((await fetch(`${first.url}/healthz`)).status).toBe(200);

  // Every answer on its way into a thread is held by "Slack" (its sender waits forever); then the process dies.
  let holding = true;
  slack.intercept((call) => (holding && call.method === 'chat.postMessage' && call.args.thread_ts !== undefined ? 'hold' : undefined));
  const acks = await Promise.all(QUESTIONS.map(([command, text]) => sendSlashCommand(events, SECRET, command, text)));
  expect(acks.map((a) => a.status)).toEqual([200, 200, 200]);
  await slack.waitFor('chat.postMessage', QUESTIONS.length * 2, 60_000); // the "asked:" roots and the held answers
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));

  const roots = slack.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === undefined);
  expect(roots).toHaveLength(QUESTIONS.length);
  const answered = (root: SlackCall) => slack.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === root.response?.ts && c.response !== undefined);
  expect(roots.map(answered).flat()).toEqual([]); // nothing reached anyone before the crash

  // The restarted process takes the answers over once the dead one's lease runs out, and posts each in its thread.
  holding = false;
  const second = await startServer();
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && !roots.every((r) => answered(r).length > 0)) await new Promise((r) => setTimeout(r, 250));
  for (const [i, [command, text]] of QUESTIONS.entries()) {
    const root = roots.find((r) => String(r.args.text).includes(command === '/greenlight' ? text : `${command} ${text}`));
    expect(root, `${command} ${text}`).toBeDefined();
    const answers = answered(root!);
    expect(answers.length, `answer to question ${i}`).toBeGreaterThanOrEqual(1);
    // An answer opens with its decision line (bold); a failure would open with a warning header.
    const first = (answers[0].args.blocks as { type: string; text?: { text: string } }[])[0];
    expect(first.type).toBe('section');
    expect(first.text?.text).toMatch(/^\*.+\*$/);
    expect(first.text?.text).not.toContain('Something went wrong');
  }
  expect(second.child.exitCode).toBeNull();
  expect(second.log()).toMatch(/delivery answer@\S+: sent to Slack channel C0CHANNEL/);
  // A delivered answer is dropped from the outbox, which every tick reads: it holds only unfinished work.
  const state = new DigestState(await openEmbeddedBackend(join(dir, 'state.sqlite')));
  try {
    let answers = await state.listDeliveries(ANSWER_SUBSCRIPTION);
    for (let i = 0; i < 40 && answers.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      answers = await state.listDeliveries(ANSWER_SUBSCRIPTION);
    }
    expect(answers).toEqual([]);
  } finally {
    await state.close();
  }
}, 180_000);

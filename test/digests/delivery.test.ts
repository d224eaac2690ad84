/**
 * The outbox end to end on the embedded store, with a fake clock: catch-up and the staleness rule, retries
 * honouring Retry-After, fatal errors (owner told, other channels unaffected), a per-delivery timeout, and
 * never-twice when a sender dies between Slack accepting the message and the outbox marking it sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/digests/dispatcher.ts';
import { newEntry } from '../../src/digests/planner.ts';
import { runNow, tick } from '../../src/digests/scheduler.ts';
import { startHarness, subscription, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const MONDAY_9_BERLIN = '2026-03-30T07:00:00.000Z'; // CEST, the first Monday after spring-forward

describe('catch-up after downtime and the staleness rule', () => {
  it('sends a missed digest late while within the limit, once, and nothing for occurrences already past', async () => {
    h = await startHarness('2026-03-30T09:30:00Z'); // 2.5 h after Monday 09:00 Berlin: the replica was down
    await h.runtime.state.putSubscription(subscription('dg-weekly', 'C0WEEKLY', ['weekly', 'mon', '09:00', 'Europe/Berlin']));
    const first = await tick(h.runtime.deps);
    expect(first.planned).toEqual([`dg-weekly@${MONDAY_9_BERLIN}`]);
    expect(first.results[`dg-weekly@${MONDAY_9_BERLIN}`]).toBe('sent');
    h.clock.advance(60_000);
    const second = await tick(h.runtime.deps);
    expect(second.planned).toEqual([]);
    const messages = await h.messages('C0WEEKLY');
    expect(messages).toHaveLength(1);
    expect(messages[0].metadata?.event_payload?.delivery_id).toBe(`dg-weekly@${MONDAY_9_BERLIN}`);
    expect(messages[0].text).toContain('Greenlight digest');
  });

  it('replaces a digest more than the limit late by a note saying what was skipped and when the next is due', async () => {
    h = await startHarness('2026-03-30T15:00:00Z'); // 8 h late > 6 h
    await h.runtime.state.putSubscription(subscription('dg-late', 'C0LATE', ['weekly', 'mon', '09:00', 'Europe/Berlin']));
    const report = await tick(h.runtime.deps);
    expect(report.results[`dg-late@${MONDAY_9_BERLIN}`]).toBe('sent');
    const entry = await h.runtime.state.getDelivery(`dg-late@${MONDAY_9_BERLIN}`);
    expect(entry?.kind).toBe('skip-note');
    const [note] = await h.messages('C0LATE');
    expect(note.text).toMatch(/Digest skipped/);
    const post = h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === 'C0LATE');
    expect(JSON.stringify(post?.args.blocks)).toMatch(/8 h late.*next one is due Mon 6 Apr, 09:00/);
  });

  it('a delivery planned before a crash but first attempted past the limit becomes the skip note', async () => {
    h = await startHarness(MONDAY_9_BERLIN);
    const sub = subscription('dg-planned', 'C0PLANNED', ['weekly', 'mon', '09:00', 'Europe/Berlin']);
    await h.runtime.state.putSubscription(sub);
    await h.runtime.state.planDelivery(newEntry(sub, new Date(MONDAY_9_BERLIN), 'digest')); // then the process died
    h.clock.set('2026-03-30T17:00:00Z'); // back 10 h later
    const report = await tick(h.runtime.deps);
    expect(report.planned).toEqual([]);
    expect(report.results[`dg-planned@${MONDAY_9_BERLIN}`]).toBe('sent');
    expect((await h.runtime.state.getDelivery(`dg-planned@${MONDAY_9_BERLIN}`))?.kind).toBe('skip-note');
    expect((await h.messages('C0PLANNED'))[0].text).toMatch(/Digest skipped/);
  });

  it('only the latest missed occurrence is owed: three days of a daily digest down give one delivery', async () => {
    h = await startHarness('2026-03-11T13:40:00Z'); // daily 08:30 New York = 12:30Z (EDT); down since the 8th
    await h.runtime.state.putSubscription(
      subscription('dg-daily', 'C0DAILY', ['daily', '08:30', 'America/New_York'], { createdAt: '2026-03-01T00:00:00.000Z' }),
    );
    const report = await tick(h.runtime.deps);
    expect(report.planned).toEqual(['dg-daily@2026-03-11T12:30:00.000Z']);
    expect(await h.messages('C0DAILY')).toHaveLength(1);
  });
});

describe('retries', () => {
  it('waits out a 429 for its Retry-After (not sooner), then sends once', async () => {
    h = await startHarness('2026-03-30T07:00:05Z');
    await h.runtime.state.putSubscription(subscription('dg-rl', 'C0RL', ['weekly', 'mon', '09:00', 'Europe/Berlin']));
    h.slack.rateLimit('chat.postMessage', 30);
    const id = `dg-rl@${MONDAY_9_BERLIN}`;
    expect((await tick(h.runtime.deps)).results[id]).toBe('retry');
    const waiting = await h.runtime.state.getDelivery(id);
    expect(waiting?.state).toBe('planned');
    expect(waiting?.lastError).toMatch(/rate limit/);
    expect(Date.parse(waiting?.notBefore ?? '') - h.clock.now().getTime()).toBe(30_000);
    h.clock.advance(20_000);
    expect((await tick(h.runtime.deps)).results[id]).toBeUndefined(); // not due yet
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
    h.clock.advance(10_000);
    expect((await tick(h.runtime.deps)).results[id]).toBe('sent');
    expect(await h.messages('C0RL')).toHaveLength(1);
    expect((await h.runtime.state.getDelivery(id))?.attempts).toBe(2);
  });

  it('backs off on 5xx and, because a 5xx may have posted, checks the channel before resending', async () => {
    h = await startHarness('2026-03-30T07:00:05Z');
    await h.runtime.state.putSubscription(subscription('dg-5xx', 'C05XX', ['weekly', 'mon', '09:00', 'Europe/Berlin']));
    h.slack.intercept((call) => (call.method === 'chat.postMessage' && h?.slack.callsOf('chat.postMessage').length === 1 ? { status: 503 } : undefined));
    const id = `dg-5xx@${MONDAY_9_BERLIN}`;
    expect((await tick(h.runtime.deps)).results[id]).toBe('retry');
    const entry = await h.runtime.state.getDelivery(id);
    expect(entry?.uncertain).toBe(true);
    // equal jitter with random 0.5: 2 s base → 1.5 s
    expect(Date.parse(entry?.notBefore ?? '') - h.clock.now().getTime()).toBe(1_500);
    h.clock.advance(1_500);
    expect((await tick(h.runtime.deps)).results[id]).toBe('sent');
    expect(h.slack.callsOf('conversations.history').length).toBeGreaterThanOrEqual(1);
    expect(await h.messages('C05XX')).toHaveLength(1);
  });
});

describe('fatal errors and isolation', () => {
  it('a channel the app is not in stops its subscription and DMs the owner; a hanging channel times out; others are sent', async () => {
    h = await startHarness('2026-03-30T07:00:05Z', { GREENLIGHT_DIGEST_TIMEOUT_SECONDS: '2' });
    for (const [id, channel] of [
      ['dg-ok1', 'C0OK1'],
      ['dg-gone', 'C0GONE'],
      ['dg-hang', 'C0HANG'],
      ['dg-ok2', 'C0OK2'],
    ]) {
      await h.runtime.state.putSubscription(subscription(id, channel, ['weekly', 'mon', '09:00', 'Europe/Berlin']));
    }
    h.slack.intercept((call) => {
      if (call.method !== 'chat.postMessage') return undefined;
      if (call.args.channel === 'C0GONE') return { status: 200, error: 'not_in_channel' };
      if (call.args.channel === 'C0HANG' && h?.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0HANG').length === 1) return 'hold';
      return undefined;
    });
    const report = await tick(h.runtime.deps); // the hanging post costs its own 2 s timeout, nobody else's
    expect(report.results).toMatchObject({
      [`dg-ok1@${MONDAY_9_BERLIN}`]: 'sent',
      [`dg-ok2@${MONDAY_9_BERLIN}`]: 'sent',
      [`dg-gone@${MONDAY_9_BERLIN}`]: 'failed',
      [`dg-hang@${MONDAY_9_BERLIN}`]: 'retry',
    });
    const sub = await h.runtime.state.getSubscription('dg-gone');
    expect(sub?.status).toBe('failed');
    expect(sub?.failure).toMatch(/not_in_channel/);
    const dm = h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === 'U0OWNER');
    expect(String(dm?.args.text)).toMatch(/dg-gone.*not_in_channel/);
    // The held post did reach Slack: the retry finds it there and does not post again.
    h.clock.advance(60_000);
    expect((await tick(h.runtime.deps)).results[`dg-hang@${MONDAY_9_BERLIN}`]).toBe('sent');
    expect(await h.messages('C0HANG')).toHaveLength(1);
    // A failed subscription is not planned again next week.
    h.clock.set('2026-04-06T07:00:05Z');
    const next = await tick(h.runtime.deps);
    expect(next.planned.some((p) => p.startsWith('dg-gone'))).toBe(false);
    expect(h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0GONE')).toHaveLength(1);
  });

  it('revoked token: fatal at once, no retries', async () => {
    h = await startHarness('2026-03-30T07:00:05Z');
    await h.runtime.state.putSubscription(subscription('dg-revoked', 'C0REV', ['weekly', 'mon', '09:00', 'Europe/Berlin']));
    h.slack.failWith('chat.postMessage', 'token_revoked');
    expect((await tick(h.runtime.deps)).results[`dg-revoked@${MONDAY_9_BERLIN}`]).toBe('failed');
    expect((await h.runtime.state.getDelivery(`dg-revoked@${MONDAY_9_BERLIN}`))?.attempts).toBe(1);
  });
});

describe('never twice', () => {
  it('a sender that died after Slack accepted the post (before marking it sent) is reconciled, not resent', async () => {
    h = await startHarness('2026-03-30T07:00:05Z');
    const sub = subscription('dg-crash', 'C0CRASH', ['weekly', 'mon', '09:00', 'Europe/Berlin']);
    await h.runtime.state.putSubscription(sub);
    const { state, deps } = h.runtime;
    // What the dead replica did: planned, claimed with its token, posted — and died before the commit.
    const entry = newEntry(sub, new Date(MONDAY_9_BERLIN), 'digest');
    await state.planDelivery(entry);
    const token = await state.backend.nextFence();
    const leaseUntil = new Date(h.clock.now().getTime() + deps.leaseMs).toISOString();
    expect(await state.claimDelivery({ ...entry, state: 'sending', leaseUntil, attempts: 1 }, token)).toBe(true);
    const reply = await deps.composer.compose(sub, new Date(MONDAY_9_BERLIN));
    const ac = new AbortController();
    const outcome = await deps.delivererFor(sub.channel).deliver(sub.channel, reply!, {
      deliveryId: entry.id,
      signal: ac.signal,
      progress: { uploaded: [] },
      checkpoint: async () => undefined, // the crash: nothing reaches the outbox
    });
    expect(outcome.status).toBe('ok');
    // While its lease runs, nobody touches it.
    expect((await tick(h.runtime.deps)).results[entry.id]).toBeUndefined();
    h.clock.advance(deps.leaseMs + 1);
    expect((await tick(h.runtime.deps)).results[entry.id]).toBe('sent');
    expect(await h.messages('C0CRASH')).toHaveLength(1);
    expect(h.logs.some((l) => l.includes('already in the channel'))).toBe(true);
    // A stale holder's late commit is refused by its fencing token.
    expect(await state.commitDelivery({ ...entry, fence: token, state: 'failed' })).toBe(false);
    expect((await state.getDelivery(entry.id))?.state).toBe('sent');
  });

  it('a sender that died before posting is resent after its lease, exactly once', async () => {
    h = await startHarness('2026-03-30T07:00:05Z');
    const sub = subscription('dg-early', 'C0EARLY', ['weekly', 'mon', '09:00', 'Europe/Berlin']);
    await h.runtime.state.putSubscription(sub);
    const entry = newEntry(sub, new Date(MONDAY_9_BERLIN), 'digest');
    await h.runtime.state.planDelivery(entry);
    const token = await h.runtime.state.backend.nextFence();
    await h.runtime.state.claimDelivery({ ...entry, state: 'sending', leaseUntil: new Date(h.clock.now().getTime() + 1000).toISOString() }, token);
    h.clock.advance(1001);
    expect((await tick(h.runtime.deps)).results[entry.id]).toBe('sent');
    expect(await h.messages('C0EARLY')).toHaveLength(1);
  });

  it('two schedulers racing over the same store send each delivery once', async () => {
    h = await startHarness('2026-03-30T07:00:05Z');
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (const id of ids) await h.runtime.state.putSubscription(subscription(`dg-${id}`, `C0${id.toUpperCase()}`, ['weekly', 'mon', '09:00', 'Europe/Berlin']));
    const [r1, r2] = await Promise.all([tick(h.runtime.deps), tick(h.runtime.deps)]);
    for (const id of ids) {
      expect(await h.messages(`C0${id.toUpperCase()}`)).toHaveLength(1);
      const outcomes = [r1.results[`dg-${id}@${MONDAY_9_BERLIN}`], r2.results[`dg-${id}@${MONDAY_9_BERLIN}`]];
      expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    }
    // Dispatching a finished delivery again does nothing.
    expect(await dispatch(h.runtime.deps, `dg-a@${MONDAY_9_BERLIN}`)).toBe('not-due');
  });
});

describe('run now', () => {
  it('delivers a subscription outside its schedule through the outbox, and a missing token fails only that delivery', async () => {
    h = await startHarness('2026-03-31T12:00:00Z');
    await h.runtime.state.putSubscription(subscription('dg-now', 'C0NOW', ['weekly', 'mon', '09:00', 'Europe/Berlin']));
    const { entry, result } = await runNow(h.runtime.deps, 'dg-now');
    expect(result).toBe('sent');
    expect(entry.id).toMatch(/^dg-now@manual-[0-9a-f]{8}$/);
    expect(entry.state).toBe('sent');
    expect(await h.messages('C0NOW')).toHaveLength(1);
    await expect(runNow(h.runtime.deps, 'dg-missing')).rejects.toThrow(/No subscription dg-missing/);

    const unconfigured = await startHarness('2026-03-31T12:00:00Z', { SLACK_BOT_TOKEN: '' });
    try {
      await unconfigured.runtime.state.putSubscription(subscription('dg-token', 'C0TOK', ['weekly', 'mon', '09:00', 'Europe/Berlin']));
      const out = await runNow(unconfigured.runtime.deps, 'dg-token');
      expect(out.result).toBe('failed');
      expect(out.entry.lastError).toMatch(/SLACK_BOT_TOKEN is not set/);
      expect((await unconfigured.runtime.state.getSubscription('dg-token'))?.status).toBe('active');
    } finally {
      await unconfigured.close();
    }
  });
});

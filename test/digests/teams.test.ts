/** A digest posted proactively to Teams (botbuilder CloudAdapter, local mode) at the fake Bot Framework connector. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tick } from '../../src/digests/scheduler.ts';
import { classifyTeamsError } from '../../src/digests/teams.ts';
import { startFakeConnector, type FakeConnector } from '../fakes/botframework-connector.ts';
import { startHarness, subscription, type Harness } from './harness.ts';

let h: Harness;
let connector: FakeConnector;
beforeAll(async () => {
  connector = await startFakeConnector();
  h = await startHarness('2026-03-30T07:00:05Z', { GREENLIGHT_LOCAL_MODE: 'true' });
});
afterAll(async () => {
  await h.close();
  await connector.close();
});

it('posts the digest as an Adaptive Card into the subscribed conversation, once', async () => {
  const conversationId = '19:digest-test@thread.tacv2';
  await h.runtime.state.putSubscription(
    subscription('dg-teams', 'unused', ['weekly', 'mon', '09:00', 'Europe/Berlin'], {
      channel: { kind: 'teams', conversationId, serviceUrl: connector.serviceUrl },
    }),
  );
  const report = await tick(h.runtime.deps);
  expect(report.results['dg-teams@2026-03-30T07:00:00.000Z']).toBe('sent');
  expect(connector.posts).toHaveLength(1);
  const [post] = connector.posts;
  expect(post.conversationId).toBe(conversationId);
  const attachments = post.activity.attachments as { contentType: string; content: { body: { text?: string }[] } }[];
  expect(attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
  expect(JSON.stringify(attachments[0].content)).toContain('Rising stars');
  expect(post.activity.channelData).toEqual({ greenlightDeliveryId: 'dg-teams@2026-03-30T07:00:00.000Z' });
  expect((await h.runtime.state.getDelivery('dg-teams@2026-03-30T07:00:00.000Z'))?.messageRef).toBe('1:reply-1');
  h.clock.advance(60_000);
  await tick(h.runtime.deps);
  expect(connector.posts).toHaveLength(1);
});

it('a conversation without a service URL fails at once; connector errors are classified', async () => {
  await h.runtime.state.putSubscription(
    subscription('dg-teams-nourl', 'unused', ['weekly', 'mon', '09:00', 'Europe/Berlin'], { channel: { kind: 'teams', conversationId: '19:x', serviceUrl: '' } }),
  );
  expect((await tick(h.runtime.deps)).results['dg-teams-nourl@2026-03-30T07:00:00.000Z']).toBe('failed');
  expect((await h.runtime.state.getSubscription('dg-teams-nourl'))?.failure).toMatch(/no service URL/);
  expect(classifyTeamsError({ statusCode: 403, message: 'bot not in conversation' }).status).toBe('fatal');
  expect(classifyTeamsError({ statusCode: 502, message: 'bad gateway' })).toMatchObject({ status: 'retryable', uncertain: true });
});

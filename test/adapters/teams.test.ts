/**
 * The Teams adapter as deployed: activities POSTed to the running server's `/api/messages`, replies arriving
 * at a fake Bot Framework connector on loopback; with authentication on, tokens from a loopback OpenID issuer.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChatTurn } from '../../src/adapters/conversation.ts';
import { imageUrlWithin } from '../../src/adapters/teams/card.ts';
import { createBotFrameworkEndpoint, TeamsConfigError } from '../../src/adapters/teams/transport.ts';
import { teamsRoute } from '../../src/adapters/teams/channel.ts';
import { createHttpServer } from '../../src/server/http.ts';
import { SharedImageStore, servedImageUrl } from '../../src/state/images.ts';
import type { Reply } from '../../src/reply/reply.ts';
import { startFakeConnector, teamsMessage, type FakeConnector } from '../fakes/botframework-connector.ts';
import { startFakeIssuer, type FakeIssuer } from '../fakes/openid-issuer.ts';
import { closeServer, listen, recordingLogger, tempEmbeddedBackend } from './harness.ts';
import { answerReply, nativeReply } from './replies.ts';

interface CardJson {
  version: string;
  body: { type: string; text?: string; url?: string; altText?: string; facts?: { title: string; value: string }[] }[];
  actions: { type: string; title: string; url?: string; data?: { greenlight: string } }[];
}

const turns: ChatTurn[] = [];
let next: (turn: ChatTurn) => Promise<Reply> = () => answerReply();
const handler = async (turn: ChatTurn) => {
  turns.push(turn);
  return next(turn);
};

function cardOf(activity: Record<string, unknown>): CardJson {
  const [attachment] = activity.attachments as { contentType: string; content: CardJson }[];
  expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return attachment.content;
}

async function post(url: string, activity: Record<string, unknown>, token?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(activity),
  });
}

describe('Teams, local mode (authentication explicitly off)', () => {
  let connector: FakeConnector;
  let base = '';
  let close: () => Promise<void>;
  const logger = recordingLogger();

  beforeAll(async () => {
    connector = await startFakeConnector();
    const state = await tempEmbeddedBackend();
    const images = new SharedImageStore(state);
    let publicUrl = '';
    const teams = createBotFrameworkEndpoint({ localMode: true, handler, imageUrl: (image) => servedImageUrl(images, publicUrl)(image), logger });
    const server = createHttpServer({ routes: [teamsRoute(teams)], images, health: () => ({}), logger });
    base = publicUrl = await listen(server);
    close = async () => {
      await closeServer(server);
      await connector.close();
      await state.close();
    };
  });
  afterAll(() => close());
  afterEach(() => {
    turns.length = 0;
    connector.posts.length = 0;
    next = () => answerReply();
  });

  it('answers a channel message in its thread with an Adaptive Card 1.5 whose images Greenlight serves', async () => {
    const activity = teamsMessage(connector.serviceUrl, '<at>Greenlight</at> /explore movies drama', {
      entities: [{ type: 'mention', text: '<at>Greenlight</at>', mentioned: { id: '28:greenlight-bot', name: 'Greenlight' } }],
    });
    const res = await post(`${base}/api/messages`, activity);
    expect(res.status).toBe(200);
    const [message] = await connector.waitFor('message');
    expect(connector.posts[0].activity.type).toBe('typing');
    expect(message.conversationId).toBe('19:strategy@thread.tacv2;messageid=1700000000000');
    expect(message.replyToId).toBe(activity.id);
    expect(turns).toEqual([
      {
        channel: 'teams',
        text: '/explore movies drama',
        thread: 'teams:19:strategy@thread.tacv2;messageid=1700000000000',
        conversation: '19:strategy@thread.tacv2;messageid=1700000000000',
        user: '29:1alice',
        serviceUrl: connector.serviceUrl,
        tenantId: 'tenant-1',
      },
    ]);

    const card = cardOf(message.activity);
    const reply = await answerReply();
    expect(card.version).toBe('1.5');
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: reply.title });
    expect(card.body.find((e) => e.type === 'FactSet')?.facts).toEqual([
      { title: 'Titles', value: '12,257' },
      { title: 'Median rating', value: '6.6' },
    ]);
    const imagesInCard = card.body.filter((e) => e.type === 'Image');
    expect(imagesInCard.map((i) => i.altText)).toEqual(reply.images.map((i) => i.alt));
    for (const [i, image] of imagesInCard.entries()) {
      expect(image.url).toMatch(new RegExp(`^${base}/images/[0-9a-f]{32}\\.png$`));
      const served = await fetch(String(image.url));
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await served.arrayBuffer()).equals(reply.images[i].png)).toBe(true);
    }
    expect(card.actions.map((a) => a.type)).toEqual(['Action.OpenUrl', 'Action.Submit', 'Action.Submit', 'Action.Submit', 'Action.Submit']);
    expect(card.actions.at(-1)).toMatchObject({ title: 'Subscribe', data: { greenlight: '/digest subscribe explore' } });
    expect(card.actions[0]).toMatchObject({ title: 'Open dashboard', url: reply.dashboardUrl });
    expect(card.actions[1].data?.greenlight).toBe('/understand movies drama years 2010-2024');
    // Well inside Teams' ~28 KB message limit: the PNGs travel by URL.
    expect(JSON.stringify(message.activity).length).toBeLessThan(28 * 1024);
  });

  it('draws charts that map as Chart.* elements whose fallback is the same chart as a served Image, metrics as a Table', async () => {
    next = () => nativeReply();
    const res = await post(`${base}/api/messages`, teamsMessage(connector.serviceUrl, '/explore movies drama'));
    expect(res.status).toBe(200);
    const [message] = await connector.waitFor('message');
    const card = cardOf(message.activity);
    const reply = await nativeReply();
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: reply.decision, weight: 'Bolder' });
    const body = card.body as unknown as (Record<string, unknown> & { type: string })[];
    const charts = body.filter((e) => e.type === 'Image' || e.type.startsWith('Chart.'));
    // Most important first; every native form drawn (Teams has no per-message cap), the scatter as its picture.
    expect(charts.map((e) => e.type)).toEqual(['Image', 'Chart.VerticalBar.Grouped', 'Chart.Pie', 'Chart.Line']);
    expect(charts[1]).toMatchObject({
      title: 'Titles per genre',
      data: [
        {
          legend: 'Movies',
          values: [
            { x: 'Drama', y: 3120 },
            { x: 'Comedy', y: 2410 },
            { x: 'Horror', y: 900 },
          ],
        },
        { legend: 'TV' },
      ],
    });
    // The line chart's fallback is its own PNG, served by Greenlight; a native chart without a picture falls back to words.
    const fallback = charts[3].fallback as { type: string; url: string };
    expect(fallback.type).toBe('Image');
    const served = Buffer.from(await (await fetch(fallback.url)).arrayBuffer());
    expect(served.equals(reply.images.find((i) => i.id === 'explore.release-trend')!.png)).toBe(true);
    expect(charts[2].fallback).toMatchObject({ type: 'TextBlock' });
    const table = body.find((e) => e.type === 'Table') as unknown as { rows: { cells: { items: { text: string }[] }[] }[] };
    expect(table.rows.map((r) => r.cells.map((c) => c.items[0].text))).toEqual([
      ['Metric', 'Drama', 'Comedy'],
      ['Titles', '3,120 ✓', '2,410'],
      ['Hit rate', '24% ✓', '22%'],
    ]);
    const sure = card.actions.find((a) => a.type === 'Action.ShowCard') as unknown as { title: string; card: { body: { text: string }[] } };
    expect(sure.title).toBe('How sure are we?');
    expect(sure.card.body.map((b) => b.text)).toEqual(reply.diagnostics);
    expect(JSON.stringify(card.body)).not.toContain('no model involved'); // not repeated as a footnote
  });

  it('runs an Action.Submit follow-up (the button command) in the same conversation', async () => {
    const activity = teamsMessage(connector.serviceUrl, '', {
      text: undefined,
      value: { greenlight: '/compare Drama vs Comedy' },
      conversation: { id: 'a:1on1-alice', conversationType: 'personal' },
    });
    expect((await post(`${base}/api/messages`, activity)).status).toBe(200);
    await connector.waitFor('message');
    expect(turns.map((t) => [t.text, t.thread])).toEqual([['/compare Drama vs Comedy', 'teams:a:1on1-alice']]);
  });

  it('answers a failure with a short card and keeps the details in the log', async () => {
    next = async () => {
      throw new Error('ENOENT /var/lib/greenlight/secret-path');
    };
    await post(`${base}/api/messages`, teamsMessage(connector.serviceUrl, 'forecast horror'));
    const [message] = await connector.waitFor('message');
    const shown = JSON.stringify(message.activity);
    expect(shown).toContain('I could not finish the answer to');
    expect(shown).not.toContain('secret-path');
    expect(logger.lines.some((l) => l.includes('secret-path'))).toBe(true);
  });

  it('says hello with the help when added to a conversation', async () => {
    const added = teamsMessage(connector.serviceUrl, '', { type: 'conversationUpdate', text: undefined, membersAdded: [{ id: '28:greenlight-bot' }] });
    expect((await post(`${base}/api/messages`, added)).status).toBe(200);
    await connector.waitFor('message');
    expect(turns.map((t) => t.text)).toEqual(['help']);
  });

  it('rejects a body that is not an activity', async () => {
    const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2' });
    expect(res.status).toBe(400);
  });
});

describe('Teams, an image store that hangs', () => {
  it('answers in time with the charts described in words, and says why in the log', async () => {
    const connector = await startFakeConnector();
    const logger = recordingLogger();
    const hanging = () => new Promise<string>(() => undefined);
    const teams = createBotFrameworkEndpoint({ localMode: true, handler, imageUrl: imageUrlWithin(hanging, 200), logger });
    const state = await tempEmbeddedBackend();
    const server = createHttpServer({ routes: [teamsRoute(teams)], images: new SharedImageStore(state), health: () => ({}), logger });
    const base = await listen(server);
    try {
      const started = Date.now();
      const res = await post(`${base}/api/messages`, teamsMessage(connector.serviceUrl, '/explore movies drama'));
      expect(res.status).toBe(200);
      const [message] = await connector.waitFor('message');
      expect(Date.now() - started).toBeLessThan(5_000);
      const card = cardOf(message.activity);
      expect(card.body.filter((e) => e.type === 'Image')).toEqual([]);
      const reply = await answerReply();
      for (const image of reply.images) expect(card.body.some((e) => e.type === 'TextBlock' && (e.text ?? '').includes(image.title))).toBe(true);
      expect(logger.lines.some((l) => /could not be stored .*took over 200 ms/.test(l))).toBe(true);
    } finally {
      await closeServer(server);
      await connector.close();
      await state.close();
      turns.length = 0;
    }
  });
});

describe('Teams, authentication on', () => {
  const APP_ID = '11111111-2222-3333-4444-555555555555';
  let issuer: FakeIssuer;
  let url = '';
  let close: () => Promise<void>;
  const serviceUrl = 'https://smba.trafficmanager.net/emea/';
  const logger = recordingLogger();

  beforeAll(async () => {
    issuer = await startFakeIssuer();
    const state = await tempEmbeddedBackend();
    const images = new SharedImageStore(state);
    const teams = createBotFrameworkEndpoint({
      appId: APP_ID,
      appPassword: 'test-app-password',
      localMode: false,
      openIdMetadataUrl: issuer.metadataUrl,
      tokenIssuer: issuer.issuer,
      handler,
      imageUrl: servedImageUrl(images, 'https://greenlight.example.com'),
      logger,
    });
    expect(teams.authenticated).toBe(true);
    const server = createHttpServer({ routes: [teamsRoute(teams)], images, health: () => ({}), logger });
    url = `${await listen(server)}/api/messages`;
    close = async () => {
      await closeServer(server);
      await issuer.close();
      await state.close();
    };
  });
  afterAll(() => close());
  afterEach(() => {
    turns.length = 0;
    next = () => answerReply();
  });

  // `expectReplies` returns the bot's replies in the HTTP response, so no outbound token is needed here.
  const activity = () => teamsMessage(serviceUrl, '/compare Drama vs Comedy', { deliveryMode: 'expectReplies' });

  it('accepts a correctly signed token and answers', async () => {
    const res = await post(url, activity(), await issuer.token({ audience: APP_ID, serviceUrl }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { activities: Record<string, unknown>[] };
    const message = body.activities.find((a) => a.type === 'message');
    expect(message).toBeDefined();
    expect(cardOf(message!).body[0].text).toBe((await answerReply()).title);
    expect(turns.map((t) => t.text)).toEqual(['/compare Drama vs Comedy']);
  });

  it.each([
    ['no token', async () => undefined],
    ['a forged signature', () => issuer.token({ audience: APP_ID, serviceUrl, forged: true })],
    ['an expired token', () => issuer.token({ audience: APP_ID, serviceUrl, expiresIn: -3600 })],
    ['the wrong audience', () => issuer.token({ audience: 'some-other-bot', serviceUrl })],
    ['another issuer', () => issuer.token({ audience: APP_ID, serviceUrl, issuer: 'https://evil.example.com' })],
    ['a different serviceUrl', () => issuer.token({ audience: APP_ID, serviceUrl: 'https://evil.example.com/' })],
  ])('refuses %s with 401 and runs nothing, logging one line and no stack', async (_name, token) => {
    // botframework-connector prints a bad token's error (and the published key) to the console itself: nothing
    // may reach it; the refusal is one line in our log.
    const consoleErrors = vi.spyOn(console, 'error');
    const consoleWarnings = vi.spyOn(console, 'warn');
    logger.lines.length = 0;
    try {
      const res = await post(url, activity(), await token());
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('Unauthorized.');
      expect(turns).toEqual([]);
      expect(consoleErrors).not.toHaveBeenCalled();
      expect(consoleWarnings).not.toHaveBeenCalled();
      expect(logger.lines.join('\n')).not.toMatch(/\n\s+at |BEGIN RSA PUBLIC KEY/);
    } finally {
      consoleErrors.mockRestore();
      consoleWarnings.mockRestore();
    }
  });

  it('will not start without an app id unless local mode is explicit', () => {
    const logger = recordingLogger();
    expect(() => createBotFrameworkEndpoint({ localMode: false, handler, imageUrl: async () => undefined, logger })).toThrow(TeamsConfigError);
    expect(() => createBotFrameworkEndpoint({ appId: APP_ID, localMode: false, handler, imageUrl: async () => undefined, logger })).toThrow(
      /MICROSOFT_APP_PASSWORD/,
    );
  });
});

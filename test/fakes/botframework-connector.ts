/**
 * A fake Bot Framework connector (the Teams channel's REST API) on 127.0.0.1. A bot replies by POSTing to
 * `{serviceUrl}/v3/conversations/{conversationId}/activities[/{replyToId}]`; this records every activity and
 * answers `{ id }` like the real service. Put `serviceUrl` in the activities you send the bot.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitForCount } from './wait.ts';

export interface ConnectorPost {
  conversationId: string;
  replyToId?: string;
  activity: Record<string, unknown>;
  authorization?: string;
}

export interface FakeConnector {
  serviceUrl: string;
  posts: ConnectorPost[];
  /** Resolves once `count` activities of `type` arrived. */
  waitFor(type: string, count?: number, timeoutMs?: number): Promise<ConnectorPost[]>;
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const posts: ConnectorPost[] = [];
  const waiters: (() => void)[] = [];
  let seq = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NotFound', message: 'unknown route' } }));
      return;
    }
    const activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    posts.push({
      conversationId: decodeURIComponent(match[1]),
      ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
      activity,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    for (const wake of waiters.splice(0)) wake();
    seq += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `1:reply-${seq}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const ofType = (type: string) => posts.filter((p) => p.activity.type === type);
  return {
    serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    posts,
    waitFor: (type, count = 1, timeoutMs = 10_000) => waitForCount(type, () => ofType(type), count, timeoutMs, waiters),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let activitySeq = 0;

/** A Teams message activity as the channel sends it (channel conversation thread by default). */
export function teamsMessage(serviceUrl: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  activitySeq += 1;
  return {
    type: 'message',
    id: `1700000000${activitySeq}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: '29:1alice', name: 'Alice', aadObjectId: '00000000-0000-0000-0000-00000000a11c' },
    conversation: { id: '19:strategy@thread.tacv2;messageid=1700000000000', conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
    recipient: { id: '28:greenlight-bot', name: 'Greenlight' },
    text,
    textFormat: 'plain',
    locale: 'en-US',
    channelData: { tenant: { id: 'tenant-1' }, teamsChannelId: '19:strategy@thread.tacv2', teamsTeamId: '19:team@thread.tacv2' },
    ...extra,
  };
}

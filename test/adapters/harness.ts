/** A running Greenlight HTTP server with the Slack adapter in HTTP mode, wired to the fake Slack Web API. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ChatHandler, ChatLogger } from '../../src/adapters/conversation.ts';
import { createSlackAdapter } from '../../src/adapters/slack/app.ts';
import { createHttpServer } from '../../src/server/http.ts';
import { MemoryImageStore } from '../../src/server/images.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export interface RecordingLogger extends ChatLogger {
  lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const push = (level: string) => (message: string, error?: unknown) =>
    lines.push(`${level} ${message}${error instanceof Error ? ` ${error.stack ?? error.message}` : ''}`);
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export interface SlackHarness {
  fake: FakeSlack;
  eventsUrl: string;
  logger: RecordingLogger;
  close(): Promise<void>;
}

export async function startSlackHarness(handler: ChatHandler): Promise<SlackHarness> {
  const fake = await startFakeSlack();
  const logger = recordingLogger();
  const adapter = createSlackAdapter({
    botToken: 'xoxb-test-token',
    transport: { mode: 'http', signingSecret: SIGNING_SECRET },
    handler,
    apiUrl: fake.apiUrl,
    send: { fileReadyDelays: [20, 20] },
    logger,
  });
  const server = createHttpServer({ slack: adapter, images: new MemoryImageStore(), health: () => ({}), logger });
  const base = await listen(server);
  return {
    fake,
    eventsUrl: `${base}/slack/events`,
    logger,
    close: async () => {
      await closeServer(server);
      await fake.close();
    },
  };
}

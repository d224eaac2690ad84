/**
 * A running Greenlight HTTP server with the Slack adapter in HTTP mode, wired to the fake Slack Web API, its state
 * (event ids, images) on a real backend: a fresh embedded SQLite file by default, or the one passed (e.g. Redis
 * shared by several such servers, as replicas).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatHandler, ChatLogger, LinkPreview } from '../../src/adapters/conversation.ts';
import { createSlackAdapter } from '../../src/adapters/slack/app.ts';
import type { KvBackend } from '../../src/state/backend.ts';
import { openEmbeddedBackend } from '../../src/state/embedded.ts';
import { SLACK_EVENTS_PATH } from '../../src/adapters/slack/channel.ts';
import { createHttpServer } from '../../src/server/http.ts';
import { SharedImageStore } from '../../src/state/images.ts';
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

/** A fresh embedded (SQLite) state backend in a temporary directory, removed again by `close()`. */
export async function tempEmbeddedBackend(now?: () => number): Promise<KvBackend> {
  const dir = await mkdtemp(join(tmpdir(), 'gl-state-'));
  const backend = await openEmbeddedBackend(join(dir, 'state.sqlite'), now);
  return {
    ...backend,
    close: async () => {
      await backend.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface SlackHarness {
  fake: FakeSlack;
  baseUrl: string;
  eventsUrl: string;
  logger: RecordingLogger;
  close(): Promise<void>;
}

export interface SlackHarnessOptions {
  /** The state backend (default: a fresh embedded one, closed with the harness; one passed in is left open). */
  state?: KvBackend;
  /** A fake Slack shared with other harnesses (left running); default: its own. */
  fake?: FakeSlack;
  dedupeTimeoutMs?: number;
  /** The slash-command prefix the manifest was generated with (`greenlight manifest slack --prefix`). */
  commandPrefix?: string;
  /** Waits between posts while Slack processes fresh files (default 20 ms, 20 ms). */
  fileReadyDelays?: number[];
  /** What pasted links unfurl into. */
  preview?: LinkPreview;
}

export async function startSlackHarness(handler: ChatHandler, options: SlackHarnessOptions = {}): Promise<SlackHarness> {
  const fake = options.fake ?? (await startFakeSlack());
  const state = options.state ?? (await tempEmbeddedBackend());
  const logger = recordingLogger();
  const adapter = createSlackAdapter({
    botToken: 'xoxb-test-token',
    transport: { mode: 'http', signingSecret: SIGNING_SECRET },
    handler,
    apiUrl: fake.apiUrl,
    state,
    ...(options.dedupeTimeoutMs ? { dedupeTimeoutMs: options.dedupeTimeoutMs } : {}),
    send: { fileReadyDelays: options.fileReadyDelays ?? [20, 20] },
    ...(options.commandPrefix ? { commandPrefix: options.commandPrefix } : {}),
    ...(options.preview ? { preview: options.preview } : {}),
    logger,
  });
  const server = createHttpServer({
    routes: [{ method: 'POST', path: SLACK_EVENTS_PATH, handle: adapter.requestListener! }],
    images: new SharedImageStore(state),
    health: () => ({}),
    logger,
  });
  const base = await listen(server);
  return {
    fake,
    baseUrl: base,
    eventsUrl: `${base}/slack/events`,
    logger,
    close: async () => {
      await closeServer(server);
      await adapter.stop(1_000);
      if (!options.fake) await fake.close();
      if (!options.state) await state.close();
    },
  };
}

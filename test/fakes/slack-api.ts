/**
 * A fake Slack Web API on 127.0.0.1 speaking the real wire format: `POST /api/<method>` with form-encoded or JSON
 * bodies and a bearer token, answering `{ ok: true, … }` shapes, plus the external upload URL that
 * `files.getUploadURLExternal` hands out. It records every call and can be told to answer a method with 429 and a
 * `Retry-After`, or with an `{ ok: false, error }`. Point a WebClient at `apiUrl`.
 *
 * It models Slack's documented behaviour where it matters to a reply:
 * - `files.completeUploadExternal` with `channel_id` *shares* the files there — a message of its own in the
 *   channel (or the `thread_ts` thread), carrying `initial_comment` or `blocks` when given; without a channel the
 *   files stay private to the uploader and nothing is posted.
 * - Uploads complete asynchronously: an image block whose `slack_file` is unknown, or was completed less than
 *   `fileProcessingMs` ago, makes `chat.postMessage` answer `invalid_blocks` ("invalid slack file").
 * - Block Kit limits are checked: ≤ 50 blocks, ≤ 2 `data_visualization` blocks (title ≤ 50 chars; bar/line/area
 *   with 1–6 uniquely named series whose data labels are exactly `axis_config.categories`, labels ≤ 20 chars;
 *   pie with 1–6 positive segments), ≤ 1 `table` (≤ 100 rows of ≤ 20 cells).
 * `visible(channel, threadTs?)` lists what people would see there: posted messages and file shares.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitForCount } from './wait.ts';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  at: number;
  /** What the fake answered with 200 (absent for 429s, 5xx and held calls). */
  response?: Record<string, unknown>;
}

export interface SlackUpload {
  fileId: string;
  bytes: Buffer;
}

/** A message people see in a channel: a posted message or a file share. */
export interface VisibleMessage {
  kind: 'message' | 'file_share';
  channel: string;
  ts: string;
  threadTs?: string;
  text?: unknown;
  blocks?: unknown;
  files?: string[];
}

interface Planned {
  status: number;
  retryAfter?: number;
  error?: string;
}

/** What an interceptor decides for one call: a planned answer, `hold` (recorded, never answered), or pass. */
export type Interception = Planned | 'hold' | undefined;

export interface FakeSlack {
  apiUrl: string;
  /** A `response_url` for slash commands that lands here (recorded as method `response_url`). */
  responseUrl: string;
  calls: SlackCall[];
  uploads: SlackUpload[];
  /** Answer the next `times` calls of `method` with 429 and `Retry-After: seconds`. */
  rateLimit(method: string, seconds: number, times?: number): void;
  /** Answer the next `times` calls of `method` with `{ ok: false, error }`. */
  failWith(method: string, error: string, times?: number): void;
  callsOf(method: string): SlackCall[];
  /** What people see in `channel` (in the `threadTs` thread when given): messages and file shares, in order. */
  visible(channel: string, threadTs?: string): VisibleMessage[];
  /** Decide calls before the planned answers (e.g. fail one channel only, or hold a post to kill its sender). */
  intercept(fn: (call: SlackCall) => Interception): void;
  /** Resolves once `count` calls of `method` have arrived (or rejects after `timeoutMs`). */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<SlackCall[]>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Form values that hold JSON (blocks, files) are decoded the way Slack does. */
function parseArgs(contentType: string, body: Buffer): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
    const looksJson = value.startsWith('[') || value.startsWith('{');
    try {
      out[key] = looksJson ? JSON.parse(value) : value;
    } catch {
      out[key] = value;
    }
  }
  return out;
}

/** The file's bytes from an upload POST: raw, or the file part of a multipart form (what the WebClient sends). */
function uploadedBytes(contentType: string, body: Buffer): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!contentType.startsWith('multipart/form-data') || !boundary) return body;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const start = body.indexOf(delimiter);
  const headerEnd = body.indexOf('\r\n\r\n', start);
  const end = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd);
  return start < 0 || headerEnd < 0 || end < 0 ? body : body.subarray(headerEnd + 4, end);
}

export interface FakeSlackOptions {
  /** What `apps.connections.open` hands out: a Socket Mode WebSocket URL (see `slack-socket.ts`). */
  socketModeUrl?: string;
  /** How long after `files.completeUploadExternal` a file can be shown by `slack_file` (default 0). */
  fileProcessingMs?: number;
}

interface Block {
  type?: string;
  slack_file?: { id?: string };
  title?: unknown;
  chart?: {
    type?: string;
    series?: { name?: unknown; data?: { label?: unknown; value?: unknown }[] }[];
    axis_config?: { categories?: unknown[] };
    segments?: { label?: unknown; value?: unknown }[];
  };
  rows?: unknown[][];
}

const shortText = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;

/** The Block Kit errors Slack would answer for these blocks (empty: valid as far as this fake checks). */
export function blockErrors(blocks: unknown, fileReady: (id: string) => boolean): string[] {
  if (!Array.isArray(blocks)) return [];
  const errors: string[] = [];
  if (blocks.length > 50) errors.push('no more than 50 items allowed [json-pointer:/blocks]');
  const charts = (blocks as Block[]).filter((b) => b.type === 'data_visualization');
  if (charts.length > 2) errors.push('no more than 2 data_visualization blocks allowed [json-pointer:/blocks]');
  if ((blocks as Block[]).filter((b) => b.type === 'table').length > 1) errors.push('only one table block allowed [json-pointer:/blocks]');
  (blocks as Block[]).forEach((b, i) => {
    const at = `[json-pointer:/blocks/${i}]`;
    if (b.type === 'image' && b.slack_file && !fileReady(String(b.slack_file.id))) errors.push(`invalid slack file [json-pointer:/blocks/${i}/slack_file]`);
    if (b.type === 'table' && (!Array.isArray(b.rows) || b.rows.length === 0 || b.rows.length > 100 || b.rows.some((r) => !Array.isArray(r) || r.length > 20)))
      errors.push(`invalid table ${at}`);
    if (b.type !== 'data_visualization') return;
    if (!shortText(b.title, 50)) errors.push(`title must be 1-50 characters ${at}`);
    const chart = b.chart ?? {};
    if (chart.type === 'pie') {
      const segments = chart.segments ?? [];
      if (segments.length < 1 || segments.length > 6 || segments.some((s) => !shortText(s.label, 20) || typeof s.value !== 'number' || s.value <= 0))
        errors.push(`invalid pie segments ${at}`);
      return;
    }
    if (!['bar', 'line', 'area'].includes(String(chart.type))) {
      errors.push(`unknown chart type ${at}`);
      return;
    }
    const categories = chart.axis_config?.categories ?? [];
    const series = chart.series ?? [];
    if (categories.length < 1 || categories.some((c) => !shortText(c, 20))) errors.push(`invalid axis_config.categories ${at}`);
    if (series.length < 1 || series.length > 6 || new Set(series.map((s) => s.name)).size !== series.length)
      errors.push(`series must be 1-6 uniquely named ${at}`);
    for (const s of series) {
      const data = s.data ?? [];
      if (!shortText(s.name, 20) || data.length < 1 || data.length > 20) errors.push(`invalid series ${at}`);
      if (data.map((d) => d.label).join('\u0000') !== categories.join('\u0000') || data.some((d) => typeof d.value !== 'number'))
        errors.push(`series data labels must match axis_config.categories ${at}`);
    }
  });
  return errors;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const uploads: SlackUpload[] = [];
  const plans = new Map<string, Planned[]>();
  const waiters: (() => void)[] = [];
  // Message timestamps are epoch seconds of posting, as Slack's are (`conversations.history` filters on them).
  let ts = Math.floor(Date.now() / 1000);
  let fileSeq = 0;
  let base = '';
  let interceptor: ((call: SlackCall) => Interception) | undefined;
  /** Messages posted (for `conversations.history`, which returns them newest first with their metadata). */
  const posted: { channel: string; ts: string; text: unknown; metadata?: unknown }[] = [];
  const visibleMessages: VisibleMessage[] = [];
  /** Completed uploads: file id → when completed (ms). */
  const completed = new Map<string, number>();
  const fileReady = (id: string) => {
    const at = completed.get(id);
    return at !== undefined && Date.now() - at >= (options.fileProcessingMs ?? 0);
  };

  const plan = (method: string, p: Planned, times: number) => {
    const list = plans.get(method) ?? [];
    for (let i = 0; i < times; i += 1) list.push(p);
    plans.set(method, list);
  };

  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case 'apps.connections.open':
        return options.socketModeUrl ? { ok: true, url: options.socketModeUrl } : { ok: false, error: 'not_allowed_token_type' };
      case 'auth.test':
        return {
          ok: true,
          url: 'https://greenlight-test.slack.com/',
          team: 'Greenlight Test',
          user: 'greenlight',
          team_id: 'T0TEST',
          user_id: 'U0BOT',
          bot_id: 'B0BOT',
        };
      case 'chat.postMessage':
      case 'chat.update': {
        const errors = blockErrors(args.blocks, fileReady);
        if (errors.length > 0) return { ok: false, error: 'invalid_blocks', errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } };
        ts += 1;
        const messageTs = method === 'chat.update' ? String(args.ts) : `${ts}.000100`;
        if (method === 'chat.postMessage') {
          posted.push({ channel: String(args.channel), ts: messageTs, text: args.text, metadata: args.metadata });
          visibleMessages.push({
            kind: 'message',
            channel: String(args.channel),
            ts: messageTs,
            ...(args.thread_ts ? { threadTs: String(args.thread_ts) } : {}),
            text: args.text,
            blocks: args.blocks,
          });
        }
        return {
          ok: true,
          channel: args.channel,
          ts: messageTs,
          message: { type: 'message', text: args.text, blocks: args.blocks, ts: messageTs, thread_ts: args.thread_ts, bot_id: 'B0BOT' },
        };
      }
      case 'conversations.history': {
        const oldest = Number(args.oldest ?? 0);
        const messages = posted
          .filter((m) => m.channel === String(args.channel) && Number(m.ts) >= oldest)
          .reverse()
          .map((m) => ({ type: 'message', ts: m.ts, text: m.text, ...(m.metadata ? { metadata: m.metadata } : {}) }));
        return { ok: true, messages, has_more: false };
      }
      case 'chat.unfurl': {
        const unfurls = (args.unfurls ?? {}) as Record<string, { blocks?: unknown }>;
        const errors = Object.values(unfurls).flatMap((u) => blockErrors(u.blocks, fileReady));
        return errors.length > 0 ? { ok: false, error: 'invalid_unfurls', errors } : { ok: true };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${ts}.000200` };
      case 'files.getUploadURLExternal': {
        fileSeq += 1;
        const fileId = `F0FAKE${String(fileSeq).padStart(4, '0')}`;
        return { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (args.files as { id: string; title?: string }[] | undefined) ?? [];
        for (const f of files) completed.set(f.id, Date.now());
        // Shared into a channel (or thread), the files are posted there as a message of their own.
        if (args.channel_id) {
          ts += 1;
          visibleMessages.push({
            kind: 'file_share',
            channel: String(args.channel_id),
            ts: `${ts}.000100`,
            ...(args.thread_ts ? { threadTs: String(args.thread_ts) } : {}),
            ...(args.initial_comment ? { text: args.initial_comment } : {}),
            ...(args.blocks && !args.initial_comment ? { blocks: args.blocks } : {}),
            files: files.map((f) => f.id),
          });
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '', name: f.title ?? '', mimetype: 'image/png' })) };
      }
      default:
        return { ok: true };
    }
  };

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/upload/')) {
      uploads.push({ fileId: url.pathname.slice('/upload/'.length), bytes: uploadedBytes(String(req.headers['content-type'] ?? ''), body) });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${body.length}`);
      return;
    }
    if (url.pathname.startsWith('/response/')) {
      // A slash command's response_url: recorded as the pseudo-method `response_url`.
      calls.push({ method: 'response_url', args: JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>, at: performance.now() });
      for (const wake of waiters.splice(0)) wake();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(String(req.headers['content-type'] ?? ''), body);
    const auth = req.headers.authorization;
    const call: SlackCall = { method, args, ...(auth ? { token: auth.replace(/^Bearer /, '') } : {}), at: performance.now() };
    calls.push(call);
    for (const wake of waiters.splice(0)) wake();
    const decided = interceptor?.(calls[calls.length - 1]);
    if (decided === 'hold') {
      answer(method, args); // Slack did the work; only the answer is lost (its sender dies waiting)
      return;
    }
    const next = decided ?? plans.get(method)?.shift();
    if (next?.status === 429) {
      res
        .writeHead(429, { 'content-type': 'application/json', 'retry-after': String(next.retryAfter ?? 1) })
        .end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    if (next && next.status >= 500) {
      res.writeHead(next.status, { 'content-type': 'text/plain' }).end('upstream trouble');
      return;
    }
    const payload = next?.error ? { ok: false, error: next.error } : answer(method, args);
    call.response = payload;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  });
  // Slack's Web API keeps connections alive, as an HTTP/1.1 server behind a load balancer does (60 s idle). A 1-s
  // keep-alive here made every call open a new connection: undici takes a 2-s margin off the server's hint, and
  // closed each socket after its response (in bench:bot ≈ 15 % of the server main thread's CPU went to connecting and errors).
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const callsOf = (method: string) => calls.filter((c) => c.method === method);
  return {
    apiUrl: `${base}/api/`,
    responseUrl: `${base}/response/T0TEST/1/abc`,
    calls,
    uploads,
    rateLimit: (method, seconds, times = 1) => plan(method, { status: 429, retryAfter: seconds }, times),
    failWith: (method, error, times = 1) => plan(method, { status: 200, error }, times),
    callsOf,
    visible: (channel, threadTs) => visibleMessages.filter((m) => m.channel === channel && (threadTs === undefined || m.threadTs === threadTs)),
    intercept: (fn) => {
      interceptor = fn;
    },
    waitFor: (method, count = 1, timeoutMs = 10_000) => waitForCount(method, () => callsOf(method), count, timeoutMs, waiters),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

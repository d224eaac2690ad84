/**
 * The one HTTP server: `POST /slack/events` (Bolt's HTTP receiver), `POST /api/messages` (Teams), chart PNGs at
 * `GET /images/<id>.png`, `GET /healthz`, the local console endpoint `POST /api/ask` when enabled, and everything
 * else to the dashboard's Hono app. A part that is not configured answers 503 saying what to set.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { TeamsEndpoint } from '../adapters/teams/transport.ts';
import type { ChatLogger } from '../adapters/conversation.ts';
import { readBody, refuseTooLarge } from '../adapters/http-body.ts';
import type { ImageStore } from './images.ts';

/** Anything with a Fetch-API handler: the dashboard's Hono app. */
export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

export interface ServerParts {
  slack?: { requestListener?: (req: IncomingMessage, res: ServerResponse) => void };
  teams?: TeamsEndpoint;
  images: ImageStore;
  dashboard?: FetchApp;
  /** `POST /api/ask {"text": "…"}` → the reply as JSON (local mode). */
  ask?: (text: string) => Promise<unknown>;
  /**
   * Reported by `/healthz` (what is enabled; never secrets). `ready: false` (a channel cannot answer yet, e.g.
   * Slack's Web API is unreachable) answers 503, so a load balancer routes elsewhere.
   */
  health: () => Record<string, unknown> & { ready?: boolean };
  /** Why a part is off, e.g. `{ slack: 'set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET' }`. */
  disabled?: Partial<Record<'slack' | 'teams', string>>;
  logger: ChatLogger;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

const ASK_BODY_LIMIT = 16 * 1024;

async function handleAsk(ask: (text: string) => Promise<unknown>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req, ASK_BODY_LIMIT);
  if (!body) {
    refuseTooLarge(req, res, ASK_BODY_LIMIT);
    return;
  }
  const raw = body.toString('utf8');
  let text: unknown;
  try {
    text = (JSON.parse(raw) as { text?: unknown } | null)?.text;
  } catch {
    text = undefined;
  }
  if (typeof text !== 'string' || text.trim() === '') {
    json(res, 400, { error: 'Send {"text": "<question or command>"} as JSON, e.g. {"text": "/explore movies"}.' });
    return;
  }
  json(res, 200, await ask(text));
}

export function createHttpServer(parts: ServerParts): Server {
  const server = createServer(createRequestListener(parts));
  answerClientErrors(server);
  return server;
}

/**
 * A request Node cannot even parse (a malformed request line such as `GET http://[`, bad headers) gets a plain
 * 400 and a closed connection, not a stack in the log.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-type: text/plain\r\ncontent-length: 12\r\n\r\nBad request\n');
  });
}

/** The request's path, or undefined when its target is not a URL path this server could serve. */
function pathOf(req: IncomingMessage): string | undefined {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

/** The router alone, for a server that is already listening (`start.ts` binds first, then knows its URL). */
export function createRequestListener(parts: ServerParts): (req: IncomingMessage, res: ServerResponse) => void {
  const dashboard = parts.dashboard ? getRequestListener((request) => parts.dashboard!.fetch(request)) : undefined;
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = pathOf(req);
    const method = req.method ?? 'GET';
    if (path === undefined) {
      json(res, 400, { error: 'The request target is not a valid URL path.' });
      return;
    }
    if (path === '/healthz' && (method === 'GET' || method === 'HEAD')) {
      const health = parts.health();
      const ready = health.ready !== false;
      json(res, ready ? 200 : 503, { ok: ready, ready, ...health });
      return;
    }
    if (path === '/slack/events' && method === 'POST') {
      const listener = parts.slack?.requestListener;
      if (listener) listener(req, res);
      else json(res, 503, { error: `Slack is not enabled here: ${parts.disabled?.slack ?? 'it runs in Socket Mode'}.` });
      return;
    }
    if (path === '/api/messages' && method === 'POST') {
      if (parts.teams) await parts.teams.handle(req, res);
      else json(res, 503, { error: `Teams is not enabled here: ${parts.disabled?.teams ?? 'not configured'}.` });
      return;
    }
    const image = /^\/images\/([0-9a-f]{32})\.png$/.exec(path);
    if (image && (method === 'GET' || method === 'HEAD')) {
      // From the shared state store: any replica serves an image another one drew.
      const png = await parts.images.get(image[1]);
      if (!png) {
        json(res, 404, { error: 'No such image (they are kept for a while after a reply; ask again to re-render).' });
        return;
      }
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length, 'cache-control': 'public, max-age=86400, immutable' });
      res.end(method === 'HEAD' ? undefined : png);
      return;
    }
    if (path === '/api/ask' && method === 'POST' && parts.ask) {
      await handleAsk(parts.ask, req, res);
      return;
    }
    if (dashboard) {
      await dashboard(req, res);
      return;
    }
    json(res, 404, { error: `Nothing at ${method} ${path}.` });
  };
  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      parts.logger.error(`http: ${req.method} ${String(req.url).slice(0, 200)} failed`, error);
      if (!res.headersSent) json(res, 500, { error: 'Internal error; details are in the server log.' });
      else res.end();
    });
  };
}

/**
 * The one HTTP server: each chat channel's routes (Slack's `POST /slack/events`, Teams' `POST /api/messages`: see
 * the channel registry), chart PNGs at `GET /images/<id>.png`, `GET /healthz`, the local console endpoint
 * `POST /api/ask` when enabled, and everything else to the dashboard's Hono app. A channel that is not configured
 * answers 503 on its paths saying what to set.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { ChannelRoute } from '../adapters/channel.ts';
import type { ChatLogger } from '../adapters/conversation.ts';
import { readBody, refuseTooLarge } from '../adapters/http-body.ts';
import type { ImageStore } from '../state/images.ts';

/** Anything with a Fetch-API handler: the dashboard's Hono app. */
export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

export interface ServerParts {
  /** The running chat channels' routes. */
  routes?: readonly ChannelRoute[];
  /** Paths of channels that are off (or take no requests here), with why: answered 503 with that sentence. */
  closed?: readonly { path: string; reason: string }[];
  images: ImageStore;
  dashboard?: FetchApp;
  /** `POST /api/ask {"text": "…"}` → the reply as JSON (local mode). */
  ask?: (text: string) => Promise<unknown>;
  /**
   * Reported by `/healthz` (what is enabled; never secrets). `ready: false` (a channel cannot answer yet, e.g.
   * Slack's Web API is unreachable) answers 503, so a load balancer routes elsewhere.
   */
  health: () => Record<string, unknown> & { ready?: boolean };
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
    const channelRoute = parts.routes?.find((r) => r.path === path && r.method === method);
    if (channelRoute) {
      await channelRoute.handle(req, res);
      return;
    }
    const closed = parts.closed?.find((c) => c.path === path);
    if (closed && method === 'POST') {
      req.resume();
      json(res, 503, { error: closed.reason });
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

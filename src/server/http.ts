/**
 * The one HTTP server: each registered chat channel's routes (`POST /slack/events`, `POST /api/messages`), chart
 * PNGs at `GET /images/<id>.png`, `GET /healthz`, the local console endpoint `POST /api/ask` when enabled, and
 * everything else to the dashboard's Hono app. A channel that is not on answers 503 on its paths saying what to set.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { ChannelRoute } from '../adapters/channel.ts';
import type { ChatLogger } from '../adapters/conversation.ts';
import { readBody } from '../adapters/http-body.ts';
import type { ImageStore } from './images.ts';

/** Anything with a Fetch-API handler: the dashboard's Hono app. */
export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

/** A registered channel as the router sees it: its routes when on, else why it is off. */
export interface ChannelParts {
  label: string;
  paths: readonly string[];
  routes: readonly ChannelRoute[];
  /** Why its paths answer 503 (off, or served another way such as Socket Mode). */
  unavailable: string;
}

/** One channel that is on, its events POSTed to `path` (small set-ups and tests). */
export function servedChannel(label: string, path: string, handle: ChannelRoute['handle']): ChannelParts {
  return { label, paths: [path], routes: [{ method: 'POST', path, handle }], unavailable: '' };
}

export interface ServerParts {
  channels?: readonly ChannelParts[];
  images: ImageStore;
  dashboard?: FetchApp;
  /** `POST /api/ask {"text": "…"}` → the reply as JSON (local mode). */
  ask?: (text: string) => Promise<unknown>;
  /** Reported by `/healthz` (what is enabled; never secrets). */
  health: () => Record<string, unknown>;
  logger: ChatLogger;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

async function handleAsk(ask: (text: string) => Promise<unknown>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = (await readBody(req, 16 * 1024))?.toString('utf8');
  let text: unknown;
  try {
    text = raw === undefined ? undefined : (JSON.parse(raw) as { text?: unknown }).text;
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
  return createServer(createRequestListener(parts));
}

/** The router alone, for a server that is already listening (`start.ts` binds first, then knows its URL). */
export function createRequestListener(parts: ServerParts): (req: IncomingMessage, res: ServerResponse) => void {
  const dashboard = parts.dashboard ? getRequestListener((request) => parts.dashboard!.fetch(request)) : undefined;
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    if (path === '/healthz' && (method === 'GET' || method === 'HEAD')) {
      json(res, 200, { ok: true, ...parts.health() });
      return;
    }
    for (const channel of parts.channels ?? []) {
      if (!channel.paths.includes(path) && !channel.routes.some((r) => r.path === path)) continue;
      const route = channel.routes.find((r) => r.path === path && r.method === method);
      if (route) {
        await route.handle(req, res);
        return;
      }
      if (method === 'POST') {
        json(res, 503, { error: `${channel.label} is not enabled here: ${channel.unavailable}.` });
        return;
      }
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
      parts.logger.error(`http: ${req.method} ${req.url} failed`, error);
      if (!res.headersSent) json(res, 500, { error: 'Internal error; details are in the server log.' });
      else res.end();
    });
  };
}

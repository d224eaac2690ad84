/**
 * The dashboard on its own node:http server, for tests, the bench and development before (or without) the full
 * `greenlight serve`. Production mounts `createDashboardApp` inside the one server of `src/server/http.ts`.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface RunningDashboard {
  /** e.g. `http://127.0.0.1:43817` */
  url: string;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0: any free port) and resolves once listening. */
export function listen(app: Hono, options: { host?: string; port?: number } = {}): Promise<RunningDashboard> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }, (info: AddressInfo) => {
      const shown = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${shown}:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
    server.once('error', reject);
  });
}

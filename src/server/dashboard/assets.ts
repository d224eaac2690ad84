/**
 * The dashboard's static files: its own browser modules and stylesheet (`public/`), and the browser builds of
 * vega, vega-lite and vega-embed straight from node_modules (no CDN: the dashboard works offline). Files are read
 * once and kept in memory; a content hash in the ETag lets browsers revalidate cheaply.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  body: string;
  type: string;
  etag: string;
}

const PUBLIC_DIR = join(import.meta.dirname, 'public');

/** The `build/` folder of an installed package (its export map hides the minified browser builds). */
function buildDir(pkg: string): string {
  return dirname(fileURLToPath(import.meta.resolve(pkg)));
}

/** URL name → file on disk. Only these are served. */
const FILES: Readonly<Record<string, () => string>> = {
  'dashboard.js': () => join(PUBLIC_DIR, 'dashboard.js'),
  'controls.js': () => join(PUBLIC_DIR, 'controls.js'),
  'charts.js': () => join(PUBLIC_DIR, 'charts.js'),
  'dashboard.css': () => join(PUBLIC_DIR, 'dashboard.css'),
  'vega.min.js': () => join(buildDir('vega'), 'vega.min.js'),
  'vega-lite.min.js': () => join(buildDir('vega-lite'), 'vega-lite.min.js'),
  'vega-embed.min.js': () => join(buildDir('vega-embed'), 'vega-embed.min.js'),
};

const TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

const cache = new Map<string, Promise<Asset>>();

async function load(name: string, locate: () => string): Promise<Asset> {
  const body = await readFile(locate(), 'utf8');
  const extension = name.slice(name.lastIndexOf('.') + 1);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, type: TYPES[extension] ?? 'application/octet-stream', etag };
}

/** The asset served under `name`, or null for any other name. */
export function asset(name: string): Promise<Asset> | null {
  const locate = FILES[name];
  if (!locate) return null;
  let found = cache.get(name);
  if (!found) {
    found = load(name, locate);
    found.catch(() => cache.delete(name));
    cache.set(name, found);
  }
  return found;
}

export const ASSET_NAMES: readonly string[] = Object.keys(FILES);

/**
 * The dashboard's static files: its own browser modules and stylesheet (`public/`), and the browser builds of
 * vega and vega-embed straight from node_modules (no CDN: the dashboard works offline; no vega-lite: charts arrive
 * compiled to Vega). Files are read once and kept in memory. Pages link them with a content hash (`?v=`), so browsers keep them until they change.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompress, type Precompressed } from './encoding.ts';

export interface Asset {
  /** The file, and its brotli and gzip forms (made once, when the assets are first read). */
  body: Precompressed;
  type: string;
  /** A hash of the content: the ETag, and the `?v=` that makes a URL cacheable for good. */
  version: string;
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
  'layout.js': () => join(PUBLIC_DIR, 'layout.js'),
  'drawn.js': () => join(PUBLIC_DIR, 'drawn.js'),
  'dashboard.css': () => join(PUBLIC_DIR, 'dashboard.css'),
  'vega.min.js': () => join(buildDir('vega'), 'vega.min.js'),
  'vega-embed.min.js': () => join(buildDir('vega-embed'), 'vega-embed.min.js'),
};

const TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

let loaded: ReadonlyMap<string, Asset> | undefined;

/** Every asset, read and compressed once (about 600 kB; 60 ms) and kept in memory. */
function assets(): ReadonlyMap<string, Asset> {
  loaded ??= new Map(
    Object.entries(FILES).map(([name, locate]) => {
      const file = readFileSync(locate());
      const extension = name.slice(name.lastIndexOf('.') + 1);
      const version = createHash('sha256').update(file).digest('base64url').slice(0, 16);
      return [name, { body: precompress(file), type: TYPES[extension] ?? 'application/octet-stream', version }];
    }),
  );
  return loaded;
}

/** The asset served under `name`, or undefined for any other name. */
export function asset(name: string): Asset | undefined {
  return assets().get(name);
}

/** The URL of an asset relative to a page, with its version: cached by browsers until the content changes. */
export function assetUrl(name: string): string {
  const found = asset(name);
  if (!found) throw new Error(`No dashboard asset ${name}`);
  return `assets/${name}?v=${found.version}`;
}

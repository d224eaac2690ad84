/**
 * `npm run bench:dashboard`: the dashboard on the real snapshot, served on loopback, with link signing on.
 *
 * 1. Pages: for each of the six pages, RUNS opens from a fresh bot-style signed link in a new browser context of
 *    Debian's headless Chromium (playwright-core), each with different parameters so the server computes every
 *    view (no cache hit). Figures: time from navigation start to the first chart and to all charts drawn
 *    (`performance.mark`s set by the page), median and max. Target: under 1 s each.
 * 2. API: the p50/p95/max latency of `/api/stage/<stage>` under CLIENTS concurrent clients, for REQUESTS requests
 *    spread over the six stages — once with every request distinct (computed), once over a small set of views
 *    (what a link posted in a busy channel produces: mostly served from the view cache).
 *
 * The server runs in its own process (`bench/dashboard-server.ts`), so the bench's browser driving and HTTP
 * clients do not share its event loop. Models are loaded first (trained once and cached under .greenlight/bench by
 * catalog fingerprint).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser } from 'playwright-core';
import type { StageName } from '../src/core/types.ts';
import { STAGES } from '../src/core/types.ts';
import { dashboardLink, type LinkParams } from '../src/reply/links.ts';
import { chartStates, launchChromium, settled } from '../test/dashboard/browser.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CLIENTS = 20;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const TARGET_MS = 1000;
const ROOT = resolve(import.meta.dirname, '..');
const SNAPSHOT = resolve(process.env.GREENLIGHT_SNAPSHOT ?? resolve(ROOT, '../shared/tmdb'));
const SECRET = 'bench-secret-not-for-production-0123456789';

const GENRES = ['Drama', 'Comedy', 'Thriller', 'Action', 'Horror', 'Romance', 'Science Fiction', 'Crime', 'Animation', 'Fantasy'];
const TYPES = ['all', 'movie', 'tv'] as const;

/** The i-th view of a stage, as a chat reply would link to it: different i (below ~1,000) → different parameters. */
function view(stage: StageName, i: number): LinkParams {
  const genre = GENRES[i % GENRES.length];
  const other = GENRES[(i + 1 + Math.floor(i / GENRES.length)) % GENRES.length];
  const years = { yearFrom: 1960 + (i % 40), yearTo: 2000 + (Math.floor(i / 40) % 26) };
  switch (stage) {
    case 'explore':
    case 'identify':
      return { mediaType: TYPES[Math.floor(i / 1040) % 3], ...years };
    case 'understand':
      return { mediaType: 'all', ...years };
    case 'predict':
      return { genre, mediaType: Math.floor(i / 400) % 2 ? 'tv' : 'movie', budgetLevel: 1 + (Math.floor(i / 10) % 10), quarter: 1 + (Math.floor(i / 100) % 4) };
    case 'forecast':
      return { genres: [genre], horizonMonths: 1 + (Math.floor(i / GENRES.length) % 36) };
    case 'compare':
      return other === genre ? { kind: 'genre', left: genre, right: GENRES[(i + 5) % GENRES.length] } : { kind: 'genre', left: genre, right: other };
  }
}

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const ms = (x: number): string => `${Math.round(x)} ms`;
const pad = (text: string, width: number): string => text.padEnd(width);

async function timePages(browser: Browser, baseUrl: string): Promise<void> {
  console.log(`\nPages: ${RUNS} opens each from a fresh signed link, new browser context, distinct parameters (computed)`);
  console.log(`${pad('page', 12)}${pad('charts', 8)}${pad('first chart (median / max)', 30)}${pad('all charts (median / max)', 30)}target < ${TARGET_MS} ms`);
  for (const stage of STAGES) {
    const first: number[] = [];
    const all: number[] = [];
    let charts = 0;
    for (let i = 0; i <= RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.goto(dashboardLink(stage, view(stage, 100 + i), { baseUrl, secret: SECRET, now: new Date() }));
      const state = await settled(page, 1, 60_000);
      if (state !== 'ready') throw new Error(`${stage}: the page ended in state ${state}: ${await page.locator('#status').innerText()}`);
      const drawn = await chartStates(page);
      const bad = drawn.filter((c) => c.state !== 'rendered' || c.marks === 0);
      if (bad.length) throw new Error(`${stage}: charts not drawn: ${bad.map((c) => c.id).join(', ')}`);
      charts = drawn.length;
      const marks = await page.evaluate(() =>
        Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
      );
      // The first open of each page warms the browser's and the server's code paths; it is not counted.
      if (i > 0) {
        first.push(marks['greenlight:first-chart'] ?? Number.NaN);
        all.push(marks['greenlight:all-charts'] ?? Number.NaN);
      }
      await context.close();
    }
    if (charts === 0) {
      console.log(`${pad(stage, 12)}${pad('0', 8)}no charts for this stage (charts/ builds none yet)`);
      continue;
    }
    const verdict = Math.max(...first, ...all) < TARGET_MS ? 'ok' : 'OVER';
    console.log(
      `${pad(stage, 12)}${pad(String(charts), 8)}${pad(`${ms(quantile(first, 0.5))} / ${ms(Math.max(...first))}`, 30)}` +
        `${pad(`${ms(quantile(all, 0.5))} / ${ms(Math.max(...all))}`, 30)}${verdict}`,
    );
  }
}

async function timeApi(baseUrl: string, label: string, urlFor: (i: number) => string): Promise<void> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const client = async (): Promise<void> => {
    while (next < REQUESTS) {
      const i = next++;
      const t = performance.now();
      const res = await fetch(`${baseUrl}${urlFor(i)}`);
      await res.arrayBuffer();
      if (!res.ok) errors += 1;
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${pad(label, 34)}p50 ${pad(ms(quantile(latencies, 0.5)), 9)}p95 ${pad(ms(quantile(latencies, 0.95)), 9)}` +
      `max ${pad(ms(Math.max(...latencies)), 9)}${(REQUESTS / seconds).toFixed(0)} req/s, ${errors} errors`,
  );
}

/** A signed API URL (the same signature the page link carries), so no session is needed. */
function apiUrl(stage: StageName, i: number): string {
  const link = new URL(dashboardLink(stage, view(stage, i), { baseUrl: 'http://x', secret: SECRET, now: new Date() }));
  return `/api/stage/${stage}${link.search}`;
}

/** Starts `bench/dashboard-server.ts` in a child process and resolves with its URL once it listens. */
async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'bench/dashboard-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, GREENLIGHT_LINK_SECRET: SECRET, GREENLIGHT_SNAPSHOT: SNAPSHOT, GREENLIGHT_DATA_DIR: resolve(ROOT, '.greenlight/bench') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [url] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => { throw new Error('the dashboard server exited'); })])) as [string];
  console.log(`Server ready at ${url} in ${ms(performance.now() - t0)} (snapshot import and models included).`);
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

async function main(): Promise<void> {
  const server = await startServer();
  const browser = await launchChromium();
  try {
    await timePages(browser, server.url);
    console.log(`\nAPI: ${REQUESTS} requests over the six stages, ${CLIENTS} concurrent clients, loopback`);
    await timeApi(server.url, 'every view distinct (computed)', (i) => apiUrl(STAGES[i % STAGES.length], 1000 + i));
    await timeApi(server.url, 'a dozen popular views (cached)', (i) => apiUrl(STAGES[i % STAGES.length], i % 2));
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();

/**
 * `npm run bench:charts`: how fast our renderer draws every chart of every stage from the real snapshot, and how
 * long headless Chromium (Debian's `/usr/bin/chromium`, through playwright-core) takes to screenshot the same
 * spec through vega-embed — the way Superset, Lightdash and Grafana's image renderer produce chart images.
 *
 * Figures, per chart: our median render time (spec → PNG) over RUNS runs after one warm-up; Chromium's median
 * over BROWSER_RUNS runs in two modes: "cold" (a new page that loads vega, vega-lite and vega-embed, embeds the
 * spec and screenshots it: what a screenshot service does per request) and "warm" (one page kept open, only
 * embed + screenshot: the most generous case for the browser). Browser start-up is printed separately.
 *
 * BENCH_RUNS, BENCH_BROWSER_RUNS and BENCH_CHARTS (a substring of chart ids) narrow a run.
 * The bench installs nothing: without /usr/bin/chromium it says so and prints only our figures.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ChartSpec } from '../charts/spec.ts';
import { renderChart, PNG_HEIGHT, PNG_WIDTH } from '../charts/render.ts';
import { SIZE } from '../charts/theme.ts';
import { importSnapshot } from '../src/data/snapshot.ts';
import { galleryCharts } from '../src/cli/charts.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/dashboard/browser.ts';
import { loadModels } from '../src/core/intelligence/index.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BROWSER_RUNS = Number(process.env.BENCH_BROWSER_RUNS ?? 3);
const TARGET_MS = 150;
const ROOT = resolve(import.meta.dirname, '..');
const SNAPSHOT = resolve(process.env.GREENLIGHT_SNAPSHOT ?? resolve(ROOT, '../shared/tmdb'));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function timeOurs(chart: ChartSpec): Promise<number> {
  await renderChart(chart);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const out = await renderChart(chart);
    times.push(performance.now() - t0);
    if (out.png.length < 1000) throw new Error(`${chart.id}: suspiciously small PNG`);
  }
  return median(times);
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<style>html,body{margin:0;background:#0A0A0A}</style>
<script src="/vega.min.js"></script><script src="/vega-lite.min.js"></script><script src="/vega-embed.min.js"></script>
</head><body><div id="chart"></div>
<script>
window.draw = async (spec) => {
  const el = document.getElementById('chart');
  el.innerHTML = '';
  const result = await vegaEmbed(el, spec, { actions: false, renderer: 'canvas' });
  await result.view.runAsync();
  return true;
};
</script></body></html>`;

/** A loopback server for the page and vega's browser bundles from node_modules (no network access). */
async function serveAssets(): Promise<Server> {
  const files: Record<string, string> = {
    '/vega.min.js': 'node_modules/vega/build/vega.min.js',
    '/vega-lite.min.js': 'node_modules/vega-lite/build/vega-lite.min.js',
    '/vega-embed.min.js': 'node_modules/vega-embed/build/vega-embed.min.js',
  };
  const cache = new Map(Object.entries(files).map(([url, file]) => [url, readFileSync(resolve(ROOT, file))]));
  const server = createServer((req, res) => {
    const body = cache.get(req.url ?? '');
    if (body) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}

const BROWSER_TIMEOUT_MS = 15_000;

async function screenshot(page: Page, chart: ChartSpec): Promise<void> {
  const drawn = page.evaluate(async (spec) => {
    const draw = (window as unknown as { draw: (s: unknown) => Promise<boolean> }).draw;
    await draw(spec);
  }, chart.spec as unknown);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Chromium did not draw ${chart.id} within ${BROWSER_TIMEOUT_MS} ms`)), BROWSER_TIMEOUT_MS);
  });
  try {
    await Promise.race([drawn, timeout]);
  } finally {
    clearTimeout(timer);
  }
  const png = await page.locator('#chart canvas').screenshot({ type: 'png', timeout: BROWSER_TIMEOUT_MS });
  if (png.length < 1000) throw new Error(`${chart.id}: Chromium produced a suspiciously small PNG`);
}

async function timeBrowser(browser: Browser, url: string, chart: ChartSpec): Promise<{ cold: number; warm: number }> {
  const viewport = { width: SIZE.width + 40, height: Math.ceil(SIZE.height) + 40 };
  const cold: number[] = [];
  for (let i = 0; i < BROWSER_RUNS; i++) {
    const t0 = performance.now();
    const page = await browser.newPage({ viewport, deviceScaleFactor: SIZE.scale });
    try {
      await page.goto(url, { waitUntil: 'load' });
      await screenshot(page, chart);
      cold.push(performance.now() - t0);
    } finally {
      await page.close();
    }
  }
  const page = await browser.newPage({ viewport, deviceScaleFactor: SIZE.scale });
  const warm: number[] = [];
  try {
    await page.goto(url, { waitUntil: 'load' });
    await screenshot(page, chart);
    for (let i = 0; i < BROWSER_RUNS; i++) {
      const t0 = performance.now();
      await screenshot(page, chart);
      warm.push(performance.now() - t0);
    }
  } finally {
    await page.close();
  }
  return { cold: median(cold), warm: median(warm) };
}

const pad = (text: string, n: number) => text.padEnd(n);
const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);

async function main(): Promise<void> {
  const now = new Date('2026-01-01T00:00:00Z');
  const catalog = await importSnapshot(SNAPSHOT, now);
  // The product's models (trained once per catalog and cached under the data directory), so model charts draw.
  const models = await loadModels(catalog, { dataDir: resolve(process.env.GREENLIGHT_DATA_DIR ?? resolve(ROOT, '.greenlight')) });
  const only = process.env.BENCH_CHARTS;
  const charts = galleryCharts(catalog, { now, models, surface: 'dashboard' }).filter((c) => !only || c.id.includes(only));
  console.log(`charts bench: ${charts.length} charts from ${catalog.titles.length} titles, PNG ${PNG_WIDTH}×${PNG_HEIGHT}`);
  console.log(`ours: median of ${RUNS} runs after a warm-up; Chromium: median of ${BROWSER_RUNS} runs\n`);

  const haveBrowser = existsSync(CHROMIUM);
  let browser: Browser | undefined;
  let server: Server | undefined;
  let url = '';
  if (haveBrowser) {
    const t0 = performance.now();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    server = await serveAssets();
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    console.log(`Chromium ${browser.version()} started in ${(performance.now() - t0).toFixed(0)} ms (not counted below)\n`);
  } else {
    console.log(`${CHROMIUM} is missing (apt-get install -y chromium): printing only our figures\n`);
  }

  console.log(
    `${pad('chart', 34)}${'ours'.padStart(10)}${haveBrowser ? `${'chromium'.padStart(12)}${'warm tab'.padStart(12)}${'ratio'.padStart(9)}${'ratio warm'.padStart(12)}` : ''}`,
  );
  const ours: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  const oursMatched: number[] = [];
  let browserFailures = 0;
  for (const chart of charts) {
    const mine = await timeOurs(chart);
    ours.push(mine);
    let line = `${pad(chart.id, 34)}${ms(mine)}`;
    if (browser) {
      try {
        const b = await timeBrowser(browser, url, chart);
        cold.push(b.cold);
        warm.push(b.warm);
        oursMatched.push(mine);
        line += `  ${ms(b.cold)}  ${ms(b.warm)}${`${(b.cold / mine).toFixed(1)}×`.padStart(9)}${`${(b.warm / mine).toFixed(1)}×`.padStart(12)}`;
      } catch (error) {
        // A chart Chromium fails to draw is the anchors' failure mode (timeouts, blank images): say so, go on.
        browserFailures++;
        line += `  Chromium failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      }
    }
    console.log(`${line}${mine > TARGET_MS ? '   OVER TARGET' : ''}`);
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  console.log('');
  console.log(
    `ours:     median ${median(ours).toFixed(1)} ms, max ${Math.max(...ours).toFixed(1)} ms, all ${charts.length} charts ${sum(ours).toFixed(0)} ms; ${ours.filter((t) => t < TARGET_MS).length}/${ours.length} under ${TARGET_MS} ms`,
  );
  if (browser) {
    if (browserFailures > 0)
      console.log(`chromium: ${browserFailures} chart(s) failed to draw (error or over ${BROWSER_TIMEOUT_MS} ms; left out of its figures)`);
    console.log(`chromium: median ${median(cold).toFixed(1)} ms per new page, ${median(warm).toFixed(1)} ms per re-embed in a warm tab`);
    const matched = sum(oursMatched);
    console.log(
      `ratio:    ${(sum(cold) / matched).toFixed(1)}× faster than a new Chromium page, ${(sum(warm) / matched).toFixed(1)}× faster than a warm tab (totals over the charts both drew)`,
    );
    await browser.close();
    server?.close();
  }
}

await main();

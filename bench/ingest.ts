/**
 * `npm run bench:ingest`: a full live ingest (discover/* by year from 1990 plus the nine lists, 25 pages each)
 * from the TMDB stand-in limited to 40 requests/s, through the real client at TMDB_RATE_LIMIT = 40.
 *
 * The stand-in runs in this process; the ingest runs in a child process so its peak memory is its own.
 * Figures: titles/s; requests/s sustained against the stand-in's limit (target ≥ 90 %); time to 10,000 titles
 * (target < 60 s); retries and 429s; the busiest second as the stand-in saw it; peak RSS and heap of the ingest.
 *
 * Options: --rate N (both sides' limit, default 40), --pages N (default 25), --since YEAR (default 1990),
 * --connections N (default 8, as TMDB_CONNECTIONS).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TmdbClient } from '../src/data/tmdb/client.ts';
import { ingestFromTmdb } from '../src/data/tmdb/ingest.ts';
import { peakPerSecond } from '../test/data/tmdb-setup.ts';
import { startTmdbStandIn } from '../test/fakes/tmdb-server.ts';

const TOKEN = 'bench-read-token';
const TARGET_TITLES = 10_000;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number (got ${process.argv[i + 1]}).`);
  return value;
}

interface ChildResult {
  titles: number;
  movies: number;
  tv: number;
  requests: number;
  retries: number;
  rateLimited: number;
  elapsedMs: number;
  msTo10k: number | null;
  maxRssMb: number;
  peakHeapMb: number;
}

/** The child: one ingest, its figures as JSON on stdout. */
async function child(baseUrl: string, rate: number, pages: number, since: number, connections: number): Promise<void> {
  let peakHeap = 0;
  const sample = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
  const client = new TmdbClient({ baseUrl, readToken: TOKEN, ratePerSecond: rate, connections });
  let msTo10k: number | null = null;
  const { catalog, report } = await ingestFromTmdb(client, {
    pages,
    since,
    now: new Date(),
    onProgress: (p) => {
      if (msTo10k === null && p.titles >= TARGET_TITLES) msTo10k = p.elapsedMs;
    },
  });
  await client.close();
  clearInterval(sample);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const result: ChildResult = {
    titles: catalog.meta.counts.total,
    movies: catalog.meta.counts.movie,
    tv: catalog.meta.counts.tv,
    requests: report.requests,
    retries: report.retries,
    rateLimited: report.rateLimited,
    elapsedMs: report.elapsedMs,
    msTo10k,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapMb: peakHeap / 1024 / 1024,
  };
  process.stdout.write(JSON.stringify(result));
}

async function main(): Promise<void> {
  const rate = option('rate', 40);
  const pages = option('pages', 25);
  const since = option('since', 1990);
  const connections = option('connections', 8);
  const childAt = process.argv.indexOf('--child');
  if (childAt >= 0) return child(process.argv[childAt + 1]!, rate, pages, since, connections);

  const standIn = await startTmdbStandIn({ readToken: TOKEN, rateLimit: rate });
  console.log(
    `TMDB ingest bench: stand-in limited to ${rate} req/s (sliding second), client TMDB_RATE_LIMIT=${rate}, ` +
      `${connections} connections, ${pages} pages per list, discover/* by year since ${since}.`,
  );
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      import.meta.filename,
      '--child',
      standIn.baseUrl,
      '--rate',
      String(rate),
      '--pages',
      String(pages),
      '--since',
      String(since),
      '--connections',
      String(connections),
    ],
    { maxBuffer: 1 << 20 },
  );
  await standIn.close();
  const r = JSON.parse(stdout) as ChildResult;
  const arrivals = standIn.log.map((x) => x.at);
  const span = (Math.max(...arrivals) - Math.min(...arrivals)) / 1000;
  // n requests span n-1 intervals: the sustained rate is intervals per second.
  const sustained = (arrivals.length - 1) / span;
  const refused = standIn.log.filter((x) => x.fault === 'limit').length;
  const seconds = r.elapsedMs / 1000;
  const pct = (100 * sustained) / rate;
  const lines = [
    ['titles', `${r.titles.toLocaleString('en')} (${r.movies.toLocaleString('en')} movies, ${r.tv.toLocaleString('en')} TV) in ${seconds.toFixed(1)} s`],
    ['titles/s', (r.titles / seconds).toFixed(0)],
    [
      '10,000 titles',
      r.msTo10k === null ? 'not reached' : `after ${(r.msTo10k / 1000).toFixed(1)} s (target < 60 s: ${r.msTo10k < 60_000 ? 'met' : 'MISSED'})`,
    ],
    [
      'requests',
      `${r.requests} sent; ${sustained.toFixed(1)} req/s sustained at the stand-in = ${pct.toFixed(1)} % of the ${rate} allowed (target ≥ 90 %: ${pct >= 90 ? 'met' : 'MISSED'})`,
    ],
    ['busiest second', `${peakPerSecond(arrivals)} requests (limit ${rate}); refused by the stand-in's limit: ${refused}`],
    ['retries', `${r.retries} (${r.rateLimited} after a 429)`],
    ['peak memory', `RSS ${r.maxRssMb.toFixed(0)} MB, heap ${r.peakHeapMb.toFixed(0)} MB (the ingest process alone)`],
  ];
  for (const [label, value] of lines) console.log(`  ${label.padEnd(15)} ${value}`);
}

await main();

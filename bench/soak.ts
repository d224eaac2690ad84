/**
 * `npm run bench:soak [-- --minutes 10] [--clients 4] [--rounds 5] [--worker-idle 15]`: mixed traffic against `greenlight serve` in its
 * own process, as deployed (adapter, answer worker, stages, charts, digests, dashboard on the real catalog), over
 * loopback only: its Slack client points at the fake Slack Web API and Teams (local mode) at the fake Bot Connector,
 * both in this process. For `--minutes` (default 10), `--clients` loops each send one request at a time, drawn from
 * a fixed mix: Slack questions and `/digest` commands (signed), Teams messages, dashboard pages and API calls, and
 * malformed or hostile requests (signed `null` bodies, forged and stale signatures, replays, oversized bodies,
 * unparseable request lines, traversal and script injection in URLs, malformed Teams activities, foreign
 * serviceUrls). Every loop is bounded by the deadline; nothing leaves the machine.
 *
 * It prints: requests and results by class (2xx, expected 4xx, 5xx, network errors) per kind of traffic, p95
 * latency per kind, the server's RSS (from /proc) 5 s after start-up and idle before traffic (once the answer
 * worker start-up checked has stopped: `--worker-idle` seconds, default 15, passed as GREENLIGHT_WORKER_IDLE_SECONDS),
 * at its peak in each round, 10 s after the traffic stops and at the end (workers stopped again), and crashes (the
 * process exiting). Targets (issue 20): 0 crashes, 0 5xx
 * from hostile input, RSS under 300 MB idle and a flat peak across rounds.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { arg, freshDataDir, quantile } from './args.ts';
import { startFakeConnector, teamsMessage } from '../test/fakes/botframework-connector.ts';
import { startFakeSlack } from '../test/fakes/slack-api.ts';
import { postSignedSlack, slashCommandBody } from '../test/fakes/slack-signing.ts';

const SECRET = 'soak-signing-secret';
/** This run, in the trigger ids: a second run within Slack's five minutes must not have its commands dropped as replays. */
const RUN = Date.now().toString(36);

/** Resident set size of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

type Kind = 'chat' | 'teams' | 'dashboard' | 'digests' | 'hostile';
type Outcome = '2xx' | '4xx' | '5xx' | 'network';
interface Result {
  kind: Kind;
  name: string;
  status: number | 'network';
  ms: number;
}

const STAGES = [
  ['/explore', (i: number) => `movies drama years ${2000 + (i % 20)}-2024`],
  ['/understand', (i: number) => ['horror', 'comedy', 'drama', 'thriller'][i % 4]],
  ['/identify', (i: number) => (i % 2 ? 'tv' : 'movies')],
  ['/predict', (i: number) => `sci-fi movie budget ${1 + (i % 9)} Q${1 + (i % 4)}`],
  ['/forecast', (i: number) => ['horror', 'drama', 'comedy'][i % 3]],
  ['/compare', (i: number) => ['Drama vs Comedy', 'Horror vs Thriller', 'Action vs Animation'][i % 3]],
] as const;
const GENRES = ['Drama', 'Comedy', 'Horror', 'Thriller', 'Action', 'Animation', 'Science Fiction', 'Romance'];

async function main(): Promise<void> {
  const minutes = Number(arg('minutes', '10'));
  const clients = Number(arg('clients', '4'));
  const rounds = Number(arg('rounds', '5'));
  // Answer workers stop after this long without work (GREENLIGHT_WORKER_IDLE_SECONDS; the server's default is 60):
  // shorter here so that "idle" and "at the end" are measured with them stopped without minutes of waiting.
  const workerIdle = Number(arg('worker-idle', '15'));
  if (!(minutes > 0) || !(clients > 0) || !(rounds > 0)) throw new Error('--minutes, --clients and --rounds must be positive numbers');

  const slack = await startFakeSlack();
  const connector = await startFakeConnector();
  const data = await freshDataDir();
  const serve = spawn(process.execPath, [join(import.meta.dirname, '../bin/greenlight.js'), 'serve', '--host', '127.0.0.1', '--port', '0'], {
    env: {
      ...process.env,
      GREENLIGHT_DATA_DIR: data.dir,
      SLACK_BOT_TOKEN: 'xoxb-soak',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_SOCKET_MODE: 'false',
      SLACK_API_URL: slack.apiUrl,
      GREENLIGHT_LOCAL_MODE: 'true',
      GREENLIGHT_PUBLIC_URL: '',
      MICROSOFT_APP_ID: '',
      GREENLIGHT_LINK_SECRET: '',
      GREENLIGHT_DIGEST_INTERVAL_SECONDS: '5',
      GREENLIGHT_WORKER_IDLE_SECONDS: String(workerIdle),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  let crashed: string | undefined;
  serve.stderr.setEncoding('utf8');
  serve.stderr.on('data', (chunk: string) => {
    log += chunk;
    if (log.length > 1_000_000) log = log.slice(-500_000); // keep the tail only: bounded
  });
  const base = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const listening = /listening on (http:\/\/\S+)/.exec(log);
      if (listening) resolve(listening[1]);
    };
    serve.stderr.on('data', onData);
    serve.once('exit', (code) => reject(new Error(`greenlight serve exited (${code}) before listening:\n${log}`)));
  });
  serve.once('exit', (code, signal) => (crashed = `exited with ${code ?? signal}`));
  const pid = serve.pid!;
  const port = Number(new URL(base).port);
  const events = `${base}/slack/events`;

  let seq = 0;
  const timed = async (kind: Kind, name: string, run: () => Promise<number>): Promise<Result> => {
    const started = performance.now();
    try {
      const status = await run();
      return { kind, name, status, ms: performance.now() - started };
    } catch {
      return { kind, name, status: 'network', ms: performance.now() - started };
    }
  };
  const status = async (res: Promise<Response>) => {
    const r = await res;
    await r.arrayBuffer();
    return r.status;
  };
  const slash = (command: string, text: string, extra: Record<string, string> = {}) =>
    status(
      postSignedSlack(
        events,
        SECRET,
        slashCommandBody(command, text, { channel_id: `CSOAK${(seq += 1) % 50}`, trigger_id: `soak.${RUN}.${seq}`, ...extra }),
        'application/x-www-form-urlencoded',
      ),
    );
  const teams = (activity: unknown) =>
    status(fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) }));
  const raw = (text: string) =>
    new Promise<number>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(text));
      let answer = '';
      socket.setTimeout(10_000, () => socket.destroy(new Error('timeout')));
      socket.on('data', (d) => (answer += d.toString()));
      socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
      socket.on('error', reject);
    });
  const replayed = slashCommandBody('/explore', 'movies', { trigger_id: 'soak.replay', channel_id: 'CSOAKREPLAY' });

  /** One request of the mix, the i-th. */
  const request = (i: number): Promise<Result> => {
    const g = GENRES[i % GENRES.length];
    switch (i % 20) {
      case 0:
      case 1:
      case 2: {
        const [command, text] = STAGES[i % STAGES.length];
        return timed('chat', command, () => slash(command, text(i)));
      }
      case 3:
        return timed('chat', 'question', () => slash('/greenlight', `which is doing better, ${g.toLowerCase()} or drama?`));
      case 4:
        return timed('teams', 'message', () => teams(teamsMessage(connector.serviceUrl, `/explore movies ${g.toLowerCase()}`)));
      case 5:
      case 6:
        return timed('dashboard', 'page', () =>
          status(fetch(`${base}/dashboard/${['explore', 'understand', 'identify', 'compare'][i % 4]}?genres=${encodeURIComponent(g)}`)),
        );
      case 7:
      case 8:
        return timed('dashboard', 'api', () => status(fetch(`${base}/api/stage/explore?genres=${encodeURIComponent(g)}&yearFrom=${1990 + (i % 30)}`)));
      case 9:
        return timed('digests', '/digest list', () => slash('/digest', 'list'));
      case 10:
        return timed('digests', '/digest preview', () => slash('/digest', `weekly mon 09:00 UTC rising`, { channel_id: 'CSOAKDIGEST' }));
      case 11:
        return timed('hostile', 'signed null', () =>
          status(
            postSignedSlack(events, SECRET, i % 40 < 20 ? 'null' : 'payload=null', i % 40 < 20 ? 'application/json' : 'application/x-www-form-urlencoded'),
          ),
        );
      case 12:
        return timed('hostile', 'forged/stale signature', () =>
          status(
            postSignedSlack(
              events,
              SECRET,
              slashCommandBody('/explore', 'movies'),
              'application/x-www-form-urlencoded',
              i % 40 < 20 ? { signWith: 'wrong' } : { timestamp: Math.floor(Date.now() / 1000) + 3600 },
            ),
          ),
        );
      case 13:
        return timed('hostile', 'replay', () => status(postSignedSlack(events, SECRET, replayed, 'application/x-www-form-urlencoded')));
      case 14:
        return timed('hostile', 'oversized', () =>
          status(
            fetch(i % 40 < 20 ? events : `${base}/api/messages`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: 'x'.repeat(2 * 1024 * 1024),
            }),
          ),
        );
      case 15:
        return timed('hostile', 'bad request line', () => raw('GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      case 16:
        return timed('hostile', 'traversal/xss', () =>
          status(
            fetch(
              `${base}${['/dashboard/..%2f..%2fetc%2fpasswd', '/images/../../state.sqlite', `/dashboard/explore?genres=${encodeURIComponent('<script>alert(1)</script>')}`, '/api/stage/explore?genres=constructor'][i % 4]}`,
            ),
          ),
        );
      case 17:
        return timed('hostile', 'malformed activity', () => teams([{}, { type: 'message' }, { type: 'message', conversation: { id: 1 } }, null][i % 4]));
      case 18:
        return timed('hostile', 'foreign serviceUrl', () => teams(teamsMessage('http://169.254.169.254/latest/', '/explore movies')));
      default:
        return timed('hostile', 'unknown path', () => status(fetch(`${base}/wp-admin/${i}`)));
    }
  };

  // Start-up: after a pause, the answer worker that start-up checked still running. Idle: once it has stopped.
  await new Promise((r) => setTimeout(r, 5_000));
  const startedUp = rssMb(pid);
  await new Promise((r) => setTimeout(r, (workerIdle + 5) * 1000));
  const idle = rssMb(pid);
  console.log(
    `greenlight serve (pid ${pid}) at ${base}; RSS 5 s after start-up ${startedUp.toFixed(0)} MB, idle (workers stopped after ${workerIdle} s) ${idle.toFixed(0)} MB. ` +
      `Soaking ${minutes} min, ${clients} clients, ${rounds} rounds.`,
  );

  const results: Result[] = [];
  const peaks: number[] = [];
  const started = Date.now();
  const end = started + minutes * 60_000;
  const roundMs = (minutes * 60_000) / rounds;
  /** The main thread's memory at the end of each round, from /healthz (heap vs native: where RSS goes). */
  const heaps: string[] = [];
  let lastRound = 0;
  const sampler = setInterval(() => {
    if (crashed) return;
    const round = Math.min(rounds - 1, Math.floor((Date.now() - started) / roundMs));
    peaks[round] = Math.max(peaks[round] ?? 0, rssMb(pid));
    if (round !== lastRound) {
      lastRound = round;
      void fetch(`${base}/healthz`)
        .then((r) => r.json() as Promise<{ memory?: { heapUsed: number; external: number; arrayBuffers: number } }>)
        .then(({ memory: m }) => heaps.push(m ? `heap ${m.heapUsed}, external ${m.external}, array buffers ${m.arrayBuffers}` : 'n/a'))
        .catch(() => heaps.push('n/a'));
    }
  }, 500);
  let counter = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < end && !crashed) results.push(await request((counter += 1)));
    }),
  );
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 10_000));
  const afterTraffic = crashed ? Number.NaN : rssMb(pid);
  await new Promise((r) => setTimeout(r, workerIdle * 1000));
  const atEnd = crashed ? Number.NaN : rssMb(pid);

  // Report.
  const outcome = (r: Result): Outcome => (r.status === 'network' ? 'network' : r.status >= 500 ? '5xx' : r.status >= 400 || r.status === 0 ? '4xx' : '2xx');
  console.log(
    `\n${results.length} requests in ${((Date.now() - started) / 60_000).toFixed(1)} min; Slack answers posted: ${slack.callsOf('chat.postMessage').filter((c) => c.args.thread_ts !== undefined).length}; Teams activities posted: ${connector.posts.length}`,
  );
  console.log('kind        name                      requests    2xx    4xx    5xx  network   p95 ms');
  const names = [...new Set(results.map((r) => `${r.kind}\u0000${r.name}`))].sort();
  for (const key of names) {
    const [kind, name] = key.split('\u0000');
    const of = results.filter((r) => r.kind === kind && r.name === name);
    const count = (o: Outcome) => String(of.filter((r) => outcome(r) === o).length).padStart(6);
    const p95 = quantile(
      of.map((r) => r.ms).sort((a, b) => a - b),
      0.95,
    );
    console.log(
      `${kind.padEnd(12)}${name.padEnd(26)}${String(of.length).padStart(8)} ${count('2xx')} ${count('4xx')} ${count('5xx')} ${count('network').padStart(8)} ${Math.round(p95).toString().padStart(8)}`,
    );
  }
  const hostile5xx = results.filter((r) => r.kind === 'hostile' && outcome(r) === '5xx').length;
  const all5xx = results.filter((r) => outcome(r) === '5xx').length;
  console.log(`\ncrashes: ${crashed ? `1 (${crashed})` : 0}`);
  console.log(`5xx from hostile input: ${hostile5xx}; 5xx overall: ${all5xx}`);
  console.log(`main thread after rounds 1..${heaps.length} (MB): ${heaps.join(' | ')}`);
  console.log(
    `RSS idle ${idle.toFixed(0)} MB (target < 300; ${startedUp.toFixed(0)} MB with the start-up's worker); peak per round ${peaks.map((p) => p.toFixed(0)).join(' / ')} MB; ` +
      `10 s after the traffic ${afterTraffic.toFixed(0)} MB; at the end (workers stopped) ${atEnd.toFixed(0)} MB`,
  );
  const errorLines = log.split('\n').filter((l) => /\berror\b|Error:/.test(l));
  console.log(`server log: ${errorLines.length} error line(s)${errorLines.length ? `, first: ${errorLines[0].slice(0, 200)}` : ''}`);

  serve.kill('SIGTERM');
  await new Promise((r) => (serve.exitCode !== null || serve.signalCode !== null ? r(undefined) : serve.once('exit', r)));
  await slack.close();
  await data.remove();
  await connector.close();
}

await main();

/**
 * `npm run bench:bot [-- --rounds 1,10,50] [--only "/greenlight help"]`: fires N concurrent, correctly signed slash commands at a running
 * Greenlight — `greenlight serve` in its own process, as deployed: adapter, answer worker, stages, charts and warm
 * models on the real catalog — over loopback, its Slack client pointed at the fake Slack Web API (in this
 * process), and prints per N:
 *   ack latency p50 / p95 / max   (target p95 < 300 ms, never over 3 s)
 *   time to the complete reply    (request sent → the answer posted in its thread; target p95 < 1.5 s)
 *   errors                        (non-200 acks, missing or error replies, more than one message in the thread; target 0)
 * `--warm-up K` asks every command K times with other parameters before the first round (default 1); `--rounds 50,50,50`
 * repeats N with new questions each round (how a server that keeps answering settles); `--cpu-prof DIR` profiles
 * the server (a .cpuprofile per thread, for Chrome's DevTools or a script); `--open-connections K` opens K keep-alive
 * connections before the rounds (as a proxy in front of the server would keep them).
 * Each request uses its own channel so its root message and threaded answer can be matched.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { arg, freshDataDir, machineSpeedMs, quantile } from './args.ts';
import { startFakeSlack } from '../test/fakes/slack-api.ts';
import { postSignedSlack, slashCommandBody } from '../test/fakes/slack-signing.ts';

const SECRET = 'bench-signing-secret';
/** This run, in the trigger ids. */
const RUN = Date.now().toString(36);
const GENRES = ['drama', 'comedy', 'horror', 'thriller', 'sci-fi', 'action', 'romance', 'animation', 'crime', 'documentary'];
/**
 * The i-th command of a round: the six stages and plain questions, with parameters that change with i so that no
 * two requests of a round ask the same thing (answers are not served from a cache).
 */
const COMMANDS: ((i: number) => [string, string])[] = [
  (i) => ['/explore', `movies ${GENRES[i % 10]} years ${2000 + (i % 17)}-2024`],
  (i) => ['/understand', `${GENRES[i % 10]} years ${1995 + (i % 20)}-2024`],
  (i) => ['/identify', `${i % 2 ? 'tv' : 'movies'} years ${2000 + (i % 15)}-2024`],
  (i) => ['/predict', `${GENRES[i % 10]} movie budget ${(i % 10) + 1} Q${(i % 4) + 1}`],
  (i) => ['/forecast', `${GENRES[i % 10]} ${GENRES[(i + 3) % 10]}`],
  (i) => ['/compare', `${GENRES[i % 10]} vs ${GENRES[(i + 1) % 10]}`],
  () => ['/compare', '"Dune: Part Two" vs "Oppenheimer"'],
  (i) => ['/greenlight', `should we greenlight a ${GENRES[i % 10]} movie for Q${(i % 4) + 1} with a big budget?`],
  () => ['/greenlight', "what's rising?"],
  (i) => ['/explore', `tv ${GENRES[(i + 5) % 10]}`],
];

const ms = (v: number) => (Number.isNaN(v) ? '   –' : `${Math.round(v)}`.padStart(5));

async function main(): Promise<void> {
  const rounds = arg('rounds', '1,10,50').split(',').map(Number);
  // `--only "/greenlight help"` sends one command only (e.g. a cheap one, to see the transport alone).
  const only = arg('only', '');
  const commands: ((i: number) => [string, string])[] = only ? [() => [only.split(' ')[0], only.split(' ').slice(1).join(' ')]] : COMMANDS;
  const slack = await startFakeSlack();
  const data = await freshDataDir();
  // `--cpu-prof DIR` writes the server's CPU profiles (main thread and workers) to DIR, to see where an answer's time goes.
  const profile = arg('cpu-prof', '');
  const nodeFlags = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const serve = spawn(process.execPath, [...nodeFlags, join(import.meta.dirname, '../bin/greenlight.js'), 'serve', '--host', '127.0.0.1', '--port', '0'], {
    env: {
      ...process.env,
      GREENLIGHT_DATA_DIR: data.dir,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_SOCKET_MODE: 'false',
      SLACK_API_URL: slack.apiUrl,
      GREENLIGHT_PUBLIC_URL: '',
      MICROSOFT_APP_ID: '',
      GREENLIGHT_LOCAL_MODE: 'false',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  serve.stderr.setEncoding('utf8');
  const base = await new Promise<string>((resolve, reject) => {
    serve.stderr.on('data', (chunk: string) => {
      log += chunk;
      const listening = /listening on (http:\/\/\S+)/.exec(log);
      if (listening) resolve(listening[1]);
    });
    serve.once('exit', (code) => reject(new Error(`greenlight serve exited (${code}):\n${log}`)));
  });
  console.log(
    log
      .trim()
      .split('\n')
      .map((l) => `  serve: ${l}`)
      .join('\n'),
  );
  const url = `${base}/slack/events`;

  // Warm-up: every command once, so the first round measures a warm process like a serving one.
  const t = performance.now();
  let channelSeq = 0;
  const fire = async (command: string, text: string) => {
    const channel = `CBENCH${(channelSeq += 1)}`;
    const sent = performance.now();
    // A unique trigger id per command, as Slack sends: the server drops a repeated one as a replay (so would a
    // second run of this bench against the same data directory within Slack's five minutes).
    const body = slashCommandBody(command, text, { channel_id: channel, trigger_id: `bench.${RUN}.${channelSeq}` });
    const res = await postSignedSlack(url, SECRET, body, 'application/x-www-form-urlencoded');
    return { channel, sent, ackMs: performance.now() - sent, status: res.status };
  };
  // The answer: the first message Slack accepted in the request's thread.
  const answered = (channel: string) =>
    slack.calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === channel && c.args.thread_ts !== undefined && c.response?.ok === true);
  // `--warm-up K`: K passes (default 1); each pass asks every command once with its own parameters.
  const passes = Number(arg('warm-up', '1'));
  for (let pass = 0; pass < passes; pass += 1) {
    const warm = await Promise.all(commands.map((make) => fire(...make(1000 + pass))));
    await slack.waitFor('chat.postMessage', (pass + 1) * warm.length * 2, 120_000);
  }
  console.log(`warm-up: ${passes} × ${commands.length} commands in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

  // `--open-connections K`: K concurrent GET /healthz first, so K keep-alive connections are open before the rounds,
  // as a proxy in front of `serve` would hold them (a first burst otherwise opens a new connection per request).
  const open = Number(arg('open-connections', '0'));
  if (open > 0) await Promise.all(Array.from({ length: open }, () => fetch(`${base}/healthz`).then((r) => r.arrayBuffer())));
  const speedBefore = machineSpeedMs();
  console.log('    N | ack p50   p95   max (ms) | reply p50   p95   max (ms) | errors');
  console.log('------+--------------------------+----------------------------+-------');
  for (const [round, n] of rounds.entries()) {
    slack.calls.length = 0;
    // Each round asks its own questions: a repeated N (`--rounds 50,50,50`) shifts the parameters by five, which gives
    // every stage other genres, years or quarters than the round before (the answers are not the cached ones).
    const shots = await Promise.all(
      Array.from({ length: n }, (_, i) => fire(...commands[i % commands.length](n + 5 * round + Math.floor(i / commands.length)))),
    );
    const deadline = performance.now() + 60_000;
    while (performance.now() < deadline && shots.some((s) => !answered(s.channel))) await new Promise((r) => setTimeout(r, 20));
    const acks = shots.map((s) => s.ackMs).sort((a, b) => a - b);
    const replies: number[] = [];
    let errors = 0;
    for (const s of shots) {
      const answer = answered(s.channel);
      if (s.status !== 200 || !answer) {
        errors += 1;
        continue;
      }
      replies.push(answer.at - s.sent);
      if (JSON.stringify(answer.args.blocks ?? '').includes(':warning:')) errors += 1;
      // One visible message per answer: no file shares or second posts in the thread.
      if (slack.visible(s.channel, String(answer.args.thread_ts)).length !== 1) errors += 1;
    }
    replies.sort((a, b) => a - b);
    console.log(
      `${String(n).padStart(5)} | ${ms(quantile(acks, 0.5))} ${ms(quantile(acks, 0.95))} ${ms(acks[acks.length - 1])}      | ${ms(quantile(replies, 0.5))} ${ms(quantile(replies, 0.95))} ${ms(replies[replies.length - 1])}        | ${errors}`,
    );
  }
  console.log(`\nmachine speed: a fixed loop took ${speedBefore} ms before the rounds and ${machineSpeedMs()} ms after (lower is faster)`);
  serve.kill('SIGTERM');
  await once(serve, 'exit');
  await slack.close();
  await data.remove();
}

await main();

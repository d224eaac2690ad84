/**
 * `greenlight ask "<question or command>" [--out DIR] [--json] [--channel slack|teams]`: the chat path on the
 * console. With `--out`, the reply is written as `DIR/reply.json` plus its PNGs; `--json` prints the reply JSON;
 * otherwise a readable text reply. `--channel` prints instead the exact payload that channel would post — the
 * `chat.postMessage` arguments (paste `blocks` into Block Kit Builder) or the Bot Framework activity with its
 * Adaptive Card (paste the attachment's `content` into the Adaptive Cards designer); the preview uploads nothing,
 * so Slack's pictures are described in words and Teams' are inlined as data URIs. With no question (or
 * `--repl`), an interactive console that keeps the thread for follow-ups.
 */
import type { Command } from 'commander';
import { writeReplyFiles, toReplyJson } from '../adapters/console/files.ts';
import { runRepl } from '../adapters/console/repl.ts';
import { formatReplyText } from '../adapters/console/text.ts';
import { CHANNEL_NAMES, channelNamed } from '../adapters/registry.ts';
import { ask } from '../reply/answer.ts';
import { createAnswerDeps } from '../reply/deps.ts';
import type { CliContext } from './context.ts';

interface AskOptions {
  out?: string;
  json?: boolean;
  repl?: boolean;
  channel?: string;
}

export function registerAsk(program: Command, ctx: () => CliContext): void {
  program
    .command('ask')
    .description('Ask a question or run a command (e.g. "/predict sci-fi movie budget 7 Q3") and print or write the reply')
    .argument('[question...]', 'the question or command; none starts the interactive console')
    .option('--out <dir>', 'write reply.json and the chart PNGs into DIR')
    .option('--json', 'print the reply as JSON')
    .option('--repl', 'start the interactive console (keeps the thread for follow-ups)')
    .option('--channel <name>', `print the exact payload that channel would post (${CHANNEL_NAMES.join(' or ')}), e.g. --channel slack --json`)
    .action(async (words: string[], opts: AskOptions) => {
      const c = ctx();
      const deps = createAnswerDeps(await c.catalog(), c.config, (message, error) => c.info(`${message}${error instanceof Error ? `: ${error.message}` : ''}`));
      const question = words.join(' ').trim();
      // The console only without an output format: `ask "" --json` answers (with a usage error) as JSON.
      if (opts.repl || (question === '' && !opts.json && !opts.out)) {
        await runRepl(deps, { input: process.stdin, output: process.stdout, out: opts.out });
        return;
      }
      if (opts.channel !== undefined) {
        if (!CHANNEL_NAMES.includes(opts.channel)) {
          c.info(`--channel must be one of ${CHANNEL_NAMES.join(', ')} (got "${opts.channel}"); e.g. greenlight ask "what's rising?" --channel slack --json`);
          process.exitCode = 2;
          return;
        }
        const channel = channelNamed(opts.channel);
        const reply = await ask(question, deps, { nativeCharts: channel.nativeCharts });
        const inline = (image: { png: Buffer }) => `data:image/png;base64,${image.png.toString('base64')}`;
        c.print(JSON.stringify(channel.render(reply, inline, { inlined: true }), null, 2));
        if (reply.kind === 'error') process.exitCode = 1;
        return;
      }
      const started = performance.now();
      const reply = await ask(question, deps);
      const json = opts.out ? await writeReplyFiles(reply, opts.out) : toReplyJson(reply);
      if (opts.out) c.info(`Wrote ${opts.out}/reply.json and ${reply.images.length} PNG(s) in ${Math.round(performance.now() - started)} ms.`);
      c.print(opts.json ? JSON.stringify(json, null, 2) : formatReplyText(json, opts.out));
      if (reply.kind === 'error') process.exitCode = 1;
    });
}

/**
 * `greenlight ask "<question or command>" [--out DIR] [--json]`: the chat path on the console. With `--out`, the
 * reply is written as `DIR/reply.json` plus its PNGs; `--json` prints the reply JSON; otherwise a readable text
 * reply. With no question (or `--repl`), an interactive console that keeps the thread for follow-ups.
 */
import type { Command } from 'commander';
import { writeReplyFiles, toReplyJson } from '../adapters/console/files.ts';
import { runRepl } from '../adapters/console/repl.ts';
import { formatReplyText } from '../adapters/console/text.ts';
import { loadModels } from '../core/intelligence/index.ts';
import { ask, type AnswerDeps } from '../reply/answer.ts';
import type { CliContext } from './context.ts';

interface AskOptions {
  out?: string;
  json?: boolean;
  repl?: boolean;
}

async function answerDeps(c: CliContext): Promise<AnswerDeps> {
  const catalog = await c.catalog();
  return {
    catalog,
    config: c.config,
    now: () => new Date(),
    models: () => loadModels(catalog, { dataDir: c.config.GREENLIGHT_DATA_DIR }),
    log: (message, error) => c.info(`${message}${error instanceof Error ? `: ${error.message}` : ''}`),
  };
}

export function registerAsk(program: Command, ctx: () => CliContext): void {
  program
    .command('ask')
    .description('Ask a question or run a command (e.g. "/predict sci-fi movie budget 7 Q3") and print or write the reply')
    .argument('[question...]', 'the question or command; none starts the interactive console')
    .option('--out <dir>', 'write reply.json and the chart PNGs into DIR')
    .option('--json', 'print the reply as JSON')
    .option('--repl', 'start the interactive console (keeps the thread for follow-ups)')
    .action(async (words: string[], opts: AskOptions) => {
      const c = ctx();
      const deps = await answerDeps(c);
      const question = words.join(' ').trim();
      if (opts.repl || question === '') {
        await runRepl(deps, { input: process.stdin, output: process.stdout, out: opts.out });
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

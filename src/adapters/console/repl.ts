/**
 * A small interactive console: each line goes through `ask`, keeping the previous answer's intent so that
 * follow-ups ("what if budget 3?", "why?") work as in a chat thread. A number picks the numbered button of the
 * last reply. `quit` (or end of input) leaves.
 */
import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import type { Intent } from '../../../intents/intent.ts';
import { ask, type AnswerDeps } from '../../reply/answer.ts';
import type { Reply } from '../../reply/reply.ts';
import { writeReplyFiles } from './files.ts';
import { formatReplyText } from './text.ts';

export interface ReplOptions {
  input: Readable;
  output: Writable;
  /** When set, each reply's JSON and PNGs are written to `<out>/<n>/`. */
  out?: string;
}

const QUIT = /^(quit|exit|bye|:q)$/i;

/** The text a line stands for: a button number of the last reply picks that button's command. */
export function resolveLine(line: string, last: Reply | undefined): string {
  const n = /^\d+$/.test(line) ? Number(line) : NaN;
  const buttons = last?.actions.filter((a) => a.kind === 'command') ?? [];
  const picked = Number.isInteger(n) ? buttons[n - 1] : undefined;
  return picked && picked.kind === 'command' ? picked.command : line;
}

export async function runRepl(deps: AnswerDeps, options: ReplOptions): Promise<void> {
  const rl = createInterface({ input: options.input, output: options.output, terminal: false });
  const write = (text: string) => options.output.write(text.endsWith('\n') ? text : `${text}\n`);
  write('Greenlight console: ask a question or a command (help, quit). Numbers pick a button of the last reply.');
  let previous: Intent | undefined;
  let last: Reply | undefined;
  let count = 0;
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === '') continue;
      if (QUIT.test(line)) break;
      const reply = await ask(resolveLine(line, last), deps, { previous });
      count += 1;
      let dir: string | undefined;
      if (options.out) {
        dir = `${options.out}/${count}`;
        await writeReplyFiles(reply, dir);
      }
      const numbered = {
        ...reply,
        actions: reply.actions.map((a, i) =>
          a.kind === 'command' ? { ...a, label: `${reply.actions.slice(0, i + 1).filter((b) => b.kind === 'command').length}) ${a.label}` } : a,
        ),
      };
      write(`\n${formatReplyText(numbered, dir)}\n`);
      if (reply.intent) previous = reply.intent;
      last = reply;
    }
  } finally {
    rl.close();
  }
}

/**
 * The `ChatHandler` both chat adapters call: `/digest …` goes to the digests; everything else is `ask`, with the
 * thread's last intent as context so that follow-ups ("why?", "what if budget 3?", a button) reuse its
 * parameters. The thread memory sits behind `ThreadStore` — in memory by default, and replaceable by a shared
 * store (keyv / Redis) when several replicas serve one workspace.
 */
import type { Intent } from '../../intents/intent.ts';
import type { ChatHandler, ChatTurn } from '../adapters/conversation.ts';
import { ask } from '../reply/answer.ts';
import type { AnswerDeps } from '../reply/deps.ts';
import type { Reply } from '../reply/reply.ts';
import type { AskFn } from './pool.ts';

export interface ThreadStore {
  get(thread: string): Promise<Intent | undefined>;
  set(thread: string, intent: Intent): Promise<void>;
}

/** Keeps the last intent of the most recently active threads (oldest forgotten first). */
export class MemoryThreadStore implements ThreadStore {
  private readonly threads = new Map<string, Intent>();
  constructor(private readonly maxThreads = 10_000) {}

  async get(thread: string): Promise<Intent | undefined> {
    return this.threads.get(thread);
  }

  async set(thread: string, intent: Intent): Promise<void> {
    this.threads.delete(thread);
    this.threads.set(thread, intent);
    for (const oldest of this.threads.keys()) {
      if (this.threads.size <= this.maxThreads) break;
      this.threads.delete(oldest);
    }
  }
}

/** Answers `/digest …` (its arguments without the command name) for the turn's conversation. */
export type DigestCommand = (args: string, turn: ChatTurn) => Promise<Reply>;

export interface AssistantOptions {
  deps: AnswerDeps;
  /** Where questions are answered: in this thread by default, or by the worker pool (`pool.ts`). */
  ask?: AskFn;
  threads?: ThreadStore;
  digest?: DigestCommand;
}

const DIGEST = /^\/digest\b\s*/i;

export function createAssistant(options: AssistantOptions): ChatHandler {
  const threads = options.threads ?? new MemoryThreadStore();
  const answer: AskFn = options.ask ?? ((text, askOptions) => ask(text, options.deps, askOptions));
  return async (turn) => {
    if (DIGEST.test(turn.text)) {
      const args = turn.text.replace(DIGEST, '');
      if (options.digest) return options.digest(args, turn);
      return {
        kind: 'error',
        title: 'Digests are not available here',
        text: 'This Greenlight runs without the digest scheduler, so `/digest` cannot subscribe this conversation.',
        bullets: [],
        images: [],
        actions: [],
        footnotes: [],
      };
    }
    const previous = await threads.get(turn.thread);
    const reply = await answer(turn.text, { ...(previous ? { previous } : {}), ...(turn.nativeCharts ? { nativeCharts: turn.nativeCharts } : {}) });
    if (reply.intent) await threads.set(turn.thread, reply.intent);
    return reply;
  };
}

/**
 * A small pool of worker threads that run `ask`. Stage maths and chart rendering are CPU-bound and partly
 * synchronous; on the main thread they would hold up every other request, including Slack's acks (due within
 * 3 s). With the pool the main thread only parses, acks, renders Block Kit / cards and talks HTTP.
 * Requests queue when every worker is busy; a worker that dies fails its request and is replaced.
 */
import { Worker } from 'node:worker_threads';
import type { Intent } from '../../intents/intent.ts';
import type { Config } from '../config.ts';
import type { Catalog } from '../data/catalog.ts';
import type { Reply } from '../reply/reply.ts';
import type { ChatLogger } from '../adapters/conversation.ts';

export interface WorkerInit {
  catalog: Catalog;
  config: Config;
  /** Load the models (from the cache the main thread warmed) for predict / forecast / understand. */
  models: boolean;
}

export interface PoolRequest {
  id: number;
  text: string;
  previous?: Intent;
}

export type PoolResponse =
  | { kind: 'ready' }
  | { kind: 'reply'; id: number; reply: Reply }
  | { kind: 'failed'; id: number; detail: string }
  | { kind: 'log'; message: string; detail: string };

export type AskFn = (text: string, options?: { previous?: Intent }) => Promise<Reply>;

export interface AnswerPool {
  ask: AskFn;
  readonly size: number;
  /** Resolves when every worker has its catalog and is listening. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  request: PoolRequest;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy?: Pending;
  isReady: boolean;
  ready: Promise<void>;
}

/** Structured clone turns each PNG Buffer into a plain Uint8Array; give the adapters Buffers back. */
function revive(reply: Reply): Reply {
  return { ...reply, images: reply.images.map((image) => ({ ...image, png: Buffer.from(image.png.buffer, image.png.byteOffset, image.png.byteLength) })) };
}

export function createAnswerPool(init: WorkerInit, options: { size: number; logger: ChatLogger }): AnswerPool {
  const queue: Pending[] = [];
  const slots: Slot[] = [];
  let seq = 0;
  let closing = false;

  const spawn = (): Slot => {
    const worker = new Worker(new URL('./answer-worker.mjs', import.meta.url), { workerData: init });
    let markReady!: () => void;
    const slot: Slot = { worker, isReady: false, ready: new Promise((resolve) => (markReady = resolve)) };
    worker.on('message', (message: PoolResponse) => {
      if (message.kind === 'ready') {
        slot.isReady = true;
        markReady();
        dispatch();
      } else if (message.kind === 'log') {
        options.logger.error(`answer worker: ${message.message}`, message.detail ? new Error(message.detail) : undefined);
      } else {
        const done = slot.busy;
        slot.busy = undefined;
        if (done && done.request.id === message.id) {
          if (message.kind === 'reply') done.resolve(revive(message.reply));
          else done.reject(new Error(message.detail));
        }
        dispatch();
      }
    });
    worker.on('error', (error) => options.logger.error('answer worker crashed', error));
    worker.on('exit', (code) => {
      const lost = slot.busy;
      slot.busy = undefined;
      lost?.reject(new Error(`answer worker exited with code ${code}`));
      const index = slots.indexOf(slot);
      if (index >= 0) slots.splice(index, 1);
      // Replace a worker that died while serving; one that never started would only die again.
      if (!closing && slot.isReady) {
        slots.push(spawn());
        dispatch();
      }
    });
    return slot;
  };

  const dispatch = () => {
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (!slot.isReady || slot.busy) continue;
      slot.busy = queue.shift()!;
      slot.worker.postMessage(slot.busy.request);
    }
  };

  for (let i = 0; i < Math.max(1, options.size); i += 1) slots.push(spawn());

  return {
    size: slots.length,
    ask: (text, askOptions = {}) =>
      new Promise<Reply>((resolve, reject) => {
        if (closing) {
          reject(new Error('the answer pool is closed'));
          return;
        }
        seq += 1;
        queue.push({ request: { id: seq, text, ...(askOptions.previous ? { previous: askOptions.previous } : {}) }, resolve, reject });
        dispatch();
      }),
    ready: async () => {
      await Promise.all(slots.map((s) => s.ready));
    },
    close: async () => {
      closing = true;
      for (const p of queue.splice(0)) p.reject(new Error('the answer pool is closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

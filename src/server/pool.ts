/**
 * The worker threads that do the CPU work of answering (a piscina pool): chat questions (`ask`: stage maths and
 * chart rendering), dashboard boards (`board`: stage maths and the charts compiled to Vega) and the pictures of a
 * stage page's first load (`page`: the board's charts drawn as SVG). On the main thread
 * they would hold up every other request — Slack's acks (due within 3 s), the dashboard's pages and scripts. With
 * the pool the main thread only parses, acks, renders Block Kit / cards and talks HTTP; digests run their stages
 * (`stage`) and draw their pictures (`pictures`) here too. Requests queue when every worker is busy; piscina
 * replaces a worker that dies (its request fails).
 */
import pLimit from 'p-limit';
import { Piscina } from 'piscina';
import type { Intent } from '../../intents/intent.ts';
import type { ChatLogger } from '../adapters/conversation.ts';
import type { Config } from '../config.ts';
import type { ValidParams } from '../core/params.ts';
import type { StageName } from '../core/types.ts';
import type { Catalog } from '../data/catalog.ts';
import type { AskOptions } from '../reply/answer.ts';
import type { Reply, ReplyImage } from '../reply/reply.ts';
import type { ChartSpec } from '../../charts/spec.ts';
import type { DrawPicturesFn } from '../reply/images.ts';
import type { StageResults } from '../core/stages/index.ts';
import type { DefaultStageFn, DigestStage } from '../digests/compose.ts';
import type { DrawPageFn, DrawnPage, BoardFn, BoardOutcome } from './dashboard/service.ts';
import type { WarmUpReport } from './warm-up.ts';

export interface WorkerInit {
  catalog: Catalog;
  config: Config;
  /** Load the models (from the cache the main thread warmed) for predict / forecast / understand. */
  models: boolean;
  /** Warm up while idle after starting (warm-up.ts): dry-run answers, so that the first real ones are not JIT-cold. */
  warmUp?: boolean;
}

export type WorkerTask =
  | { kind: 'ready' }
  | { kind: 'ask'; text: string; previous?: Intent; nativeCharts?: number }
  | { kind: 'board'; stage: StageName; params: ValidParams<StageName>; now: string; draw?: boolean }
  | { kind: 'page'; boardBody: string }
  /** Chart pictures for chat (digests): their chat forms rasterised, as a reply's are. */
  | { kind: 'pictures'; specs: ChartSpec[] }
  /** A stage's result on its default parameters (a digest's sections). */
  | { kind: 'stage'; stage: DigestStage; now: string }
  | { kind: 'warm-up' };

/** What a worker logged while it worked on a task: passed on to the pool's logger. */
export interface WorkerLog {
  message: string;
  detail: string;
}

export type WorkerResult =
  | { kind: 'ready'; logs: WorkerLog[] }
  | { kind: 'reply'; reply: Reply; logs: WorkerLog[] }
  | { kind: 'page'; page: DrawnPage; logs: WorkerLog[] }
  | { kind: 'pictures'; images: ReplyImage[]; logs: WorkerLog[] }
  | { kind: 'stage'; result: StageResults[DigestStage]; logs: WorkerLog[] }
  | { kind: 'warm-up'; done: boolean; report: WarmUpReport | null; logs: WorkerLog[] }
  | (BoardOutcome & { logs: WorkerLog[] });

export type AskFn = (text: string, options?: Pick<AskOptions, 'previous' | 'nativeCharts'>) => Promise<Reply>;

export interface WorkerPool {
  ask: AskFn;
  board: BoardFn;
  /** A board's page markup with its charts drawn as SVG (first loads of a stage page). */
  page: DrawPageFn;
  /** Chart pictures for chat, drawn in a worker (digests: the main thread never loads the drawing libraries). */
  pictures: DrawPicturesFn;
  /** A digest stage's result, computed in a worker (the main thread keeps acknowledging chat meanwhile). */
  stage: DefaultStageFn;
  readonly size: number;
  /** Worker threads running now (fewer than `size` while idle ones are stopped). */
  running(): number;
  /** Resolves when the workers have their catalog and answer. */
  ready(): Promise<void>;
  /** Resolves when the workers' warm-ups have finished (null for a worker not asked to warm up). */
  warmedUp(): Promise<(WarmUpReport | null)[]>;
  close(): Promise<void>;
}

/** Structured clone turns each PNG Buffer into a plain Uint8Array; give the adapters Buffers back. */
function reviveImages(images: readonly ReplyImage[]): ReplyImage[] {
  return images.map((image) => ({ ...image, png: Buffer.from(image.png.buffer, image.png.byteOffset, image.png.byteLength) }));
}

function revive(reply: Reply): Reply {
  const images = reviveImages(reply.images);
  // A chart's picture is one of the images: point at the revived one.
  const charts = reply.charts?.map(({ image, ...chart }) => {
    const revived = image ? images.find((i) => i.id === image.id) : undefined;
    return { ...chart, ...(revived ? { image: revived } : {}) };
  });
  return { ...reply, images, ...(charts ? { charts } : {}) };
}

export interface WorkerPoolOptions {
  size: number;
  logger: ChatLogger;
  /**
   * Stop a worker after this long without work (ms; default: never). Each worker holds its own copy of the module
   * graph (vega, vega-lite, sharp, Prophet), the catalog and the models — about 150 MB — which an idle server need
   * not keep; the next task starts a worker again (about a second before its first answer).
   */
  idleMs?: number;
}

/**
 * Tasks a worker takes at a time. A chat answer spends part of its time waiting for libvips to rasterise its
 * pictures; with a second task in hand the worker computes the next answer meanwhile. Measured (bench:bot, 50 at
 * once, three rounds a run, five runs each, alternating, 2026-12-05 06:40): two at a time cut reply p95 in four runs
 * of five, by 16–21 % on average per round (round means 1.83 / 1.58 / 1.82 s against 2.17 / 1.98 / 2.24 s). The
 * first burst's ack p95 is the same either way — 206–303 ms in four runs, one of 591 ms in a noisy spell, against
 * 149–331 ms one at a time: mostly the ≈ 40 new connections a first burst opens, see bench:bot --open-connections —
 * and 39–87 ms in later bursts. (An earlier measurement, 2026-12-05 03:30, had seen only 8 % and slower acks in two
 * runs of three.) The worker keeps each task's logs apart and its warm-up waits for idleness.
 */
export const TASKS_PER_WORKER = 2;

export function createWorkerPool(init: WorkerInit, options: WorkerPoolOptions): WorkerPool {
  const size = Math.max(1, options.size);
  const retire = options.idleMs !== undefined && options.idleMs > 0;
  const piscina = new Piscina<WorkerTask, WorkerResult>({
    filename: new URL('./pool-worker.mjs', import.meta.url).href,
    workerData: init,
    // Retiring workers start on demand; otherwise they hold a copy of the catalog and warm models for good.
    minThreads: retire ? 0 : size,
    maxThreads: size,
    idleTimeout: retire ? options.idleMs : Number.POSITIVE_INFINITY,
    // Tasks finish async work (sharp's PNG encoding, the models' loading): an idle worker keeps its event loop
    // running rather than blocking in Atomics.wait. (Not the cause of the out-of-order answers: see `free`.)
    atomics: 'disabled',
    concurrentTasksPerWorker: TASKS_PER_WORKER,
  });
  // First come, first served: tasks wait in p-limit's FIFO queue and reach piscina only when a worker has room.
  // piscina 5's own queue, fed 30 boards at once, answered them out of order (the 3rd came back 27th), so under
  // load an early request waited for the whole queue (test/server/pool.test.ts checks the order).
  const free = pLimit(size * TASKS_PER_WORKER);
  piscina.on('error', (error: unknown) => options.logger.error('worker thread crashed', error));

  const run = async (task: WorkerTask): Promise<WorkerResult> => {
    const result = await free(() => piscina.run(task));
    for (const log of result.logs) options.logger.error(`worker thread: ${log.message}`, log.detail ? new Error(log.detail) : undefined);
    return result;
  };

  return {
    size,
    running: () => piscina.threads.length,
    ask: async (text, askOptions = {}) => {
      const result = await run({
        kind: 'ask',
        text,
        ...(askOptions.previous ? { previous: askOptions.previous } : {}),
        ...(askOptions.nativeCharts ? { nativeCharts: askOptions.nativeCharts } : {}),
      });
      if (result.kind !== 'reply') throw new Error(`a worker answered an ask with '${result.kind}'`);
      return revive(result.reply);
    },
    board: async (stage, params, now, options = {}) => {
      const result = await run({ kind: 'board', stage, params, now: now.toISOString(), ...(options.draw ? { draw: true } : {}) });
      if (result.kind !== 'board' && result.kind !== 'refused') throw new Error(`a worker answered a board with '${result.kind}'`);
      const { logs: _logs, ...outcome } = result;
      return outcome;
    },
    pictures: async (specs) => {
      const result = await run({ kind: 'pictures', specs: [...specs] });
      if (result.kind !== 'pictures') throw new Error(`a worker answered pictures with '${result.kind}'`);
      return reviveImages(result.images);
    },
    stage: async <S extends DigestStage>(stage: S, now: Date) => {
      const result = await run({ kind: 'stage', stage, now: now.toISOString() });
      if (result.kind !== 'stage' || result.result.stage !== stage) throw new Error(`a worker answered the ${stage} stage with '${result.kind}'`);
      return result.result as StageResults[S];
    },
    page: async (boardBody) => {
      const result = await run({ kind: 'page', boardBody });
      if (result.kind !== 'page') throw new Error(`a worker answered a page with '${result.kind}'`);
      return result.page;
    },
    ready: async () => {
      // One task per worker: each runs once its catalog is in place (piscina starts a task after the worker loads).
      await Promise.all(Array.from({ length: size }, () => run({ kind: 'ready' })));
    },
    warmedUp: async () => {
      // Asked every 100 ms, each time answered at once: questions in the meantime are not held up behind it.
      for (;;) {
        const results = await Promise.all(Array.from({ length: size }, () => run({ kind: 'warm-up' })));
        if (results.every((result) => result.kind !== 'warm-up' || result.done))
          return results.map((result) => (result.kind === 'warm-up' ? result.report : null));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => piscina.destroy(),
  };
}

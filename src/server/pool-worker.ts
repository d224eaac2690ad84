/**
 * One thread of the worker pool (see `pool.ts`): it holds its own copy of the catalog, loads the models from the
 * cache the main thread warmed, and answers chat questions (`ask`), dashboard boards (`board`) and digests' stages
 * and pictures (`stage`, `pictures`), so their CPU time never delays the main thread. The models are loaded
 * before the worker takes its first task (piscina waits for this module), so no first question pays for them. What
 * it logs while working travels back with the task's result. A new worker warms up while idle (warm-up.ts) when the
 * pool asks it to.
 */
import { workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { loadModels } from '../core/intelligence/index.ts';
import { modelsForStage, validateAndRunStage } from '../core/stages/index.ts';
import type { Catalog } from '../data/catalog.ts';
import { ask } from '../reply/answer.ts';
import { renderImages } from '../reply/images.ts';
import type { AnswerDeps } from '../reply/deps.ts';
import { drawKeptPage, modelLoader, boardsInThread } from './dashboard/service.ts';
import type { WorkerInit, WorkerLog, WorkerResult, WorkerTask } from './pool.ts';
import { warmUp, warmUpQuestions, type WarmUpReport } from './warm-up.ts';

const init = workerData as WorkerInit;
const catalog: Catalog = init.catalog;
const config: Config = init.config;
const models = () => (init.models ? loadModels(catalog, { dataDir: config.GREENLIGHT_DATA_DIR }) : Promise.reject(new Error('models are off in this process')));
const deps: AnswerDeps = { catalog, models, config, now: () => new Date() };
/** A log that writes into one task's own list (a worker may have more than one task in hand at a time). */
function logInto(logs: WorkerLog[]): NonNullable<AnswerDeps['log']> {
  return (message, error) => {
    logs.push({ message, detail: error instanceof Error ? (error.stack ?? error.message) : error === undefined ? '' : String(error) });
  };
}
const board = boardsInThread(() => catalog, init.models ? modelLoader(models) : undefined);
// A failure here is not fatal: the stages answer without models and say so; the next task tries again.
if (init.models) await models().catch(() => undefined);

/** Tasks being worked on (a worker may take more than one at a time: see `TASKS_PER_WORKER`), and who waits until there are none. */
let inFlight = 0;
const onIdle: (() => void)[] = [];
const idle = (): Promise<void> => (inFlight === 0 ? Promise.resolve() : new Promise((resolve) => onIdle.push(resolve)));
// The warm-up (warm-up.ts) asks its questions while no task is in flight; it starts once the models are in place.
/** The warm-up's report once it has finished (null: none was asked for, or it failed); undefined while it runs. */
let warmedUp: WarmUpReport | null | undefined = init.warmUp ? undefined : null;
if (init.warmUp) {
  void warmUp(warmUpQuestions(catalog), deps, idle).then(
    (report) => (warmedUp = report),
    () => (warmedUp = null),
  );
}

export async function handler(task: WorkerTask): Promise<WorkerResult> {
  // Asking how the warm-up goes is not work: it answers at once and must not hold the warm-up back.
  if (task.kind === 'warm-up') return { kind: 'warm-up', done: warmedUp !== undefined, report: warmedUp ?? null, logs: [] };
  inFlight += 1;
  try {
    return await work(task);
  } finally {
    inFlight -= 1;
    if (inFlight === 0) for (const resolve of onIdle.splice(0)) resolve();
  }
}

async function work(task: Exclude<WorkerTask, { kind: 'warm-up' }>): Promise<WorkerResult> {
  const logs: WorkerLog[] = [];
  switch (task.kind) {
    case 'ready':
      return { kind: 'ready', logs };
    case 'ask': {
      const reply = await ask(
        task.text,
        { ...deps, log: logInto(logs) },
        {
          ...(task.previous ? { previous: task.previous } : {}),
          ...(task.nativeCharts ? { nativeCharts: task.nativeCharts } : {}),
        },
      );
      return { kind: 'reply', reply, logs };
    }
    case 'board':
      return { ...(await board(task.stage, task.params, new Date(task.now), { draw: task.draw ?? false })), logs };
    case 'page':
      return { kind: 'page', page: await drawKeptPage(task.boardBody), logs };
    case 'pictures':
      return { kind: 'pictures', images: (await renderImages(task.specs, logInto(logs))).images, logs };
    case 'stage': {
      const log = logInto(logs);
      const stageModels = init.models
        ? await modelsForStage(task.stage, models, (error) => log(`the ${task.stage} stage runs without models`, error))
        : undefined;
      return { kind: 'stage', result: validateAndRunStage(task.stage, {}, { catalog, models: stageModels, now: new Date(task.now) }), logs };
    }
  }
}

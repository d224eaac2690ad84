/**
 * One thread of the worker pool (see `pool.ts`): it holds its own copy of the catalog, loads the models from the
 * cache the main thread warmed, and answers chat questions (`ask`) and dashboard boards (`board`), so their CPU
 * time never delays the main thread. The models are loaded before the worker takes its first task (piscina
 * waits for this module), so no first question pays for them. What it logs while working travels back with the
 * task's result.
 */
import { workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { loadModels } from '../core/intelligence/index.ts';
import type { Catalog } from '../data/catalog.ts';
import { ask } from '../reply/answer.ts';
import type { AnswerDeps } from '../reply/deps.ts';
import { drawKeptPage, modelLoader, boardsInThread } from './dashboard/service.ts';
import type { WorkerInit, WorkerLog, WorkerResult, WorkerTask } from './pool.ts';

const init = workerData as WorkerInit;
const catalog: Catalog = init.catalog;
const config: Config = init.config;
/** The logs of the task at hand (a worker runs one task at a time). */
let logs: WorkerLog[] = [];

const models = () => (init.models ? loadModels(catalog, { dataDir: config.GREENLIGHT_DATA_DIR }) : Promise.reject(new Error('models are off in this process')));
const deps: AnswerDeps = {
  catalog,
  models,
  config,
  now: () => new Date(),
  log: (message, error) => {
    logs.push({ message, detail: error instanceof Error ? (error.stack ?? error.message) : error === undefined ? '' : String(error) });
  },
};
const board = boardsInThread(() => catalog, init.models ? modelLoader(models) : undefined);
// A failure here is not fatal: the stages answer without models and say so; the next task tries again.
if (init.models) await models().catch(() => undefined);

export async function handler(task: WorkerTask): Promise<WorkerResult> {
  logs = [];
  switch (task.kind) {
    case 'ready':
      return { kind: 'ready', logs };
    case 'ask': {
      const reply = await ask(task.text, deps, {
        ...(task.previous ? { previous: task.previous } : {}),
        ...(task.nativeCharts ? { nativeCharts: task.nativeCharts } : {}),
      });
      return { kind: 'reply', reply, logs };
    }
    case 'board':
      return { ...(await board(task.stage, task.params, new Date(task.now), { draw: task.draw ?? false })), logs };
    case 'page':
      return { kind: 'page', page: await drawKeptPage(task.boardBody), logs };
  }
}

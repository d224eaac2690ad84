/**
 * One answering thread of the pool (see `answer-pool.ts`): it holds its own copy of the catalog, loads the
 * models from the cache the main thread warmed, and runs `ask` for each request, so the stages' and charts'
 * CPU time never delays the main thread's acknowledgements.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { loadModels } from '../core/intelligence/index.ts';
import type { Catalog } from '../data/catalog.ts';
import { ask } from '../reply/answer.ts';
import type { AnswerDeps } from '../reply/deps.ts';
import type { PoolRequest, PoolResponse, WorkerInit } from './answer-pool.ts';

const port = parentPort;
if (!port) throw new Error('answer-worker.ts runs as a worker thread of the answer pool');
const init = workerData as WorkerInit;
const catalog: Catalog = init.catalog;
const config: Config = init.config;
const send = (message: PoolResponse) => port.postMessage(message);
const deps: AnswerDeps = {
  catalog,
  models: () => (init.models ? loadModels(catalog, { dataDir: config.GREENLIGHT_DATA_DIR }) : Promise.reject(new Error('models are off in this process'))),
  config,
  now: () => new Date(),
  log: (message, error) => send({ kind: 'log', message, detail: error instanceof Error ? (error.stack ?? error.message) : error === undefined ? '' : String(error) }),
};

port.on('message', (request: PoolRequest) => {
  ask(request.text, deps, request.previous ? { previous: request.previous } : {}).then(
    (reply) => send({ kind: 'reply', id: request.id, reply }),
    (error: unknown) => send({ kind: 'failed', id: request.id, detail: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
send({ kind: 'ready' });

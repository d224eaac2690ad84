/**
 * What `answer` and `ask` need from the process around them. Channels, the console, the server and the digests
 * build one of these at start-up and share it; models are loaded lazily (and once) through `models()`.
 */
import type { Config } from '../config.ts';
import { loadModels } from '../core/intelligence/index.ts';
import type { ModelPort } from '../core/model-port.ts';
import type { Catalog } from '../data/catalog.ts';

export interface AnswerDeps {
  catalog: Catalog;
  /** The trained models (trained or reloaded once per catalog); a rejection means "answer without models". */
  models: () => Promise<ModelPort>;
  config: Config;
  now: () => Date;
  /** Where failures are described in full (replies only say something short). Defaults to stderr. */
  log?: (message: string, error?: unknown) => void;
}

/** Writes a failure to stderr, the stack only with DEBUG set. */
export function defaultLog(message: string, error?: unknown): void {
  const detail = error instanceof Error ? (process.env.DEBUG ? (error.stack ?? error.message) : error.message) : error === undefined ? '' : String(error);
  process.stderr.write(`greenlight: ${message}${detail ? `: ${detail}` : ''}\n`);
}

/**
 * The usual deps for a process: models loaded lazily from `${GREENLIGHT_DATA_DIR}/models` (trained once per
 * catalog and cached), the wall clock, and `log` (stderr by default).
 */
export function createAnswerDeps(catalog: Catalog, config: Config, log: AnswerDeps['log'] = defaultLog): AnswerDeps {
  return {
    catalog,
    config,
    now: () => new Date(),
    models: () => loadModels(catalog, { dataDir: config.GREENLIGHT_DATA_DIR }),
    log,
  };
}

/**
 * `loadModels(catalog, { dataDir, seed })`: the trained models as a `ModelPort`. Trains once per catalog
 * fingerprint and seed, caches the bundle as JSON under `${dataDir}/models/` (atomic write), and reloads it on
 * the next start; a cache file that is unreadable, of another format or for another catalog is retrained over.
 * Concurrent calls in one process share one training.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Catalog } from '../../data/catalog.ts';
import { CANONICAL_GENRES, type Genre } from '../../data/genres.ts';
import { DEFAULT_SEED } from '../../../models/prng.ts';
import { columnsOf } from '../columns.ts';
import type { ModelPort } from '../model-port.ts';
import { chooseGranularity, genreShareSeries, periodMonthsOf, type Granularity } from '../series.ts';
import { topGenresByVolume } from '../stages/forecast.ts';
import { BUNDLE_FORMAT, openBundle, sealBundle, type ModelBundle } from './bundle.ts';
import { createPort } from './port.ts';
import { trainBundle, type TrainOptions } from './train.ts';

export { createPort } from './port.ts';
export type { ModelBundle } from './bundle.ts';

export interface LoadOptions {
  dataDir: string;
  seed?: number;
  /** Train even when a cached bundle exists (and replace it). */
  retrain?: boolean;
  /** For tests only: fewer trees, no forecasts. The product uses the defaults. */
  trainOverrides?: Partial<TrainOptions>;
  /** Told when a cached bundle is refused and retrained (default: a line on stderr). */
  log?: (message: string) => void;
}

export interface LoadedBundle {
  bundle: ModelBundle;
  source: 'cache' | 'trained';
  path: string;
  seconds: number;
}

export function bundlePath(dataDir: string, fingerprint: string, seed: number): string {
  return join(dataDir, 'models', `models-${fingerprint.slice(0, 32)}-seed${seed}.json`);
}

/**
 * The forecaster's precomputed series: every genre with released titles, largest first, at the granularity any
 * question about it can use — quarters, and months for a genre whose data supports them (a set of genres is
 * forecast monthly only when each of them is; `chooseGranularity`). A genre's share series does not depend on
 * which other genres are asked with it, so every forecast question on the catalog's default span is answered from
 * the bundle and none fits Prophet while a person waits (about 20–60 ms a genre, more with a cold JIT).
 */
function forecastSeries(catalog: Catalog): TrainOptions['forecastSeries'] {
  return () => {
    const genres = topGenresByVolume(columnsOf(catalog), CANONICAL_GENRES.length);
    const monthly = genres.filter((genre) => chooseGranularity(catalog, [genre]) === 'month');
    const at = (granularity: Granularity, of: readonly Genre[]) => {
      if (of.length === 0) return [];
      const { span, series } = genreShareSeries(catalog, of, granularity);
      const periodMonths = periodMonthsOf(span.granularity);
      return of.map((genre) => ({ genre, history: series.get(genre)?.history ?? [], periodMonths }));
    };
    return [...at('quarter', genres), ...at('month', monthly)];
  };
}

/** Trains (no cache) — what `greenlight models --eval` and the benchmark run. */
export function trainModels(catalog: Catalog, seed: number = DEFAULT_SEED, overrides: Partial<TrainOptions> = {}): ModelBundle {
  return trainBundle(catalog, { seed, forecastSeries: forecastSeries(catalog), ...overrides });
}

async function readBundle(path: string, catalog: Catalog, seed: number, log: (message: string) => void): Promise<ModelBundle | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  const opened = openBundle(text);
  if ('problem' in opened) {
    // A tampered or damaged cache must never reach the charts (an infinite bound once aborted V8): retrain.
    log(`models: the cached bundle ${path} failed validation (${opened.problem}); retraining`);
    return null;
  }
  const bundle = opened.bundle;
  if (bundle.format !== BUNDLE_FORMAT || bundle.fingerprint !== catalog.meta.fingerprint || bundle.seed !== seed) return null;
  // Another build writing the same format number with another shape (parallel branches) is retrained over too.
  if (!('revenue' in bundle) || !('intervals' in bundle) || 'predictionDistribution' in bundle) return null;
  return bundle;
}

export async function loadModelBundle(catalog: Catalog, options: LoadOptions): Promise<LoadedBundle> {
  const seed = options.seed ?? DEFAULT_SEED;
  const path = bundlePath(options.dataDir, catalog.meta.fingerprint, seed);
  const start = performance.now();
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const cached = options.retrain ? null : await readBundle(path, catalog, seed, log);
  if (cached) return { bundle: cached, source: 'cache', path, seconds: (performance.now() - start) / 1000 };
  const bundle = trainModels(catalog, seed, options.trainOverrides);
  try {
    await mkdir(join(options.dataDir, 'models'), { recursive: true });
    await writeFileAtomic(path, sealBundle(bundle), { encoding: 'utf8', fsync: true });
  } catch (error) {
    // Trained models are kept in memory even when the cache cannot be written (a read-only data directory).
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    log(
      `models: trained, but the cache ${path} could not be written (${code}: is ${options.dataDir} writable?); using them from memory, and training again next start`,
    );
  }
  return { bundle, source: 'trained', path, seconds: (performance.now() - start) / 1000 };
}

const inProcess = new Map<string, Promise<ModelPort>>();

export function loadModels(catalog: Catalog, options: LoadOptions): Promise<ModelPort> {
  const key = `${options.dataDir}|${catalog.meta.fingerprint}|${options.seed ?? DEFAULT_SEED}`;
  let port = inProcess.get(key);
  if (!port) {
    port = loadModelBundle(catalog, options).then((loaded) => createPort(loaded.bundle));
    inProcess.set(key, port);
    port.catch(() => inProcess.delete(key));
  }
  return port;
}

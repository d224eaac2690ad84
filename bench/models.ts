/**
 * `npm run bench:models`: the models on the real snapshot.
 *  1. Training time of each of the models (the revenue model and its two evaluation windows included) (wall seconds, as `models --eval` reports them) and the CPU time
 *     of the whole training, with the machine's load average (the 2 cores are shared).
 *  2. Copilot latency with warm models (p50/p95 over 2,000 answers) and the cold start from the JSON cache.
 *  3. The booster next to scikit-learn's HistGradientBoostingRegressor on the same out-of-time split (written to
 *     a temporary CSV; needs a python3 with sklearn — Debian's python3-sklearn, see scripts/setup.sh --test).
 *  4. The forest's training time next to `ml-random-forest` on the same 1,000-row subsample.
 * Run: npm run bench:models [-- --snapshot DIR]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RandomForestClassifier } from 'ml-random-forest';
import { predictBooster, trainBooster } from '../models/booster.ts';
import { predictProba, trainForest } from '../models/forest.ts';
import { mae, quantile, r2, rocAuc } from '../models/metrics.ts';
import { createRng, permutation } from '../models/prng.ts';
import { labelledTitles, outOfTimeSplit, type Labelled } from '../src/core/intelligence/dataset.ts';
import { buildFeatureSpec, titleFeatures } from '../src/core/intelligence/features.ts';
import { createPort, loadModelBundle, trainModels } from '../src/core/intelligence/index.ts';
import type { CopilotInput } from '../src/core/model-port.ts';
import { CANONICAL_GENRES } from '../src/data/genres.ts';
import { importSnapshot } from '../src/data/snapshot.ts';

const argIndex = process.argv.indexOf('--snapshot');
const snapshotDir = resolve(argIndex > 0 ? process.argv[argIndex + 1] : (process.env.GREENLIGHT_SNAPSHOT ?? '../shared/tmdb'));
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};
const load = () =>
  loadavg()
    .map((v) => v.toFixed(1))
    .join(' ');

const catalog = await importSnapshot(snapshotDir, new Date());
console.log(`Snapshot ${snapshotDir}: ${catalog.titles.length} titles. Load average at start: ${load()} (2 cores, shared).\n`);

// 1. Training time of the models.
let cpu = process.cpuUsage();
let wall = performance.now();
const bundle = trainModels(catalog);
const trainWall = (performance.now() - wall) / 1000;
const trainCpu = cpuSeconds(cpu);
console.log('1. Training on the snapshot (product defaults)');
const perModel = new Map<string, { wall: number; cpu: number }>();
for (const m of bundle.metrics) perModel.set(m.name, { wall: m.trainSeconds, cpu: m.cpuSeconds ?? Number.NaN });
for (const [name, s] of perModel) console.log(`   ${name.padEnd(26)} ${s.wall.toFixed(2)} s wall, ${s.cpu.toFixed(2)} s CPU`);
console.log(`   all models: ${trainWall.toFixed(1)} s wall, ${trainCpu.toFixed(1)} s CPU (target: under 15 s). Load average now: ${load()}\n`);

// 2. Copilot latency, warm, and the cold start from the cache.
const port = createPort(bundle);
const inputs: CopilotInput[] = [];
for (const genre of CANONICAL_GENRES)
  for (const mediaType of ['movie', 'tv'] as const)
    for (const quarter of [1, 2, 3, 4] as const) inputs.push({ genre, mediaType, quarter, budgetLevel: 1 + (inputs.length % 10) });
port.copilot(inputs[0]);
const times: number[] = [];
for (let i = 0; i < 2000; i++) {
  const start = performance.now();
  port.copilot(inputs[i % inputs.length]);
  times.push(performance.now() - start);
}
const dir = await mkdtemp(join(tmpdir(), 'greenlight-bench-'));
await loadModelBundle(catalog, { dataDir: dir, retrain: true });
wall = performance.now();
const reloaded = await loadModelBundle(catalog, { dataDir: dir });
createPort(reloaded.bundle).copilot(inputs[1]);
const coldMs = performance.now() - wall;
await rm(dir, { recursive: true, force: true });
console.log('2. Copilot latency (warm models, 2,000 answers)');
console.log(
  `   p50 ${quantile(times, 0.5).toFixed(3)} ms, p95 ${quantile(times, 0.95).toFixed(3)} ms, max ${Math.max(...times).toFixed(2)} ms (target: under 50 ms)`,
);
console.log(`   cold start from the JSON cache (read, parse, first answer): ${coldMs.toFixed(0)} ms\n`);

// 3. The booster vs scikit-learn on the same out-of-time split.
const split = outOfTimeSplit(labelledTitles(catalog));
const spec = buildFeatureSpec(split.train.titles, Number(catalog.meta.asOf.slice(0, 4)));
const rows = (d: Labelled) => d.titles.map((t) => titleFeatures(spec, t));
const [Xtr, Xva, Xte] = [rows(split.train), rows(split.validation), rows(split.test)];
cpu = process.cpuUsage();
const booster = trainBooster({ X: Xtr, y: split.train.y }, { X: Xva, y: split.validation.y });
const boosterSeconds = cpuSeconds(cpu);
const ours = Xte.map((x) => predictBooster(booster, x));
console.log(
  `3. Booster vs scikit-learn HistGradientBoostingRegressor (train < ${split.cutoff}: ${Xtr.length}, validation ${Xva.length}, test ≥ ${split.cutoff}: ${Xte.length})`,
);
console.log(
  `   ours:    R² ${r2(split.test.y, ours).toFixed(4)}, MAE ${mae(split.test.y, ours).toFixed(4)}, ${booster.trees.length} trees (early stopping), ${boosterSeconds.toFixed(2)} s CPU`,
);
const product = (metric: string) => bundle.metrics.find((m) => m.name === 'popularity-booster' && m.metric.startsWith(metric))?.value ?? Number.NaN;
console.log(
  `   (the product's booster uses the Huber loss, δ = 1: R² ${product('R²').toFixed(4)}, MAE ${product('MAE').toFixed(4)}; squared loss here to match sklearn)`,
);

function findSklearnPython(): { python: string } | { skipped: string } {
  const tried: string[] = [];
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(python, ['-c', 'import sklearn'], { stdio: 'ignore', timeout: 60_000 });
      return { python };
    } catch {
      tried.push(python);
    }
  }
  return { skipped: `no python with sklearn (tried ${tried.join(', ')}); install Debian's python3-sklearn (scripts/setup.sh --test)` };
}

const SKLEARN = `
import os, sys, time, json
import numpy as np
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.metrics import r2_score, mean_absolute_error
d = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1)
part, y, X = d[:, 0], d[:, 1], d[:, 2:]
tr, va, te = part == 0, part == 1, part == 2
t0, c0 = time.perf_counter(), time.process_time()
m = HistGradientBoostingRegressor(max_iter=300, learning_rate=0.05, max_leaf_nodes=31, min_samples_leaf=20,
    l2_regularization=1.0, max_bins=255, early_stopping=False, random_state=42).fit(X[tr], y[tr])
losses = [np.mean((p - y[va]) ** 2) for p in m.staged_predict(X[va])]
best = int(np.argmin(losses)) + 1
m2 = HistGradientBoostingRegressor(max_iter=best, learning_rate=0.05, max_leaf_nodes=31, min_samples_leaf=20,
    l2_regularization=1.0, max_bins=255, early_stopping=False, random_state=42).fit(X[tr], y[tr])
secs, cpu = time.perf_counter() - t0, time.process_time() - c0
p = m2.predict(X[te])
print(json.dumps({"r2": r2_score(y[te], p), "mae": mean_absolute_error(y[te], p), "trees": best, "seconds": secs, "cpu": cpu}))
`;

const found = findSklearnPython();
if ('skipped' in found) {
  console.log(`   sklearn: skipped — ${found.skipped}\n`);
} else {
  const csvDir = await mkdtemp(join(tmpdir(), 'greenlight-split-'));
  const csv = join(csvDir, 'split.csv');
  const lines = [['part', 'y', ...spec.names.map((n) => n.replace(/[^a-z0-9]+/gi, '_'))].join(',')];
  const add = (part: number, X: number[][], d: Labelled) => X.forEach((x, i) => lines.push([part, d.y[i], ...x].join(',')));
  add(0, Xtr, split.train);
  add(1, Xva, split.validation);
  add(2, Xte, split.test);
  await writeFile(csv, lines.join('\n'));
  try {
    // One thread: OpenMP threads only fight over the two shared cores.
    const env = { ...process.env, OMP_NUM_THREADS: '1' };
    const out = JSON.parse(execFileSync(found.python, ['-c', SKLEARN, csv], { encoding: 'utf8', timeout: 600_000, env })) as {
      r2: number;
      mae: number;
      trees: number;
      seconds: number;
      cpu: number;
    };
    console.log(
      `   sklearn: R² ${out.r2.toFixed(4)}, MAE ${out.mae.toFixed(4)}, ${out.trees} trees (best on the same validation set), ` +
        `${out.seconds.toFixed(2)} s wall, ${out.cpu.toFixed(2)} s CPU for two fits (300 trees to pick the count, then the best count) ` +
        `(${found.python}; sklearn has no row/feature subsampling here, the rest of the settings match)\n`,
    );
  } catch (error) {
    console.log(`   sklearn: failed — ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  } finally {
    await rm(csvDir, { recursive: true, force: true });
  }
}

// 4. The forest vs ml-random-forest on the same subsample.
const SUB = 1000;
const TREES = 10;
const pick = Array.from(permutation(Xtr.length, createRng(42)).subarray(0, SUB));
const subX = pick.map((i) => Xtr[i]);
const subY = pick.map((i) => split.train.hit[i]);
cpu = process.cpuUsage();
const forest = trainForest(subX, subY, { nTrees: TREES });
const oursForest = cpuSeconds(cpu);
cpu = process.cpuUsage();
const reference = new RandomForestClassifier({ nEstimators: TREES, maxFeatures: 0.3, seed: 42, replacement: true, useSampleBagging: true, noOOB: true });
reference.train(subX, subY);
const referenceSeconds = cpuSeconds(cpu);
const refProba = reference.predictProbability(Xte, 1);
console.log(`4. Forest vs ml-random-forest (${SUB} training rows, ${TREES} trees, 30% of features per tree; CPU seconds, AUC on the test set)`);
console.log(
  `   ours:             ${oursForest.toFixed(3)} s (${((1000 * oursForest) / TREES).toFixed(1)} ms/tree), AUC ${rocAuc(
    split.test.hit,
    Xte.map((x) => predictProba(forest, x)),
  ).toFixed(4)}`,
);
console.log(
  `   ml-random-forest: ${referenceSeconds.toFixed(3)} s (${((1000 * referenceSeconds) / TREES).toFixed(1)} ms/tree), AUC ${rocAuc(split.test.hit, refProba).toFixed(4)}`,
);
const forestRow = bundle.metrics.find((m) => m.name === 'hit-forest');
console.log(
  `   full product forest: ${bundle.forest.trees.length} trees on ${Xtr.length + Xva.length} rows in ${forestRow?.trainSeconds.toFixed(2)} s wall, ${forestRow?.cpuSeconds?.toFixed(2)} s CPU`,
);

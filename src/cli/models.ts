/**
 * `greenlight models --eval [--json]`: trains the models on the catalog and prints the out-of-time evaluation (one
 * row per model and metric, with its baseline; the revenue model's two windows and the verdict's track record too). `greenlight models --train`: trains or reloads
 * the cached models (warms the cache the chat and the dashboard use).
 */
import type { Command } from 'commander';
import type { ModelMetric } from '../core/model-port.ts';
import { loadModelBundle } from '../core/intelligence/index.ts';
import type { CliContext } from './context.ts';

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4);
}

export function formatMetricsTable(rows: readonly ModelMetric[]): string {
  const header = ['model', 'metric', 'value', 'baseline', 'beats baseline', 'train s', 'CPU s'];
  const body = rows.map((m) => [
    m.name,
    m.metric,
    fmt(m.value),
    fmt(m.baseline),
    (m.higherIsBetter ? m.value > m.baseline : m.value < m.baseline) ? 'yes' : 'NO',
    m.trainSeconds.toFixed(2),
    m.cpuSeconds === undefined ? '' : m.cpuSeconds.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function registerModels(program: Command, ctx: () => CliContext): void {
  program
    .command('models')
    .description('Train and evaluate the models (--eval), or warm the model cache (--train)')
    .option('--eval', 'train on the catalog and print the out-of-time evaluation table')
    .option('--train', 'train the models, or reload them from the cache when the catalog has not changed')
    .option('--json', 'with --eval: print {"models": [...rows]} as JSON')
    .option('--seed <n>', 'random seed', '42')
    .action(async (opts: { eval?: boolean; train?: boolean; json?: boolean; seed: string }) => {
      const c = ctx();
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, got "${opts.seed}"`);
      if (!opts.eval && !opts.train) throw new Error('Say what to do: `greenlight models --eval [--json]` or `greenlight models --train`.');
      const catalog = await c.catalog();
      const dataDir = c.config.GREENLIGHT_DATA_DIR;
      if (opts.eval) {
        c.info(`Training the models on ${catalog.titles.length} titles …`);
        const loaded = await loadModelBundle(catalog, { dataDir, seed, retrain: true });
        const { bundle } = loaded;
        if (opts.json) {
          // `revenue`: per out-of-time window the revenue model's figures, the break-even reliability table and the
          // verdict's track record (break-even and hit rates of GREENLIGHT / CONSIDER / PASS), and the pooled record.
          const revenue = bundle.revenue ? { windows: bundle.revenue.windows, trackRecord: bundle.revenue.trackRecord } : null;
          c.print(JSON.stringify({ models: bundle.metrics, cutoffYear: bundle.cutoff, notes: bundle.accuracyNotes, revenue }, null, 2));
          return;
        }
        c.print(formatMetricsTable(bundle.metrics));
        c.print('');
        c.print(
          `Out of time: trained on titles released before ${bundle.cutoff}, tested on those from ${bundle.cutoff} on. ` +
            `Total ${loaded.seconds.toFixed(1)} s; cached at ${loaded.path}.`,
        );
        for (const note of bundle.accuracyNotes) c.print(`- ${note}`);
        return;
      }
      const loaded = await loadModelBundle(catalog, { dataDir, seed });
      c.print(
        loaded.source === 'cache'
          ? `Models loaded from the cache in ${loaded.seconds.toFixed(2)} s: ${loaded.path}`
          : `Models trained in ${loaded.seconds.toFixed(1)} s and cached: ${loaded.path}`,
      );
    });
}

/**
 * `greenlight charts --out DIR [--stage S] [--no-models]`: renders every chart of every stage (or one stage) from
 * the current catalog into DIR as PNG, with each chart's Vega-Lite spec (`<id>.vl.json`) and an index.html that
 * shows them all with their reading, alt text and insights — for review and for the tests.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { chartsFor, renderChart, type ChartSpec, type Surface } from '../../charts/index.ts';
import type { Catalog } from '../data/catalog.ts';
import { loadModels } from '../core/intelligence/index.ts';
import type { ModelPort } from '../core/model-port.ts';
import { validateAndRunStage } from '../core/stages/index.ts';
import { STAGES, type StageName } from '../core/types.ts';
import type { CliContext } from './context.ts';

/** The question each stage is drawn for in the gallery (the stages' own defaults where they have them). */
export const GALLERY_PARAMS: Readonly<Record<StageName, Record<string, unknown>>> = {
  explore: {},
  understand: {},
  identify: {},
  predict: { genre: 'Science Fiction', mediaType: 'movie', budgetLevel: 7, quarter: 3 },
  forecast: {},
  compare: { left: 'Drama', right: 'Comedy' },
};

export interface GalleryOptions {
  now: Date;
  models?: ModelPort;
  stages?: readonly StageName[];
  surface?: Surface;
}

/** Every chart of the given stages (all by default) for the gallery questions, in dashboard order. */
export function galleryCharts(catalog: Catalog, options: GalleryOptions): ChartSpec[] {
  const stages = options.stages ?? STAGES;
  return stages.flatMap((stage) => {
    const result = validateAndRunStage(stage, GALLERY_PARAMS[stage], { catalog, models: options.models, now: options.now });
    return chartsFor(result, { surface: options.surface ?? 'dashboard' });
  });
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function galleryHtml(charts: readonly ChartSpec[], caption: string): string {
  const sections = charts
    .map(
      (c) => `<section id="${escapeHtml(c.id)}">
  <h2>${escapeHtml(c.title)} <small>${escapeHtml(c.id)}</small></h2>
  <img src="${escapeHtml(c.id)}.png" width="600" height="338" alt="${escapeHtml(c.alt)}">
  <p class="reading">${escapeHtml(c.reading)}</p>
  <ul>${c.insights.map((i) => `<li>${escapeHtml(i.text)}</li>`).join('')}</ul>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Greenlight charts</title>
<style>
body{background:#0A0A0A;color:#FFFFFF;font-family:"DejaVu Sans",sans-serif;margin:24px;max-width:1280px}
section{background:#1A1A1A;border-radius:10px;padding:16px;margin:0 0 20px;display:inline-block;vertical-align:top;width:600px;margin-right:16px}
h1{color:#E50914}h2{font-size:16px;margin:0 0 8px}small{color:#B3B3B3;font-weight:normal;font-size:11px}
img{display:block;width:600px;height:auto}.reading,li{color:#B3B3B3;font-size:13px}
</style></head><body>
<h1>Greenlight charts</h1><p>${escapeHtml(caption)}</p>
${sections}
</body></html>
`;
}

export function registerCharts(program: Command, ctx: () => CliContext): void {
  program
    .command('charts')
    .description('Render every chart of every stage (or --stage S) from the catalog into DIR as PNG + index.html')
    .requiredOption('--out <dir>', 'directory to write the PNGs, specs and index.html into')
    .option('--stage <stage>', `only this stage: ${STAGES.join(', ')}`)
    .option('--no-models', 'skip the trained models (model charts then say so instead of drawing)')
    .action(async (opts: { out: string; stage?: string; models: boolean }) => {
      const c = ctx();
      if (opts.stage !== undefined && !(STAGES as readonly string[]).includes(opts.stage)) {
        throw new Error(`--stage must be one of ${STAGES.join(', ')}; got '${opts.stage}'.`);
      }
      const stages = opts.stage ? [opts.stage as StageName] : STAGES;
      const catalog = await c.catalog();
      let models: ModelPort | undefined;
      if (opts.models) {
        c.info('Loading the models (trained once per catalog, then cached) …');
        models = await loadModels(catalog, { dataDir: c.config.GREENLIGHT_DATA_DIR });
      }
      const charts = galleryCharts(catalog, { now: new Date(), models, stages });
      const out = resolve(opts.out);
      await mkdir(out, { recursive: true });
      let total = 0;
      for (const chart of charts) {
        const t0 = performance.now();
        const image = await renderChart(chart);
        const ms = performance.now() - t0;
        total += ms;
        await writeFile(join(out, `${chart.id}.png`), image.png);
        await writeFile(join(out, `${chart.id}.vl.json`), `${JSON.stringify(chart.spec, null, 1)}\n`);
        c.info(`${chart.id.padEnd(30)} ${ms.toFixed(0).padStart(5)} ms  ${image.width}×${image.height}`);
      }
      const caption = `${charts.length} charts of ${stages.join(', ')} from ${catalog.titles.length} titles (data as of ${catalog.meta.asOf})${models ? '' : ', without models'}.`;
      await writeFile(join(out, 'index.html'), galleryHtml(charts, caption));
      c.print(`Wrote ${charts.length} charts to ${out} (index.html) in ${(total / 1000).toFixed(1)} s.`);
    });
}

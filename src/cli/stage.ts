/**
 * `greenlight stage <explore|understand|identify|predict|forecast|compare> [words…] [options] [--json]`: runs one
 * stage of the core on the catalog and prints its insights (or, with --json, the whole `StageResult`).
 * Parameters as options (--genre, --type, --years, --language, --budget, --quarter, --horizon, --left/--right)
 * or as chat-style words: `stage explore movies horror 2010-2024`, `stage predict sci-fi movie 7 Q3`,
 * `stage compare "Dune: Part Two" vs Oppenheimer`. Understand, predict and forecast load the trained models
 * (`loadModels`: trained once per catalog and cached; skip with --no-models).
 */
import type { Command } from 'commander';
import { parse } from '../../intents/index.ts';
import { intentParams, type Intent } from '../../intents/intent.ts';
import type { Catalog } from '../data/catalog.ts';
import { loadModels } from '../core/intelligence/index.ts';
import type { ModelPort } from '../core/model-port.ts';
import type { ValidParams } from '../core/params.ts';
import { modelsForStage, runStage } from '../core/stages/index.ts';
import type { StageResult } from '../core/stages/types.ts';
import { InputError, STAGES, type StageName } from '../core/types.ts';
import type { CliContext } from './context.ts';

export interface StageOptions {
  genre?: string[];
  type?: string;
  years?: string;
  language?: string;
  budget?: string;
  quarter?: string;
  horizon?: string;
  left?: string;
  right?: string;
  json?: boolean;
  models?: boolean;
}

/** An option's value as a `key=value` pair the parser reads; quoted when it has spaces or quotes. */
function pair(key: string, value: string): string {
  return /[\s"=]/.test(value) ? `${key}="${value.replace(/"/g, '')}"` : `${key}=${value}`;
}

/**
 * The CLI's words and options as the chat command they stand for: `stage predict sci-fi movie --budget 7` →
 * `/predict sci-fi movie budget=7`. Words with spaces (a shell-quoted title) are quoted again; options follow the
 * words as pairs, so they win over a word naming the same value.
 */
export function commandText(stage: StageName, words: readonly string[], o: StageOptions = {}): string {
  const parts = [`/${stage}`, ...words.map((w) => (/\s/.test(w.trim()) && !/^["“«]/.test(w) ? `"${w.trim()}"` : w))];
  if (o.genre && o.genre.length > 0) parts.push(pair('genre', o.genre.join(',')));
  const options: [string, string | undefined][] = [
    ['type', o.type],
    ['years', o.years],
    ['language', o.language],
    ['budget', o.budget],
    ['quarter', o.quarter],
    ['horizon', o.horizon],
    ['left', o.left],
    ['right', o.right],
  ];
  for (const [key, value] of options) if (value !== undefined) parts.push(pair(key, value));
  return parts.join(' ');
}

/**
 * The stage's parameters from the CLI's words, read by the same parser as chat (`parse`): one grammar, the same
 * messages. A parse error or a question back (e.g. a name several titles share) becomes an `InputError` that
 * lists what to type instead.
 */
export function stageParams(
  stage: StageName,
  words: readonly string[],
  o: StageOptions,
  catalog: Catalog,
): { params: ValidParams<StageName>; assumed: string[] } {
  const text = commandText(stage, words, o);
  const result = parse(text, { catalog });
  if (result.kind === 'intent') return { params: intentParams(result.intent as Intent & { stage: StageName }), assumed: result.intent.assumed ?? [] };
  const cli = (command: string) => `greenlight stage ${command.replace(/^\//, '')}`;
  if (result.kind === 'clarify') {
    throw new InputError(
      `${result.question}\n${result.readings.map((r) => `  ${cli(r.command)}`).join('\n')}`,
      'stage',
      result.readings.map((r) => cli(r.command)),
    );
  }
  const tries = result.suggestions.filter((s) => s.command !== 'help').map((s) => cli(s.command));
  throw new InputError(tries.length > 0 ? `${result.message}\nTry: ${tries.join('  |  ')}` : result.message, result.field, tries);
}

/** The trained models (trained once per catalog fingerprint and cached under the data directory). */
async function models(catalog: Catalog, dataDir: string, info: (m: string) => void): Promise<ModelPort> {
  const start = performance.now();
  const port = await loadModels(catalog, { dataDir });
  info(`Models ready in ${((performance.now() - start) / 1000).toFixed(1)} s.`);
  return port;
}

export function formatResult(result: StageResult): string {
  const lines = [`${result.stage.toUpperCase()} — data as of ${result.asOf}`, ''];
  for (const i of result.insights) lines.push(`• ${i.text}`);
  lines.push('', 'Notes:');
  for (const n of result.notes) lines.push(`  - ${n}`);
  return lines.join('\n');
}

export function registerStage(program: Command, ctx: () => CliContext): void {
  program
    .command('stage')
    .description('Run one analysis stage and print its insights (--json: the whole result)')
    .argument('<stage>', `one of ${STAGES.join(', ')}`)
    .argument('[words...]', 'chat-style parameters, e.g. movies horror 2010-2024 | sci-fi movie 7 Q3 | "Dune: Part Two" vs Oppenheimer')
    .option('--genre <genre...>', 'genre(s); aliases such as sci-fi or romcom are accepted')
    .option('--type <type>', 'movie, tv or all')
    .option('--years <range>', 'release years, e.g. 2010-2024')
    .option('--language <code>', 'original language, e.g. en or French')
    .option('--budget <level>', 'predict: budget level 1-10 (or low/medium/high)')
    .option('--quarter <q>', 'predict: release quarter Q1-Q4')
    .option('--horizon <months>', 'forecast: months ahead (default 12)')
    .option('--left <ref>', 'compare: left genre or title')
    .option('--right <ref>', 'compare: right genre or title')
    .option('--no-models', 'do not load the trained models')
    .option('--json', 'print the whole stage result as JSON')
    .action(async (stageArg: string, words: string[], opts: StageOptions) => {
      const c = ctx();
      const stage = stageArg.toLowerCase() as StageName;
      if (!STAGES.includes(stage)) throw new InputError(`No stage '${stageArg}'. Stages: ${STAGES.join(', ')}.`, 'stage', [...STAGES]);
      const catalog = await c.catalog();
      const { params, assumed } = stageParams(stage, words, opts, catalog);
      if (assumed.length > 0) c.info(`Assumed: ${assumed.join('; ')}.`);
      const port =
        opts.models === false
          ? undefined
          : await modelsForStage(
              stage,
              () => models(catalog, c.config.GREENLIGHT_DATA_DIR, c.info),
              (error) => c.info(`Models unavailable (${error instanceof Error ? error.message : String(error)}): answering without them.`),
            );
      const result = runStage(stage, params, { catalog, models: port, now: new Date() });
      c.print(opts.json ? JSON.stringify(result, null, 2) : formatResult(result));
    });
}

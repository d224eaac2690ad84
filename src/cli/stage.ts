/**
 * `greenlight stage <explore|understand|identify|predict|forecast|compare> [words…] [options] [--json]`: runs one
 * stage of the core on the catalog and prints its insights (or, with --json, the whole `StageResult`).
 * Parameters as options (--genre, --type, --years, --language, --budget, --quarter, --horizon, --left/--right)
 * or as chat-style words: `stage explore movies horror 2010-2024`, `stage predict sci-fi movie 7 Q3`,
 * `stage compare "Dune: Part Two" vs Oppenheimer`. Understand, predict and forecast load the trained models
 * (`loadModels`: trained once per catalog and cached; skip with --no-models).
 */
import type { Command } from 'commander';
import type { Catalog } from '../data/catalog.ts';
import { loadModels } from '../core/intelligence/index.ts';
import type { ModelPort } from '../core/model-port.ts';
import { isGenreWord } from '../core/resolve/genre.ts';
import { modelsForStage, validateAndRunStage } from '../core/stages/index.ts';
import type { StageResult } from '../core/stages/types.ts';
import { InputError, STAGES, type StageName } from '../core/types.ts';
import type { CliContext } from './context.ts';

interface StageOptions {
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

/** Joins words that only name a genre together ("science fiction", "tv movie"); others stay single. */
function groupGenreWords(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < words.length; k++) {
    const pair = k + 1 < words.length ? `${words[k]} ${words[k + 1]}` : null;
    if (pair !== null && isGenreWord(pair) && !(isGenreWord(words[k]) && isGenreWord(words[k + 1]))) {
      out.push(pair);
      k++;
    } else out.push(words[k]);
  }
  return out;
}

/** Chat-style words → raw parameters (options win over words). */
export function wordsToParams(stage: StageName, words: readonly string[]): Record<string, unknown> {
  if (stage === 'compare') {
    const text = words.join(' ');
    const m = /^(.+?)\s+(?:vs\.?|versus|against)\s+(.+)$/i.exec(text);
    return m ? { left: m[1].trim(), right: m[2].trim() } : words.length === 2 ? { left: words[0], right: words[1] } : {};
  }
  const raw: Record<string, unknown> = {};
  const genres: string[] = [];
  for (const word of words) {
    const w = word.trim();
    if (/^(movies?|films?|tv|series|shows?|all|both)$/i.test(w)) raw.type = w;
    else if (/^\d{4}(\s*(-|–|to)\s*\d{4})?$|^\d{4}-$|^-\d{4}$/.test(w)) raw.years = w;
    else if (/^q\d+$/i.test(w)) raw.quarter = w;
    else if (stage === 'predict' && /^\d{1,3}$/.test(w)) raw.budget = w;
    else if (stage === 'forecast' && /^\d+m$/i.test(w)) raw.horizon = w.slice(0, -1);
    else if (w !== '') genres.push(w);
  }
  const grouped = groupGenreWords(genres);
  if (grouped.length > 0) raw[stage === 'predict' ? 'genre' : 'genres'] = stage === 'predict' ? grouped[0] : grouped;
  return raw;
}

function optionsToParams(o: StageOptions): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  if (o.genre && o.genre.length > 0) {
    raw.genres = o.genre;
    raw.genre = o.genre[0];
  }
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined) raw[key] = value;
  };
  set('type', o.type);
  set('years', o.years);
  set('language', o.language);
  set('budget', o.budget);
  set('quarter', o.quarter);
  set('horizon', o.horizon);
  set('left', o.left);
  set('right', o.right);
  return raw;
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
      const raw = { ...wordsToParams(stage, words), ...optionsToParams(opts) };
      const port =
        opts.models === false
          ? undefined
          : await modelsForStage(
              stage,
              () => models(catalog, c.config.GREENLIGHT_DATA_DIR, c.info),
              (error) => c.info(`Models unavailable (${error instanceof Error ? error.message : String(error)}): answering without them.`),
            );
      const result = validateAndRunStage(stage, raw, { catalog, models: port, now: new Date() });
      c.print(opts.json ? JSON.stringify(result, null, 2) : formatResult(result));
    });
}

/**
 * The `greenlight` program: each command lives in its own module and registers itself here.
 */
import { Command } from 'commander';
import { createContext, type CliContext } from './context.ts';
import { registerAsk } from './ask.ts';
import { registerCatalog } from './catalog.ts';
import { registerCharts } from './charts.ts';
import { registerDigest } from './digest.ts';
import { registerIngest } from './ingest.ts';
import { registerManifest } from './manifest.ts';
import { registerModels } from './models.ts';
import { registerServe } from './serve.ts';
import { registerStage } from './stage.ts';

export function buildProgram(env: NodeJS.ProcessEnv = process.env): Command {
  let context: CliContext | undefined;
  // Configuration is read when a command runs, so `--help` works even with a broken environment.
  const ctx = () => (context ??= createContext(env));
  const program = new Command('greenlight')
    .description('Greenlight: content-intelligence answers from TMDB movie and TV data')
    .showHelpAfterError('(run with --help for usage)');
  registerIngest(program, ctx);
  registerCatalog(program, ctx);
  registerModels(program, ctx);
  registerStage(program, ctx);
  registerServe(program, ctx);
  registerManifest(program, ctx);
  registerAsk(program, ctx);
  registerDigest(program, ctx);
  registerCharts(program, ctx);
  return program;
}

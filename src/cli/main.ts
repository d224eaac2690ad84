/**
 * `greenlight`: the command line. Each command lives in its own module and registers itself here.
 * Errors print as one clear message (the stack only with DEBUG=1) and set a non-zero exit code.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { registerAsk } from './ask.ts';
import { registerCatalog } from './catalog.ts';
import { registerCharts } from './charts.ts';
import { registerDigest } from './digest.ts';
import { createContext, type CliContext } from './context.ts';
import { registerIngest } from './ingest.ts';
import { registerModels } from './models.ts';
import { registerManifest } from './manifest.ts';
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

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`greenlight: ${message}\n`);
    if (process.env.DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    process.exitCode = error instanceof ConfigError ? 2 : 1;
  }
}

await main();

/**
 * `greenlight`: the command line entry point (see `program.ts` for the commands).
 * Errors print as one clear message (the stack only with DEBUG=1) and set a non-zero exit code.
 */
import { CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { buildProgram } from './program.ts';

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
    // A failed command must end even if a library left something running (a reconnecting client, a timer).
    setTimeout(() => process.exit(), 2_000).unref();
  }
}

await main();

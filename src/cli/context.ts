/**
 * What every CLI command shares: the validated configuration, the catalog opener, and output helpers.
 * Commands are thin: each parses its options and calls into the rooms below.
 */
import { loadConfig, type Config } from '../config.ts';
import type { Catalog } from '../data/catalog.ts';
import { openCatalog } from '../data/open.ts';

export interface CliContext {
  readonly config: Config;
  /** The catalog, opened (or imported in local mode) on first use and then kept. */
  catalog(): Promise<Catalog>;
  /** Progress and notices go to stderr so that `--json` output on stdout stays machine-readable. */
  info(message: string): void;
  /** Results go to stdout. */
  print(text: string): void;
}

export function createContext(env: NodeJS.ProcessEnv = process.env): CliContext {
  const config = loadConfig(env);
  let opened: Promise<Catalog> | undefined;
  const info = (message: string) => process.stderr.write(`${message}\n`);
  return {
    config,
    info,
    print: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    catalog: () => (opened ??= openCatalog(config, info)),
  };
}

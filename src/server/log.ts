/**
 * `LOG_LEVEL` applied: the loggers `greenlight serve` hands to the server (a `ChatLogger`) and to the digest
 * scheduler (its `Logger`) drop every line below the configured level. Errors are always written.
 */
import type { ChatLogger } from '../adapters/conversation.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../digests/dispatcher.ts';

type Level = Config['LOG_LEVEL'];
const RANK: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** True when a line at `line` is written under `configured`. */
export function logs(configured: Level, line: Level): boolean {
  return RANK[line] >= RANK[configured];
}

export function chatLoggerFor(level: Level, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): ChatLogger {
  return {
    info: (m) => (logs(level, 'info') ? write(m) : undefined),
    warn: (m) => (logs(level, 'warn') ? write(m) : undefined),
    error: (m, e) => write(`${m}${e instanceof Error ? ` ${e.stack ?? e.message}` : e === undefined ? '' : ` ${String(e)}`}`),
  };
}

export function digestLoggerFor(level: Level, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  return (lineLevel, message) => {
    if (logs(level, lineLevel)) write(`greenlight digests [${lineLevel}] ${message}`);
  };
}

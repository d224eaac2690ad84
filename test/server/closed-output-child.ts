/**
 * A process that logs as `greenlight serve` does (to stderr, failures contained) and stops on SIGTERM, with or
 * without `surviveClosedOutput`: for `closed-output.test.ts`.
 * Run: node --import tsx test/server/closed-output-child.ts guarded|unguarded
 */
import { containFailures, surviveClosedOutput } from '../../src/cli/process-guards.ts';

if (process.argv[2] === 'guarded') surviveClosedOutput();
containFailures((message) => process.stderr.write(`${message}\n`));
process.once('SIGTERM', () => process.exit(0));
process.stderr.write('ready\n');
setInterval(() => process.stderr.write(`log line at ${Date.now()}\n`), 5);

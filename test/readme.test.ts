// The README is the manual: every setting the code reads and every command it registers must be documented there.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.ts';

const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');

describe('README', () => {
  it('opens with the two commands: run in local mode, run the tests', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const lines = firstBlock.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^bash scripts\/setup\.sh && npx greenlight /);
    expect(lines[1]).toBe('bash scripts/setup.sh --test && npm test');
  });

  it('.ci/run runs the README test command', () => {
    const ci = readFileSync(resolve(import.meta.dirname, '../.ci/run'), 'utf8');
    expect(ci).toContain('bash scripts/setup.sh --test && npm test');
  });

  it('documents every environment variable with its default', () => {
    for (const [key, schema] of Object.entries(configSchema.shape)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${key}\` |`));
      expect(row, `${key} is missing from the README's configuration table`).toBeDefined();
      const parsed = schema.safeParse(undefined);
      if (parsed.success && parsed.data !== undefined) {
        expect(row, `${key}'s default`).toContain(`\`${String(parsed.data)}\``);
      }
    }
  });

  it('documents every CLI command', async () => {
    const { buildProgram } = await import('../src/cli/program.ts');
    for (const command of buildProgram().commands) {
      expect(readme, `greenlight ${command.name()}`).toContain(`greenlight ${command.name()}`);
    }
  });
});

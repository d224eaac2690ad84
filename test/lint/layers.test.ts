/**
 * The layer rule (eslint.layers.js): a file that adds an import back up a floor fails the lint, naming the rule; a
 * downward import passes; and the code as it stands keeps the floors.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { FLOORS } from '../../eslint.layers.js';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layers', () => {
  it.each([
    ['src/core/stages/leak.ts', "import { ask } from '../../reply/answer.ts';\nexport const leak = ask;\n"],
    ['src/adapters/slack/leak.ts', "import type { DigestState } from '../../digests/state.ts';\nexport type Leak = DigestState;\n"],
    ['src/digests/leak.ts', "export { createRequestListener } from '../server/http.ts';\n"],
    ['src/state/leak.ts', "import type { Reply } from '../reply/reply.ts';\nexport type Leak = Reply;\n"],
    ['src/data/leak.ts', "import { runStage } from '../core/stages/index.ts';\nexport const leak = runStage;\n"],
    ['models/leak.ts', "import type { Catalog } from '../src/data/catalog.ts';\nexport type Leak = Catalog;\n"],
    ['charts/leak.ts', "import { parse } from '../intents/parse.ts';\nexport const leak = parse;\n"],
    ['src/server/leak.ts', "import { registerServe } from '../cli/serve.ts';\nexport const leak = registerServe;\n"],
    ['src/config.ts', "import { STAGES } from './core/types.ts';\nexport const leak = STAGES;\n"],
  ])('%s importing up (or beside) fails the lint', async (file, code) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/floor/);
  });

  it.each([
    ['src/core/stages/ok.ts', "import type { Catalog } from '../../data/catalog.ts';\nexport type Ok = Catalog;\n"],
    ['src/adapters/slack/ok.ts', "import type { KvBackend } from '../../state/backend.ts';\nexport type Ok = KvBackend;\n"],
    ['src/digests/ok.ts', "import { toBlockKit } from '../adapters/slack/blocks.ts';\nexport const ok = toBlockKit;\n"],
    ['src/cli/ok.ts', "import { startGreenlight } from '../server/start.ts';\nexport const ok = startGreenlight;\n"],
    ['charts/ok.ts', "import { CANONICAL_GENRES } from '../src/data/genres.ts';\nexport const ok = CANONICAL_GENRES;\n"],
  ])('%s importing down passes', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });

  it('every source file keeps the floors', async () => {
    const folders = FLOORS.flatMap((floor) => Object.values(floor).flat());
    const results = await eslint.lintFiles(folders.map((glob) => glob.replace(/\*\*$/, '**/*.ts')));
    const violations = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath}: ${m.message}`));
    expect(results.length).toBeGreaterThan(100);
    expect(violations).toEqual([]);
  }, 60_000);
});

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeReplyFiles, type ReplyJson } from '../../src/adapters/console/files.ts';
import { resolveLine, runRepl } from '../../src/adapters/console/repl.ts';
import { formatReplyText } from '../../src/adapters/console/text.ts';
import { loadConfig } from '../../src/config.ts';
import { loadModels } from '../../src/core/intelligence/index.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { ask, type AnswerDeps } from '../../src/reply/answer.ts';
import { TMDB_ATTRIBUTION } from '../../src/reply/reply.ts';
import { realCatalog } from '../intents/helpers.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const MODELS_DIR = join(tmpdir(), 'greenlight-test-models');
const ROOT = resolve(import.meta.dirname, '../..');

let catalog: Catalog;
let deps: AnswerDeps;
beforeAll(async () => {
  catalog = await realCatalog();
  deps = { catalog, config: loadConfig({}), now: () => new Date(), models: () => loadModels(catalog, { dataDir: MODELS_DIR }), log: () => {} };
}, 60_000);

describe('the console adapter', () => {
  it('writes reply.json with the reply fields and each image as a PNG file beside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gl-ask-'));
    const reply = await ask('/explore movies horror', deps);
    await writeReplyFiles(reply, dir);
    const json = JSON.parse(await readFile(join(dir, 'reply.json'), 'utf8')) as ReplyJson;
    expect(json.title).toBe(reply.title);
    expect(json.text).toBe(reply.text);
    expect(json.bullets).toEqual(reply.bullets);
    expect(json.actions).toEqual(reply.actions);
    expect(json.dashboardUrl).toBe(reply.dashboardUrl);
    expect(json.footnotes).toContain(TMDB_ATTRIBUTION);
    expect(json.images.length).toBe(reply.images.length);
    const files = await readdir(dir);
    for (const [i, img] of json.images.entries()) {
      expect(files).toContain(img.file);
      expect(img.alt).toBe(reply.images[i].alt);
      const png = await readFile(join(dir, img.file));
      expect(png.equals(reply.images[i].png)).toBe(true);
    }
  }, 60_000);

  it('prints a readable text reply: title, bullets, charts, buttons with their commands, link, footnotes', async () => {
    const reply = await ask('/explore movies horror', deps);
    const text = formatReplyText(reply);
    expect(text.split('\n')[0]).toBe(reply.title);
    for (const b of reply.bullets) expect(text).toContain(`• ${b}`);
    expect(text).toContain('/compare Horror vs Thriller');
    expect(text).toContain(`Dashboard: ${reply.dashboardUrl}`);
    expect(text).toContain(TMDB_ATTRIBUTION);
  }, 60_000);

  it('leads with the decision line, said once (the text beside it does not repeat it)', async () => {
    for (const question of ['/predict comedy movie budget 5 Q2', '/forecast comedy horror']) {
      const reply = await ask(question, deps);
      const lines = formatReplyText(reply).split('\n');
      expect(lines[2], question).toBe(reply.decision);
      // Predict's text is its verdict line, forecast's the momentum claim the decision starts with.
      expect(reply.decision?.startsWith(reply.text.split('\n')[0].replace(/\.$/, '')), question).toBe(true);
      expect(
        lines.filter((l) => reply.decision?.startsWith(l.replace(/\.$/, '')) && l.length > 20),
        question,
      ).toHaveLength(1);
    }
  }, 60_000);

  it('a number in the console picks the numbered button of the last reply', async () => {
    const reply = await ask('horror', deps);
    expect(resolveLine('2', reply)).toBe('/forecast Horror');
    expect(resolveLine('9', reply)).toBe('9');
    expect(resolveLine('what is rising?', reply)).toBe('what is rising?');
  });

  it('the REPL keeps the thread: a follow-up reuses the previous question', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const done = runRepl({ ...deps, models: () => Promise.reject(new Error('not needed')) }, { input, output });
    input.end('/predict horror movie budget 7 Q2\nwhat if budget 3?\nquit\n');
    await done;
    expect(printed).toContain('Copilot: Horror movie, budget 7/10, Q2 release');
    expect(printed).toContain('Copilot: Horror movie, budget 3/10, Q2 release');
  }, 60_000);

  it('greenlight ask --out DIR --json runs the same path from the command line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gl-cli-'));
    const { stdout } = await promisify(execFile)('node', ['bin/greenlight.js', 'ask', '/compare Drama vs Comedy', '--out', dir, '--json'], {
      cwd: ROOT,
      // A data dir kept between runs: the first run imports the snapshot into it, later runs just open it.
      env: { ...process.env, GREENLIGHT_SNAPSHOT: SNAPSHOT_DIR, GREENLIGHT_DATA_DIR: join(tmpdir(), 'greenlight-test-cli-data') },
      timeout: 120_000,
    });
    const printed = JSON.parse(stdout) as ReplyJson;
    const written = JSON.parse(await readFile(join(dir, 'reply.json'), 'utf8')) as ReplyJson;
    expect(printed).toEqual(written);
    expect(written.title).toBe('Drama vs Comedy');
    expect(written.bullets.length).toBeGreaterThanOrEqual(3);
    for (const img of written.images) expect((await readFile(join(dir, img.file))).subarray(1, 4).toString()).toBe('PNG');
  }, 150_000);
});

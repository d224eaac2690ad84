/**
 * `greenlight ingest` as a user runs it: once as a real process (the binary, end to end), then the command's code
 * in this process for the other cases (a process start costs seconds on a busy machine). The stand-in is TMDB.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Command, type CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerIngest } from '../../src/cli/ingest.ts';
import { loadConfig } from '../../src/config.ts';
import { buildCatalog } from '../../src/data/catalog.ts';
import { CatalogStore } from '../../src/data/store.ts';
import { startTmdbStandIn, type TmdbStandIn } from '../fakes/tmdb-server.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';
import { READ_TOKEN } from './tmdb-setup.ts';

const BIN = resolve(import.meta.dirname, '../../bin/greenlight.js');
const run = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function greenlight(args: string[], env: Record<string, string>): Promise<Result> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TMDB_') && !k.startsWith('GREENLIGHT_')));
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], { env: { ...clean, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** The command's own code, in this process: a program with only `ingest`, output captured. */
async function inProcess(args: string[], env: Record<string, string>) {
  const messages: string[] = [];
  let out = '';
  let err = '';
  const program = new Command('greenlight').exitOverride().configureOutput({
    writeOut: (s) => (out += s),
    writeErr: (s) => (err += s),
  });
  const config = loadConfig(env);
  registerIngest(program, () => ({
    config,
    catalog: () => Promise.reject(new Error('not used by ingest')),
    info: (m) => messages.push(m),
    print: (m) => messages.push(m),
  }));
  let error: Error | undefined;
  try {
    await program.parseAsync(['node', 'greenlight', ...args]);
  } catch (e) {
    error = e as Error;
  }
  return { error, messages, out, err };
}

describe('greenlight ingest', () => {
  let standIn: TmdbStandIn;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    standIn = await startTmdbStandIn({ readToken: READ_TOKEN });
    dir = await mkdtemp(join(tmpdir(), 'greenlight-cli-'));
    env = { GREENLIGHT_DATA_DIR: dir, TMDB_BASE_URL: standIn.baseUrl, TMDB_READ_TOKEN: READ_TOKEN, TMDB_RATE_LIMIT: '500' };
  });
  afterAll(async () => {
    await standIn?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fetches from TMDB when credentials are set, saves the catalog, and never prints the token', async () => {
    const result = await greenlight(['ingest', '--pages', '1', '--since', '2024'], env);
    expect(result.stderr).toMatch(/Fetching from TMDB at http:\/\/127\.0\.0\.1:\d+\/3 \(1 pages per list, since 2024/);
    expect(result.stderr).toMatch(/\d+ requests in [\d.]+ s .* 0 retries/);
    expect(result.code).toBe(0);
    const saved = JSON.parse(await readFile(join(dir, 'catalog.json'), 'utf8')) as { meta: { source: string; counts: { total: number } } };
    expect(saved.meta.source).toBe(`tmdb-api ${standIn.baseUrl}`);
    expect(result.stderr).toContain(`Saved ${saved.meta.counts.total} titles`);
    expect(existsSync(join(dir, 'tmdb-cache.sqlite'))).toBe(true);
    expect(result.stdout + result.stderr).not.toContain(READ_TOKEN);
  }, 120_000); // a process start through tsx takes seconds, many on a busy machine

  it('on refused credentials says what to check, saves nothing, and keeps the last catalog', async () => {
    const store = new CatalogStore(dir);
    await store.save(buildCatalog([], { source: 'the last good run', fetchedAt: new Date('2025-12-01T00:00:00Z') }));
    const before = await readFile(store.path, 'utf8');
    const wrong = 'wrong-token-7d1e0b';
    const { error, messages } = await inProcess(['ingest', '--pages', '1', '--since', '2023'], { ...env, TMDB_READ_TOKEN: wrong });
    expect(error?.message).toMatch(/HTTP 401.*TMDB_READ_TOKEN/);
    expect(error?.message).toMatch(/saved nothing: .*catalog\.json still holds the previous catalog/);
    expect(`${error?.message} ${messages.join(' ')}`).not.toContain(wrong);
    expect(await readFile(join(dir, 'catalog.json'), 'utf8')).toBe(before);
  });

  it('without credentials says it is in local mode and imports the snapshot', async () => {
    const local = await mkdtemp(join(tmpdir(), 'greenlight-local-'));
    try {
      const { error, messages } = await inProcess(['ingest'], { GREENLIGHT_DATA_DIR: local, GREENLIGHT_SNAPSHOT: SNAPSHOT_DIR });
      expect(error).toBeUndefined();
      expect(messages[0]).toMatch(/^Local mode: no TMDB credentials are set .* imports the snapshot at /);
      const saved = JSON.parse(await readFile(join(local, 'catalog.json'), 'utf8')) as { meta: { source: string } };
      expect(saved.meta.source).toMatch(/^snapshot /);
    } finally {
      await rm(local, { recursive: true, force: true });
    }
  });

  it('explains its options, and refuses a bad one with what it accepts', async () => {
    const help = await inProcess(['ingest', '--help'], {});
    expect((help.error as CommanderError).code).toBe('commander.helpDisplayed');
    for (const option of ['--snapshot <dir>', '--pages <n>', '--since <year>', '--enrich', 'TMDB_RATE_LIMIT']) {
      expect(help.out).toContain(option);
    }
    const bad = await inProcess(['ingest', '--pages', '501'], env);
    expect((bad.error as CommanderError).code).toBe('commander.invalidArgument');
    expect(bad.err).toContain('--pages takes a whole number from 1 to 500 (got "501")');
  });
});

/**
 * Findings 5 and 6 of issue 20, against a running server and its digest scheduler on loopback:
 * - a catalog record with `genres: null` passed start-up and then failed every answer; now it is quarantined at
 *   load (counted, named) and the server answers;
 * - one corrupt digest subscription record stopped every digest with an error naming no record; now each bad
 *   record is quarantined, logged by key, and skipped, and the good subscriptions are delivered.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openCatalog } from '../../src/data/open.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { CatalogStore } from '../../src/data/store.ts';
import { startDigestScheduler } from '../../src/digests/runtime.ts';
import { parseSchedule } from '../../src/digests/schedule.ts';
import type { Subscription } from '../../src/digests/types.ts';
import { startGreenlight } from '../../src/server/start.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.ts';
import { recordingLogger } from '../adapters/harness.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const noModels = () => Promise.reject(new Error('no models in this test'));
let dir: string;
let slack: FakeSlack;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-bad-records-'));
  slack = await startFakeSlack();
  await new CatalogStore(dir).save(await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z')));
  // The damage: one title's genres nulled in the saved file.
  const path = join(dir, 'catalog.json');
  const file = JSON.parse(await readFile(path, 'utf8')) as { titles: { genres: unknown; mediaType: string; id: number }[] };
  file.titles[0].genres = null;
  await writeFile(path, JSON.stringify(file));
}, 60_000);
afterAll(async () => {
  await slack.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a catalog record with genres: null', () => {
  it('is quarantined at load with a count, and the server answers', async () => {
    const notes: string[] = [];
    const config = loadConfig({ GREENLIGHT_PORT: '0', GREENLIGHT_DATA_DIR: dir });
    const catalog = await openCatalog(config, (m) => notes.push(m));
    expect(notes.join('\n')).toMatch(/1 record\(s\) quarantined as invalid and left out: (movie|tv):\d+ \(genres/);
    const running = await startGreenlight({ config, catalog, models: noModels, logger: recordingLogger(), answerWorkers: 0 });
    try {
      const health = (await (await fetch(`${running.url}/healthz`)).json()) as { ok: boolean; quarantined: number };
      expect(health).toMatchObject({ ok: true, quarantined: 1 });
      for (const text of ['/explore movies', '/understand drama', '/identify tv']) {
        const res = await fetch(`${running.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
        expect(res.status, text).toBe(200);
        expect(((await res.json()) as { kind: string }).kind, text).toBe('answer');
      }
    } finally {
      await running.close(1_000);
    }
  }, 60_000);
});

describe('a catalog written by another version (most records invalid)', () => {
  it('is refused rather than served half-empty, and local mode imports the snapshot again', async () => {
    const other = await mkdtemp(join(tmpdir(), 'gl-other-format-'));
    try {
      await new CatalogStore(other).save(await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z')));
      const path = join(other, 'catalog.json');
      const file = JSON.parse(await readFile(path, 'utf8')) as { titles: Record<string, unknown>[] };
      for (const t of file.titles) delete t.genres;
      await writeFile(path, JSON.stringify(file));
      await expect(new CatalogStore(other).load()).rejects.toThrow(/records are not valid titles .*greenlight ingest/);
      const notes: string[] = [];
      const catalog = await openCatalog(loadConfig({ GREENLIGHT_DATA_DIR: other }), (m) => notes.push(m));
      expect(catalog.titles.length).toBe(file.titles.length);
      expect(notes.join('\n')).toMatch(/Importing the snapshot again/);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('corrupt digest subscription records', () => {
  it('are quarantined by key and skipped; the good subscription is delivered', async () => {
    const config = loadConfig({
      GREENLIGHT_DATA_DIR: dir,
      SLACK_BOT_TOKEN: 'xoxb-digests',
      SLACK_API_URL: slack.apiUrl,
      GREENLIGHT_DIGEST_INTERVAL_SECONDS: '1',
    });
    const catalog = await openCatalog(config, () => undefined);
    const log: string[] = [];
    const scheduler = await startDigestScheduler(
      config,
      { catalog, config, models: noModels, now: () => new Date() },
      { charts: false, log: (level, message) => log.push(`${level} ${message}`) },
    );
    try {
      const dueAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
      const hhmm = `${String(dueAt.getUTCHours()).padStart(2, '0')}:${String(dueAt.getUTCMinutes()).padStart(2, '0')}`;
      const good: Subscription = {
        id: 'dg-good',
        channel: { kind: 'slack', channelId: 'C0GOOD' },
        owner: 'U0OWNER',
        schedule: parseSchedule(['daily', hhmm, 'UTC']).schedule,
        content: { kind: 'digest', sections: ['rising'] },
        createdAt: new Date(Date.now() - 86_400_000).toISOString(),
        status: 'active',
      };
      const backend = scheduler.runtime.state.backend;
      await backend.put('sub:dg-broken-json', '{"id": "dg-broken-json", "channel": ');
      await backend.put('sub:dg-no-channel', JSON.stringify({ ...good, id: 'dg-no-channel', channel: null }));
      await backend.put('sub:dg-bad-cron', JSON.stringify({ ...good, id: 'dg-bad-cron', schedule: { ...good.schedule, cron: 'every blue moon' } }));
      await scheduler.runtime.state.putSubscription(good);

      const [post] = await slack.waitFor('chat.postMessage', 1, 30_000);
      expect(post.args.channel).toBe('C0GOOD');
      const quarantined = (await scheduler.runtime.state.listQuarantined()).map((q) => q.key).sort();
      expect(quarantined).toEqual(['sub:dg-bad-cron', 'sub:dg-broken-json', 'sub:dg-no-channel']);
      for (const key of quarantined)
        expect(
          log.some((l) => l.startsWith('error') && l.includes(`record ${key} quarantined`)),
          key,
        ).toBe(true);
      expect((await scheduler.runtime.state.listSubscriptions()).map((s) => s.id)).toEqual(['dg-good']);
    } finally {
      await scheduler.stop();
    }
  }, 60_000);
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleDigestCommand, parseDigestRequest } from '../../src/digests/command.ts';
import { loadSubscriptionsFile } from '../../src/digests/config-file.ts';
import { openEmbeddedBackend } from '../../src/state/embedded.ts';
import { DigestState } from '../../src/digests/state.ts';
import { FakeClock } from './fake-clock.ts';

describe('parseDigestRequest', () => {
  it('reads schedules with sections, stage names and the default digest', () => {
    expect(parseDigestRequest('weekly mon 09:00 Europe/Berlin')).toMatchObject({
      kind: 'subscribe',
      schedule: { timezone: 'Europe/Berlin', cron: '0 9 * * 1' },
      content: { kind: 'digest', sections: ['rising', 'movers', 'anomalies', 'green'] },
    });
    expect(parseDigestRequest('daily 08:30 America/New_York understand identify')).toMatchObject({
      content: { sections: ['anomalies', 'green'] },
    });
    expect(parseDigestRequest('daily 08:30 UTC green,rising')).toMatchObject({ content: { sections: ['rising', 'green'] } });
    expect(parseDigestRequest('list')).toEqual({ kind: 'list' });
    expect(parseDigestRequest('stop dg-1234')).toEqual({ kind: 'stop', id: 'dg-1234' });
    expect(parseDigestRequest('')).toEqual({ kind: 'help' });
  });

  it('reads alerts with a resolved genre and an optional schedule', () => {
    expect(parseDigestRequest('alert zone horror')).toMatchObject({
      content: { kind: 'alert', condition: { kind: 'zone-change', genre: 'Horror' } },
      schedule: { label: 'daily 09:00 UTC' },
    });
    expect(parseDigestRequest('alert band sci-fi weekly fri 17:00 Europe/London')).toMatchObject({
      content: { condition: { kind: 'forecast-band', genre: 'Science Fiction' } },
      schedule: { timezone: 'Europe/London', cron: '0 17 * * 5' },
    });
    expect(parseDigestRequest('alert velocity "Dune: Part Two"')).toMatchObject({
      content: { condition: { kind: 'velocity-anomaly', title: 'Dune: Part Two' } },
    });
  });

  it('rejects with what was wrong and the nearest valid value', () => {
    expect(() => parseDigestRequest('weekly mon 09:00 UTC risnig')).toThrow(/"risnig" is not a digest section.*did you mean rising/);
    expect(() => parseDigestRequest('alert zone Horor')).toThrow(/Horror/);
    expect(() => parseDigestRequest('alert sideways Horror')).toThrow(/not an alert/);
    expect(() => parseDigestRequest('stop')).toThrow(/which subscription/);
  });
});

describe('handleDigestCommand', () => {
  let dir: string;
  let state: DigestState;
  const clock = new FakeClock('2026-03-25T10:00:00Z');
  const slack = { kind: 'slack' as const, channelId: 'C0TEAM' };
  const other = { kind: 'slack' as const, channelId: 'C0OTHER' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gl-digest-cmd-'));
    state = new DigestState(await openEmbeddedBackend(join(dir, 'state.sqlite')));
  });
  afterAll(async () => {
    await state.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('subscribes, lists only this channel, and stops', async () => {
    const made = await handleDigestCommand('weekly mon 09:00 Europe/Berlin', slack, 'U0ALICE', { state, clock });
    expect(made.title).toBe('Digest scheduled');
    // The next Monday after 25 March 2026 is the first after spring-forward: 09:00 CEST.
    expect(made.text).toContain('Next: Mon 30 Mar, 09:00 (Europe/Berlin)');
    const id = /Id (dg-[0-9a-f]+)/.exec(made.text)?.[1] ?? '';
    expect((await state.getSubscription(id))?.owner).toBe('U0ALICE');
    await handleDigestCommand('daily 07:00 UTC', other, 'U0BOB', { state, clock });

    const listed = await handleDigestCommand('list', slack, 'U0ALICE', { state, clock });
    expect(listed.bullets).toHaveLength(1);
    expect(listed.bullets[0]).toContain(id);

    const wrongRoom = await handleDigestCommand(`stop ${id}`, other, 'U0BOB', { state, clock });
    expect(wrongRoom.kind).toBe('error');
    const stopped = await handleDigestCommand(`stop ${id}`, slack, 'U0ALICE', { state, clock });
    expect(stopped.title).toBe('Digest stopped');
    expect((await state.getSubscription(id))?.status).toBe('stopped');
    expect((await handleDigestCommand('list', slack, 'U0ALICE', { state, clock })).title).toBe('No digests here');
  });

  it('keeps one subscription when the same digest is asked for twice in a conversation', async () => {
    const first = await handleDigestCommand('daily 08:00 UTC rising', slack, 'U0ALICE', { state, clock });
    const id = /Id (dg-[0-9a-f]+)/.exec(first.text)?.[1] ?? '';
    const again = await handleDigestCommand('daily 08:00 UTC rising', slack, 'U0CAROL', { state, clock });
    expect(again.title).toBe('Already subscribed');
    expect(again.text).toContain(`(id ${id})`);
    const other = await handleDigestCommand('daily 08:00 UTC rising green', slack, 'U0ALICE', { state, clock });
    expect(other.title).toBe('Digest scheduled');
    const schedule = JSON.stringify((await state.getSubscription(id))?.schedule);
    const daily = (await state.listSubscriptions()).filter((s) => s.status === 'active' && JSON.stringify(s.schedule) === schedule);
    expect(daily).toHaveLength(2);
    expect(daily.filter((s) => JSON.stringify(s.content) === JSON.stringify({ kind: 'digest', sections: ['rising'] }))).toHaveLength(1);
  });

  it('answers a bad time zone with the nearest zone as a one-tap fix', async () => {
    const r = await handleDigestCommand('weekly mon 09:00 Europe/Berln rising', slack, 'U0ALICE', { state, clock });
    expect(r.kind).toBe('error');
    expect(r.text).toContain('Did you mean Europe/Berlin?');
    expect(r.actions[0]).toEqual({ kind: 'command', label: 'Use Europe/Berlin', command: '/digest weekly mon 09:00 Europe/Berlin rising' });
  });
});

describe('subscriptions from GREENLIGHT_DIGESTS_FILE', () => {
  it('upserts by id, keeps when a subscription was created and whether it was stopped, and names a bad entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gl-digest-file-'));
    const state = new DigestState(await openEmbeddedBackend(join(dir, 'state.sqlite')));
    const file = join(dir, 'digests.json');
    await writeFile(
      file,
      JSON.stringify([
        { id: 'exec-weekly', channel: 'C0EXEC', schedule: 'weekly mon 09:00 Europe/Berlin', sections: ['rising', 'green'], owner: 'U0CEO' },
        { id: 'horror-zone', channel: 'C0EXEC', alert: 'zone Horror', schedule: 'daily 08:00 Europe/Berlin' },
      ]),
    );
    const first = await loadSubscriptionsFile(file, state, new Date('2026-03-01T00:00:00Z'));
    expect(first.map((s) => [s.id, s.content.kind])).toEqual([
      ['exec-weekly', 'digest'],
      ['horror-zone', 'alert'],
    ]);
    await state.putSubscription({ ...first[1], status: 'stopped' });
    await writeFile(file, JSON.stringify([{ id: 'horror-zone', channel: 'C0EXEC', alert: 'zone Horror', schedule: 'daily 07:00 Europe/Berlin' }]));
    await loadSubscriptionsFile(file, state, new Date('2026-03-05T00:00:00Z'));
    const updated = await state.getSubscription('horror-zone');
    expect(updated).toMatchObject({ status: 'stopped', createdAt: '2026-03-01T00:00:00.000Z', schedule: { label: 'daily 07:00 Europe/Berlin' } });
    await writeFile(file, JSON.stringify([{ id: 'bad', channel: 'C0EXEC', schedule: 'weekly mon 09:00 Europe/Berln' }]));
    await expect(loadSubscriptionsFile(file, state, new Date())).rejects.toThrow(/subscription bad: .*Europe\/Berlin/);
    await state.close();
    await rm(dir, { recursive: true, force: true });
  });
});

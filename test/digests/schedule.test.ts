import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/types.ts';
import { parseDigestRequest } from '../../src/digests/command.ts';
import { latestRun, parseSchedule, resolveTimeZone, runsBetween } from '../../src/digests/schedule.ts';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('parseSchedule', () => {
  it('reads weekly and daily schedules with their zone and leaves the rest', () => {
    const w = parseSchedule(['weekly', 'mon', '09:00', 'Europe/Berlin', 'rising', 'green']);
    expect(w.schedule).toEqual({ cron: '0 9 * * 1', timezone: 'Europe/Berlin', label: 'weekly mon 09:00 Europe/Berlin' });
    expect(w.rest).toEqual(['rising', 'green']);
    const d = parseSchedule(['daily', '8:30', 'america/new_york']);
    expect(d.schedule).toEqual({ cron: '30 8 * * *', timezone: 'America/New_York', label: 'daily 08:30 America/New_York' });
    expect(parseSchedule(['daily', '07:00', 'anomalies']).schedule.timezone).toBe('UTC');
  });

  it('names what is wrong: a bad zone with the nearest IANA zone, a bad day, a bad time', () => {
    const zone = (() => {
      try {
        parseSchedule(['weekly', 'mon', '09:00', 'Europe/Berln']);
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(zone).toBeInstanceOf(InputError);
    expect(zone?.message).toContain('Did you mean Europe/Berlin?');
    expect(zone?.suggestions[0]).toBe('Europe/Berlin');
    expect(() => resolveTimeZone('America/New_Yrok')).toThrow(/America\/New_York/);
    expect(() => parseSchedule(['weekly', 'mnday', '09:00'])).toThrow(/not a day of the week.*did you mean mon/);
    expect(() => parseSchedule(['daily', '25:00'])).toThrow(/not a time of day/);
    expect(() => parseSchedule(['daily', '9am'])).toThrow(/HH:MM/);
    expect(() => parseSchedule(['fortnightly'])).toThrow(/weekly, daily or hourly/);
    expect(resolveTimeZone('berlin')).toBe('Europe/Berlin');
  });
});

describe('schedules across time zones and DST changes', () => {
  it('weekly Monday 09:00 Berlin stays at 09:00 local across spring-forward (UTC 08:00 → 07:00)', () => {
    const { schedule } = parseSchedule(['weekly', 'mon', '09:00', 'Europe/Berlin']);
    expect(iso(runsBetween(schedule, new Date('2026-03-16T00:00:00Z'), new Date('2026-04-07T00:00:00Z')))).toEqual([
      '2026-03-16T08:00:00.000Z',
      '2026-03-23T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z', // CEST from 29 March
      '2026-04-06T07:00:00.000Z',
    ]);
  });

  it('a daily 02:30 Berlin runs once on both DST days: shifted to 03:00 on spring-forward, first 02:30 on fall-back', () => {
    const { schedule } = parseSchedule(['daily', '02:30', 'Europe/Berlin']);
    expect(iso(runsBetween(schedule, new Date('2026-03-28T00:00:00Z'), new Date('2026-03-31T00:00:00Z')))).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z', // 02:30 does not exist; 03:00 CEST
      '2026-03-30T00:30:00.000Z',
    ]);
    expect(iso(runsBetween(schedule, new Date('2026-10-24T00:00:00Z'), new Date('2026-10-27T00:00:00Z')))).toEqual([
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z', // 02:30 CEST, not again at 02:30 CET
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('daily 08:30 New York follows EST→EDT (8 March) and the 01:30 that repeats on 1 November runs once', () => {
    const { schedule } = parseSchedule(['daily', '08:30', 'America/New_York']);
    expect(iso(runsBetween(schedule, new Date('2026-03-07T00:00:00Z'), new Date('2026-03-09T23:00:00Z')))).toEqual([
      '2026-03-07T13:30:00.000Z',
      '2026-03-08T12:30:00.000Z',
      '2026-03-09T12:30:00.000Z',
    ]);
    const early = parseSchedule(['daily', '01:30', 'America/New_York']).schedule;
    expect(runsBetween(early, new Date('2026-11-01T00:00:00Z'), new Date('2026-11-02T00:00:00Z'))).toHaveLength(1);
  });

  it('latestRun finds the most recent run, never one before the subscription existed', () => {
    const { schedule } = parseSchedule(['weekly', 'mon', '09:00', 'Europe/Berlin']);
    const now = new Date('2026-03-31T12:00:00Z');
    expect(latestRun(schedule, new Date('2026-01-01T00:00:00Z'), now)?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(latestRun(schedule, new Date('2026-03-30T08:00:00Z'), now)).toBeNull();
  });
});

describe('JavaScript built-in names (issue 20)', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('a day or a section named %s is an input error, not a crash', (name) => {
    expect(() => parseSchedule(['weekly', name, '09:00'])).toThrow(InputError);
    expect(() => parseDigestRequest(`weekly mon 09:00 ${name}`)).toThrow(InputError);
  });
});

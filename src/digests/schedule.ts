/**
 * Schedules: the words people type (`weekly mon 09:00 Europe/Berlin`, `daily 08:30 America/New_York`,
 * `hourly`) become a five-field cron read in an IANA time zone, and the pure questions the planner asks —
 * "when did this last run?", "when does it run next?" — are answered by croner, which handles DST: a time that
 * does not exist on a spring-forward day runs at the first valid minute after it, and a time that occurs twice on
 * a fall-back day runs once (the first occurrence).
 */
import { Cron } from 'croner';
import { distance } from 'fastest-levenshtein';
import { InputError } from '../core/types.ts';
import type { Schedule } from './types.ts';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** A Map, not an object literal: a typed word such as 'constructor' must not find Object's own properties. */
const DAY_ALIASES: ReadonlyMap<string, number> = new Map(
  Object.entries({
    sun: 0,
    sunday: 0,
    mon: 1,
    monday: 1,
    tue: 2,
    tues: 2,
    tuesday: 2,
    wed: 3,
    wednesday: 3,
    thu: 4,
    thur: 4,
    thurs: 4,
    thursday: 4,
    fri: 5,
    friday: 5,
    sat: 6,
    saturday: 6,
  }),
);

let zoneList: readonly string[] | undefined;
function allZones(): readonly string[] {
  return (zoneList ??= [...Intl.supportedValuesOf('timeZone'), 'UTC']);
}

function isZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** An IANA zone by exact name, any letter case, or city (`berlin`, `new york`); else an error naming the nearest. */
export function resolveTimeZone(text: string): string {
  const wanted = text.trim();
  const zones = allZones();
  const lower = wanted.toLowerCase().replace(/ /g, '_');
  const exact = zones.find((z) => z.toLowerCase() === lower);
  if (exact) return exact;
  const byCity = zones.filter((z) => z.toLowerCase().split('/').pop() === lower);
  if (byCity.length === 1) return byCity[0];
  if (isZone(wanted)) return wanted; // aliases Intl accepts but does not list (e.g. US/Eastern)
  const nearest = [...zones]
    .map((z) => ({ z, d: Math.min(distance(lower, z.toLowerCase()), distance(lower, z.toLowerCase().split('/').pop() ?? z) + 1) }))
    .sort((a, b) => a.d - b.d || a.z.localeCompare(b.z))
    .slice(0, 3)
    .map((x) => x.z);
  throw new InputError(
    `"${wanted}" is not an IANA time zone. Did you mean ${nearest[0]}? (Zones look like Europe/Berlin or America/New_York.)`,
    'timezone',
    nearest,
  );
}

function parseTime(text: string): { hour: number; minute: number } {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  const hour = m ? Number(m[1]) : NaN;
  const minute = m ? Number(m[2]) : NaN;
  if (!m || hour > 23 || minute > 59) {
    throw new InputError(`"${text}" is not a time of day. Use 24-hour HH:MM, e.g. 09:00 or 17:30.`, 'time', ['09:00']);
  }
  return { hour, minute };
}

function parseDay(text: string): number {
  const day = DAY_ALIASES.get(text.toLowerCase());
  if (day === undefined) {
    const nearest = [...DAYS].sort((a, b) => distance(text.toLowerCase(), a) - distance(text.toLowerCase(), b))[0];
    throw new InputError(`"${text}" is not a day of the week. Use mon, tue, wed, thu, fri, sat or sun (did you mean ${nearest}?).`, 'day', [nearest]);
  }
  return day;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Parses the schedule at the start of `words` and returns it with the words left over (the stages).
 * Forms: `weekly <day> <HH:MM> <zone>`, `daily <HH:MM> <zone>`, `hourly [zone]`. The zone defaults to UTC.
 */
export function parseSchedule(words: readonly string[]): { schedule: Schedule; rest: string[] } {
  const [every, ...more] = words;
  const kind = every?.toLowerCase();
  const takeZone = (list: string[]): { zone: string; rest: string[] } =>
    list.length > 0 && looksLikeZone(list[0]) ? { zone: resolveTimeZone(list[0]), rest: list.slice(1) } : { zone: 'UTC', rest: list };
  if (kind === 'weekly') {
    const [day, time, ...tail] = more;
    if (!day) throw new InputError('Say which day: `weekly mon 09:00 Europe/Berlin`.', 'day', ['mon']);
    const d = parseDay(day);
    if (!time) throw new InputError('Say what time: `weekly mon 09:00 Europe/Berlin`.', 'time', ['09:00']);
    const { hour, minute } = parseTime(time);
    const { zone, rest } = takeZone(tail);
    return { schedule: { cron: `${minute} ${hour} * * ${d}`, timezone: zone, label: `weekly ${DAYS[d]} ${pad(hour)}:${pad(minute)} ${zone}` }, rest };
  }
  if (kind === 'daily') {
    const [time, ...tail] = more;
    if (!time) throw new InputError('Say what time: `daily 08:30 America/New_York`.', 'time', ['08:30']);
    const { hour, minute } = parseTime(time);
    const { zone, rest } = takeZone(tail);
    return { schedule: { cron: `${minute} ${hour} * * *`, timezone: zone, label: `daily ${pad(hour)}:${pad(minute)} ${zone}` }, rest };
  }
  if (kind === 'hourly') {
    const { zone, rest } = takeZone(more);
    return { schedule: { cron: '0 * * * *', timezone: zone, label: `hourly ${zone}` }, rest };
  }
  throw new InputError(`"${every ?? ''}" is not a schedule. Start with weekly, daily or hourly: \`/digest weekly mon 09:00 Europe/Berlin\`.`, 'schedule', [
    'weekly',
    'daily',
    'hourly',
  ]);
}

/** A word meant as a zone: it contains a slash (a typo then gets a suggestion), or it names a zone or city. */
function looksLikeZone(word: string): boolean {
  if (word.includes('/')) return true;
  try {
    resolveTimeZone(word);
    return true;
  } catch {
    return false;
  }
}

function cronOf(schedule: Schedule): Cron {
  return new Cron(schedule.cron, { timezone: schedule.timezone, paused: true });
}

/** Checks a schedule (e.g. one from configuration) can run; an `InputError` naming the bad part otherwise. */
export function validateSchedule(schedule: Schedule): Schedule {
  resolveTimeZone(schedule.timezone);
  try {
    cronOf(schedule).nextRun(new Date(0));
  } catch (error) {
    throw new InputError(`Schedule "${schedule.cron}" is not a valid cron pattern: ${(error as Error).message}`, 'schedule');
  }
  return schedule;
}

/** The next scheduled time strictly after `after`. */
export function nextRun(schedule: Schedule, after: Date): Date | null {
  return cronOf(schedule).nextRun(after);
}

/** Scheduled times in (`from`, `to`], oldest first. */
export function runsBetween(schedule: Schedule, from: Date, to: Date): Date[] {
  const cron = cronOf(schedule);
  const out: Date[] = [];
  let cursor: Date | null = from;
  while ((cursor = cron.nextRun(cursor)) && cursor.getTime() <= to.getTime()) out.push(cursor);
  return out;
}

/** The most recent scheduled time at or before `now` and after `since`, or null when there is none. */
export function latestRun(schedule: Schedule, since: Date, now: Date): Date | null {
  // Scan forward from the later of `since` and a bounded look-back; weekly schedules need at most 8 days.
  const lookBackMs = 8 * 24 * 3600_000;
  const from = new Date(Math.max(since.getTime(), now.getTime() - lookBackMs));
  const runs = runsBetween(schedule, from, now);
  return runs.length > 0 ? runs[runs.length - 1] : null;
}

/** The nominal period (ms) between two consecutive runs after `after`, used for the staleness rule. */
export function periodMs(schedule: Schedule, after: Date): number {
  const cron = cronOf(schedule);
  const a = cron.nextRun(after);
  const b = a ? cron.nextRun(a) : null;
  return a && b ? b.getTime() - a.getTime() : 24 * 3600_000;
}

/** A scheduled time as people in `zone` read it: `Mon 6 Apr, 09:00`. */
export function formatLocal(d: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(d);
}

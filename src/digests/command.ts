/**
 * `/digest …` in chat (and `greenlight digest add` on the command line): subscribe a conversation to a digest or
 * an alert, list its subscriptions, stop one, or send one now. Every mistake is an error reply naming what was
 * wrong and what is accepted, with the nearest valid value as a button.
 *
 *   /digest weekly mon 09:00 Europe/Berlin [rising movers anomalies green | forecast understand identify]
 *   /digest daily 08:30 America/New_York anomalies
 *   /digest alert zone Horror [daily 09:00 Europe/Berlin]      (also: alert band <genre>, alert velocity <title>)
 *   /digest list · /digest stop <id> · /digest run <id>
 */
import { randomBytes } from 'node:crypto';
import { distance } from 'fastest-levenshtein';
import { resolveGenre, resolveTitle } from '../core/params.ts';
import { InputError } from '../core/types.ts';
import type { Catalog } from '../data/catalog.ts';
import { TMDB_ATTRIBUTION, type Reply, type ReplyAction } from '../reply/reply.ts';
import { describeCondition } from './alerts.ts';
import { nextDue } from './planner.ts';
import { formatLocal, parseSchedule } from './schedule.ts';
import type { DigestState } from './state.ts';
import {
  DIGEST_SECTIONS,
  type AlertCondition,
  type ChannelRef,
  type Clock,
  type DigestSection,
  type Schedule,
  type Subscription,
  type SubscriptionContent,
} from './types.ts';

const SECTION_WORDS: Record<string, DigestSection[]> = {
  rising: ['rising'],
  'rising-stars': ['rising'],
  stars: ['rising'],
  movers: ['movers'],
  momentum: ['movers'],
  moves: ['movers'],
  anomalies: ['anomalies'],
  anomaly: ['anomalies'],
  outliers: ['anomalies'],
  green: ['green'],
  'green-zones': ['green'],
  zones: ['green'],
  opportunities: ['green'],
  forecast: ['rising', 'movers'],
  understand: ['anomalies'],
  identify: ['green'],
  all: [...DIGEST_SECTIONS],
  default: [...DIGEST_SECTIONS],
};

export type DigestRequest =
  | { kind: 'subscribe'; schedule: Schedule; content: SubscriptionContent }
  | { kind: 'list' }
  | { kind: 'stop'; id: string }
  | { kind: 'run'; id: string }
  | { kind: 'help' }
  /** From a reply's "Subscribe" button: offer schedules for the sections that follow the question's stage. */
  | { kind: 'pick'; sections: DigestSection[] };

function parseSections(words: string[]): DigestSection[] {
  if (words.length === 0) return [...DIGEST_SECTIONS];
  const out = new Set<DigestSection>();
  for (const word of words.flatMap((w) => w.split(',')).filter(Boolean)) {
    const sections = Object.hasOwn(SECTION_WORDS, word.toLowerCase()) ? SECTION_WORDS[word.toLowerCase()] : undefined;
    if (!sections) {
      const nearest = Object.keys(SECTION_WORDS).sort((a, b) => distance(word.toLowerCase(), a) - distance(word.toLowerCase(), b))[0];
      throw new InputError(
        `"${word}" is not a digest section. Use rising, movers, anomalies, green (or the stages forecast, understand, identify); did you mean ${nearest}?`,
        'sections',
        [nearest],
      );
    }
    sections.forEach((s) => out.add(s));
  }
  return DIGEST_SECTIONS.filter((s) => out.has(s));
}

const SCHEDULE_START = /^(weekly|daily|hourly)$/i;

function parseAlert(words: string[], catalog?: Catalog): { condition: AlertCondition; rest: string[] } {
  const at = words.findIndex((w) => SCHEDULE_START.test(w));
  const [what, ...subject] = at >= 0 ? words.slice(0, at) : words;
  const rest = at >= 0 ? words.slice(at) : ['daily', '09:00', 'UTC'];
  const target = subject
    .join(' ')
    .replace(/^["“]|["”]$/g, '')
    .trim();
  if (!target)
    throw new InputError('Say what to watch: `/digest alert zone Horror`, `alert band Drama` or `alert velocity "Dune: Part Two"`.', 'alert', [
      'zone',
      'band',
      'velocity',
    ]);
  switch (what?.toLowerCase()) {
    case 'zone':
      return { condition: { kind: 'zone-change', genre: resolveGenre(target) }, rest };
    case 'band':
    case 'forecast':
      return { condition: { kind: 'forecast-band', genre: resolveGenre(target) }, rest };
    case 'velocity':
    case 'title':
      return { condition: { kind: 'velocity-anomaly', title: catalog ? resolveTitle(catalog, target).title : target }, rest };
    default:
      throw new InputError(
        `"${what ?? ''}" is not an alert. Watch a genre's zone (zone), its forecast band (band) or a title's velocity (velocity).`,
        'alert',
        ['zone', 'band', 'velocity'],
      );
  }
}

/** Parses the words after `/digest`; throws `InputError` with suggestions. */
export function parseDigestRequest(text: string, catalog?: Catalog): DigestRequest {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [head, ...rest] = words;
  switch (head?.toLowerCase()) {
    case undefined:
    case 'help':
      return { kind: 'help' };
    case 'list':
      return { kind: 'list' };
    case 'stop':
    case 'run':
      if (!rest[0]) throw new InputError(`Say which subscription: \`/digest ${head.toLowerCase()} <id>\` (\`/digest list\` shows the ids).`, 'id');
      return { kind: head.toLowerCase() as 'stop' | 'run', id: rest[0] };
    case 'subscribe': {
      // A stage with no digest section of its own (explore, predict, compare) gets every section.
      const known = rest.filter((w) => SECTION_WORDS[w.toLowerCase()]);
      return { kind: 'pick', sections: parseSections(known) };
    }
    case 'alert': {
      const { condition, rest: scheduleWords } = parseAlert(rest, catalog);
      const { schedule, rest: extra } = parseSchedule(scheduleWords);
      if (extra.length > 0) throw new InputError(`Unexpected words after the schedule: "${extra.join(' ')}".`, 'alert');
      return { kind: 'subscribe', schedule, content: { kind: 'alert', condition } };
    }
    default: {
      const { schedule, rest: sectionWords } = parseSchedule(words);
      return { kind: 'subscribe', schedule, content: { kind: 'digest', sections: parseSections(sectionWords) } };
    }
  }
}

export function newSubscriptionId(): string {
  return `dg-${randomBytes(4).toString('hex')}`;
}

export function describeContent(content: SubscriptionContent): string {
  return content.kind === 'digest' ? `digest: ${content.sections.join(', ')}` : `alert when ${describeCondition(content.condition)}`;
}

/** The conversation a reference names, whatever its platform: kind and id. */
function conversationKey(ref: ChannelRef): string {
  return `${ref.kind}:${'channelId' in ref ? ref.channelId : ref.conversationId}`;
}

export function sameChannel(a: ChannelRef, b: ChannelRef): boolean {
  return conversationKey(a) === conversationKey(b);
}

export interface DigestCommandDeps {
  state: DigestState;
  clock: Clock;
  catalog?: Catalog;
  /** Sends a subscription's digest now (`/digest run <id>`); absent where no scheduler runs. */
  runNow?: (id: string) => Promise<string>;
}

const reply = (title: string, text: string, bullets: string[] = [], actions: ReplyAction[] = [], kind: Reply['kind'] = 'answer'): Reply => ({
  kind,
  title,
  text,
  bullets,
  images: [],
  actions,
  footnotes: [TMDB_ATTRIBUTION],
});

/** The schedule picker under "Subscribe": each button is a complete `/digest` subscription. */
const SCHEDULE_CHOICES = [
  { label: 'Weekly, Monday 09:00', schedule: 'weekly mon 09:00 UTC' },
  { label: 'Daily 09:00', schedule: 'daily 09:00 UTC' },
] as const;

const USAGE = [
  '`/digest weekly mon 09:00 Europe/Berlin` — every Monday: rising stars, biggest movers, new anomalies, GREEN zones',
  '`/digest daily 08:30 America/New_York anomalies green` — chosen sections (or stages: forecast, understand, identify)',
  '`/digest alert zone Horror` — post only when Horror changes zone (also `alert band <genre>`, `alert velocity <title>`)',
  '`/digest list` · `/digest stop <id>` · `/digest run <id>`',
];

/** Handles `/digest <text>` from `owner` in `channel`; user mistakes come back as error replies, never throws for them. */
export async function handleDigestCommand(text: string, channel: ChannelRef, owner: string, deps: DigestCommandDeps): Promise<Reply> {
  let request: DigestRequest;
  try {
    request = parseDigestRequest(text, deps.catalog);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // The word the message quotes, replaced by each suggestion: one-tap fixes ("Use Europe/Berlin").
    const bad = /"([^"]+)"/.exec(error.message)?.[1];
    const fixes =
      bad && text.includes(bad)
        ? error.suggestions.slice(0, 3).map((s): ReplyAction => ({ kind: 'command', label: `Use ${s}`, command: `/digest ${text.trim().replace(bad, s)}` }))
        : [];
    return reply('That digest command needs a fix', error.message, USAGE, fixes, 'error');
  }
  const now = deps.clock.now();
  const { state } = deps;
  switch (request.kind) {
    case 'pick': {
      const words = request.sections.join(' ');
      return reply(
        'Subscribe this conversation',
        `A digest of ${request.sections.join(', ')}, led by what changed since the last one. Pick a schedule (times in UTC; type \`/digest weekly mon 09:00 Europe/Berlin ${words}\` for your own).`,
        [],
        SCHEDULE_CHOICES.map((c) => ({ kind: 'command' as const, label: c.label, command: `/digest ${c.schedule} ${words}` })),
      );
    }
    case 'help':
      return {
        ...reply('Digests and alerts', 'Greenlight can post a digest to this conversation on a schedule, or alert it when something changes.', USAGE),
        kind: 'help',
      };
    case 'subscribe': {
      // The same digest asked for twice in one conversation (a second click on a schedule): one subscription, not two posts.
      const same = (await state.listSubscriptions()).find(
        (s) =>
          s.status === 'active' &&
          sameChannel(s.channel, channel) &&
          JSON.stringify(s.schedule) === JSON.stringify(request.schedule) &&
          JSON.stringify(s.content) === JSON.stringify(request.content),
      );
      if (same) {
        const next = nextDue(same, now);
        return reply(
          'Already subscribed',
          `This conversation already has ${describeContent(same.content)}, ${same.schedule.label} (id ${same.id}). Next: ${next ? formatLocal(next, same.schedule.timezone) : 'never'} (${same.schedule.timezone}).`,
          [],
          [
            { kind: 'command', label: 'Send one now', command: `/digest run ${same.id}` },
            { kind: 'command', label: 'Stop', command: `/digest stop ${same.id}`, style: 'danger' },
          ],
        );
      }
      const sub: Subscription = {
        id: newSubscriptionId(),
        channel,
        owner,
        schedule: request.schedule,
        content: request.content,
        createdAt: now.toISOString(),
        status: 'active',
      };
      await state.putSubscription(sub);
      const next = nextDue(sub, now);
      return reply(
        request.content.kind === 'digest' ? 'Digest scheduled' : 'Alert set',
        `${describeContent(sub.content)}, ${sub.schedule.label}. Next: ${next ? formatLocal(next, sub.schedule.timezone) : 'never'} (${sub.schedule.timezone}). Id ${sub.id}.`,
        [],
        [
          { kind: 'command', label: 'Send one now', command: `/digest run ${sub.id}` },
          { kind: 'command', label: 'Stop', command: `/digest stop ${sub.id}`, style: 'danger' },
        ],
      );
    }
    case 'list': {
      const mine = (await state.listSubscriptions()).filter((s) => sameChannel(s.channel, channel) && s.status !== 'stopped');
      if (mine.length === 0) return reply('No digests here', 'This conversation has no digests or alerts. Try `/digest weekly mon 09:00 Europe/Berlin`.');
      return reply(
        `${mine.length} digest${mine.length === 1 ? '' : 's'} here`,
        'Subscriptions of this conversation:',
        mine.map((s) => {
          const next = s.status === 'active' ? nextDue(s, now) : null;
          return `${s.id} · ${s.schedule.label} · ${describeContent(s.content)} · ${s.status === 'failed' ? `FAILED: ${s.failure ?? ''}` : `next ${next ? formatLocal(next, s.schedule.timezone) : '—'}`}`;
        }),
        mine.map((s) => ({ kind: 'command', label: `Stop ${s.id}`, command: `/digest stop ${s.id}`, style: 'danger' })),
      );
    }
    case 'stop':
    case 'run': {
      const sub = await state.getSubscription(request.id);
      if (!sub || !sameChannel(sub.channel, channel)) {
        return reply(
          'No such digest here',
          `There is no subscription ${request.id} in this conversation. \`/digest list\` shows them.`,
          [],
          [{ kind: 'command', label: 'List digests', command: '/digest list' }],
          'error',
        );
      }
      if (request.kind === 'stop') {
        await state.putSubscription({ ...sub, status: 'stopped' });
        return reply('Digest stopped', `${sub.id} (${sub.schedule.label}, ${describeContent(sub.content)}) will not post again.`);
      }
      if (!deps.runNow) return reply('Not available here', 'Sending now needs the digest scheduler, which this process does not run.', [], [], 'error');
      return reply('Sending now', await deps.runNow(sub.id));
    }
  }
}

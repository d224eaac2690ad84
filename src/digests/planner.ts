/**
 * Which delivery each subscription owes right now — pure: subscriptions and `now` in, outbox entries out.
 *
 * The staleness rule (also in docs/digests.md):
 * - Only a subscription's latest scheduled time is ever owed. Earlier ones missed during downtime are
 *   superseded by it, because a digest shows the catalog as it is now: sending three old ones adds nothing.
 * - That latest time is delivered late ("caught up") while it is less than `min(maxLate, half the schedule's
 *   period)` overdue — 6 h for daily and weekly digests by default, 30 min for hourly ones.
 * - Past that, the channel gets a short note instead ("the Monday 09:00 digest was skipped: Greenlight was
 *   unavailable; next one …"), so a missed digest is never silent.
 * The same test runs again when a planned delivery is finally sent (e.g. after long retries or a long outage).
 */
import { latestRun, nextRun, periodMs } from './schedule.ts';
import { outboxId, type OutboxEntry, type Subscription } from './types.ts';

export interface StalenessRule {
  /** The longest a digest may be late and still be sent. */
  maxLateMs: number;
}

export const DEFAULT_STALENESS: StalenessRule = { maxLateMs: 6 * 3600_000 };

export function staleAfterMs(sub: Subscription, scheduledFor: Date, rule: StalenessRule): number {
  return Math.min(rule.maxLateMs, periodMs(sub.schedule, new Date(scheduledFor.getTime() - 1)) / 2);
}

export function isStale(sub: Subscription, scheduledFor: Date, now: Date, rule: StalenessRule): boolean {
  return now.getTime() - scheduledFor.getTime() > staleAfterMs(sub, scheduledFor, rule);
}

export function newEntry(sub: Subscription, scheduledFor: Date, kind: OutboxEntry['kind']): OutboxEntry {
  return {
    id: outboxId(sub.id, scheduledFor),
    subscriptionId: sub.id,
    scheduledFor: scheduledFor.toISOString(),
    kind,
    state: 'planned',
    attempts: 0,
    notBefore: scheduledFor.toISOString(),
    fence: 0,
  };
}

/** The delivery `sub` owes at `now` (a digest, or a skip note when stale), or null when none is due. */
export function owedDelivery(sub: Subscription, now: Date, rule: StalenessRule): OutboxEntry | null {
  if (sub.status !== 'active') return null;
  const latest = latestRun(sub.schedule, new Date(sub.createdAt), now);
  if (!latest) return null;
  return newEntry(sub, latest, isStale(sub, latest, now, rule) ? 'skip-note' : 'digest');
}

/** When the subscription runs next after `now` (for notes and `/digest list`). */
export function nextDue(sub: Subscription, now: Date): Date | null {
  return nextRun(sub.schedule, now);
}

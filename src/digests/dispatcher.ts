/**
 * Sending one outbox entry, exactly once. The order of steps is the guarantee:
 * 1. take the delivery's lock (SET NX PX, or its SQLite twin) with a fresh fencing token;
 * 2. claim the entry with that token (`sending`, a lease) — the store refuses it if a newer token has claimed;
 * 3. if the last attempt may have arrived (a replica died mid-send, a timeout, a 5xx), ask the channel first;
 * 4. count the attempt, send, and record each step (message posted, image uploaded) before the next, every write
 *    checked against the token at commit, so a replica that lost its claim can change nothing;
 * 5. retryable failure → back to `planned` with backoff (honouring Retry-After); fatal → the subscription stops
 *    and its owner is told. Deliveries are independent: each has its own timeout and lock.
 */
import type { ChatTurn } from '../adapters/conversation.ts';
import { describeChannelRef } from '../adapters/registry.ts';
import { failureReply } from '../reply/messages.ts';
import type { Reply } from '../reply/reply.ts';
import type { Deliverer, DeliveryLogger, DeliveryOutcome, DeliveryProgress } from '../adapters/delivery.ts';
import { isStale, nextDue, type StalenessRule } from './planner.ts';
import { formatLocal } from './schedule.ts';
import { backoffMs, type RetryPolicy } from './retry.ts';
import type { DigestState } from './state.ts';
import type { ChannelRef, Clock, OutboxEntry, Subscription } from './types.ts';

/** Builds what a subscription posts; null when an alert's condition did not fire. */
export interface DigestComposer {
  compose(sub: Subscription, scheduledFor: Date): Promise<Reply | null>;
}

/** The digests' logger: the deliverers' (`DeliveryLogger`), one shape for both. */
export type Logger = DeliveryLogger;

/** The deliverer for a conversation: its channel's (`ChannelAdapter.deliverer`, or the running channel's answer deliverer). */
export type DelivererFor = (channel: ChannelRef) => Deliverer;

/**
 * How the outbox finishes an acknowledged question (`kind: 'answer'` entries): the server's chat handler and the
 * chat adapters' own posting. Attached by the server that answers; without it answer entries wait.
 */
export interface AnswerRoute {
  answer(turn: ChatTurn): Promise<Reply>;
  delivererFor: DelivererFor;
}

export interface DispatchDeps {
  state: DigestState;
  delivererFor: DelivererFor;
  composer: DigestComposer;
  clock: Clock;
  retry: RetryPolicy;
  staleness: StalenessRule;
  /** How long a claim lasts; must exceed the delivery timeout (another replica may take over after it). */
  leaseMs: number;
  /** Each send (or channel look-up) is aborted after this long. */
  deliveryTimeoutMs: number;
  random: () => number;
  log: Logger;
  /** Answers questions already acknowledged (set by `greenlight serve` once its chat handler exists). */
  answers?: AnswerRoute;
}

export type DispatchResult = 'sent' | 'quiet' | 'skipped' | 'retry' | 'failed' | 'busy' | 'not-due';

class LostClaim extends Error {
  override name = 'LostClaim';
}

/** Whether the entry should be worked on at `now`: planned and due, or abandoned mid-send by a dead replica. */
export function isDue(e: OutboxEntry, now: Date): boolean {
  if (e.state === 'planned') return e.notBefore <= now.toISOString();
  if (e.state === 'sending') return (e.leaseUntil ?? '') < now.toISOString();
  return false;
}

function withTimeout<T>(ms: number, what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`${what} timed out after ${ms} ms`));
    }, ms);
  });
  return Promise.race([run(controller.signal), timeout]).finally(() => clearTimeout(timer));
}

/** The short note posted instead of a digest too stale to send (see the staleness rule in planner.ts). */
export function skipNoteReply(sub: Subscription, scheduledFor: Date, now: Date): Reply {
  const next = nextDue(sub, now);
  const hours = Math.round((now.getTime() - scheduledFor.getTime()) / 360_000) / 10;
  return {
    kind: 'answer',
    title: 'Digest skipped',
    text:
      `The digest due ${formatLocal(scheduledFor, sub.schedule.timezone)} (${sub.schedule.timezone}) was skipped: Greenlight could not ` +
      `send it on time and it is now ${hours} h late, past the catch-up limit.` +
      (next ? ` The next one is due ${formatLocal(next, sub.schedule.timezone)}.` : ''),
    bullets: [],
    images: [],
    actions: [{ kind: 'command', label: 'Send it now', command: `/digest run ${sub.id}` }],
    footnotes: [`Subscription ${sub.id}: ${sub.schedule.label}.`],
  };
}

export async function dispatch(deps: DispatchDeps, entryId: string): Promise<DispatchResult> {
  const { state, clock, log } = deps;
  const token = await state.backend.nextFence();
  if (!(await state.backend.acquireLock(entryId, token, deps.leaseMs))) return 'busy';
  try {
    const current = await state.getDelivery(entryId);
    const now = clock.now();
    if (!current || !isDue(current, now)) return 'not-due';
    if (current.kind === 'answer' && !deps.answers) return 'not-due'; // only a server that answers can
    let e: OutboxEntry = { ...current, state: 'sending', fence: token, leaseUntil: new Date(now.getTime() + deps.leaseMs).toISOString() };
    // Its sender died or stalled mid-send; one that died while still composing sent nothing.
    if (current.state === 'sending' && current.posting !== false) e.uncertain = true;
    if (!(await state.claimDelivery(e, token))) return 'busy';
    const commit = async (next: OutboxEntry) => {
      if (!(await state.commitDelivery(next))) throw new LostClaim(`delivery ${next.id}: another replica took it over`);
      e = next;
    };
    try {
      return await send(deps, e, commit);
    } catch (error) {
      if (error instanceof LostClaim) {
        log('warn', error.message);
        return 'busy';
      }
      throw error;
    }
  } finally {
    await state.backend.releaseLock(entryId, token).catch(() => undefined);
  }
}

async function send(deps: DispatchDeps, claimed: OutboxEntry, commit: (e: OutboxEntry) => Promise<void>): Promise<DispatchResult> {
  const { state, clock, log } = deps;
  let e = claimed;
  const update = async (patch: Partial<OutboxEntry>) => {
    e = { ...e, ...patch };
    await commit(e);
  };
  const answering = e.kind === 'answer' ? deps.answers : undefined;
  let sub: Subscription | undefined;
  let channel: ChannelRef;
  if (e.kind === 'answer') {
    if (!e.job || !answering) {
      await update({ state: 'failed', note: 'an answer job without its question', leaseUntil: undefined });
      return 'failed';
    }
    channel = e.job.channel;
  } else {
    sub = await state.getSubscription(e.subscriptionId);
    if (!sub || (sub.status !== 'active' && e.kind !== 'manual')) {
      await update({ state: 'skipped', note: sub ? `subscription ${sub.status}` : 'subscription removed', leaseUntil: undefined });
      return 'skipped';
    }
    channel = sub.channel;
  }
  const deliverer = answering ? answering.delivererFor(channel) : deps.delivererFor(channel);
  const scheduledFor = new Date(e.scheduledFor);

  if (e.uncertain && !e.messageRef) {
    const found = await withTimeout(
      deps.deliveryTimeoutMs,
      `looking for delivery ${e.id} in the channel`,
      (signal) => deliverer.find(channel, e.id, new Date(scheduledFor.getTime() - 24 * 3600_000), signal), // a day of clock skew
    ).catch((error: Error) => ({ status: 'error' as const, reason: error.message }));
    if (found.status === 'found') {
      log('info', `delivery ${e.id}: already in the channel (${found.messageRef}); marked sent, not resent`);
      await update({ state: 'sent', messageRef: found.messageRef, sentAt: clock.now().toISOString(), uncertain: false, leaseUntil: undefined });
      return 'sent';
    }
    if (found.status === 'unknown') {
      const note = 'the last attempt may have arrived and this channel cannot be checked, so it was not resent (never twice)';
      await update({ state: 'failed', note, leaseUntil: undefined });
      if (sub) await tellOwner(deps, sub, `Greenlight digest ${sub.id}: ${note}. Check the channel; run \`/digest run ${sub.id}\` if it is missing.`);
      else log('error', `delivery ${e.id}: ${note}`);
      return 'failed';
    }
    if (found.status === 'error') return retryLater(deps, e, update, sub, { status: 'retryable', reason: found.reason });
    e = { ...e, uncertain: false };
  }

  const now = clock.now();
  if (sub && e.kind === 'digest' && e.attempts === 0 && isStale(sub, scheduledFor, now, deps.staleness)) e = { ...e, kind: 'skip-note' };
  // The attempt is counted (and the claim re-checked) before anything leaves this process; the lease is renewed
  // so that the send (bounded by the delivery timeout, well under the lease) cannot be taken over mid-flight.
  await update({ attempts: e.attempts + 1, posting: false, leaseUntil: new Date(clock.now().getTime() + deps.leaseMs).toISOString() });
  let reply: Reply | null;
  if (answering && e.job) {
    try {
      reply = await answering.answer(e.job.turn);
    } catch (error) {
      // As the chat adapters do: a short message in the thread, the details in the log.
      log('error', `delivery ${e.id}: answering "${e.job.turn.text.slice(0, 200)}" failed: ${(error as Error).message}`);
      reply = failureReply(e.job.turn.text);
    }
  } else {
    try {
      reply = e.kind === 'skip-note' ? skipNoteReply(sub!, scheduledFor, now) : await deps.composer.compose(sub!, scheduledFor);
    } catch (error) {
      return retryLater(deps, e, update, sub, { status: 'retryable', reason: `composing the digest failed: ${(error as Error).message}` });
    }
  }
  if (reply === null) {
    await update({ state: 'sent', note: 'alert condition did not fire: nothing posted', sentAt: now.toISOString(), leaseUntil: undefined });
    return 'quiet';
  }

  const progress: DeliveryProgress = { messageRef: e.messageRef, uploaded: e.uploaded ?? [] };
  await update({ posting: true, leaseUntil: new Date(clock.now().getTime() + deps.leaseMs).toISOString() });
  let outcome: DeliveryOutcome;
  try {
    outcome = await withTimeout(deps.deliveryTimeoutMs, `delivery ${e.id}`, (signal) =>
      deliverer.deliver(channel, reply, {
        deliveryId: e.id,
        signal,
        progress,
        checkpoint: (p) => update({ messageRef: p.messageRef, uploaded: [...p.uploaded] }),
      }),
    );
  } catch (error) {
    if (error instanceof LostClaim) throw error;
    outcome = { status: 'retryable', reason: (error as Error).message, uncertain: true };
  }
  if (outcome.status === 'ok') {
    await update({ state: 'sent', messageRef: outcome.messageRef, sentAt: clock.now().toISOString(), lastError: undefined, leaseUntil: undefined });
    log('info', `delivery ${e.id}: sent to ${describeChannelRef(channel)} (${outcome.messageRef})`);
    // A delivered answer has nothing left to do or to remember: dropped at once, so the outbox every tick reads
    // holds only unfinished work however many questions are asked (digests keep their history).
    if (e.kind === 'answer') await state.dropDelivery(e.id).catch(() => undefined);
    return 'sent';
  }
  if (outcome.status === 'fatal' && (outcome.deploymentProblem || !sub)) {
    // A deployment problem, or an answer (no subscription to pause): only this delivery fails.
    await update({ state: 'failed', lastError: outcome.reason, note: `not sent: ${outcome.reason}`, leaseUntil: undefined });
    log('error', `delivery ${e.id}: not sent: ${outcome.reason}`);
    return 'failed';
  }
  if (outcome.status === 'fatal') {
    if (!sub) return 'failed'; // unreachable: handled above
    const note = `${describeChannel(sub)} refused the digest: ${outcome.reason}. Deliveries for ${sub.id} are stopped.`;
    await update({ state: 'failed', lastError: outcome.reason, note, leaseUntil: undefined });
    await state.putSubscription({ ...sub, status: 'failed', failure: note });
    log('error', `delivery ${e.id}: ${note}`);
    await tellOwner(
      deps,
      sub,
      `Greenlight could not post digest ${sub.id} (${sub.schedule.label}) to ${describeChannel(sub)}: ` +
        `${outcome.reason}. It is paused; fix the channel (e.g. invite the app) and subscribe again.`,
    );
    return 'failed';
  }
  return retryLater(deps, e, update, sub, outcome);
}

async function retryLater(
  deps: DispatchDeps,
  e: OutboxEntry,
  update: (patch: Partial<OutboxEntry>) => Promise<void>,
  sub: Subscription | undefined,
  outcome: Extract<DeliveryOutcome, { status: 'retryable' }>,
): Promise<DispatchResult> {
  const now = deps.clock.now();
  const attempts = Math.max(1, e.attempts);
  const delay = backoffMs(deps.retry, attempts, outcome.retryAfterMs, deps.random);
  const notBefore = new Date(now.getTime() + delay);
  const tooLate = sub !== undefined && e.kind === 'digest' && isStale(sub, new Date(e.scheduledFor), notBefore, deps.staleness);
  if (attempts >= deps.retry.maxAttempts || tooLate) {
    const note = `gave up after ${attempts} attempt(s): ${outcome.reason}`;
    await update({ state: 'failed', lastError: outcome.reason, note, uncertain: outcome.uncertain ?? false, leaseUntil: undefined });
    deps.log('error', `delivery ${e.id}: ${note}`);
    if (sub) await tellOwner(deps, sub, `Greenlight digest ${sub.id} to ${describeChannel(sub)} failed: ${note}.`);
    return 'failed';
  }
  await update({
    state: 'planned',
    notBefore: notBefore.toISOString(),
    lastError: outcome.reason,
    uncertain: outcome.uncertain ?? false,
    leaseUntil: undefined,
  });
  deps.log('warn', `delivery ${e.id}: ${outcome.reason}; retrying in ${Math.round(delay / 1000)} s`);
  return 'retry';
}

async function tellOwner(deps: DispatchDeps, sub: Subscription, text: string): Promise<void> {
  try {
    await withTimeout(deps.deliveryTimeoutMs, `telling ${sub.owner}`, (signal) => deps.delivererFor(sub.channel).notifyOwner(sub.owner, text, signal));
  } catch (error) {
    deps.log('warn', `could not tell the owner of ${sub.id}: ${(error as Error).message}`);
  }
}

export function describeChannel(sub: Subscription): string {
  return describeChannelRef(sub.channel);
}

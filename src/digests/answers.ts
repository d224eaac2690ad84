/**
 * Acknowledged questions go through the same durable outbox as digests. A chat adapter that has acknowledged a
 * question (Slack's 3-second ack, the "asked:" message) writes an `answer` entry first and then works on it at
 * once through `dispatch` — lock, fencing token, lease, retries. If this process dies before the answer is
 * posted, the entry stays in the outbox (`planned`, or `sending` with a lease that runs out) and the scheduler of
 * a restarted or surviving replica finishes it: the question is answered, late rather than never.
 */
import { randomUUID } from 'node:crypto';
import type { RunningChannel } from '../adapters/channel.ts';
import type { Deliverer } from '../adapters/delivery.ts';
import { channelNamed } from '../adapters/registry.ts';
import { dispatch, type AnswerRoute, type DelivererFor, type DispatchDeps, type DispatchResult } from './dispatcher.ts';
import type { AnswerJob, ChannelRef, OutboxEntry } from './types.ts';

/** The outbox's pseudo-subscription for answers: their ids are `answer@<time>-<random>`. */
export const ANSWER_SUBSCRIPTION = 'answer';

export interface AnswerJobs {
  /** Writes the job into the outbox (durably) and returns its id. */
  plan(job: AnswerJob): Promise<string>;
  /** Works on a planned job now: answers and posts it (or leaves it for a retry, with backoff). */
  run(id: string): Promise<DispatchResult>;
  /** How jobs are answered and posted; until attached, answer entries wait in the outbox. */
  attach(route: AnswerRoute | undefined): void;
}

export function answerJobsOn(deps: DispatchDeps): AnswerJobs {
  return {
    async plan(job) {
      const now = deps.clock.now();
      const entry: OutboxEntry = {
        id: `${ANSWER_SUBSCRIPTION}@${now.toISOString()}-${randomUUID().slice(0, 8)}`,
        subscriptionId: ANSWER_SUBSCRIPTION,
        scheduledFor: now.toISOString(),
        kind: 'answer',
        state: 'planned',
        attempts: 0,
        notBefore: now.toISOString(),
        fence: 0,
        job,
      };
      await deps.state.planDelivery(entry);
      return entry.id;
    },
    run: (id) => dispatch(deps, id),
    attach(route) {
      if (route) deps.answers = route;
      else delete deps.answers;
    },
  };
}

/** Refuses a job no running channel here can post (e.g. Teams answers within its own request): it fails visibly. */
const noQueuedAnswers = (channel: ChannelRef): Deliverer => ({
  deliver: async () => ({ status: 'fatal', reason: `no channel here posts queued answers to ${channel.kind}` }),
  find: async () => ({ status: 'unknown' }),
  notifyOwner: async () => undefined,
});

/** The outbox's deliverers for answer jobs: each posted by the running channel it came from. */
export function answerDelivererFor(channels: ReadonlyMap<string, RunningChannel>): DelivererFor {
  const deliverers = new Map<string, Deliverer>();
  for (const [name, running] of channels) {
    // The channel's own classification of its posting failures (retry or give up), around the running channel's post.
    const make = channelNamed(name).answerDeliverer;
    if (running.postAnswer && make) deliverers.set(name, make(running.postAnswer));
  }
  return (channel) => deliverers.get(channel.kind) ?? noQueuedAnswers(channel);
}

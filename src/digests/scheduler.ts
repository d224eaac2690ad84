/**
 * The scheduler every `greenlight serve` replica runs: each tick it writes the deliveries subscriptions owe into
 * the outbox (an atomic insert-if-absent, so replicas never plan one twice), then works on every due entry at
 * once — each independent, with its own lock, timeout and retries, so one slow or broken channel never holds up
 * another. Catch-up after downtime is the first tick: whatever is owed (by the staleness rule) is due.
 */
import { randomUUID } from 'node:crypto';
import { dispatch, isDue, type DispatchDeps, type DispatchResult } from './dispatcher.ts';
import { newEntry, owedDelivery } from './planner.ts';
import type { OutboxEntry } from './types.ts';

export interface TickReport {
  planned: string[];
  results: Record<string, DispatchResult>;
  errors: string[];
}

const HISTORY_MS = 35 * 24 * 3600_000;
/** Answers are many and only matter until posted: a day of history is enough to look into a complaint. */
const ANSWER_HISTORY_MS = 24 * 3600_000;

export async function tick(deps: DispatchDeps): Promise<TickReport> {
  const { state, clock } = deps;
  const now = clock.now();
  const report: TickReport = { planned: [], results: {}, errors: [] };
  for (const sub of await state.listSubscriptions()) {
    let owed: OutboxEntry | null;
    try {
      owed = owedDelivery(sub, now, deps.staleness);
    } catch (error) {
      // One subscription that cannot be scheduled (e.g. a tampered cron) must not stop the others.
      await state.quarantineSubscription(sub, `cannot be scheduled: ${(error as Error).message}`);
      report.errors.push(`subscription ${sub.id}: ${(error as Error).message}`);
      continue;
    }
    if (owed && (await state.planDelivery(owed))) report.planned.push(owed.id);
  }
  const due = (await state.listDeliveries()).filter((e) => isDue(e, now));
  const settled = await Promise.allSettled(due.map((e) => dispatch(deps, e.id)));
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') report.results[due[i].id] = s.value;
    else {
      const message = `delivery ${due[i].id}: ${(s.reason as Error).message}`;
      report.errors.push(message);
      deps.log('error', message);
    }
  });
  return report;
}

/** Plans and sends one delivery of `subscriptionId` now (`greenlight digest run --now`), outside its schedule. */
export async function runNow(deps: DispatchDeps, subscriptionId: string): Promise<{ entry: OutboxEntry; result: DispatchResult }> {
  const sub = await deps.state.getSubscription(subscriptionId);
  if (!sub) throw new Error(`No subscription ${subscriptionId}. \`greenlight digest list\` shows them.`);
  const entry = { ...newEntry(sub, deps.clock.now(), 'manual'), id: `${sub.id}@manual-${randomUUID().slice(0, 8)}` };
  await deps.state.planDelivery(entry);
  const result = await dispatch(deps, entry.id);
  const stored = await deps.state.getDelivery(entry.id);
  return { entry: stored ?? entry, result };
}

export interface RunningScheduler {
  /** Stops ticking and waits for the tick in progress to finish. */
  stop(): Promise<void>;
}

/** Ticks every `intervalMs` until stopped (ticks never overlap); prunes old outbox history once an hour. */
export function startScheduler(deps: DispatchDeps, intervalMs: number): RunningScheduler {
  const controller = new AbortController();
  let lastPrune = 0;
  const loop = (async () => {
    while (!controller.signal.aborted) {
      try {
        await tick(deps);
        const now = deps.clock.now().getTime();
        if (now - lastPrune > 3600_000) {
          lastPrune = now;
          await deps.state.pruneDeliveries(new Date(now - HISTORY_MS), new Date(now - ANSWER_HISTORY_MS));
        }
      } catch (error) {
        deps.log('error', `digest scheduler tick failed: ${(error as Error).message}`);
      }
      await deps.clock.sleep(intervalMs, controller.signal);
    }
  })();
  return {
    stop: async () => {
      controller.abort();
      await loop;
    },
  };
}

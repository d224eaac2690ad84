/**
 * `greenlight digest …`: subscriptions from the command line (list, add, stop), the outbox, a delivery now
 * (`run --now <id>`), and `preview` — the digest as it would be posted: its Reply JSON and PNGs plus the Slack
 * Block Kit and Teams Adaptive Card payloads.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { toReplyJson, writeReplyFiles } from '../adapters/console/files.ts';
import { textBesideDecision } from '../adapters/conversation.ts';
import { toBlockKit } from '../adapters/slack/blocks.ts';
import { toAdaptiveCard } from '../adapters/teams/card.ts';
import { channelRefText, parseChannelRef } from '../adapters/registry.ts';
import { describeContent, newSubscriptionId, parseDigestRequest } from '../digests/command.ts';
import { createDigestComposer } from '../digests/compose.ts';
import { nextDue } from '../digests/planner.ts';
import { openDigestRuntime, type DigestRuntime } from '../digests/runtime.ts';
import { formatLocal } from '../digests/schedule.ts';
import { runNow } from '../digests/scheduler.ts';
import { openDigestState } from '../digests/state.ts';
import { DIGEST_SECTIONS, type Subscription } from '../digests/types.ts';
import { createAnswerDeps, type AnswerDeps } from '../reply/deps.ts';
import type { CliContext } from './context.ts';

async function answerDeps(c: CliContext): Promise<AnswerDeps> {
  return createAnswerDeps(await c.catalog(), c.config, (message, error) => c.info(`${message}${error instanceof Error ? `: ${error.message}` : ''}`));
}

async function withRuntime<T>(c: CliContext, work: (runtime: DigestRuntime) => Promise<T>): Promise<T> {
  const runtime = await openDigestRuntime(c.config, await answerDeps(c));
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

async function withState<T>(c: CliContext, work: (state: Awaited<ReturnType<typeof openDigestState>>) => Promise<T>): Promise<T> {
  const state = await openDigestState(c.config);
  try {
    return await work(state);
  } finally {
    await state.close();
  }
}

function listLine(s: Subscription, now: Date): string {
  const next = s.status === 'active' ? nextDue(s, now) : null;
  const when = next ? `next ${formatLocal(next, s.schedule.timezone)}` : s.status.toUpperCase();
  return `${s.id}  ${channelRefText(s.channel).padEnd(14)} ${s.schedule.label.padEnd(36)} ${describeContent(s.content)}  (${when}${s.failure ? `: ${s.failure}` : ''})`;
}

export function registerDigest(program: Command, ctx: () => CliContext): void {
  const digest = program.command('digest').description('Scheduled digests and alerts: list, add, stop, run now, preview, outbox');

  digest
    .command('list')
    .description('List every subscription with its schedule and next delivery')
    .option('--json', 'print the subscriptions as JSON')
    .action(async (opts: { json?: boolean }) => {
      const c = ctx();
      const subs = await withState(c, (state) => state.listSubscriptions());
      if (opts.json) c.print(JSON.stringify(subs, null, 2));
      else
        c.print(
          subs.length === 0
            ? 'No subscriptions. Add one: greenlight digest add C0123ABC weekly mon 09:00 Europe/Berlin'
            : subs.map((s) => listLine(s, new Date())).join('\n'),
        );
    });

  digest
    .command('add')
    .description('Subscribe a channel: greenlight digest add C0123ABC weekly mon 09:00 Europe/Berlin [sections…] | alert zone Horror …')
    .argument('<channel>', 'Slack channel id, or teams:<conversation id>')
    .argument('<words...>', 'the schedule and sections, as after /digest')
    .option('--owner <user>', 'who is told when delivery fails (a Slack user id)', 'config')
    .option('--id <id>', 'a stable id (configuration); generated when absent')
    .option('--service-url <url>', "Teams: the conversation's service URL")
    .action(async (channel: string, words: string[], opts: { owner: string; id?: string; serviceUrl?: string }) => {
      const c = ctx();
      const request = parseDigestRequest(words.join(' '), await c.catalog());
      if (request.kind !== 'subscribe') throw new Error('`digest add` takes a schedule (weekly/daily/hourly …) or `alert …`.');
      const sub: Subscription = {
        id: opts.id ?? newSubscriptionId(),
        channel: parseChannelRef(channel, opts.serviceUrl),
        owner: opts.owner,
        schedule: request.schedule,
        content: request.content,
        createdAt: new Date().toISOString(),
        status: 'active',
      };
      await withState(c, (state) => state.putSubscription(sub));
      c.print(`Added ${listLine(sub, new Date())}`);
    });

  digest
    .command('stop')
    .description('Stop a subscription (it posts no more)')
    .argument('<id>')
    .action(async (id: string) => {
      const c = ctx();
      await withState(c, async (state) => {
        const sub = await state.getSubscription(id);
        if (!sub) throw new Error(`No subscription ${id}. \`greenlight digest list\` shows them.`);
        await state.putSubscription({ ...sub, status: 'stopped' });
      });
      c.print(`Stopped ${id}.`);
    });

  digest
    .command('run')
    .description('Compose and deliver a subscription now, through the outbox (retries, never twice)')
    .requiredOption('--now <id>', 'the subscription to deliver now')
    .action(async (opts: { now: string }) => {
      const c = ctx();
      const { entry, result } = await withRuntime(c, (runtime) => runNow(runtime.deps, opts.now));
      c.print(
        `${entry.id}: ${result} (state ${entry.state}, ${entry.attempts} attempt(s)${entry.messageRef ? `, message ${entry.messageRef}` : ''}${entry.lastError ? `, last error: ${entry.lastError}` : ''})`,
      );
      if (result !== 'sent' && result !== 'quiet') process.exitCode = 1;
    });

  digest
    .command('outbox')
    .description('Show planned, sent, skipped and failed deliveries')
    .option('--subscription <id>', 'only this subscription')
    .option('--json', 'print the entries as JSON')
    .action(async (opts: { subscription?: string; json?: boolean }) => {
      const c = ctx();
      const entries = await withState(c, (state) => state.listDeliveries(opts.subscription));
      if (opts.json) c.print(JSON.stringify(entries, null, 2));
      else
        c.print(
          entries
            .map(
              (e) =>
                `${e.id}  ${e.kind.padEnd(9)} ${e.state.padEnd(8)} attempts ${e.attempts}${e.note ? `  ${e.note}` : e.lastError ? `  ${e.lastError}` : ''}`,
            )
            .join('\n') || 'The outbox is empty.',
        );
    });

  digest
    .command('preview')
    .description('Compose the default digest now and show it as it would be posted (Reply JSON, PNGs, Block Kit, Adaptive Card)')
    .option('--out <dir>', 'write reply.json, the PNGs, slack-blocks.json and teams-card.json into DIR')
    .option('--json', 'print { reply, slack, teams } as JSON')
    .option('--sections <list>', `comma-separated: ${DIGEST_SECTIONS.join(', ')}`, DIGEST_SECTIONS.join(','))
    .option('--no-charts', 'leave the charts out (faster)')
    .action(async (opts: { out?: string; json?: boolean; sections: string; charts: boolean }) => {
      const c = ctx();
      const deps = await answerDeps(c);
      const request = parseDigestRequest(`weekly mon 09:00 UTC ${opts.sections.split(',').join(' ')}`);
      if (request.kind !== 'subscribe') throw new Error('unreachable: a weekly schedule parses as a subscription');
      const sub: Subscription = {
        id: 'dg-preview',
        channel: { kind: 'slack', channelId: 'C0PREVIEW' },
        owner: 'preview',
        schedule: request.schedule,
        content: request.content,
        createdAt: new Date().toISOString(),
        status: 'active',
      };
      const started = performance.now();
      const reply = await withState(c, async (state) => {
        // Previews never touch what the real subscriptions remember: a throwaway id.
        const composer = createDigestComposer(deps, state, { charts: opts.charts });
        return composer.compose({ ...sub, id: `dg-preview-${Date.now()}` }, new Date());
      });
      if (!reply) throw new Error('the digest composed to nothing');
      const json = opts.out ? await writeReplyFiles(reply, opts.out) : toReplyJson(reply);
      const files = new Map(json.images.map((img, i) => [img.id, `F0PREVIEW${String(i + 1).padStart(2, '0')}`]));
      const slack = toBlockKit(reply, { files });
      const teams = toAdaptiveCard(
        reply,
        (image) => `${c.config.GREENLIGHT_PUBLIC_URL ?? 'http://127.0.0.1:3000'}/images/${json.images.find((j) => j.id === image.id)?.file ?? image.id}`,
      );
      if (opts.out) {
        await writeFile(join(opts.out, 'slack-blocks.json'), `${JSON.stringify(slack, null, 2)}\n`);
        await writeFile(join(opts.out, 'teams-card.json'), `${JSON.stringify(teams, null, 2)}\n`);
        c.info(
          `Wrote ${opts.out}/reply.json, ${json.images.length} PNG(s), slack-blocks.json and teams-card.json in ${Math.round(performance.now() - started)} ms.`,
        );
      }
      if (opts.json) c.print(JSON.stringify({ reply: json, slack, teams }, null, 2));
      else
        c.print(
          [
            `# ${reply.title}`,
            ...(reply.decision ? [reply.decision] : []),
            textBesideDecision(reply),
            ...reply.bullets.map((b) => `  • ${b}`),
            ...reply.footnotes.map((f) => `  ${f}`),
          ].join('\n'),
        );
    });
}

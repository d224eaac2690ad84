/**
 * `answer(intent, deps)` → `Reply`, and `ask(text, deps)` = parse + answer: the one path every surface takes.
 *
 *   validateParams → runStage (with the models for predict / forecast / understand) → chartsFor(chat) →
 *   renderChart → title, text, bullets (the result's top insights), images, follow-up buttons, dashboard link,
 *   footnotes (model accuracy, data date, TMDB attribution).
 *
 * It never throws: a person's mistake becomes `Reply { kind: 'error' }` with the core's message and suggested
 * commands; anything else becomes a short "went wrong on our side" reply and the details go to the log.
 */
import { formatCommand } from '../../intents/format.ts';
import type { Intent } from '../../intents/intent.ts';
import { parse } from '../../intents/parse.ts';
import type { ParseResult } from '../../intents/result.ts';
import { intentParams } from '../../intents/intent.ts';
import type { ModelMetric } from '../core/model-port.ts';
import { modelsForStage, runStage } from '../core/stages/index.ts';
import type { StageResult } from '../core/stages/types.ts';
import { InputError, type StageName } from '../core/types.ts';
import { defaultLog, type AnswerDeps } from './deps.ts';
import { footnotesFor } from './footnotes.ts';
import { focusGenres, followUpActions } from './followups.ts';
import { chatTable } from '../../charts/chat-form.ts';
import { decisionFor, diagnosticsFor } from './decision.ts';
import { chatCharts } from './images.ts';
import { dashboardLinkFor } from './links.ts';
import { clarifyReply, errorReply, failureReply, helpReply } from './messages.ts';
import type { Reply } from './reply.ts';
import { summarise } from './summary.ts';

export type { AnswerDeps } from './deps.ts';

/** Bullets per answer: the result's insights, most important first. */
const MAX_BULLETS = 4;

/** The result's insights as bullets, most important first, without the headline claim the decision line states. */
function bulletsOf(result: StageResult): string[] {
  return result.insights
    .filter((i) => !i.headline)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, MAX_BULLETS)
    .map((i) => i.text);
}

/** "Read as …" for plain questions, and what the parser assumed, so a person can see and correct the reading. */
function readingNote(intent: Intent, command: string): string {
  const parts: string[] = [];
  if (!intent.raw.trim().startsWith('/')) parts.push(`Read as: ${command}`);
  if (intent.assumed && intent.assumed.length > 0) parts.push(`Assumed ${intent.assumed.join(', ')}.`);
  return parts.join(' · ');
}

async function answerStage(
  intent: Intent & { stage: StageName },
  deps: AnswerDeps,
  log: NonNullable<AnswerDeps['log']>,
  options: Pick<AskOptions, 'nativeCharts' | 'dryRun'>,
): Promise<Reply> {
  const now = deps.now();
  const models = await modelsForStage(intent.stage, deps.models, (error) => log('models unavailable; answering without them', error));
  const result = runStage(intent.stage, intentParams(intent), { catalog: deps.catalog, models, now });
  const imageKey = [deps.catalog.meta.fingerprint, intent.stage, JSON.stringify(result.params), models ? 'models' : 'none'].join('|');
  const { charts, notDrawn } = await chatCharts(result, log, imageKey, options.nativeCharts ?? 0, options.dryRun ?? false);
  const images = charts.flatMap((c) => (c.image ? [c.image] : []));
  const table = chatTable(result);
  const summary = summarise(result);
  const params = result.params as Record<string, unknown>;
  const dashboardUrl = dashboardLinkFor(intent.stage, params, deps.config, now);
  const answered: Intent = { ...intent, params };
  const command = formatCommand(answered, deps.catalog);
  const metrics: readonly ModelMetric[] = models && intent.stage === 'understand' ? models.metrics() : [];
  const note = readingNote(intent, command);
  return {
    kind: 'answer',
    stage: intent.stage,
    title: summary.title,
    text: note ? `${summary.text}\n${note}` : summary.text,
    bullets: bulletsOf(result),
    images,
    actions: [{ kind: 'link', label: 'Open dashboard', url: dashboardUrl }, ...followUpActions(answered, focusGenres(answered, result))],
    dashboardUrl,
    footnotes: footnotesFor(result, deps.catalog, metrics),
    facts: summary.facts,
    charts,
    ...(table ? { table } : {}),
    decision: decisionFor(result),
    diagnostics: [...diagnosticsFor(result, metrics), ...notDrawn],
    intent: answered,
  };
}

/** Answers an intent (see the module comment). Never throws. */
export async function answer(intent: Intent, deps: AnswerDeps, options: Pick<AskOptions, 'nativeCharts' | 'dryRun'> = {}): Promise<Reply> {
  const log = deps.log ?? defaultLog;
  if (intent.stage === 'help') return { ...helpReply(deps.catalog.meta.asOf), intent };
  try {
    return await answerStage(intent as Intent & { stage: StageName }, deps, log, options);
  } catch (error) {
    if (error instanceof InputError) {
      return errorReply(error.message, [], intent.raw);
    }
    log(`answering "${intent.raw}" failed`, error);
    return failureReply(intent.raw);
  }
}

/** A parse result as a reply: intents are answered, clarifications and input errors become their replies. */
export async function answerParsed(parsed: ParseResult, deps: AnswerDeps, options: Pick<AskOptions, 'nativeCharts' | 'dryRun'> = {}): Promise<Reply> {
  switch (parsed.kind) {
    case 'intent':
      return answer(parsed.intent, deps, options);
    case 'clarify':
      return clarifyReply(parsed.question, parsed.readings, parsed.raw);
    case 'error':
      return errorReply(parsed.message, parsed.suggestions, parsed.raw);
  }
}

export interface AskOptions {
  /** The thread's last intent (from the previous reply's `intent`), for follow-ups. */
  previous?: Intent;
  /**
   * How many of the answer's charts the channel draws itself (Slack: two data visualization blocks per message):
   * the most important ones with a native form are then not rendered to PNG. Default 0: every chart is rendered.
   */
  nativeCharts?: number;
  /**
   * Go the whole way except the pictures: charts are drawn only as far as SVG, the reply has no images (only the
   * natively drawn charts) and nothing is cached. An answer worker's warm-up (server/warm-up.ts) asks this way.
   */
  dryRun?: boolean;
}

/** Parse + answer: what every channel calls with the text a person sent. Never throws. */
export async function ask(text: string, deps: AnswerDeps, options: AskOptions = {}): Promise<Reply> {
  let parsed: ParseResult;
  try {
    parsed = parse(text, { catalog: deps.catalog, previous: options.previous });
  } catch (error) {
    (deps.log ?? defaultLog)(`parsing "${text}" failed`, error);
    return failureReply(text);
  }
  return answerParsed(parsed, deps, options);
}

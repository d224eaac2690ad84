/**
 * What the chat adapters need from the rest of Greenlight: one function that turns a person's words in a thread
 * into a `Reply`. Adapters translate transport to `ChatTurn` and `Reply` to payloads; they know nothing of
 * intents, stages or the thread's memory, which live behind the handler (see `src/server/assistant.ts`).
 */
import type { Reply, ReplyAction } from '../reply/reply.ts';

/** The name of a registered channel adapter (`src/adapters/registry.ts`), e.g. `slack`. */
export type ChatChannel = string;

export interface ChatTurn {
  channel: ChatChannel;
  /** The words to answer: a question, or a command such as `/predict sci-fi movie budget 7 Q3`. */
  text: string;
  /** A stable key for the conversation thread (follow-ups reuse its last parameters). */
  thread: string;
  /** Where a digest subscription would post to: the Slack channel id or the Teams conversation id. */
  conversation: string;
  user?: string;
  /** Teams only: where the bot reaches this conversation later (proactive posts such as digests). */
  serviceUrl?: string;
  tenantId?: string;
  /** How many of the answer's charts the channel draws itself (their PNGs are then not rendered). */
  nativeCharts?: number;
}

export type ChatHandler = (turn: ChatTurn) => Promise<Reply>;

/** The answer a pasted link stands for (a dashboard board), or null when it is not one to preview. */
export type LinkPreview = (url: string) => Promise<Reply | null>;

/** A logger the adapters write to; secrets are never passed to it. */
export interface ChatLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: ChatLogger = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m, e) => console.error(m, e instanceof Error ? (e.stack ?? e.message) : (e ?? '')),
};

export const silentLogger: ChatLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * The reply's text under its decision line: the summary's own "Verdict: …" sentence, and any line the decision
 * line already begins with (predict's verdict line, forecast's momentum claim), are left out there (the decision
 * line says it, with how sure we are), so the verdict is said once.
 */
export function textBesideDecision(reply: Pick<Reply, 'decision' | 'text'>): string {
  const decision = reply.decision;
  if (!decision) return reply.text;
  const said = (line: string) => {
    const claim = line.trim().replace(/\.$/, '');
    return claim.length > 0 && decision.startsWith(claim);
  };
  return reply.text
    .split('\n')
    .filter((line) => !/^Verdict:/.test(line.trim()) && !said(line))
    .join('\n');
}

/** A chat-only action: a button that shows more of the reply in place (Slack: posts it in the thread; Teams: shows it in the card). */
export interface RevealAction {
  kind: 'reveal';
  label: string;
  lines: string[];
}

export type ChatAction = ReplyAction | RevealAction;

export const SURE_LABEL = 'How sure are we?';
export const SUBSCRIBE_LABEL = 'Subscribe';

/**
 * The buttons under an answer in chat: the reply's own actions (dashboard first), "How sure are we?" when it has
 * diagnostics, and "Subscribe", which turns the question into a digest through `/digest subscribe <stage>`.
 */
export function chatActions(reply: Reply): ChatAction[] {
  const actions: ChatAction[] = replyActions(reply);
  if (reply.diagnostics && reply.diagnostics.length > 0) actions.push({ kind: 'reveal', label: SURE_LABEL, lines: reply.diagnostics });
  if (reply.kind === 'answer' && reply.stage) actions.push({ kind: 'command', label: SUBSCRIBE_LABEL, command: `/digest subscribe ${reply.stage}` });
  return actions;
}

/** The reply's actions, with "Open dashboard" first when the reply links to one and no action already does. */
export function replyActions(reply: Reply): ReplyAction[] {
  const actions = [...reply.actions];
  if (reply.dashboardUrl && !actions.some((a) => a.kind === 'link' && a.url === reply.dashboardUrl)) {
    actions.unshift({ kind: 'link', label: 'Open dashboard', url: reply.dashboardUrl });
  }
  return actions;
}

/** Shortens `text` to `max` characters, marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

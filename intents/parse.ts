/**
 * `parse(text, ctx?)`: any message → a `ParseResult`. Slash commands (and a leading command word) follow the
 * grammar; anything else is a plain question; with `ctx.previous`, a message that reads as a follow-up reuses the
 * thread's last parameters. Deterministic and total: no I/O, no clock, and no input makes it throw.
 */
import { findTitleMentions } from '../src/core/resolve/title.ts';
import { InputError, type StageName } from '../src/core/types.ts';
import { readingsOf, settle, type Candidate } from './candidate.ts';
import { parseCommand } from './command.ts';
import { followUpCandidate, opensFollowUp } from './followup.ts';
import { QUESTION_EXAMPLES } from './grammar.ts';
import type { Intent } from './intent.ts';
import { questionCandidates, scoreStages } from './question.ts';
import { CLARIFY_BELOW, type ParseContext, type ParseResult } from './result.ts';
import { readSlots } from './slots.ts';
import { MAX_INPUT_CHARS, tokenize, wordsOf, type Token } from './tokens.ts';
import { COMMAND_WORDS } from './vocabulary.ts';

const HELP_WORDS = /^(help|\?|commands|usage|what can you do|what do you do|how do i use (you|this|greenlight)|hi|hello|hey)$/;
/** "greenlight, …" / "@greenlight …" / "hey greenlight …": the bot being addressed, not the verb. */
const ADDRESS = /^(?:(?:hey|hi|ok|okay)[,\s]+)?@?greenlight(?:[,:!]\s*|\s+(?=(?:what|which|how|why|where|when|who|is|are|show|tell|give|can|could)\b))/i;
/** A question back offers at most this many readings. */
const MAX_READINGS = 3;
/** How many follow-up cue points a fresh question needs to stand on its own in a thread. */
const STANDALONE_SCORE = 3;

function helpIntent(raw: string): ParseResult {
  return { kind: 'intent', intent: { stage: 'help', params: {}, confidence: 1, raw } };
}

function notUnderstood(raw: string): ParseResult {
  return {
    kind: 'error',
    raw,
    field: 'question',
    message: "I didn't catch a question there. Ask about genres, titles, trends or a project idea, or use a command.",
    suggestions: [{ label: 'Help', command: 'help' }, ...QUESTION_EXAMPLES.slice(0, 3).map((q) => ({ label: q, command: q }))],
  };
}

function commandOf(token: Token | undefined): { stage: StageName | 'help' | 'greenlight'; slash: boolean } | null {
  if (!token || token.kind !== 'word') return null;
  const slash = token.text.startsWith('/') || token.raw.startsWith('/');
  const word = token.norm.replace(/^\//, '');
  if (word === 'greenlight' && slash) return { stage: 'greenlight', slash };
  const stage = COMMAND_WORDS.get(word);
  return stage ? { stage, slash } : null;
}

/** True when a slot or a stage cue can be read from the tokens (a plain question's reading would use them). */
function readsAnything(tokens: readonly Token[]): boolean {
  const slots = readSlots(tokens, 'question');
  const named =
    slots.genres.length > 0 ||
    slots.media.length > 0 ||
    slots.bothMedia ||
    slots.quoted.length > 0 ||
    slots.yearFrom !== undefined ||
    slots.yearTo !== undefined ||
    slots.language !== undefined ||
    slots.budget !== undefined ||
    slots.budgetUsd !== undefined ||
    slots.quarter !== undefined;
  return named || (scoreStages(wordsOf(tokens), slots)[0]?.score ?? 0) > 0;
}

/** The text after the first token (the command word), as typed. */
function argumentText(text: string): string {
  return text.replace(/^\s*\S+\s*/, '');
}

function parseQuestion(text: string, raw: string, tokens: readonly Token[], ctx: ParseContext): ParseResult {
  const words = wordsOf(tokens);
  if (words.length === 0) return helpIntent(raw);
  if (HELP_WORDS.test(words.join(' ').replace(/[?!.]+$/, ''))) return helpIntent(raw);
  const slots = readSlots(tokens, 'question');
  if (ctx.catalog) {
    slots.asOf = ctx.catalog.meta.asOf;
    slots.titles = findTitleMentions(ctx.catalog, text).map((m) => m.text);
  }
  if (ctx.previous) {
    const best = scoreStages(words, slots)[0];
    const followUp = followUpCandidate(words, slots, ctx.previous, text);
    if (followUp && (opensFollowUp(words) || best.score < STANDALONE_SCORE)) return settle(followUp, raw, ctx);
  }
  const candidates = questionCandidates(words, slots, text);
  const [best] = candidates;
  if (!best) return notUnderstood(raw);
  if (best.confidence >= CLARIFY_BELOW) return settle(best, raw, ctx);
  // Ask back only between readings that give different answers; one that survives validation is answered (the
  // reply says how it was read).
  const readings = readingsOf(candidates, raw, ctx);
  if (readings.length === 0) return settle(best, raw, ctx);
  if (readings.length === 1) return { kind: 'intent', intent: readings[0].intent };
  return { kind: 'clarify', raw, question: 'Which of these did you mean?', readings: readings.slice(0, MAX_READINGS) };
}

/** `text` is what is left to read (after "/greenlight" or "greenlight,"); `raw` is what the person sent. */
function parseText(text: string, raw: string, ctx: ParseContext): ParseResult {
  const body = text.replace(ADDRESS, '');
  const tokens = tokenize(body);
  const command = commandOf(tokens[0]);
  if (command?.stage === 'greenlight') return parseText(argumentText(body), raw, ctx);
  // "compare with comedy" in a thread is a follow-up, not a one-sided /compare.
  const followsUp = ctx.previous !== undefined && command !== null && !command.slash && opensFollowUp(wordsOf(tokens));
  if (command && !followsUp) {
    const args = tokens.slice(1);
    if (command.stage === 'help') return command.slash || args.length === 0 ? helpIntent(raw) : parseQuestion(body, raw, tokens, ctx);
    const result = parseCommand(command.stage, args, argumentText(body), raw, ctx, command.slash);
    // A sentence that merely starts with a command word ("compare how horror does…", "forecast drama for next
    // year") is read as a plain question, unless nothing after the word means anything ("explore constructor") or
    // the question reading fails too: then the command's own error says what was wrong.
    if (!command.slash && result.kind === 'error' && readsAnything(args)) {
      const question = parseQuestion(body, raw, tokens, ctx);
      return question.kind === 'error' ? result : question;
    }
    return result;
  }
  return parseQuestion(body, raw, tokens, ctx);
}

/** Parses a command or a plain question; see the module comment. */
export function parse(text: string, ctx: ParseContext = {}): ParseResult {
  const raw = typeof text === 'string' ? text.slice(0, MAX_INPUT_CHARS).trim() : '';
  try {
    return parseText(raw, raw, ctx);
  } catch (error) {
    // The core's validation speaks InputError; anything else is a parser bug, reported as a plain error.
    if (error instanceof InputError) return { kind: 'error', raw, message: error.message, field: error.field, suggestions: [] };
    throw error;
  }
}

/** The intent a result stands for, if it is one. */
export function intentOf(result: ParseResult): Intent | undefined {
  return result.kind === 'intent' ? result.intent : undefined;
}

export type { Candidate };

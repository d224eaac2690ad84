/**
 * A `Candidate` is a reading of a message before validation: a stage, raw parameters and a confidence.
 * `settle` validates it with the core's `validateParams` (the same messages chat, CLI and dashboard give) and
 * turns it into a `ParseResult`; an `InputError` becomes an error whose suggestions are ready-made commands.
 */
import { budgetUsdNote, parseUsd, validateParams } from '../src/core/params.ts';
import { InputError, type StageName } from '../src/core/types.ts';
import { formatCommand } from './format.ts';
import type { Intent } from './intent.ts';
import type { RawParams } from './params.ts';
import type { ParseContext, ParseResult, Reading, Suggestion } from './result.ts';

export interface Candidate {
  stage: StageName | 'help';
  params: RawParams;
  confidence: number;
  assumed?: string[];
  /** Short label for a clarification button ("Forecast Horror"). */
  label?: string;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Validates a candidate into an intent; throws the core's `InputError` when a value is wrong. */
export function toIntent(c: Candidate, raw: string, ctx: ParseContext): Intent {
  const params = c.stage === 'help' ? {} : (validateParams(c.stage, c.params, ctx.catalog) as Record<string, unknown>);
  const intent: Intent = { stage: c.stage, params, confidence: round(c.confidence), raw };
  const assumed = [...(c.assumed ?? []), ...budgetNotes(c, params)];
  if (assumed.length > 0) intent.assumed = assumed;
  return intent;
}

/** A dollar budget the core turned into a level: say which level, or that TV does not use budgets. */
function budgetNotes(c: Candidate, params: Record<string, unknown>): string[] {
  const usd = c.stage === 'predict' ? parseUsd(c.params.budgetUsd) : undefined;
  if (usd === undefined || typeof params.budgetLevel !== 'number') return [];
  return [budgetUsdNote(usd, params.budgetLevel, params.mediaType === 'tv' ? 'tv' : 'movie')];
}

/** The field an error names → the raw parameter its suggestions replace. */
function withSuggestion(c: Candidate, field: string, value: string, badWord: string | undefined): RawParams | null {
  const p = { ...c.params };
  switch (field) {
    case 'genres': {
      const genres = Array.isArray(p.genres) ? p.genres.map(String) : [];
      const at = badWord === undefined ? -1 : genres.findIndex((g) => g.toLowerCase() === badWord.toLowerCase());
      if (at < 0) return null;
      genres[at] = value;
      return { ...p, genres };
    }
    case 'years':
      delete p.yearFrom;
      delete p.yearTo;
      return { ...p, years: value };
    case 'genre':
    case 'budgetLevel':
    case 'mediaType':
    case 'quarter':
    case 'left':
    case 'right':
      return { ...p, [field]: value };
    default:
      return null;
  }
}

/** For a number out of range, the nearest accepted value (budget 11 → 10, budget 0 → 1). */
function nearestValid(field: string, params: RawParams): string[] {
  const value = Number(params[field]);
  if (field !== 'budgetLevel' || !Number.isFinite(value)) return [];
  return [String(Math.min(10, Math.max(1, Math.round(value))))];
}

/** The word an error message quotes ("No genre 'horor'. …" → horor). */
function quotedWord(message: string): string | undefined {
  return /'([^']+)'/.exec(message)?.[1];
}

/** An `InputError` → the parse error, with each suggestion as a command that runs the corrected question. */
export function errorResult(error: InputError, c: Candidate, raw: string, ctx: ParseContext): ParseResult {
  const suggestions: Suggestion[] = [];
  if (c.stage !== 'help') {
    for (const value of error.suggestions.length > 0 ? error.suggestions : nearestValid(error.field, c.params)) {
      const params = withSuggestion(c, error.field, value, quotedWord(error.message));
      if (params) suggestions.push({ label: value, command: formatCommand({ stage: c.stage, params }, ctx.catalog) });
    }
  }
  return { kind: 'error', raw, message: error.message, field: error.field, suggestions };
}

/** Validates the readings that survive validation, as clarification buttons. */
export function readingsOf(candidates: readonly Candidate[], raw: string, ctx: ParseContext): Reading[] {
  const readings: Reading[] = [];
  for (const c of candidates) {
    try {
      const intent = toIntent(c, raw, ctx);
      const command = formatCommand(intent, ctx.catalog);
      if (readings.some((r) => r.command === command)) continue;
      readings.push({ label: c.label ?? command, command, intent });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
  }
  return readings;
}

/** A name several titles share (a film and a show, a remake): ask which one, each reading a button. */
function clashResult(error: InputError, c: Candidate, raw: string, ctx: ParseContext): ParseResult | null {
  if ((error.field !== 'left' && error.field !== 'right') || !/Which one\?$/.test(error.message)) return null;
  const candidates = error.suggestions.map((label) => ({ ...c, params: { ...c.params, [error.field]: label }, label }));
  const readings = readingsOf(candidates, raw, ctx);
  return readings.length > 1 ? { kind: 'clarify', raw, question: error.message, readings } : null;
}

/** One candidate → intent, or the clarification or error its values cause. */
export function settle(c: Candidate, raw: string, ctx: ParseContext): ParseResult {
  try {
    return { kind: 'intent', intent: toIntent(c, raw, ctx) };
  } catch (error) {
    if (error instanceof InputError) return clashResult(error, c, raw, ctx) ?? errorResult(error, c, raw, ctx);
    throw error;
  }
}

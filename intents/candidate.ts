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
import type { ParseContext, ParseResult, Problem, Reading, Suggestion } from './result.ts';

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
  // The most prominent three: a question back offers at most three readings.
  const readings = readingsOf(candidates, raw, ctx).slice(0, 3);
  return readings.length > 1 ? { kind: 'clarify', raw, question: error.message, readings } : null;
}

/** A value that lets validation go on past a wrong one, when no suggestion replaces it (never shown as a fix). */
const STAND_INS: Readonly<Record<string, unknown>> = { genre: 'Drama', budgetLevel: 5, quarter: 3, mediaType: 'movie' };

function standIn(params: RawParams, error: InputError): RawParams | null {
  if (Object.hasOwn(STAND_INS, error.field)) return { ...params, [error.field]: STAND_INS[error.field] };
  const bad = quotedWord(error.message)?.toLowerCase();
  if (error.field === 'genres' && Array.isArray(params.genres) && bad !== undefined) {
    return { ...params, genres: params.genres.filter((g) => String(g).toLowerCase() !== bad) };
  }
  if (error.field === 'language' || error.field === 'years') {
    const { language, years, yearFrom, yearTo, ...rest } = params;
    return error.field === 'language' ? { ...rest, years, yearFrom, yearTo } : { ...rest, language };
  }
  return null;
}

/** Wrong values after the first: validation stops at the first, so each is replaced and validation run again. */
function laterErrors(first: InputError, c: Candidate, raw: string, ctx: ParseContext): { errors: InputError[]; fixed: RawParams | null } {
  const errors = [first];
  let params: RawParams = { ...c.params };
  let onlySuggested = true;
  for (let error = first; errors.length <= 5;) {
    const replacement: string | undefined = error.suggestions[0] ?? nearestValid(error.field, params)[0];
    let next: RawParams | null = replacement === undefined ? null : withSuggestion({ ...c, params }, error.field, replacement, quotedWord(error.message));
    if (!next) {
      next = standIn(params, error);
      onlySuggested = false;
    }
    if (!next) return { errors, fixed: null };
    params = next;
    try {
      toIntent({ ...c, params }, raw, ctx);
      return { errors, fixed: onlySuggested ? params : null };
    } catch (again) {
      if (!(again instanceof InputError) || errors.some((e) => e.field === again.field && e.message === again.message)) return { errors, fixed: null };
      errors.push(again);
      error = again;
    }
  }
  return { errors, fixed: null };
}

/** `fixed` with one field's value(s) as first written (a years error concerns all three year keys). */
function withOriginal(fixed: RawParams, original: RawParams, field: string): RawParams {
  const keys = field === 'years' ? ['years', 'yearFrom', 'yearTo'] : [field];
  const out = { ...fixed };
  for (const k of keys) {
    if (Object.hasOwn(original, k)) out[k] = original[k];
    else delete out[k];
  }
  return out;
}

/** Every wrong value of a candidate in one reply: each message (what is accepted, the nearest value), and the command with all of them fixed. */
function allErrorsResult(first: InputError, c: Candidate, raw: string, ctx: ParseContext): ParseResult {
  const { errors, fixed } = laterErrors(first, c, raw, ctx);
  if (errors.length === 1 || c.stage === 'help') return errorResult(first, c, raw, ctx);
  const problems = errors.map((e) => {
    // Each problem's suggestions keep the other values fixed, so that each button runs.
    const one = errorResult(e, { ...c, params: fixed ? withOriginal(fixed, c.params, e.field) : c.params }, raw, ctx);
    return { field: e.field, message: e.message, suggestions: one.kind === 'error' ? one.suggestions : [] };
  });
  const suggestions: Suggestion[] = fixed ? [{ label: 'Fix all', command: formatCommand({ stage: c.stage, params: fixed }, ctx.catalog) }] : [];
  return problemsResult(raw, problems, suggestions);
}

function problemsResult(raw: string, problems: readonly Problem[], suggestions: Suggestion[]): ParseResult {
  return {
    kind: 'error',
    raw,
    field: problems.map((p) => p.field).join(','),
    message: `${problems.length} things to fix: ${problems.map((p, i) => `(${i + 1}) ${p.message}`).join(' ')}`,
    suggestions,
    problems: [...problems],
  };
}

/** Several error results as one (e.g. words a command does not know, and wrong values). */
export function mergeErrors(raw: string, results: readonly Extract<ParseResult, { kind: 'error' }>[]): ParseResult {
  const problems = results.flatMap((r) => r.problems ?? [{ field: r.field, message: r.message, suggestions: r.suggestions }]);
  if (problems.length === 1) return results[0];
  const suggestions = results.flatMap((r) => (r.problems ? r.suggestions : []));
  return problemsResult(raw, problems, [...suggestions, { label: 'Help', command: 'help' }]);
}

/** One candidate → intent, or the clarification or error its values cause (every wrong value at once). */
export function settle(c: Candidate, raw: string, ctx: ParseContext): ParseResult {
  try {
    return { kind: 'intent', intent: toIntent(c, raw, ctx) };
  } catch (error) {
    if (error instanceof InputError) return clashResult(error, c, raw, ctx) ?? allErrorsResult(error, c, raw, ctx);
    throw error;
  }
}

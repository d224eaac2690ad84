/**
 * Slash commands: `/explore movies horror years 2010-2024`, `/predict genre=sci-fi type=movie budget=7 quarter=Q3`
 * (or positional: `/predict sci-fi movie budget 7 Q3`), `/forecast horror`, `/compare Drama vs Comedy`. A command
 * is read strictly: a word it does not know is reported (with the nearest genre when it looks like one).
 */
import { nearestGenres } from '../src/core/params.ts';
import { isGenreWord } from '../src/core/resolve/genre.ts';
import type { StageName } from '../src/core/types.ts';
import { mergeErrors, settle, readingsOf, type Candidate } from './candidate.ts';
import { commandSides } from './compare-sides.ts';
import { usageOf } from './grammar.ts';
import { predictParams, stageParams, unsplitTypeNote } from './params.ts';
import type { ParseContext, ParseResult } from './result.ts';
import { readSlots, type Slots } from './slots.ts';
import type { Token } from './tokens.ts';

/** A slash command is exact; a sentence that starts with a command word ("compare X and Y") nearly so. */
const SLASH_CONFIDENCE = 1;
const WORD_CONFIDENCE = 0.9;

function unknownWordsError(stage: StageName, words: readonly string[], raw: string): ParseResult {
  const shown = words.map((w) => `'${w}'`).join(', ');
  return {
    kind: 'error',
    raw,
    field: 'command',
    message: `/${stage} does not understand ${shown}. Usage: ${usageOf(stage)}.`,
    suggestions: [{ label: 'Help', command: 'help' }],
  };
}

/** Unknown words that look like genre typos join the genres (the core then suggests the nearest genre). */
function splitUnknown(slots: Slots): { genreLike: string[]; other: string[] } {
  const genreLike: string[] = [];
  const other: string[] = [];
  for (const w of slots.unknown) (nearestGenres(w).length > 0 ? genreLike : other).push(w);
  // A value given as `genre=…` is a genre, near one or not: the core's message lists the genres.
  genreLike.push(...slots.unknownGenres);
  return { genreLike, other };
}

function predictCommand(slots: Slots, genreLike: readonly string[], raw: string, ctx: ParseContext, confidence: number): ParseResult {
  const built = predictParams(slots);
  const params = { ...built.params, genre: slots.genres[0] ?? genreLike[0] };
  if (slots.media.length > 1) {
    // "movie" and "tv" both named: ask which one.
    const readings = readingsOf(
      slots.media.map((mediaType) => ({
        stage: 'predict' as const,
        params: { ...params, mediaType },
        confidence,
        label: mediaType === 'tv' ? 'A TV show' : 'A movie',
      })),
      raw,
      ctx,
    );
    if (readings.length > 1) return { kind: 'clarify', raw, question: 'A movie or a TV show?', readings };
  }
  return settle({ stage: 'predict', params, confidence, assumed: built.assumed }, raw, ctx);
}

export function parseCommand(stage: StageName, args: readonly Token[], argText: string, raw: string, ctx: ParseContext, slash: boolean): ParseResult {
  const confidence = slash ? SLASH_CONFIDENCE : WORD_CONFIDENCE;
  const slots = readSlots(args, 'command');
  if (stage === 'compare') {
    const sides = slots.left !== undefined || slots.right !== undefined ? { left: slots.left, right: slots.right } : commandSides(argText, slots);
    const genres = sides?.left !== undefined && sides.right !== undefined && isGenreWord(sides.left) && isGenreWord(sides.right);
    const assumed = genres ? unsplitTypeNote('genre-compare', slots) : [];
    return settle({ stage, params: { left: sides?.left, right: sides?.right }, confidence, ...(assumed.length > 0 ? { assumed } : {}) }, raw, ctx);
  }
  // "/predict sci-fi movie 7 Q3": a bare number in a predict command is its budget level.
  if (stage === 'predict' && slots.budget === undefined && slots.budgetUsd === undefined) {
    const at = slots.unknown.findIndex((w) => /^-?\d{1,3}$/.test(w));
    if (at >= 0) slots.budget = Number(slots.unknown.splice(at, 1)[0]);
  }
  const { genreLike, other } = splitUnknown(slots);
  const result =
    stage === 'predict' ? predictCommand(slots, genreLike, raw, ctx, confidence) : settle(filterCandidate(stage, slots, genreLike, confidence), raw, ctx);
  const unknown = [...other, ...slots.quoted];
  if (unknown.length === 0) return result;
  // Words it does not know, and any wrong values besides, in one reply.
  const words = unknownWordsError(stage, unknown, raw);
  return result.kind === 'error' && words.kind === 'error' ? mergeErrors(raw, [words, result]) : words;
}

function filterCandidate(stage: Exclude<StageName, 'predict' | 'compare'>, slots: Slots, genreLike: readonly string[], confidence: number): Candidate {
  const params = stageParams(stage, slots);
  const assumed = stage === 'forecast' ? unsplitTypeNote('forecast', slots) : [];
  return {
    stage,
    params: genreLike.length > 0 ? { ...params, genres: [...slots.genres, ...genreLike] } : params,
    confidence,
    ...(assumed.length > 0 ? { assumed } : {}),
  };
}

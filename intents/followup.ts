/**
 * Follow-ups in a thread reuse the last intent's parameters: "what if budget 3?", "what if the budget is 40 million?",
 * "and in Q4?", "what about TV?",
 * "compare with comedy", "why?". Only what the follow-up names changes; everything else is carried over.
 */
import type { StageName } from '../src/core/types.ts';
import type { Candidate } from './candidate.ts';
import type { Intent } from './intent.ts';
import type { RawParams } from './params.ts';
import type { Slots } from './slots.ts';

const FOLLOW_CONFIDENCE = 0.85;
const WHY = /^(why|how come|explain|what drives|what's behind|what is behind)\b/;
const LEAD = /^(what if|what about|how about|and|now|instead|same|but|try|then|ok|okay|with|for|only)\b/;
const COMPARE_WITH = /(?:^|\s)(?:compare(?: it| this| that)?(?: with| to| against)?|vs\.?|versus|against)\s+(.+)$/i;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** The genres the previous answer was about. */
export function genresOf(previous: Intent): string[] {
  const p = previous.params;
  if (previous.stage === 'predict') return strings(p.genre);
  if (previous.stage === 'compare') return p.kind === 'genre' ? [...strings(p.left), ...strings(p.right)] : [];
  return strings(p.genres);
}

/** The previous answer's media type, when it had one ("all" is none). */
function mediaOf(previous: Intent): 'movie' | 'tv' | undefined {
  const m = previous.params.mediaType;
  return m === 'movie' || m === 'tv' ? m : undefined;
}

/** True when the words open like a follow-up ("what if …", "and …", "why?"). */
export function opensFollowUp(words: readonly string[]): boolean {
  const text = words.join(' ');
  return LEAD.test(text) || WHY.test(text) || COMPARE_WITH.test(text);
}

function merged(previous: Intent, slots: Slots): { stage: StageName; params: RawParams } | null {
  if (previous.stage === 'help') return null;
  const p: RawParams = { ...previous.params };
  const genres = slots.genres;
  const wantsPredict = slots.budget !== undefined || slots.budgetUsd !== undefined || slots.quarter !== undefined;
  if (wantsPredict && previous.stage !== 'predict') {
    const genre = genres[0] ?? genresOf(previous)[0];
    if (!genre) return null;
    return {
      stage: 'predict',
      params: {
        genre,
        mediaType: slots.media[0] ?? mediaOf(previous) ?? 'movie',
        ...(slots.budgetUsd !== undefined ? { budgetUsd: slots.budgetUsd } : { budgetLevel: slots.budget ?? 5 }),
        quarter: slots.quarter ?? 3,
      },
    };
  }
  let changed = false;
  const set = (key: string, value: unknown) => {
    if (value === undefined) return;
    p[key] = value;
    changed = true;
  };
  switch (previous.stage) {
    case 'predict':
      set('genre', genres[0]);
      set('mediaType', slots.media[0]);
      set('budgetLevel', slots.budget);
      if (slots.budgetUsd !== undefined) {
        delete p.budgetLevel;
        set('budgetUsd', slots.budgetUsd);
      }
      set('quarter', slots.quarter);
      break;
    case 'compare':
      if (p.kind === 'genre' && genres.length === 1) set('right', genres[0]);
      if (genres.length >= 2) {
        set('left', genres[0]);
        set('right', genres[1]);
      }
      if (genres.length > 0) delete p.kind;
      break;
    case 'forecast':
      if (genres.length > 0) set('genres', genres);
      break;
    default:
      if (genres.length > 0) set('genres', genres);
      if (slots.media.length === 1) set('mediaType', slots.media[0]);
      if (slots.bothMedia) set('mediaType', 'all');
      if (slots.yearFrom !== undefined || slots.yearTo !== undefined) {
        p.yearFrom = slots.yearFrom;
        p.yearTo = slots.yearTo;
        changed = true;
      }
      set('language', slots.language);
  }
  return changed ? { stage: previous.stage, params: p } : null;
}

/** The follow-up reading of a message in a thread, or null when it does not read as one. */
export function followUpCandidate(words: readonly string[], slots: Slots, previous: Intent, text: string): Candidate | null {
  const joined = words.join(' ');
  const previousGenres = genresOf(previous);
  if (WHY.test(joined) && slots.genres.length === 0 && previous.stage !== 'help') {
    const mediaType = mediaOf(previous);
    return {
      stage: 'understand',
      params: { genres: previousGenres, ...(mediaType ? { mediaType } : {}) },
      confidence: FOLLOW_CONFIDENCE,
      label: 'Why?',
    };
  }
  const compareWith = COMPARE_WITH.exec(text.trim());
  if (compareWith && slots.genres.length < 2 && slots.quoted.length < 2) {
    const other: string = slots.genres[0] ?? compareWith[1].replace(/[?.!]+$/, '').trim();
    const left = previous.stage === 'compare' ? previous.params.left : previousGenres[0];
    if (typeof left === 'string' && other !== '') {
      return { stage: 'compare', params: { left, right: other }, confidence: FOLLOW_CONFIDENCE };
    }
  }
  const next = merged(previous, slots);
  return next ? { ...next, confidence: FOLLOW_CONFIDENCE } : null;
}

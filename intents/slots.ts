/**
 * Reading parameter values ("slots") out of tokens: genres, media type, years, budget level, quarter, language
 * and quoted titles. The same reader serves slash commands and plain questions; in a plain question everyday
 * words ("talk", "history") are not taken as genres and unknown words are simply ignored, while a command
 * reports them. Values are kept as the person wrote them when they are out of range (budget 11, Q5, 2024-2010):
 * the core's `validateParams` turns those into the messages every surface shares.
 */
import type { Genre } from '../src/data/genres.ts';
import type { MediaType } from '../src/data/title.ts';
import type { Token } from './tokens.ts';
import { distance } from 'fastest-levenshtein';
import { parseUsd, USD_UNITS } from '../src/core/params.ts';
import { isGenreWord, nearestGenres, resolveGenreWords } from '../src/core/resolve/genre.ts';
import { languageCode } from '../src/data/languages.ts';
import {
  BUDGET_WORDS,
  isEverydayGenreWord,
  MEDIA_PHRASES,
  MULTIWORD_GENRE_PHRASES,
  ORDINAL_QUARTERS,
  QUARTER_WORDS,
  RECENCY_PHRASES,
  STANDALONE_BUDGET_WORDS,
} from './vocabulary.ts';

export type SlotMode = 'command' | 'question';

export interface Slots {
  genres: Genre[];
  /** Genre words that matched nothing (commands only): the core suggests the nearest genre for them. */
  unknownGenres: string[];
  /** Media types named, in order, without repeats ("movie" and "tv" both named means a clash). */
  media: MediaType[];
  /** "both" / "all" was said explicitly. */
  bothMedia: boolean;
  /** A media type value that is neither (e.g. `type=podcast`), kept for the validation message. */
  mediaRaw?: string;
  budget?: number | string;
  /** A budget in dollars ("$200m", "40 million" next to "budget"); the core turns it into a level with the catalog. */
  budgetUsd?: number;
  quarter?: number | string;
  yearFrom?: number;
  yearTo?: number;
  /** A `years=` value that is not a year or range, kept for the validation message. */
  yearsRaw?: string;
  language?: string;
  /** Quoted strings, in order: titles for `/compare`. */
  quoted: string[];
  /** Words of a command that are neither a value nor a filler word. */
  unknown: string[];
  /** Misspelt genres a question was read with, in words ("'horor' means Horror"). */
  corrected: string[];
  /** Titles named without quotes (found with the catalog's title index), as written: compare's sides. */
  titles: string[];
  /** "right now", "lately", "these days" (latest) or "this year": read as a release-year window of the catalog. */
  recency?: 'latest' | 'this-year';
  /** The words that said it ("right now"), for the reply's "read as". */
  recencyWords?: string;
  /** The catalog's date (YYYY-MM-DD), when the parser has the catalog: recency is counted back from it. */
  asOf?: string;
  /** `horizon=6`: forecast months ahead, as written. */
  horizon?: string;
  /** `left=…` / `right=…`: compare sides given as pairs (several words allowed: `left=Stranger Things`). */
  left?: string;
  right?: string;
}

/** Small words a command may contain around its values ("for", "in", "genre", "years"). */
const FILLER = new Set([
  'a',
  'an',
  'the',
  'for',
  'in',
  'of',
  'with',
  'and',
  'or',
  'on',
  'at',
  'to',
  'by',
  'from',
  'over',
  'only',
  'genre',
  'genres',
  'type',
  'level',
  'years',
  'year',
  'language',
  'lang',
  'released',
  'release',
  'all',
  'titles',
  'please',
  'me',
  'show',
  'between',
  'since',
  'after',
  'before',
  'until',
  'till',
  'through',
  'vs',
  'versus',
  '?',
  '!',
  '-',
  '&',
  'also',
]);

/** Words after "show" that make it the verb ("show me", "show the top …"), not a TV show. */
const SHOW_VERB_OBJECTS: ReadonlySet<string> = new Set([
  'me',
  'us',
  'them',
  'the',
  'all',
  'what',
  'which',
  'how',
  'where',
  'off',
  'up',
  'a',
  'an',
  'my',
  'our',
  'top',
]);

const YEAR_MIN = 1870;
const YEAR_MAX = 2100;
const MAX_PHRASE = 3;

function emptySlots(): Slots {
  return { genres: [], unknownGenres: [], media: [], bothMedia: false, quoted: [], titles: [], unknown: [], corrected: [] };
}

function isYear(word: string | undefined): boolean {
  if (!word || !/^\d{4}$/.test(word)) return false;
  const n = Number(word);
  return n >= YEAR_MIN && n <= YEAR_MAX;
}

const numberOrRaw = (value: string): number | string => (/^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value);

function addGenres(slots: Slots, genres: readonly Genre[]): void {
  for (const g of genres) if (!slots.genres.includes(g)) slots.genres.push(g);
}

function addMedia(slots: Slots, media: MediaType | 'both'): void {
  if (media === 'both') slots.bothMedia = true;
  else if (!slots.media.includes(media)) slots.media.push(media);
}

/**
 * The genres a phrase names exactly (any spelling the core accepts), or undefined. Several words count only
 * when they are a known multi-word name; media words are never genres ("horror movies" is a genre and a type).
 */
export function genreOfPhrase(phrase: string): readonly Genre[] | undefined {
  const clean = phrase.trim().toLowerCase().replace(/\s+/g, ' ');
  if (clean === '' || MEDIA_PHRASES.has(clean)) return undefined;
  if (clean.includes(' ') && !MULTIWORD_GENRE_PHRASES.has(clean)) return undefined;
  return isGenreWord(clean) ? resolveGenreWords(clean) : undefined;
}

/** A year range written as one piece: "2010-2024", "2010–2024", "2010..2024", "2010s". */
function readYearPiece(slots: Slots, value: string): boolean {
  const range = /^(\d{4})\s*(?:-|–|—|\.\.|to)\s*(\d{4})$/.exec(value);
  if (range) {
    slots.yearFrom = Number(range[1]);
    slots.yearTo = Number(range[2]);
    return true;
  }
  const decade = /^(\d{3}0)'?s$/.exec(value);
  if (decade && isYear(decade[1])) {
    slots.yearFrom = Number(decade[1]);
    slots.yearTo = Number(decade[1]) + 9;
    return true;
  }
  if (isYear(value)) {
    slots.yearFrom = Number(value);
    slots.yearTo = Number(value);
    return true;
  }
  return false;
}

const DOLLAR_WORDS = new Set(['dollars', 'dollar', 'usd', 'bucks']);

/** A written amount is dollars when it has a $ or a unit ("$15", "15M", "1.5b", "200 million", "15 usd"), not a bare number. */
function dollarsOf(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const suffix = /\d\s*([a-z]+)$/.exec(t)?.[1];
  const marked = t.startsWith('$') || (suffix !== undefined && (Object.hasOwn(USD_UNITS, suffix) || DOLLAR_WORDS.has(suffix)));
  return marked ? parseUsd(t) : undefined;
}

/** A dollar amount at `words[j]` ("$200m", "$40,000,000", "200 million", "15m dollars") and how many words it uses. */
function dollarsAt(words: readonly string[], j: number): { usd: number; used: number } | undefined {
  const w = words[j];
  if (w === undefined || !/^\$?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)[a-z]*$/.test(w)) return undefined;
  let text = w;
  let used = 1;
  const next = words[j + 1];
  if (next !== undefined && Object.hasOwn(USD_UNITS, next) && /\d$/.test(w)) {
    text += next;
    used += 1;
  }
  if (words[j + used] !== undefined && DOLLAR_WORDS.has(words[j + used] ?? '')) {
    text += ' dollars';
    used += 1;
  }
  const usd = dollarsOf(text);
  return usd === undefined ? undefined : { usd, used };
}

function setBudgetUsd(slots: Slots, usd: number): void {
  slots.budgetUsd = usd;
  delete slots.budget;
}

function readPair(slots: Slots, key: string, value: string): boolean {
  switch (key) {
    case 'genre':
    case 'genres':
      for (const part of value.split(/\s*[,+/]\s*/).filter(Boolean)) {
        const genres = genreOfPhrase(part);
        if (genres) addGenres(slots, genres);
        else slots.unknownGenres.push(part);
      }
      return true;
    case 'type':
    case 'media':
    case 'mediatype':
    case 'media_type': {
      const media = MEDIA_PHRASES.get(value.toLowerCase());
      if (media) addMedia(slots, media);
      else slots.mediaRaw = value;
      return true;
    }
    case 'budget': {
      const usd = dollarsOf(value);
      if (usd !== undefined) setBudgetUsd(slots, usd);
      else slots.budget = BUDGET_WORDS.get(value.toLowerCase()) ?? numberOrRaw(value);
      return true;
    }
    case 'budgetlevel':
    case 'budget_level':
      slots.budget = BUDGET_WORDS.get(value.toLowerCase()) ?? numberOrRaw(value);
      return true;
    case 'budgetusd':
    case 'budget_usd': {
      const usd = parseUsd(value);
      if (usd !== undefined) setBudgetUsd(slots, usd);
      else slots.budget = value;
      return true;
    }
    case 'quarter':
    case 'q': {
      slots.quarter = QUARTER_WORDS.get(value.toLowerCase()) ?? value;
      return true;
    }
    case 'years':
    case 'year':
      if (!readYearPiece(slots, value)) slots.yearsRaw = value;
      return true;
    case 'from':
    case 'since':
      if (isYear(value)) slots.yearFrom = Number(value);
      else slots.yearsRaw = `${value}-`;
      return true;
    case 'to':
    case 'until':
      if (isYear(value)) slots.yearTo = Number(value);
      else slots.yearsRaw = `-${value}`;
      return true;
    case 'language':
    case 'lang':
      slots.language = languageCode(value) ?? value;
      return true;
    case 'horizon':
    case 'horizonmonths':
      slots.horizon = value;
      return true;
    case 'left':
    case 'right':
      slots[key] = value;
      return true;
    default:
      return false;
  }
}

/** Real words one letter away from a genre name, which a question means as themselves. */
const NOT_TYPOS = new Set(['prime', 'comely', 'realty', 'auction', 'mastery', 'dream', 'dreams', 'actions', 'fiction']);

/**
 * A question's misspelt genre ("horor", "comdy", "thriler"): one edit away from a canonical name (or its plural),
 * five letters or more, and not a real word we know to be meant as itself. Commands report typos instead.
 */
function typoGenre(word: string): Genre | undefined {
  // A genre name itself is not a typo: an everyday one ("family") was left out on purpose.
  if (word.length < 5 || NOT_TYPOS.has(word) || !/^[a-z-]+$/.test(word) || isGenreWord(word)) return undefined;
  return nearestGenres(word).find((g) => {
    const name = g.toLowerCase();
    // Typos rarely change the first letter ("fction" is not "action").
    return name[0] === word[0] && (distance(word, name) <= 1 || distance(word, `${name}s`) <= 1);
  });
}

interface WordCursor {
  words: readonly string[];
  i: number;
}

/** Tries the readers at `words[i]`; returns how many words were consumed (0 = none matched). */
function readAt(slots: Slots, c: WordCursor, mode: SlotMode): number {
  const { words, i } = c;
  const w = words[i] ?? '';
  const next = words[i + 1];
  const prev = words[i - 1];

  // Recency: "right now", "lately", "these days", "this year" (the parser turns it into years with the catalog's date).
  const recency = RECENCY_PHRASES.get(`${w} ${next ?? ''}`) ?? RECENCY_PHRASES.get(w);
  if (recency !== undefined && mode === 'question') {
    const used = RECENCY_PHRASES.has(`${w} ${next ?? ''}`) ? 2 : 1;
    slots.recency = recency;
    slots.recencyWords = words.slice(i, i + used).join(' ');
    return used;
  }

  // Years: "2010-2024", "2010s", "since 2015", "2010 to 2024", "before 2000".
  if (/^\d{4}(\s*(-|–|—|\.\.)\s*\d{4})?$/.test(w) || /^\d{3}0'?s$/.test(w)) {
    if (isYear(w) && (next === 'to' || next === '-' || next === 'through' || next === 'until' || next === 'and') && isYear(words[i + 2])) {
      slots.yearFrom = Number(w);
      slots.yearTo = Number(words[i + 2]);
      return 3;
    }
    if (isYear(w) && (prev === 'since' || prev === 'from' || prev === 'after')) {
      slots.yearFrom = Number(w) + (prev === 'after' ? 1 : 0);
      return 1;
    }
    if (isYear(w) && (prev === 'before' || prev === 'until' || prev === 'till' || prev === 'through')) {
      slots.yearTo = Number(w) - (prev === 'before' ? 1 : 0);
      return 1;
    }
    if (readYearPiece(slots, w)) return 1;
  }

  // Quarter: "Q3", "quarter 3", "third quarter", season and month words.
  const q = /^q(\d+)$/.exec(w);
  if (q) {
    slots.quarter = `Q${q[1]}`;
    return 1;
  }
  if (w === 'quarter' && next !== undefined) {
    const n = /^q?(\d+)$/.exec(next);
    if (n) {
      slots.quarter = `Q${n[1]}`;
      return 2;
    }
  }
  const ordinal = ORDINAL_QUARTERS.get(w);
  if (ordinal !== undefined && next === 'quarter') {
    slots.quarter = ordinal;
    return 2;
  }

  // Dollars: "$200m" anywhere; "15M budget", "a 200 million budget" (a unit without $ only next to "budget").
  const dollars = dollarsAt(words, i);
  if (dollars && (w.startsWith('$') || words[i + dollars.used] === 'budget')) {
    setBudgetUsd(slots, dollars.usd);
    return dollars.used;
  }

  // Budget: "budget 7", "budget level 7", "budget of 7", "7/10 budget", "big budget", "blockbuster";
  // in dollars: "budget $15M", "budget of 40 million" (a bare number 1–10 stays a level).
  if (w === 'budget' && next !== undefined) {
    let j = i + 1;
    while (
      words[j] === 'level' ||
      words[j] === 'of' ||
      words[j] === 'at' ||
      words[j] === 'is' ||
      words[j] === '=' ||
      words[j] === 'around' ||
      words[j] === 'about'
    )
      j += 1;
    const value = words[j];
    const usd = words[j - 1] === 'level' ? undefined : dollarsAt(words, j);
    if (usd) {
      setBudgetUsd(slots, usd.usd);
      return j - i + usd.used;
    }
    if (value !== undefined) {
      const word = BUDGET_WORDS.get(value);
      const n = /^(-?\d+(?:\.\d+)?)(?:\/10)?$/.exec(value);
      if (word !== undefined || n) {
        slots.budget = word ?? numberOrRaw(n?.[1] ?? value);
        return j - i + 1;
      }
      if (mode === 'command' && !/^(budget|quarter|q\d+)$/.test(value)) {
        slots.budget = value;
        return j - i + 1;
      }
    }
  }
  const budgetWord = BUDGET_WORDS.get(w);
  if (budgetWord !== undefined && (next === 'budget' || next === 'budgets')) {
    slots.budget = budgetWord;
    return 2;
  }
  const tenth = /^(\d+(?:\.\d+)?)\/10$/.exec(w);
  if (tenth && next === 'budget') {
    slots.budget = Number(tenth[1]);
    return 2;
  }
  if (budgetWord !== undefined && STANDALONE_BUDGET_WORDS.has(w)) {
    slots.budget = budgetWord;
    return 1;
  }

  // Language: "language fr", "lang=fr" (pairs), "korean".
  if ((w === 'language' || w === 'lang') && next !== undefined && /^[a-z]{2}$/.test(next)) {
    slots.language = next;
    return 2;
  }

  // Phrases, longest first: genres, media types, quarter words, language names.
  for (let len = Math.min(MAX_PHRASE, words.length - i); len >= 1; len -= 1) {
    const phrase = words.slice(i, i + len).join(' ');
    const genres = genreOfPhrase(phrase);
    // An everyday word ("family", "war") is a genre in a question only right before a media word ("war movies").
    if (genres && !(mode === 'question' && len === 1 && isEverydayGenreWord(phrase) && !MEDIA_PHRASES.has(words[i + 1] ?? ''))) {
      addGenres(slots, genres);
      return len;
    }
    const media = MEDIA_PHRASES.get(phrase);
    if (media) {
      addMedia(slots, media);
      return len;
    }
    const quarter = QUARTER_WORDS.get(phrase);
    if (quarter !== undefined) {
      slots.quarter = quarter;
      return len;
    }
    const language = len === 1 && phrase.length > 3 ? languageCode(phrase) : null;
    if (language !== null) {
      slots.language = language;
      return len;
    }
  }
  // "a zombie show", "our new show" (but not "show me …").
  if (w === 'show' && mode === 'question' && prev !== undefined && !SHOW_VERB_OBJECTS.has(next ?? '')) {
    addMedia(slots, 'tv');
    return 1;
  }
  if (w === 'all' && (next === 'media' || next === 'types')) {
    slots.bothMedia = true;
    return 2;
  }
  const typo = mode === 'question' ? typoGenre(w) : undefined;
  if (typo) {
    addGenres(slots, [typo]);
    slots.corrected.push(`'${w}' means ${typo}`);
    return 1;
  }
  return 0;
}

const SIDE_KEYS: ReadonlySet<string> = new Set(['left', 'right']);
const GENRE_KEYS: ReadonlySet<string> = new Set(['genre', 'genres']);

/** True when `phrase` is a multi-word genre name or the start of one ("science" of "science fiction"). */
function startsGenreName(phrase: string): boolean {
  for (const name of MULTIWORD_GENRE_PHRASES) if (name === phrase || name.startsWith(`${phrase} `)) return true;
  return false;
}

/**
 * A pair's value with the words that continue it, unquoted: `genre=Science Fiction` (while the words extend a
 * genre name) and `left=Stranger Things` (up to the next pair). Returns the value and how many tokens it used.
 */
function pairValue(pair: Extract<Token, { kind: 'kv' }>, tokens: readonly Token[], at: number): { value: string; used: number } {
  let value = pair.value;
  let used = 0;
  for (let k = at + 1; k < tokens.length; k++) {
    const next = tokens[k];
    if (next.kind !== 'word' || next.norm === '') break;
    const longer = `${value} ${next.text}`;
    const lastGenre = value.split(/\s*[,+/]\s*/).pop() ?? '';
    const continues = SIDE_KEYS.has(pair.key) || (GENRE_KEYS.has(pair.key) && startsGenreName(`${lastGenre} ${next.norm}`.toLowerCase()));
    if (!continues || pair.value === '') break;
    value = longer;
    used += 1;
  }
  return { value, used };
}

/**
 * Reads every slot in `tokens`. Word runs are read left to right, longest match first; quoted strings are kept
 * as titles; `key=value` pairs fill their slot directly.
 */
export function readSlots(tokens: readonly Token[], mode: SlotMode): Slots {
  const slots = emptySlots();
  let run: string[] = [];
  const flush = () => {
    const cursor: WordCursor = { words: run, i: 0 };
    while (cursor.i < run.length) {
      const used = readAt(slots, cursor, mode);
      if (used > 0) cursor.i += used;
      else {
        const word = run[cursor.i] ?? '';
        if (mode === 'command' && !FILLER.has(word)) slots.unknown.push(word);
        cursor.i += 1;
      }
    }
    run = [];
  };
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    if (token.kind === 'word') {
      if (token.norm !== '') run.push(token.norm);
      continue;
    }
    flush();
    if (token.kind === 'quoted') slots.quoted.push(token.text);
    else {
      const { value, used } = pairValue(token, tokens, k);
      if (!readPair(slots, token.key, value)) slots.unknown.push(token.raw);
      k += used;
    }
  }
  flush();
  return slots;
}

/**
 * A person's title words → one catalog title. Accepted: a key ("movie:693134", "tv:1399"), an exact name
 * (case, accents and punctuation ignored), optionally with a hint in brackets — "Dune (2021)", "The Office (TV)",
 * "Dune (movie, 1984)" — or a unique close spelling. Several titles with the name (a TV show and a movie, a remake)
 * → an `InputError` asking which one, listing each with its type and year in a form this function accepts back.
 * Nothing close → an `InputError` naming the nearest titles.
 */
import { distance } from 'fastest-levenshtein';
import type { Catalog } from '../../data/catalog.ts';
import { releaseYear, titleKey, type MediaType, type Title } from '../../data/title.ts';
import { InputError } from '../types.ts';
import { titleLabel } from '../words.ts';

/**
 * Lower case, accents dropped, letters and digits (of any script: original titles such as 기생충 or
 * 千と千尋の神隠し are names too) separated by single spaces.
 */
export function normaliseName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

interface NameIndex {
  byName: Map<string, number[]>;
  names: string[];
}

const nameIndexes = new WeakMap<Catalog, NameIndex>();
const keyIndexes = new WeakMap<Catalog, Map<number, number>>();

/** `movie:12` → 24, `tv:12` → 25: one number per key, for a Map without building a million strings. */
const keyNumber = (mediaType: MediaType, id: number) => id * 2 + (mediaType === 'tv' ? 1 : 0);

function keyIndexOf(catalog: Catalog): Map<number, number> {
  let index = keyIndexes.get(catalog);
  if (!index) {
    index = new Map();
    for (let i = 0; i < catalog.titles.length; i++) index.set(keyNumber(catalog.titles[i].mediaType, catalog.titles[i].id), i);
    keyIndexes.set(catalog, index);
  }
  return index;
}

function nameIndexOf(catalog: Catalog): NameIndex {
  const cached = nameIndexes.get(catalog);
  if (cached) return cached;
  const byName = new Map<string, number[]>();
  catalog.titles.forEach((t, i) => {
    const names = new Set([normaliseName(t.title), normaliseName(t.originalTitle ?? '')]);
    for (const name of names) {
      if (name === '') continue;
      const list = byName.get(name);
      if (list) list.push(i);
      else byName.set(name, [i]);
    }
  });
  const index = { byName, names: [...byName.keys()].sort() };
  nameIndexes.set(catalog, index);
  return index;
}

/** The catalog position of a key such as "movie:693134", or undefined. */
export function indexOfKey(catalog: Catalog, key: string): number | undefined {
  const m = /^(movie|tv):(\d+)$/.exec(key.trim().toLowerCase());
  return m ? keyIndexOf(catalog).get(keyNumber(m[1] as MediaType, Number(m[2]))) : undefined;
}

/** "Name (TV, 2005)": the display form of a title that `resolveTitle` accepts back unambiguously. */
export { titleLabel };

interface Hint {
  name: string;
  mediaType: MediaType | null;
  year: number | null;
}

/** Splits "Dune (movie, 2021)" into the name and its hints; a bracket that is not a hint stays in the name. */
function parseHint(text: string): Hint {
  const m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(text.trim());
  if (!m) return { name: text, mediaType: null, year: null };
  let mediaType: MediaType | null = null;
  let year: number | null = null;
  for (const part of m[2].split(/[,\s]+/).filter(Boolean)) {
    const p = part.toLowerCase();
    if (/^(tv|series|show)$/.test(p)) mediaType = 'tv';
    else if (/^(movie|film)$/.test(p)) mediaType = 'movie';
    else if (/^\d{4}$/.test(p)) year = Number(p);
    else return { name: text, mediaType: null, year: null };
  }
  return { name: m[1], mediaType, year };
}

function describeCandidates(titles: readonly Title[]): string {
  return titles.map(titleLabel).join(', ');
}

/** Most engaging first is not known here; candidates are listed by vote count (desc), then key, for stability. */
function byProminence(a: Title, b: Title): number {
  return b.voteCount - a.voteCount || titleKey(a).localeCompare(titleKey(b));
}

/** Nearest names (edit distance relative to length; prefix matches count as close), best first. */
function nearestNames(index: NameIndex, name: string, limit: number): { name: string; score: number }[] {
  const scored: { name: string; score: number }[] = [];
  for (const candidate of index.names) {
    if (Math.abs(candidate.length - name.length) > Math.max(3, name.length * 0.5) && !candidate.startsWith(name)) continue;
    const d = distance(name, candidate) / Math.max(name.length, candidate.length);
    const score = candidate.startsWith(name) && name.length >= 4 ? Math.min(d, 0.15) : d;
    if (score <= 0.4) scored.push({ name: candidate, score });
  }
  return scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name)).slice(0, limit);
}

/** One title from a person's words (see the module comment). Throws `InputError` with suggestions. */
export function resolveTitle(catalog: Catalog, text: string, field = 'title'): Title {
  return catalog.titles[resolveTitleIndex(catalog, text, field)];
}

/** Like `resolveTitle`, but the title's position in `catalog.titles`. */
export function resolveTitleIndex(catalog: Catalog, text: string, field = 'title'): number {
  const trimmed = text
    .trim()
    .replace(/^["'“‘«]+|["'”’»]+$/g, '')
    .trim();
  if (trimmed === '') throw new InputError('Name a title, e.g. "Oppenheimer" or "Breaking Bad (TV)".', field);
  const byKey = indexOfKey(catalog, trimmed);
  if (byKey !== undefined) return byKey;

  const index = nameIndexOf(catalog);
  const hint = parseHint(trimmed);
  const name = normaliseName(hint.name);
  const matches = (idx: readonly number[]) =>
    idx
      .filter((i) => {
        const t = catalog.titles[i];
        return (hint.mediaType === null || t.mediaType === hint.mediaType) && (hint.year === null || releaseYear(t) === hint.year);
      })
      .sort((a, b) => byProminence(catalog.titles[a], catalog.titles[b]));
  const titlesOf = (idx: readonly number[]) => idx.map((i) => catalog.titles[i]);

  const exact = matches(index.byName.get(name) ?? []);
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) {
    const shown = titlesOf(exact.slice(0, 6));
    throw new InputError(`'${hint.name.trim()}' matches ${exact.length} titles: ${describeCandidates(shown)}. Which one?`, field, shown.map(titleLabel));
  }

  const near = nearestNames(index, name, 8);
  const candidates = near.flatMap((n) => matches(index.byName.get(n.name) ?? []));
  const best = near[0];
  // A unique close spelling (one name clearly nearest, one title with it) is taken as meant.
  if (best && best.score <= 0.2 && (near.length === 1 || near[1].score > best.score)) {
    const titles = matches(index.byName.get(best.name) ?? []);
    if (titles.length === 1) return titles[0];
  }
  const unique = titlesOf([...new Set(candidates)].slice(0, 5));
  if (unique.length > 0) {
    throw new InputError(`No title '${hint.name.trim()}' in the catalog. Did you mean ${describeCandidates(unique)}?`, field, unique.map(titleLabel));
  }
  throw new InputError(
    `No title '${hint.name.trim()}' in the catalog (${catalog.titles.length} titles). Check the spelling, or add "(movie)" or "(TV)".`,
    field,
  );
}

/** A title named inside a sentence: where (character offsets of the words) and the catalog titles with that name. */
export interface TitleMention {
  /** The words as written, with a year hint when one follows ("Dune (2021)", "Dune 2021"). */
  text: string;
  start: number;
  end: number;
  /** Positions in `catalog.titles` of the titles with this name (and year, when given), most prominent first. */
  indices: number[];
}

/**
 * Words that do not make a title on their own in a sentence ("It", "Up", "Her", "Us", "Drama" …): everyday
 * words, the question words of the product and genre and media names. A span of several words is still a title
 * when it is written as a name ("The Last of Us") or has words outside this list.
 */
const SENTENCE_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but nor vs versus v to of in on at by for with from into over under than then as is are was were be been being ' +
    'do does did doing done have has had will would should could can may might must shall it its it s this that these those ' +
    'i me my we us our you your he him his she her they them their what which who whom whose why how when where there here ' +
    'if so not no yes all any some more most less least many much few very just only also too up down out off again about ' +
    'stronger weaker bigger smaller higher lower faster slower larger greater stronger ' +
    'better best good bad well worse worst bet better bet safer big bigger small new old now right now lately today year years ' +
    'month months quarter time season next last first second third fourth week day make made making go going get got let lets ' +
    'one two three ten show shows series movie movies film films tv television title titles content market genre genres ' +
    'compare compared comparison doing perform performing performance popular popularity rising trend trends trending ' +
    'forecast predict understand explore identify opportunity opportunities budget release released audience audiences ' +
    'hit hits flop success think say tell give want need like love know see look watch watching people fans money box office ' +
    'action adventure animation comedy crime documentary drama family fantasy history horror music mystery romance ' +
    'science fiction thriller war western kids news reality soap talk movie sci fi scifi ' +
    'q1 q2 q3 q4 summer winter spring fall autumn holiday holidays christmas halloween ' +
    'january february march april may june july august ' +
    'september october november december'
  ).split(/\s+/),
);

interface WordAt {
  norm: string;
  start: number;
  end: number;
  capital: boolean;
}

/** The sentence's words, normalised as names are ("Dune:" → "dune", "Sci-Fi" → "sci", "fi"), with their offsets. */
function wordsAt(text: string): WordAt[] {
  const out: WordAt[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    const raw = m[0];
    // Written as a name: a capital, a digit, or a script without case (Hangul, kana, CJK).
    const capital = /^[^\p{L}\p{N}]*[\p{Lu}\p{N}\p{Lo}]/u.test(raw);
    for (const norm of normaliseName(raw).split(' ')) {
      if (norm !== '') out.push({ norm, start: m.index, end: m.index + raw.length, capital });
    }
  }
  return out;
}

/** Words before a name that make it a place or a platform ("shoot in London", "on Netflix"), not a title. */
const PLACE_WORDS: ReadonlySet<string> = new Set(['in', 'on', 'at', 'from', 'near', 'across', 'via']);

/** True when words[i..j) may be a title in a sentence (see `SENTENCE_WORDS`, `PLACE_WORDS`). */
function mayBeTitle(words: readonly WordAt[], i: number, j: number): boolean {
  if (i > 0 && PLACE_WORDS.has(words[i - 1].norm)) return false;
  // … and the next one in the list: "in London or Paris".
  const listed = i > 1 && (words[i - 1].norm === 'or' || words[i - 1].norm === 'and');
  if (listed && words.slice(Math.max(0, i - 5), i - 1).some((w) => PLACE_WORDS.has(w.norm))) return false;
  const span = words.slice(i, j);
  const outside = span.filter((w) => !SENTENCE_WORDS.has(w.norm)).length;
  if (span.length === 1) return outside === 1 && span[0].norm.length >= (span[0].capital ? 3 : 4);
  // "The Last of Us": common words, but written as a name (first and last word capitalised).
  if (span[0].capital && span[span.length - 1].capital) return true;
  return outside >= 1 && (span[0].capital || outside >= 2);
}

const MAX_TITLE_WORDS = 10;

/**
 * The titles named in a plain sentence, without quotes: "How does Stranger Things compare to Wednesday?" → Stranger
 * Things, Wednesday. Longest name first at each word, left to right, without overlaps; a year right after a name
 * ("Dune 2021", "Dune (2021)") narrows it to that year when a title of that year has the name.
 */
export function findTitleMentions(catalog: Catalog, text: string): TitleMention[] {
  const index = nameIndexOf(catalog);
  const words = wordsAt(text);
  const mentions: TitleMention[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let j = Math.min(words.length, i + MAX_TITLE_WORDS); j > i; j--) {
      const found = index.byName.get(
        words
          .slice(i, j)
          .map((w) => w.norm)
          .join(' '),
      );
      if (!found || !mayBeTitle(words, i, j)) continue;
      let indices = [...found].sort((a, b) => byProminence(catalog.titles[a], catalog.titles[b]));
      let end = words[j - 1].end;
      const year = /^\s*\(?\s*(\d{4})\s*\)?/.exec(text.slice(end));
      if (year) {
        const ofYear = indices.filter((k) => releaseYear(catalog.titles[k]) === Number(year[1]));
        if (ofYear.length > 0) {
          indices = ofYear;
          end += year[0].length;
          j += 1;
        }
      }
      const written = text.slice(words[i].start, end).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N})]+$/gu, '');
      mentions.push({
        text: /\(\d{4}\)$/.test(written) || !year || indices.length === found.length ? written : `${written.replace(/\s*\d{4}$/, '')} (${year[1]})`,
        start: words[i].start,
        end,
        indices,
      });
      i = j - 1;
      break;
    }
  }
  return mentions;
}

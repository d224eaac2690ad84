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

/** Lower case, accents dropped, letters and digits separated by single spaces. */
export function normaliseName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
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
  const trimmed = text.trim().replace(/^["'“‘«]+|["'”’»]+$/g, '').trim();
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

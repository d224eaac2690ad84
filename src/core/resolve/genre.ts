/**
 * A person's genre words → canonical genres. Exact names, common aliases ("sci-fi", "scifi", "romcom", "docs",
 * "animated"), simple plurals ("thrillers", "comedies") and the importer's own mapping are accepted; anything else
 * is an `InputError` naming the nearest genres (Levenshtein distance on the normalised words).
 */
import { distance } from 'fastest-levenshtein';
import { canonicalGenre, CANONICAL_GENRES, type Genre } from '../../data/genres.ts';
import { InputError } from '../types.ts';

/** Lower case, letters and digits only ("Sci-Fi" → "scifi", "Science Fiction" → "sciencefiction"). */
export function normaliseWord(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]/g, '');
}

/** Aliases a person types, normalised, → the canonical genres they stand for (first = the main one). */
const GENRE_ALIASES: Readonly<Record<string, readonly Genre[]>> = {
  scifi: ['Science Fiction'],
  sf: ['Science Fiction'],
  sciencefiction: ['Science Fiction'],
  scififantasy: ['Science Fiction', 'Fantasy'],
  scifiandfantasy: ['Science Fiction', 'Fantasy'],
  romcom: ['Romance', 'Comedy'],
  romanticcomedy: ['Romance', 'Comedy'],
  romantic: ['Romance'],
  doc: ['Documentary'],
  docs: ['Documentary'],
  documentaries: ['Documentary'],
  docuseries: ['Documentary'],
  animated: ['Animation'],
  anime: ['Animation'],
  cartoon: ['Animation'],
  cartoons: ['Animation'],
  kid: ['Kids'],
  children: ['Kids'],
  childrens: ['Kids'],
  musical: ['Music'],
  musicals: ['Music'],
  scary: ['Horror'],
  realitytv: ['Reality'],
  talkshow: ['Talk'],
  soapopera: ['Soap'],
  soaps: ['Soap'],
  tvmovie: ['TV Movie'],
  actionadventure: ['Action', 'Adventure'],
  actionandadventure: ['Action', 'Adventure'],
  warandpolitics: ['War'],
  historical: ['History'],
  thriller: ['Thriller'],
  suspense: ['Thriller'],
  crimedrama: ['Crime', 'Drama'],
  family: ['Family'],
  western: ['Western'],
};

/** Every accepted spelling (normalised) → its genres: canonical names first, then aliases. */
const VOCABULARY: ReadonlyMap<string, readonly Genre[]> = new Map<string, readonly Genre[]>([
  ...CANONICAL_GENRES.map((g): [string, readonly Genre[]] => [normaliseWord(g), [g]]),
  ...Object.entries(GENRE_ALIASES),
]);

/** Plural forms → singular candidates ("comedies" → "comedy", "thrillers" → "thriller"). */
function singulars(word: string): string[] {
  const out: string[] = [];
  if (word.endsWith('ies')) out.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) out.push(word.slice(0, -2));
  if (word.endsWith('s')) out.push(word.slice(0, -1));
  for (const suffix of ['movies', 'movie', 'films', 'film', 'shows', 'show', 'series']) {
    if (word.endsWith(suffix) && word.length > suffix.length + 2) out.push(word.slice(0, -suffix.length));
  }
  return out;
}

/** The genres a word stands for, or null. "romcom" → [Romance, Comedy]. */
function lookup(text: string): readonly Genre[] | null {
  const word = normaliseWord(text);
  if (word === '') return null;
  const direct = VOCABULARY.get(word);
  if (direct) return direct;
  for (const s of singulars(word)) {
    const hit = VOCABULARY.get(s) ?? (s.length > 2 ? lookup(s) : null);
    if (hit) return hit;
  }
  const imported = canonicalGenre(text);
  return imported.length > 0 ? imported : null;
}

/** Up to `limit` canonical genres nearest to the text (edit distance on normalised words, ties by name). */
export function nearestGenres(text: string, limit = 3): Genre[] {
  const word = normaliseWord(text);
  if (word === '') return [];
  const best = new Map<Genre, number>();
  for (const [spelling, genres] of VOCABULARY) {
    const d = distance(word, spelling) / Math.max(word.length, spelling.length);
    const prefix = spelling.startsWith(word) && word.length >= 3 ? 0.2 : 1;
    const score = Math.min(d, prefix);
    const g = genres[0];
    if (score < (best.get(g) ?? Infinity)) best.set(g, score);
  }
  const ranked = [...best].filter(([, score]) => score <= 0.5).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  const top = ranked[0]?.[1] ?? 0;
  // Only genres about as close as the nearest one: "scify" suggests Science Fiction, not also Horror ("scary").
  return ranked
    .filter(([, score]) => score <= top + 0.1)
    .slice(0, limit)
    .map(([g]) => g);
}

function unknownGenre(text: string, field: string): InputError {
  const near = nearestGenres(text);
  const hint = near.length > 0 ? `Did you mean ${near.join(' or ')}?` : `Genres: ${CANONICAL_GENRES.join(', ')}.`;
  return new InputError(`No genre '${text.trim()}'. ${hint}`, field, near);
}

/** One genre from a person's words; for "romcom" the main one (Romance). Throws `InputError` with suggestions. */
export function resolveGenre(text: string, field = 'genre'): Genre {
  const hit = lookup(text);
  if (!hit) throw unknownGenre(text, field);
  return hit[0];
}

/** Every genre a word stands for ("romcom" → Romance, Comedy). Throws `InputError` with suggestions. */
export function resolveGenreWords(text: string, field = 'genres'): Genre[] {
  const hit = lookup(text);
  if (!hit) throw unknownGenre(text, field);
  return [...hit];
}

/** True when the text names a genre exactly (after aliases), without fuzzy guessing. */
export function isGenreWord(text: string): boolean {
  return lookup(text) !== null;
}

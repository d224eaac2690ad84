/**
 * One genre vocabulary for movies and TV.
 *
 * TMDB keeps two lists: movie genres (Action, Science Fiction, …) and TV genres, some of which are pairs
 * ("Sci-Fi & Fantasy", "Action & Adventure", "War & Politics"). The snapshot's hybrid TV rows add IMDb-style
 * sub-genres ("Dark Comedy", "Zombie Horror"). Greenlight compares genres across media types and colours each
 * one the same everywhere, so every name is mapped onto the canonical list below:
 *  1. a canonical name is kept as it is;
 *  2. a TMDB TV pair is split into its parts ("Sci-Fi & Fantasy" → Science Fiction, Fantasy);
 *  3. a known alias is renamed ("Sci-Fi" → Science Fiction, "Reality TV" → Reality);
 *  4. a compound sub-genre keeps the canonical genre it names ("Psychological Thriller" → Thriller);
 *  5. anything else is dropped (and the importer counts it).
 */

/** TMDB's movie genres plus the TV-only ones, in TMDB's id order within each list. */
export const CANONICAL_GENRES = [
  'Action',
  'Adventure',
  'Animation',
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Family',
  'Fantasy',
  'History',
  'Horror',
  'Music',
  'Mystery',
  'Romance',
  'Science Fiction',
  'TV Movie',
  'Thriller',
  'War',
  'Western',
  // TV-only TMDB genres
  'Kids',
  'News',
  'Reality',
  'Soap',
  'Talk',
] as const;

export type Genre = (typeof CANONICAL_GENRES)[number];

const canonicalSet: ReadonlySet<string> = new Set(CANONICAL_GENRES);

export function isCanonicalGenre(name: string): name is Genre {
  return canonicalSet.has(name);
}

/** TMDB TV's paired genres and the canonical genres each stands for. */
const TV_PAIRS: ReadonlyMap<string, readonly Genre[]> = new Map<string, readonly Genre[]>([
  ['Sci-Fi & Fantasy', ['Science Fiction', 'Fantasy']],
  ['Action & Adventure', ['Action', 'Adventure']],
  ['War & Politics', ['War']],
]);

/** Maps, not object literals: a name such as 'constructor' or '__proto__' must not find Object's own properties. */
const ALIASES: ReadonlyMap<string, Genre> = new Map<string, Genre>([
  ['Sci-Fi', 'Science Fiction'],
  ['Science-Fiction', 'Science Fiction'],
  ['Reality TV', 'Reality'],
  ['Talk Show', 'Talk'],
  ['Soap Opera', 'Soap'],
  ['Musical', 'Music'],
  ['Docuseries', 'Documentary'],
  ['Docudrama', 'Drama'],
  ['Sitcom', 'Comedy'],
  ['Telenovela', 'Soap'],
  ['Whodunnit', 'Mystery'],
]);

/** Canonical genres named inside a compound sub-genre, longest first so "Science Fiction" wins over others. */
const NAMED_INSIDE: readonly [RegExp, Genre][] = [
  [/\bsci-fi\b/i, 'Science Fiction'],
  ...CANONICAL_GENRES.filter((g) => g !== 'TV Movie')
    .slice()
    .sort((a, b) => b.length - a.length)
    .map((g): [RegExp, Genre] => [new RegExp(`\\b${g}\\b`, 'i'), g]),
];

/** Maps one source genre name to canonical genres; an empty array means "not a genre we track". */
export function canonicalGenre(name: string): readonly Genre[] {
  const trimmed = name.trim();
  if (isCanonicalGenre(trimmed)) return [trimmed];
  const pair = TV_PAIRS.get(trimmed);
  if (pair) return pair;
  const alias = ALIASES.get(trimmed);
  if (alias) return [alias];
  for (const [pattern, genre] of NAMED_INSIDE) {
    if (pattern.test(trimmed)) return [genre];
  }
  return [];
}

/** Maps a title's source genre list to canonical genres, keeping first-seen order and dropping repeats. */
export function canonicalGenres(names: readonly string[]): Genre[] {
  const out: Genre[] = [];
  for (const name of names) {
    for (const genre of canonicalGenre(name)) {
      if (!out.includes(genre)) out.push(genre);
    }
  }
  return out;
}

/**
 * The one place for the words replies are built from: articles ("an Animation series"), plurals ("1 title",
 * "2 titles"), language names (never a raw code such as "ko"), media-type nouns, lists ("A, B and C") and title
 * labels (never an internal `movie:19995` key). Stages, summaries and parameter errors all use these, so the
 * same thing is always said the same way.
 */
import { languageName } from '../data/languages.ts';
import { releaseYear, type MediaType, type Title } from '../data/title.ts';

/** Words that start with a vowel letter but a consonant sound, and the reverse ("an hour"). */
const CONSONANT_SOUND = /^(one|once|uni(?!n)|use|usu|euro|eu|ufo)/i;
const VOWEL_SOUND = /^(hour|honest|honou?r|heir)/i;

/** "a" or "an" for the word that follows (by its sound as far as spelling tells; acronyms by their letter name). */
export function articleFor(phrase: string): 'a' | 'an' {
  const word = phrase.trim().split(/\s+/)[0] ?? '';
  if (word === '') return 'a';
  if (/^[A-Z]{2,}\b/.test(word)) return /^[AEFHILMNORSX]/.test(word) ? 'an' : 'a'; // "an SF", "a TV"
  if (/^\d/.test(word)) return /^(8|11|18|80)/.test(word) ? 'an' : 'a';
  if (VOWEL_SOUND.test(word)) return 'an';
  if (CONSONANT_SOUND.test(word)) return 'a';
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** The phrase with its indefinite article: "an Animation series", "a Drama movie", "an 18-month plan". */
export function withArticle(phrase: string): string {
  return `${articleFor(phrase)} ${phrase}`;
}

/** The noun for a count: plural(1, 'title') → "title"; plural(2, 'series', 'series') → "series". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}

/** A count and its noun: counted(1, 'title') → "1 title"; counted(1234, 'title') → "1,234 titles". */
export function counted(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${Math.round(count).toLocaleString('en-US')} ${plural(count, singular, pluralForm)}`;
}

/** A figure resting on fewer titles than this (a median or mean of a handful) is said to be too few to call. */
export const FEW_TITLES = 15;

/** ", too few to call", to follow a count of titles, when the figure beside it rests on fewer than `least` of them. */
export function tooFewNote(titles: number, least: number = FEW_TITLES): string {
  return titles < least ? ', too few to call' : '';
}

/** "movie" / "movies", "TV series" (the same in the plural). */
export function mediaNoun(mediaType: MediaType, count = 1): string {
  return mediaType === 'tv' ? 'TV series' : plural(count, 'movie');
}

/** The population of a media type filter: "movies", "TV series", "titles" (movies and TV). */
export function mediaPopulation(mediaType: MediaType | 'all' | undefined): string {
  return mediaType === 'movie' ? 'movies' : mediaType === 'tv' ? 'TV series' : 'titles';
}

/** The first `n` items and how many more are left out: "A, B, C, D and 2 more" (all of them when `n` or fewer). */
export function firstOf(items: readonly string[], n: number): string {
  return items.length <= n ? items.join(', ') : `${items.slice(0, n).join(', ')} and ${items.length - n} more`;
}

/** "A", "A and B", "A, B and C". */
export function listOf(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** A language's English name for a title's code ("ko" → "Korean"); "Unknown" when none is recorded. */
export function languageLabel(code: string | null | undefined): string {
  if (!code || code === 'unknown') return 'Unknown';
  return languageName(code);
}

/** "Dune (2021)", or the title alone when its year is unknown: how a bullet names a title. */
export function titleWithYear(t: { title: string; year: number | null }): string {
  return t.year ? `${t.title} (${t.year})` : t.title;
}

/** "Dune (movie, 2021)", "The Office (TV, 2005)": how a title is named where movie and TV may share a name. */
export function titleLabel(t: Pick<Title, 'title' | 'mediaType' | 'releaseDate'>): string {
  const year = releaseYear(t);
  return `${t.title} (${t.mediaType === 'tv' ? 'TV' : 'movie'}${year === null ? '' : `, ${year}`})`;
}

/**
 * The words Greenlight understands, in one place for every channel: stage verbs and their synonyms, genre
 * aliases, media-type words, budget words and quarter words. Phrases are lower-case word sequences; the slot
 * reader (`slots.ts`) matches the longest phrase first, so "science fiction" wins over "science".
 */
import type { MediaType } from '../src/data/title.ts';
import type { StageName } from '../src/core/types.ts';

/** Command words: `/explore`, `explore`, and the few synonyms a person types as the first word. */
export const COMMAND_WORDS: ReadonlyMap<string, StageName | 'help'> = new Map<string, StageName | 'help'>([
  ['explore', 'explore'],
  ['understand', 'understand'],
  ['identify', 'identify'],
  ['predict', 'predict'],
  ['forecast', 'forecast'],
  ['compare', 'compare'],
  ['help', 'help'],
  ['copilot', 'predict'],
  ['trends', 'forecast'],
  ['opportunities', 'identify'],
  ['vs', 'compare'],
]);

/**
 * Genre names of several words. Which genres a phrase stands for is the core's `resolveGenreWords` (one alias
 * list for chat, CLI and dashboard); this list only tells the sentence reader where a multi-word name begins
 * and ends, so "big budget horror" is read as a budget and a genre, not as one long genre phrase.
 */
export const MULTIWORD_GENRE_PHRASES: ReadonlySet<string> = new Set([
  'science fiction',
  'sci fi',
  'sci-fi fantasy',
  'sci-fi & fantasy',
  'sci-fi and fantasy',
  'tv movie',
  'tv movies',
  'reality tv',
  'talk show',
  'talk shows',
  'soap opera',
  'soap operas',
  'romantic comedy',
  'romantic comedies',
  'action adventure',
  'action & adventure',
  'action and adventure',
  'crime drama',
  'war & politics',
  'war and politics',
]);

/** Canonical names that are also everyday words: in plain questions they are not read as genres on their own. */
const EVERYDAY_GENRE_WORDS: ReadonlySet<string> = new Set(['talk', 'news', 'family', 'history', 'music', 'war', 'kids', 'doc', 'sf', 'soap']);

/** True when a single-word genre name is too common a word to be read as a genre inside a plain sentence. */
export function isEverydayGenreWord(phrase: string): boolean {
  return EVERYDAY_GENRE_WORDS.has(phrase);
}

export const MEDIA_PHRASES: ReadonlyMap<string, MediaType | 'both'> = new Map<string, MediaType | 'both'>([
  ['movie', 'movie'],
  ['movies', 'movie'],
  ['film', 'movie'],
  ['films', 'movie'],
  ['feature', 'movie'],
  ['features', 'movie'],
  ['feature film', 'movie'],
  ['feature films', 'movie'],
  ['cinema', 'movie'],
  ['tv', 'tv'],
  ['television', 'tv'],
  ['tv show', 'tv'],
  ['tv shows', 'tv'],
  ['tv series', 'tv'],
  ['shows', 'tv'],
  ['series', 'tv'],
  ['a show', 'tv'],
  ['the show', 'tv'],
  ['episodic', 'tv'],
  ['both', 'both'],
]);

/**
 * Budget words → the budget word the core's `validateParams` turns into a level (the core owns the word → level
 * table, so chat, CLI and dashboard agree); synonyms map onto it ("indie" → low, "tentpole" → blockbuster).
 */
export const BUDGET_WORDS: ReadonlyMap<string, string> = new Map([
  ...['tiny', 'micro', 'low', 'small', 'modest', 'medium', 'mid', 'moderate', 'high', 'big', 'large', 'huge', 'blockbuster'].map(
    (w): [string, string] => [w, w],
  ),
  ['shoestring', 'micro'],
  ['micro-budget', 'micro'],
  ['indie', 'low'],
  ['independent', 'low'],
  ['cheap', 'low'],
  ['low-budget', 'low'],
  ['average', 'medium'],
  ['mid-budget', 'medium'],
  ['mid-range', 'medium'],
  ['big-budget', 'big'],
  ['massive', 'huge'],
  ['tentpole', 'blockbuster'],
]);

/** Budget words that name a budget even without the word "budget" next to them. */
export const STANDALONE_BUDGET_WORDS: ReadonlySet<string> = new Set([
  'shoestring',
  'micro-budget',
  'indie',
  'independent',
  'low-budget',
  'mid-budget',
  'big-budget',
  'blockbuster',
  'tentpole',
]);

/** Season, holiday and month words → release quarter. "may" and "march" count only after "in". */
export const QUARTER_WORDS: ReadonlyMap<string, number> = new Map([
  ['winter', 1],
  ['new year', 1],
  ['valentine', 1],
  ["valentine's", 1],
  ['spring', 2],
  ['easter', 2],
  ['summer', 3],
  ['summertime', 3],
  ['back to school', 3],
  ['fall', 4],
  ['autumn', 4],
  ['halloween', 4],
  ['thanksgiving', 4],
  ['holiday', 4],
  ['holidays', 4],
  ['holiday season', 4],
  ['christmas', 4],
  ['xmas', 4],
  ['year-end', 4],
  ['january', 1],
  ['february', 1],
  ['april', 2],
  ['june', 2],
  ['july', 3],
  ['august', 3],
  ['september', 3],
  ['october', 4],
  ['november', 4],
  ['december', 4],
  ['in march', 1],
  ['in may', 2],
]);

export const ORDINAL_QUARTERS: ReadonlyMap<string, number> = new Map([
  ['first', 1],
  ['1st', 1],
  ['second', 2],
  ['2nd', 2],
  ['third', 3],
  ['3rd', 3],
  ['fourth', 4],
  ['4th', 4],
  ['last', 4],
]);

/**
 * Words that point at a stage in a plain question, with a weight. The parser adds the weights of the words it
 * finds; the stage with the highest total wins, and a close second makes it ask back.
 */
export const STAGE_CUES: Readonly<Record<StageName, readonly (readonly [string, number])[]>> = {
  explore: [
    ['explore', 3],
    ['overview', 2],
    ['landscape', 2],
    ['distribution', 2],
    ['how many', 2],
    ['show me', 1.5],
    ['what is popular', 2],
    ["what's popular", 2],
    ['most popular', 2],
    ['top', 1.5],
    ['best', 1],
    ['biggest', 1],
    ['highest rated', 2],
    ['list', 1],
    ['mix', 1],
    ['catalog', 1.5],
    ['popular', 1],
    ['tell me about', 2],
    ['what about', 0.5],
  ],
  understand: [
    ['understand', 3],
    ['why', 2],
    ['what drives', 3],
    ['drivers', 2.5],
    ['driver', 2],
    ['drive', 1.5],
    ['correlation', 3],
    ['correlate', 3],
    ['correlated', 3],
    ['relationship', 2],
    ['what makes', 2.5],
    ['seasonal', 2],
    ['seasonality', 3],
    ['pattern', 2],
    ['patterns', 2],
    ['anomaly', 3],
    ['anomalies', 3],
    ['outlier', 3],
    ['outliers', 3],
    ['explain', 2],
    ['affect', 1.5],
    ['matter', 1],
  ],
  identify: [
    ['identify', 3],
    ['opportunity', 3],
    ['opportunities', 3],
    ['gap', 2.5],
    ['gaps', 2.5],
    ['underserved', 3],
    ['under-served', 3],
    ['saturated', 3],
    ['saturation', 3],
    ['crowded', 2.5],
    ['white space', 3],
    ['niche', 2],
    ['niches', 2],
    ['release window', 3],
    ['best month', 2.5],
    ['when to release', 3],
    ['when should we release', 3],
    ['pareto', 3],
    ['80/20', 3],
    ['where should we', 2],
    ['invest in', 1.5],
  ],
  predict: [
    ['predict', 3],
    ['prediction', 3],
    ['greenlight', 3],
    ['green-light', 3],
    ['green light', 3],
    ['should we make', 3],
    ['should we produce', 3],
    ['should we do', 2],
    ['should we', 1.5],
    ['will it', 1.5],
    ['would a', 1],
    ['chance', 1.5],
    ['chances', 1.5],
    ['hit', 1],
    ['succeed', 1.5],
    ['success', 1],
    ['perform', 1],
    ['worth', 1.5],
    ['make a', 1],
    ['produce', 1.5],
    ['budget', 1.5],
    ['copilot', 3],
    ['risky', 2],
    ['risk', 1.5],
    ['do well', 1.5],
    ['good idea', 2],
    ['bet on', 2],
  ],
  forecast: [
    ['forecast', 3],
    ['rising', 3],
    ['rise', 2],
    ['trend', 2.5],
    ['trends', 2.5],
    ['trending', 3],
    ['momentum', 3],
    ['next year', 2.5],
    ['next 12 months', 3],
    ['future', 2],
    ['heating up', 3],
    ['growing', 2],
    ['growth', 2],
    ['up and coming', 3],
    ['rising stars', 3],
    ['hot', 1.5],
    ['cooling', 2],
    ['declining', 2],
    ['where is', 1],
    ['headed', 2],
    ['outlook', 2.5],
  ],
  compare: [
    ['compare', 3],
    ['comparison', 3],
    ['vs', 3],
    ['vs.', 3],
    ['versus', 3],
    ['head to head', 3],
    ['head-to-head', 3],
    ['doing better', 2.5],
    ['better', 1.5],
    ['which is', 1.5],
    ['difference between', 3],
    ['against', 1.5],
    ['or', 0.5],
  ],
};

import { describe, expect, it } from 'vitest';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import type { ExploreResult, ExploreView } from '../../src/core/stages/types.ts';
import type { Title } from '../../src/data/title.ts';
import { catalogOf, expectWellFormedDetails, title } from './fixtures.ts';

const now = new Date('2025-01-01T00:00:00Z');
const VIEWS: ExploreView[] = [
  'genre-distribution',
  'quality-popularity',
  'top-performers',
  'performance-matrix',
  'release-volume',
  'language-mix',
  'poster-grid',
];

const texts = (r: ExploreResult, view: ExploreView) => r.details[view].map((i) => i.text);
const find = (r: ExploreResult, view: ExploreView, pattern: RegExp) => texts(r, view).find((t) => pattern.test(t));

/**
 * 130 titles: Drama 60 (50 movies, 10 TV), Comedy 40 (20 / 20), Horror 30 movies; Comedy is the most popular and
 * best rated, Horror the least; one Drama standout; some French and some language-less titles; 2015–2020.
 */
function catalog(): Title[] {
  const out: Title[] = [];
  const add = (n: number, make: (k: number) => Partial<Title>) => {
    for (let k = 0; k < n; k++) out.push(title(make(k)));
  };
  add(50, (k) => ({ genres: ['Drama'], popularity: 10 + (k % 7), voteAverage: 6, releaseDate: `${2015 + (k % 6)}-03-10` }));
  add(10, (k) => ({ genres: ['Drama'], mediaType: 'tv', popularity: 12, voteAverage: 6.5, releaseDate: `${2016 + (k % 2)}-05-10`, originalLanguage: 'fr' }));
  add(20, (k) => ({ genres: ['Comedy'], popularity: 30 + k, voteAverage: 7.5, releaseDate: `2018-0${1 + (k % 9)}-10` }));
  add(20, (k) => ({ genres: ['Comedy'], mediaType: 'tv', popularity: 35, voteAverage: 7, releaseDate: '2019-10-10', originalLanguage: k < 12 ? null : 'en' }));
  add(30, (k) => ({ genres: ['Horror'], popularity: 3 + (k % 3), voteAverage: 5, releaseDate: '2018-10-31' }));
  // the most popular and best rated, on few votes: first by engagement, and the card with the fewest votes
  out.push(title({ id: 9001, title: 'Standout', genres: ['Drama'], popularity: 900, voteAverage: 10, voteCount: 40, releaseDate: '2020-01-01' }));
  return out;
}

describe('explore details', () => {
  const titles = catalog();
  const r = validateAndRunStage('explore', {}, { catalog: catalogOf(titles), now });

  it('gives every view 1–4 bullets citing figures of the result, none repeated across views', () => {
    expectWellFormedDetails(r);
  });

  it('names the largest genre, its margin over the next one, and the TV- and movie-heaviest genres', () => {
    const [lead, second] = [...r.data.genres].sort((a, b) => b.total - a.total);
    expect(lead.genre).toBe('Drama');
    // the share the bar is labelled with (of titles), not the share of genre tags
    expect(texts(r, 'genre-distribution')[0]).toBe(
      `Drama is the largest genre: ${lead.total} titles (${lead.movie} movies, ${lead.tv} TV), ${Math.round(lead.titleShare * 100)}% of all titles here.`,
    );
    expect(find(r, 'genre-distribution', /the next genre/)).toBe(`Drama has 1.5× the titles of ${second.genre} (${second.total}), the next genre.`);
    const tvShare = (g: (typeof r.data.genres)[number]) => g.tv / g.total;
    const byTv = [...r.data.genres].sort((a, b) => tvShare(b) - tvShare(a));
    const mix = find(r, 'genre-distribution', /^TV is/);
    expect(mix).toContain(`of ${byTv[0].genre} (`);
    expect(mix).toContain(`${byTv[byTv.length - 1].genre} is the most movie-heavy`);
  });

  it('gives the largest genre’s movie / TV split only where the scope has both', () => {
    const movies = validateAndRunStage('explore', { type: 'movie' }, { catalog: catalogOf(titles), now });
    expect(movies.data.genres[0].tv).toBe(0);
    expect(texts(movies, 'genre-distribution')[0]).toMatch(/^\w+ is the largest genre: \d+ titles, \d+% of all titles here\.$/);
  });

  it('names the genres with the highest and lowest mean engagement and the best hit rate in the matrix', () => {
    const byEng = [...r.data.genres].sort((a, b) => b.meanEngagement - a.meanEngagement);
    const eng = find(r, 'performance-matrix', /highest mean engagement/);
    expect(eng).toMatch(new RegExp(`^${byEng[0].genre} has the highest`));
    expect(eng).toContain(`${byEng[byEng.length - 1].genre}'s`);
    const best = [...r.data.genres].sort((a, b) => b.hitRate - a.hitRate)[0];
    expect(find(r, 'performance-matrix', /converts best/)).toMatch(new RegExp(`^${best.genre} converts best`));
    // the stage's own bullet is the same sentence, not a second wording
    expect(r.insights.map((i) => i.text)).toContain(find(r, 'performance-matrix', /converts best/));
  });

  it('ranks the standout first and compares it with the runner-up; the cards single out its 40 votes', () => {
    expect(r.data.topTitles[0].title).toBe('Standout');
    const margin = find(r, 'top-performers', /runner-up/);
    expect(margin).toContain(`the runner-up, ${r.data.topTitles[1].title}`);
    const votes = find(r, 'poster-grid', /rests on only/);
    expect(votes).toMatch(/^#1 Standout rests on only 40 votes/);
  });

  it('finds the busiest release year and the TV-heaviest one', () => {
    const peak = [...r.data.releaseVolume].sort((a, b) => b.total - a.total || a.year - b.year)[0];
    expect(texts(r, 'release-volume')).toContain(`Release volume peaks in ${peak.year} with ${peak.total} titles.`);
    const sized = r.data.releaseVolume.filter((y) => y.total >= 20);
    const tvYear = [...sized].sort((a, b) => b.tv / b.total - a.tv / a.total)[0];
    expect(find(r, 'release-volume', /TV's share/)).toContain(`highest in ${tvYear.year}`);
  });

  it('says a part year as a count so far, and sets the last full year against the peak', () => {
    // The catalog of 130 titles (2015–2020), collected on 2020-03-01: 2020 holds only its first two months.
    const early = validateAndRunStage('explore', {}, { catalog: catalogOf(titles, '2020-03-01'), now });
    const part = early.data.releaseVolume.at(-1);
    const whole = early.data.releaseVolume.at(-2);
    const peak = [...early.data.releaseVolume].sort((a, b) => b.total - a.total || a.year - b.year)[0];
    expect(part?.year).toBe(2020);
    expect(texts(early, 'release-volume')).toContain(
      `2020 is counted only to 2020-03-01, the snapshot's date: ${part?.total} titles so far, not comparable with whole years.`,
    );
    expect(find(early, 'release-volume', /^The last full year/)).toBe(
      `The last full year, 2019, has ${whole?.total} titles, ${Math.round(((whole?.total ?? 0) / peak.total) * 100)}% of the ${peak.year} peak (the latest years may be incomplete).`,
    );
    // Collected on 31 December, the latest year is whole and compared as before.
    expect(texts(r, 'release-volume').some((t) => t.includes('counted only to'))).toBe(false);
  });

  it('names the first known language after an unknown one and counts the unknowns', () => {
    const unknown = r.data.languages.find((l) => l.language === 'unknown');
    expect(unknown?.count).toBe(12);
    expect(find(r, 'language-mix', /no original language/)).toMatch(/^12 titles \(/);
    expect(find(r, 'language-mix', /next known language/)).toMatch(/^French is the next known language, with 10 titles/);
  });

  it('breaks ties by name, whatever the catalog order', () => {
    const tied = [
      ...Array.from({ length: 20 }, () => title({ genres: ['Drama'] })),
      ...Array.from({ length: 20 }, () => title({ genres: ['Comedy'] })),
      ...Array.from({ length: 5 }, () => title({ genres: ['Horror'] })),
    ];
    const a = validateAndRunStage('explore', {}, { catalog: catalogOf(tied), now });
    const b = validateAndRunStage('explore', {}, { catalog: catalogOf([...tied].reverse()), now });
    expect(find(a, 'genre-distribution', / tie /)).toBe('Comedy and Drama tie with 20 titles each.');
    expect(b.details).toEqual(a.details);
  });
});

describe('explore details on thin data', () => {
  it('says a view is too thin in one bullet instead of guessing', () => {
    const r = validateAndRunStage(
      'explore',
      {},
      {
        catalog: catalogOf([
          title({ genres: ['Drama'], popularity: 5 }),
          title({ genres: ['Drama', 'Comedy'], popularity: 9 }),
          title({ genres: ['Comedy'], popularity: 7, releaseDate: '2019-01-01' }),
          title({ genres: ['Horror'], popularity: 3, originalLanguage: 'fr' }),
          title({ genres: ['Horror'], popularity: 4 }),
        ]),
        now,
      },
    );
    expectWellFormedDetails(r);
    expect(texts(r, 'genre-distribution')).toEqual(['Too few titles here (5) to read a genre distribution.']);
    expect(texts(r, 'quality-popularity')).toEqual(['Too few titles here (5) to relate ratings and popularity.']);
    expect(texts(r, 'language-mix')).toEqual(['Too few titles here (5) to read a language mix.']);
    expect(texts(r, 'performance-matrix')).toEqual(['No genre has 30 or more titles here, too few to rank hit rates.']);
    expect(texts(r, 'release-volume')).toEqual(['Only 2 release years here (2019–2020): too few to read a trend in volume.']);
  });

  it('has nothing to rank with a single title', () => {
    const r = validateAndRunStage('explore', {}, { catalog: catalogOf([title({ id: 7001, title: 'Alone', genres: ['Drama'] })]), now });
    expectWellFormedDetails(r);
    for (const view of VIEWS) expect(r.details[view], view).toHaveLength(1);
    expect(texts(r, 'top-performers')).toEqual(['Only one title here (Alone): there is nothing to rank it against.']);
    expect(texts(r, 'genre-distribution')).toEqual(['Every genre-tagged title here is Drama (1): a distribution needs two genres.']);
    expect(texts(r, 'language-mix')).toEqual(['All 1 titles here are in English.']);
  });
});

/** Identify's per-view bullets (`details`) on small constructed markets: what they name is what the data says. */
import { describe, expect, it } from 'vitest';
import { paretoGenres, shareGapGenres, solidGenres, windowGenres } from '../../src/core/stages/identify-details.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import type { Insight } from '../../src/core/types.ts';
import type { Title } from '../../src/data/title.ts';
import { catalogOf, expectWellFormedDetails, title } from './fixtures.ts';

const now = new Date('2025-01-01T00:00:00Z');

/**
 * 752 movies of 2020 (one hit cohort, ⌈752/4⌉ = 188 hits), one genre each, engagement = 0.4 × popularity (no
 * votes). Each genre has `hits` titles with popularity ≥ 1000 (exactly the 188 hits) and the rest below 200.
 * Overall hit rate 25%: Animation (62.5%) and Adventure (40%) and Action (50%) are GREEN, Crime (30%: index 0.83)
 * AMBER next to the GREEN line, Drama (14%) and Horror (no hits) RED. 13 genres: Drama, the furthest short of its
 * size, falls outside the 12 largest gains the share-gap chart keeps; Animation, the smallest, outside the 10
 * largest genres the release-window heatmap keeps, with by far the strongest month (its hits all in October).
 */
function market(): Title[] {
  const out: Title[] = [];
  let high = 1000;
  const add = (genre: string, titles: number, hits: number, months: readonly number[], hitMonth?: number) => {
    for (let j = 0; j < titles; j++) {
      const isHit = j < hits;
      const month = isHit && hitMonth ? hitMonth : months[j % months.length];
      out.push(
        title({
          genres: [genre],
          popularity: isHit ? high++ : 1 + ((j * 37) % 190),
          voteAverage: 0,
          voteCount: 0,
          releaseDate: `2020-${String(month).padStart(2, '0')}-10`,
        }),
      );
    }
  };
  add('Animation', 32, 20, [3], 10);
  add('Action', 60, 30, [5, 6, 7]);
  add('Adventure', 40, 16, [6, 7, 12]);
  add('Crime', 40, 12, [1, 2, 11]);
  add('Comedy', 100, 22, [2, 4, 8, 9]);
  add('Drama', 200, 28, [1, 3, 9, 11]);
  add('Horror', 40, 0, [10, 10, 3]);
  for (const genre of ['Family', 'Fantasy', 'History', 'Music', 'Mystery', 'Romance']) add(genre, 40, 10, [4, 7, 9]);
  return out;
}

const texts = (list: readonly Insight[]) => list.map((i) => i.text);
const named = (list: readonly Insight[], start: string) => list.find((i) => i.text.startsWith(start) || i.text.includes(start));

describe('identify details on a constructed market', () => {
  const r = validateAndRunStage('identify', {}, { catalog: catalogOf(market()), now });
  const sat = r.data.saturation;
  const row = (g: string) => sat.genres.find((x) => x.genre === g);

  it('is built as the comment says', () => {
    expect(r.data.scope.hits).toBe(188);
    expect(row('Animation')).toMatchObject({ titles: 32, hits: 20, zone: 'GREEN' });
    expect(row('Crime')?.zone).toBe('AMBER');
    expect(row('Horror')).toMatchObject({ hits: 0, zone: 'RED' });
    expect(solidGenres(sat)).toHaveLength(13);
  });

  it('gives every view 1–4 bullets citing figures in the result, none repeated across views', () => {
    expectWellFormedDetails(r);
  });

  it('saturation: names the lowest-index GREEN genre, the largest RED, the largest GREEN and the genre nearest a zone line', () => {
    const list = r.details.saturation;
    const solid = solidGenres(sat);
    const lowest = [...solid].sort((a, b) => (a.index ?? Infinity) - (b.index ?? Infinity))[0];
    expect(list[0].text.startsWith(`${lowest.genre} is in the GREEN zone`)).toBe(true);
    const largestRed = solid.filter((g) => g.zone === 'RED').sort((a, b) => b.supplyShare - a.supplyShare)[0];
    expect(named(list, `${largestRed.genre} is crowded (RED)`)).toBeDefined();
    const largestGreen = solid.filter((g) => g.zone === 'GREEN').sort((a, b) => b.titles - a.titles)[0];
    expect(largestGreen.genre).not.toBe(lowest.genre);
    expect(named(list, `${largestGreen.genre} is the largest GREEN genre`)?.figures.titles).toBe(largestGreen.titles);
    const { green, red } = sat.thresholds;
    const nearest = solid
      .filter((g) => g.zone === 'AMBER' && g.index !== null)
      .sort((a, b) => Math.min((a.index ?? 0) - green, red - (a.index ?? 0)) - Math.min((b.index ?? 0) - green, red - (b.index ?? 0)))[0];
    expect(named(list, `${nearest.genre} is closest to turning GREEN`)?.figures.index).toBe(nearest.index);
  });

  it('share-gap: names the largest gain and the largest shortfall in points, both of them charted (the chart shows both ends)', () => {
    const list = r.details['share-gap'];
    const gap = (g: { hitShare: number; supplyShare: number }) => g.hitShare - g.supplyShare;
    const solid = solidGenres(sat);
    const most = [...solid].sort((a, b) => gap(b) - gap(a))[0];
    const least = [...solid].sort((a, b) => gap(a) - gap(b))[0];
    expect(list[0].text).toContain(`${most.genre} gains most`);
    expect(list[0].text).toContain(`${(gap(most) * 100).toFixed(1)} points`);
    const short = named(list, `${least.genre} falls furthest short`);
    expect(short?.text).toContain(`${(-gap(least) * 100).toFixed(1)} points below`);
    // 13 genres, 12 charted: the 6 largest gains and the 6 largest shortfalls, so both named genres are drawn
    const charted = shareGapGenres(sat).map((g) => g.genre);
    expect(charted).toHaveLength(12);
    expect(charted[0]).toBe(most.genre);
    expect(charted.at(-1)).toBe(least.genre);
    expect(short?.text).not.toContain('not among');
  });

  it('pareto: cites the curve at 1%, 10%, 20% and 50% of titles', () => {
    const list = r.details.pareto;
    const { curve, titleShareFor80 } = r.data.pareto.overall;
    expect(list[0].figures.titleShareFor80).toBe(titleShareFor80);
    const top = named(list, 'The top 1% of titles');
    expect(top?.figures).toMatchObject({ top1: curve[1].y, top10: curve[10].y });
    expect(curve[1].y).toBeLessThan(curve[10].y);
    expect(named(list, 'The classic top 20%')?.figures.top20).toBe(curve[20].y);
    expect(named(list, 'The best half')?.figures.top50).toBe(curve[50].y);
  });

  it('pareto-by-genre: the most and least concentrated named are the extremes of the genres charted', () => {
    const list = r.details['pareto-by-genre'];
    const shares = paretoGenres(r.data);
    const min = shares.reduce((a, b) => (b.titleShareFor80 < a.titleShareFor80 ? b : a));
    const max = shares.reduce((a, b) => (b.titleShareFor80 > a.titleShareFor80 ? b : a));
    expect(list[0].text.startsWith(`${min.genre} is the most hit-driven genre`)).toBe(true);
    expect(list[0].figures.titleShareFor80).toBe(min.titleShareFor80);
    expect(named(list, `most spread out in ${max.genre}`)?.figures.titleShareFor80).toBe(max.titleShareFor80);
    const overall = r.data.pareto.overall.titleShareFor80;
    const tighter = r.data.pareto.byGenre.filter((g) => g.titles >= 30 && g.titleShareFor80 < overall).length;
    expect(named(list, 'more concentrated than the catalog as a whole')?.text.startsWith(`${tighter} of the 13 genres`)).toBe(true);
  });

  it('release-window: the best window is among the genres charted, even when a smaller genre has a stronger one', () => {
    const charted = windowGenres(r.data);
    expect(charted).toHaveLength(10);
    expect(charted).not.toContain('Animation');
    // the stage-level bullet is the chart's own: the same genre and lifts, never a genre the heatmap leaves out
    const stageBullet = r.insights.find((i) => i.view === 'release-window');
    expect(stageBullet === undefined || stageBullet.text === r.details['release-window'][0].text).toBe(true);
    expect(r.insights.some((i) => i.text.includes('Animation released in Oct'))).toBe(false);
    const best = r.data.releaseWindow.best
      .filter((b) => charted.includes(b.genre) && b.bestLift !== null && b.bestMonth !== b.worstMonth)
      .sort((a, b) => (b.bestLift ?? 0) - (a.bestLift ?? 0))[0];
    const bullet = r.details['release-window'][0];
    expect(bullet.text).toMatch(new RegExp(`^(Best window: ${best.genre} released in|No release month beats chance: the largest lift, ${best.genre} in)`));
    expect(bullet.figures).toMatchObject({ genre: best.genre, bestLift: best.bestLift, worstLift: best.worstLift });
  });

  it('release-window: the month lifting most genres is counted from the cells charted', () => {
    const bullet = named(r.details['release-window'], 'more than any month');
    expect(bullet).toBeDefined();
    const month = Number(bullet?.figures.bestMonth);
    const charted = new Set<string>(windowGenres(r.data));
    const above = (m: number) => r.data.releaseWindow.cells.filter((c) => charted.has(c.genre) && c.month === m && c.lift !== null && c.lift > 1).length;
    for (let m = 1; m <= 12; m++) expect(above(m), `month ${m}`).toBeLessThanOrEqual(above(month));
    expect(bullet?.text).toContain(`lifts ${above(month)} of the 10 genres charted`);
  });

  it('is deterministic', () => {
    expect(validateAndRunStage('identify', {}, { catalog: catalogOf(market()), now }).details).toEqual(r.details);
  });
});

describe('identify details on thin data', () => {
  it('says each genre view is too thin in one bullet, each in its own words', () => {
    const r = validateAndRunStage('identify', {}, { catalog: catalogOf(market().slice(0, 25)), now });
    expect(r.data.saturation.genres.every((g) => g.thin)).toBe(true);
    for (const view of ['saturation', 'share-gap', 'pareto-by-genre', 'release-window'] as const) {
      expect(r.details[view], view).toHaveLength(1);
      expect(r.details[view][0].text, view).toMatch(/fewer than 30 titles|30\+ titles/);
    }
    // the saturation view's bullet is the stage's own
    expect(r.details.saturation[0].text).toBe(r.insights[0].text);
    // 25 titles still make a Pareto curve
    expect(r.details.pareto.length).toBeGreaterThan(1);
    expectWellFormedDetails(r);
  });

  it('says a Pareto curve of a handful of titles measures nothing', () => {
    const r = validateAndRunStage('identify', {}, { catalog: catalogOf(market().slice(0, 6)), now });
    expect(texts(r.details.pareto)).toEqual(['Only 6 titles here: too few to measure how concentrated engagement is.']);
    expectWellFormedDetails(r);
  });

  it('one genre with enough titles: no zones to compare', () => {
    const r = validateAndRunStage('identify', {}, { catalog: catalogOf([...market().filter((t) => t.genres[0] === 'Drama'), ...market().slice(0, 5)]), now });
    expect(solidGenres(r.data.saturation).map((g) => g.genre)).toEqual(['Drama']);
    expect(texts(r.details.saturation)).toEqual(['Only Drama has 30+ titles here: saturation zones need at least two genres to compare.']);
    expect(r.details['share-gap']).toHaveLength(1);
    expect(r.details['pareto-by-genre']).toHaveLength(1);
    expectWellFormedDetails(r);
  });
});

describe('a release window is called only beyond chance', () => {
  /** 240 Drama movies, 20 a month; June's engage far more when `lift`, else every month alike. */
  const market = (lift: boolean) =>
    catalogOf(
      Array.from({ length: 240 }, (_, k) => {
        const month = (k % 12) + 1;
        const popularity = 10 + ((k * 7) % 40) + (lift && month === 6 ? 60 : 0);
        return title({ genres: ['Drama'], popularity, voteAverage: 0, voteCount: 0, releaseDate: `${2010 + (k % 10)}-${String(month).padStart(2, '0')}-15` });
      }),
    );

  it('a month far above the others: the best month, with its p over the twelve months', () => {
    const r = validateAndRunStage('identify', { genres: ['Drama'] }, { catalog: market(true), now });
    const bullet = r.insights.find((i) => i.view === 'release-window')?.text ?? '';
    expect(bullet).toMatch(
      /^Best month to release Drama: Jun, [\d.]+× its average engagement \(20 titles, p < 0\.001 over its twelve months\); the weakest is /,
    );
  });

  it('months alike: no month stands out, and the best is named with its p', () => {
    const r = validateAndRunStage('identify', { genres: ['Drama'] }, { catalog: market(false), now });
    const bullet = r.insights.find((i) => i.view === 'release-window')?.text ?? '';
    expect(bullet).toMatch(
      /^No month stands out for Drama beyond chance: the best, \w{3}, is [\d.]+× its average engagement \(20 titles, p [\d.]+ over its twelve months\)/,
    );
  });
});

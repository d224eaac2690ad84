/**
 * Explore's details: the bullets about each view of its data, one view per chart (`explore.<view>`), computed
 * from what that chart draws. The sentences the stage-level insights share with a view are built here once.
 */
import { insight, int, num, pct, rankInsights, times, titleWithYear } from '../insights.ts';
import { lastFullYear } from '../measures.ts';
import { PICKED_GAP_ALPHA, pickedGapP } from '../stats/tests.ts';
import type { Insight } from '../types.ts';
import type { EXPLORE_LIMITS } from './explore.ts';
import type { ExploreData, ExploreView, GenreStats, Scope, TitleSummary } from './types.ts';

/**
 * How much of the data each chart draws: `charts/explore.ts` draws with these, and the bullets speak only of what
 * is drawn.
 */
export const EXPLORE_VIEW_LIMITS = {
  /** Genres in the genre-distribution bars (the largest; more would not be legible). */
  distributionGenres: 14,
  /** Genres (rows) of the performance matrix (the largest). */
  matrixGenres: 12,
  /** Titles in the top-performers bars (by engagement). */
  topTitles: 10,
  /** Top titles by engagement drawn as dots over the quality-popularity density. */
  qualityPoints: 10,
  /** Languages in the language-mix bars (the most common). */
  languages: 10,
  /** Release years in the release-volume bars, the latest year included (older years are sparse in TMDB). */
  volumeYears: 45,
  /** Cards in the poster grid (the top titles by engagement). */
  posterCards: 10,
  /** A year needs this many titles before its TV share is called out. */
  minYearTitles: 20,
} as const;

type Limits = Pick<typeof EXPLORE_LIMITS, 'minGenreTitles'>;

/** The genres the genre-distribution chart shows: the largest first (the data's order), its cut. */
export function distributionGenres(data: Pick<ExploreData, 'genres' | 'market'>): GenreStats[] {
  // Inside a genre scope the asked genres are not drawn: every title carries them (one asked genre's bar is 100 %
  // of the titles and would dwarf the rest), so the bars are what else those titles are — their co-genres.
  const focus = new Set<string>(data.market?.focus ?? []);
  return data.genres.filter((g) => !focus.has(g.genre)).slice(0, EXPLORE_VIEW_LIMITS.distributionGenres);
}

/** The genres (rows) the performance matrix shows: the largest first (the data's order), its cut. */
export function matrixGenres(data: Pick<ExploreData, 'genres'>): GenreStats[] {
  return data.genres.slice(0, EXPLORE_VIEW_LIMITS.matrixGenres);
}

const byName = (a: { genre: string }, b: { genre: string }) => a.genre.localeCompare(b.genre);

// ------------------------------------------------------------ sentences shared with the stage insights

/** The largest genre and its movie / TV split, with the share its bar is labelled with (of titles, not of tags). */
export function genreLeadInsight(lead: GenreStats): Insight {
  return insight(
    // The movie / TV split only where both are there (in a movies-only scope "185 movies, 0 TV" says nothing).
    `${lead.genre} is the largest genre: ${int(lead.total)} titles${lead.movie > 0 && lead.tv > 0 ? ` (${int(lead.movie)} movies, ${int(lead.tv)} TV)` : ''}, ${pct(lead.titleShare)} of all titles here.`,
    { genre: lead.genre, titleShare: lead.titleShare, total: lead.total, movie: lead.movie, tv: lead.tv },
    0.8,
    'genre-distribution',
  );
}

/** The best-converting genre among those with `minTitles` titles, or that none has enough titles to rank. */
export function hitRateInsight(genres: readonly GenreStats[], scope: Scope, minTitles: number): Insight | null {
  const solid = genres.filter((g) => g.total >= minTitles);
  const bestHit = [...solid].sort((a, b) => b.hitRate - a.hitRate || byName(a, b))[0];
  if (bestHit && scope.hitRate > 0) {
    // The best of several genres against the rest of the scope: said to be within chance when a gap that size is.
    const hits = Math.round(bestHit.hitRate * bestHit.total);
    const rest = scope.titles - bestHit.total;
    const p = pickedGapP(hits, bestHit.total, Math.round(scope.hitRate * scope.titles) - hits, rest, solid.length);
    const chance =
      rest > 0 && p >= PICKED_GAP_ALPHA ? ` — a lead chance alone could give the best of ${solid.length === 1 ? 'one genre' : 'the genres ranked'}` : '';
    return insight(
      `${bestHit.genre} converts best: ${pct(bestHit.hitRate)} of its ${int(bestHit.total)} titles are hits, against ${pct(scope.hitRate)} overall${chance}.`,
      { genre: bestHit.genre, hitRate: bestHit.hitRate, total: bestHit.total, overallHitRate: scope.hitRate },
      0.5 + Math.min(0.4, bestHit.hitRate / scope.hitRate / 10),
      'performance-matrix',
    );
  }
  if (genres.length > 0 && solid.length === 0) {
    return insight(`No genre has ${minTitles} or more titles here, too few to rank hit rates.`, { titles: scope.titles }, 0.6);
  }
  return null;
}

/** Spearman ρ of ratings and popularity, in words. */
export function qualityLinkInsight(r: number): Insight {
  const strength = Math.abs(r) < 0.1 ? 'barely' : Math.abs(r) < 0.3 ? 'weakly' : Math.abs(r) < 0.6 ? 'moderately' : 'strongly';
  return insight(
    `Ratings and popularity are ${strength} ${r >= 0 ? 'linked' : 'opposed'} (Spearman ρ ${(Math.abs(r) < 0.005 ? 0 : r).toFixed(2)}): ${Math.abs(r) < 0.3 ? 'a well-rated title is not necessarily a popular one' : 'better-rated titles tend to be more popular'}.`,
    { rho: r },
    0.45 + Math.abs(r) * 0.3,
    'quality-popularity',
  );
}

/** The top title by engagement and what it is made of. */
export function topPerformerInsight(top: TitleSummary): Insight {
  return insight(
    `Top performer: ${titleWithYear(top)}, engagement ${num(top.engagement)} (popularity percentile ${top.popularity.toFixed(0)}, rated ${top.voteAverage.toFixed(1)} by ${top.voteCount.toLocaleString('en-US')} voters).`,
    { title: top.title, engagement: top.engagement, popularity: top.popularity, voteAverage: top.voteAverage, voteCount: top.voteCount },
    0.4,
    'top-performers',
  );
}

/** The most common original language and the next one. */
export function languageLeadInsight(languages: ExploreData['languages']): Insight | null {
  const [first, second] = languages;
  if (!first || !second) return null;
  return insight(
    `${first.name} makes up ${pct(first.share)} of titles; next is ${second.name} at ${pct(second.share)}.`,
    { language: first.name, share: first.share, second: second.name, secondShare: second.share },
    0.3 + Math.max(0, first.share - 0.5) * 0.4,
    'language-mix',
  );
}

/** The busiest release year (among more than three years). */
export function volumePeakInsight(volume: ExploreData['releaseVolume']): Insight | null {
  const peak = [...volume].sort((a, b) => b.total - a.total || a.year - b.year)[0];
  if (!peak || volume.length <= 3) return null;
  return insight(`Release volume peaks in ${peak.year} with ${int(peak.total)} titles.`, { year: peak.year, total: peak.total }, 0.25, 'release-volume');
}

// ------------------------------------------------------------ views

function genreDistribution(data: ExploreData, limits: Limits): Insight[] {
  const { scope } = data;
  const shown = distributionGenres(data);
  const focus = data.market?.focus ?? [];
  if (focus.length > 0) {
    // Inside a genre scope the bars are its co-genres: say what they are, not that the asked genre "leads".
    if (scope.titles < limits.minGenreTitles)
      return [insight(`Too few titles here (${int(scope.titles)}) to read their other genres.`, { titles: scope.titles }, 1)];
    const [top, next] = shown;
    if (!top) return [insight(`No ${focus.join(' or ')} title here carries another genre.`, { titles: scope.titles }, 1)];
    return [
      insight(
        `${focus.join(' and ')} titles most often also carry ${top.genre}: ${int(top.total)} of ${int(scope.titles)} (${pct(top.titleShare)})${next ? `, then ${next.genre} (${pct(next.titleShare)})` : ''}.`,
        {
          genre: top.genre,
          total: top.total,
          titles: scope.titles,
          titleShare: top.titleShare,
          ...(next ? { next: next.genre, nextShare: next.titleShare } : {}),
        },
        1,
      ),
    ];
  }
  if (shown.length === 0)
    return [insight(`None of the ${int(scope.titles)} titles here carries a genre, so there is no distribution to show.`, { titles: scope.titles }, 1)];
  if (shown.length === 1) {
    const only = shown[0];
    return [
      insight(
        `Every genre-tagged title here is ${only.genre} (${int(only.total)}): a distribution needs two genres.`,
        { genre: only.genre, total: only.total },
        1,
      ),
    ];
  }
  if (scope.titles < limits.minGenreTitles) {
    return [insight(`Too few titles here (${int(scope.titles)}) to read a genre distribution.`, { titles: scope.titles }, 1)];
  }
  const [lead, second] = shown;
  const out: (Insight | null)[] = [genreLeadInsight(lead)];
  out.push(
    lead.total === second.total
      ? insight(
          `${lead.genre} and ${second.genre} tie with ${int(lead.total)} titles each.`,
          { genre: lead.genre, second: second.genre, total: lead.total },
          0.6,
        )
      : insight(
          `${lead.genre} has ${times(lead.total / second.total)} the titles of ${second.genre} (${int(second.total)}), the next genre.`,
          { genre: lead.genre, total: lead.total, second: second.genre, secondTotal: second.total },
          0.6,
        ),
  );
  if (shown.length >= 5) {
    const top3 = shown.slice(0, 3);
    out.push(
      insight(
        `The three largest genres (${top3.map((g) => g.genre).join(', ')}) carry ${pct(top3.reduce((s, g) => s + g.share, 0))} of all genre tags.`,
        { first: top3[0].share, second: top3[1].share, third: top3[2].share },
        0.45,
      ),
    );
  }
  const solid = shown.filter((g) => g.total >= limits.minGenreTitles);
  if (scope.tv > 0 && scope.movie > 0 && solid.length >= 2) {
    const tvShare = (g: GenreStats) => g.tv / g.total;
    const most = [...solid].sort((a, b) => tvShare(b) - tvShare(a) || byName(a, b))[0];
    const least = [...solid].sort((a, b) => tvShare(a) - tvShare(b) || byName(a, b))[0];
    if (tvShare(most) > tvShare(least)) {
      out.push(
        insight(
          `TV is ${pct(scope.tv / scope.titles)} of titles overall but ${pct(tvShare(most))} of ${most.genre} (${int(most.tv)} of ${int(most.total)}); ${least.genre} is the most movie-heavy (${int(least.tv)} TV of ${int(least.total)}).`,
          { tv: scope.tv, titles: scope.titles, genre: most.genre, genreTv: most.tv, genreTotal: most.total, movieGenre: least.genre, movieGenreTv: least.tv },
          0.55,
        ),
      );
    }
  }
  return rankInsights(out);
}

function qualityPopularity(data: ExploreData, limits: Limits): Insight[] {
  const { scope, quality } = data;
  if (quality.rho === null || scope.titles < limits.minGenreTitles) {
    return [insight(`Too few titles here (${int(scope.titles)}) to relate ratings and popularity.`, { titles: scope.titles }, 1)];
  }
  const out: (Insight | null)[] = [qualityLinkInsight(quality.rho)];
  const densest = [...quality.density].sort((a, b) => b.count - a.count || a.x0 - b.x0 || a.y0 - b.y0)[0];
  if (densest) {
    out.push(
      insight(
        `Titles cluster at popularity percentile ${int(densest.x0)}–${int(densest.x1)} and a rating of ${densest.y0}–${densest.y1}: the brightest cell holds ${int(densest.count)} titles (${pct(densest.count / scope.titles)}).`,
        { count: densest.count, titles: scope.titles, y0: densest.y0, y1: densest.y1 },
        0.5,
      ),
    );
  }
  const dots = quality.points.slice(0, EXPLORE_VIEW_LIMITS.qualityPoints);
  const rated7 = quality.density.filter((c) => c.y0 >= 7).reduce((s, c) => s + c.count, 0);
  if (dots.length > 0) {
    const dots7 = dots.filter((p) => p.voteAverage >= 7).length;
    out.push(
      insight(
        `${pct(rated7 / scope.titles)} of titles are rated 7 or more, against ${dots7} of the top ${dots.length} dots by engagement.`,
        { titles: scope.titles },
        0.4,
      ),
    );
  }
  const unrated = quality.density.filter((c) => c.y0 === 0).reduce((s, c) => s + c.count, 0);
  if (unrated > 0) {
    out.push(
      insight(
        `${int(unrated)} of the ${int(scope.titles)} titles are rated below 0.5 (mostly no votes yet) and sit on the bottom row.`,
        { titles: scope.titles },
        0.3,
      ),
    );
  }
  return rankInsights(out);
}

function topPerformers(data: ExploreData): Insight[] {
  const { scope } = data;
  const top = data.topTitles.slice(0, EXPLORE_VIEW_LIMITS.topTitles);
  if (top.length === 0) return [insight(`None of the ${int(scope.titles)} titles here has an engagement score to rank.`, { titles: scope.titles }, 1)];
  if (top.length === 1) return [insight(`Only one title here (${top[0].title}): there is nothing to rank it against.`, { title: top[0].title }, 1)];
  const [first, second] = top;
  const last = top[top.length - 1];
  const out: (Insight | null)[] = [topPerformerInsight(first)];
  if (second.engagement > 0) {
    out.push(
      insight(
        `${first.title} scores ${times(first.engagement / second.engagement)} the runner-up, ${second.title} (${num(second.engagement)}); #${top.length}, ${last.title}, has ${num(last.engagement)}.`,
        {
          title: first.title,
          engagement: first.engagement,
          second: second.title,
          secondEngagement: second.engagement,
          last: last.title,
          lastEngagement: last.engagement,
        },
        0.38,
      ),
    );
  }
  if (scope.tv > 0 && scope.movie > 0) {
    const tv = top.filter((t) => t.mediaType === 'tv').length;
    out.push(
      insight(
        `${tv === 0 ? 'None' : tv} of the top ${top.length} ${tv === 1 ? 'is a TV series' : 'are TV series'}, while TV is ${pct(scope.tv / scope.titles)} of all titles here (${int(scope.tv)} of ${int(scope.titles)}).`,
        { tv: scope.tv, titles: scope.titles },
        0.35,
      ),
    );
  }
  const counts = new Map<string, number>();
  for (const t of top) if (t.genres[0]) counts.set(t.genres[0], (counts.get(t.genres[0]) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const leaders = ranked.filter(([, c]) => c === ranked[0]?.[1]);
  if (ranked.length > 0 && ranked[0][1] >= 2) {
    const [genre, c] = ranked[0];
    out.push(
      leaders.length === 1
        ? insight(`${genre} is the first genre (bar colour) of ${c} of the top ${top.length}, more than any other genre.`, { genre }, 0.3)
        : insight(
            `${leaders
              .map(([g]) => g)
              .join(' and ')
              .replace(/ and (?=.* and )/g, ', ')} colour ${c} bars each of the top ${top.length}: no genre leads.`,
            { genre },
            0.3,
          ),
    );
  } else if (ranked.length > 0) {
    out.push(insight(`The top ${top.length} span ${counts.size} different first genres (bar colours): no genre dominates.`, { genre: ranked[0][0] }, 0.3));
  }
  return rankInsights(out);
}

function performanceMatrix(data: ExploreData, limits: Limits): Insight[] {
  const { scope } = data;
  const shown = matrixGenres(data);
  if (shown.length < 2) {
    return [insight(`Only one genre here (${shown[0]?.genre ?? 'none'}): the matrix needs two genres to compare.`, { titles: scope.titles }, 1)];
  }
  const solid = shown.filter((g) => g.total >= limits.minGenreTitles);
  if (solid.length === 0) return [hitRateInsight(shown, scope, limits.minGenreTitles) as Insight];
  if (solid.length === 1) {
    return [
      insight(
        `Only ${solid[0].genre} has ${limits.minGenreTitles} or more titles here, too few genres to compare their metrics.`,
        { genre: solid[0].genre, total: solid[0].total },
        1,
      ),
    ];
  }
  const out: (Insight | null)[] = [hitRateInsight(solid, scope, limits.minGenreTitles)];
  const ext = (key: 'meanEngagement' | 'meanPopularity' | 'meanVoteAverage') => {
    const hi = [...solid].sort((a, b) => b[key] - a[key] || byName(a, b))[0];
    const lo = [...solid].sort((a, b) => a[key] - b[key] || byName(a, b))[0];
    return { hi, lo };
  };
  const eng = ext('meanEngagement');
  if (eng.lo.meanEngagement > 0 && eng.hi.meanEngagement > eng.lo.meanEngagement) {
    out.push(
      insight(
        `${eng.hi.genre} has the highest mean engagement (${num(eng.hi.meanEngagement)}), ${times(eng.hi.meanEngagement / eng.lo.meanEngagement)} ${eng.lo.genre}'s ${num(eng.lo.meanEngagement)}, the lowest here.`,
        { genre: eng.hi.genre, meanEngagement: eng.hi.meanEngagement, lowest: eng.lo.genre, lowestEngagement: eng.lo.meanEngagement },
        0.55,
      ),
    );
  }
  const popx = ext('meanPopularity');
  const rate = ext('meanVoteAverage');
  if (popx.lo.meanPopularity > 0 && rate.lo.meanVoteAverage > 0) {
    const popSpread = popx.hi.meanPopularity / popx.lo.meanPopularity;
    const rateSpread = rate.hi.meanVoteAverage / rate.lo.meanVoteAverage;
    const popText = `popularity percentile (${popx.lo.genre} ${num(popx.lo.meanPopularity)} to ${popx.hi.genre} ${num(popx.hi.meanPopularity)})`;
    const rateText = `rating (${rate.lo.genre} ${rate.lo.meanVoteAverage.toFixed(1)} to ${rate.hi.genre} ${rate.hi.meanVoteAverage.toFixed(1)})`;
    out.push(
      insight(
        `Genres differ more in ${popSpread >= rateSpread ? `${popText} than in ${rateText}` : `${rateText} than in ${popText}`}.`,
        {
          leastPopular: popx.lo.genre,
          lowPopularity: popx.lo.meanPopularity,
          mostPopular: popx.hi.genre,
          highPopularity: popx.hi.meanPopularity,
          lowestRated: rate.lo.genre,
          lowRating: rate.lo.meanVoteAverage,
          highestRated: rate.hi.genre,
          highRating: rate.hi.meanVoteAverage,
        },
        0.45,
      ),
    );
  }
  const largest = solid[0];
  const byHit = [...solid].sort((a, b) => b.hitRate - a.hitRate || byName(a, b));
  const rank = byHit.indexOf(largest) + 1;
  if (rank > 1 && scope.hitRate > 0) {
    out.push(
      insight(
        `${largest.genre}, the largest genre, ranks ${rank} of ${solid.length} on hit rate: ${pct(largest.hitRate)} of its titles are hits, against ${pct(scope.hitRate)} overall.`,
        { genre: largest.genre, hitRate: largest.hitRate, overallHitRate: scope.hitRate },
        0.4,
      ),
    );
  }
  return rankInsights(out);
}

function releaseVolume(data: ExploreData, asOf: string): Insight[] {
  const { scope } = data;
  const latestYear = data.releaseVolume.reduce((max, y) => Math.max(max, y.year), 0);
  const years = data.releaseVolume.filter((y) => y.year > latestYear - EXPLORE_VIEW_LIMITS.volumeYears);
  if (years.length === 0)
    return [insight(`None of the ${int(scope.titles)} titles here has a release date, so there is no yearly volume.`, { titles: scope.titles }, 1)];
  if (years.length <= 3) {
    return [
      insight(
        `Only ${years.length} release year${years.length === 1 ? '' : 's'} here (${years[0].year}${years.length > 1 ? `–${years[years.length - 1].year}` : ''}): too few to read a trend in volume.`,
        { year: years[0].year },
        1,
      ),
    ];
  }
  const peak = [...years].sort((a, b) => b.total - a.total || a.year - b.year)[0];
  const first = years[0];
  const latest = years[years.length - 1];
  const out: (Insight | null)[] = [volumePeakInsight(years)];
  // A part year (the snapshot's own, before 31 December) is said as a count so far, never as a share of a whole year.
  const partYear = latest.year > lastFullYear(asOf) ? latest : null;
  if (partYear) {
    out.push(
      insight(
        `${partYear.year} is counted only to ${asOf}, the snapshot's date: ${int(partYear.total)} titles so far, not comparable with whole years.`,
        { year: partYear.year, total: partYear.total },
        0.24,
      ),
    );
  }
  const lastWhole = partYear ? years[years.length - 2] : latest;
  if (lastWhole !== undefined && lastWhole !== peak) {
    out.push(
      insight(
        `The ${partYear ? 'last full' : 'latest'} year, ${lastWhole.year}, has ${int(lastWhole.total)} titles, ${pct(lastWhole.total / peak.total)} of the ${peak.year} peak (the latest years may be incomplete).`,
        { year: lastWhole.year, total: lastWhole.total, peakYear: peak.year },
        0.24,
      ),
    );
  }
  if (first !== peak && first.total > 0) {
    out.push(
      insight(
        `Yearly releases grew ${times(peak.total / first.total)} from ${first.year} (${int(first.total)} titles) to the ${peak.year} peak.`,
        { year: first.year, total: first.total, peakYear: peak.year, peakTotal: peak.total },
        0.22,
      ),
    );
  }
  const sized = years.filter((y) => y.total >= EXPLORE_VIEW_LIMITS.minYearTitles);
  if (scope.tv > 0 && scope.movie > 0 && sized.length > 0) {
    const tvYear = [...sized].sort((a, b) => b.tv / b.total - a.tv / a.total || a.year - b.year)[0];
    out.push(
      insight(
        `TV's share of releases is highest in ${tvYear.year}: ${pct(tvYear.tv / tvYear.total)} (${int(tvYear.tv)} of ${int(tvYear.total)}), against ${pct(scope.tv / scope.titles)} of all titles here.`,
        { year: tvYear.year, tv: tvYear.tv, total: tvYear.total, overallTv: scope.tv, titles: scope.titles },
        0.2,
      ),
    );
  }
  return rankInsights(out);
}

function languageMix(data: ExploreData, limits: Limits): Insight[] {
  const { scope, languages } = data;
  const shown = languages.slice(0, EXPLORE_VIEW_LIMITS.languages);
  if (shown.length === 1)
    return [insight(`All ${int(scope.titles)} titles here are in ${shown[0].name}.`, { titles: scope.titles, language: shown[0].name }, 1)];
  if (scope.titles < limits.minGenreTitles || shown.length === 0) {
    return [insight(`Too few titles here (${int(scope.titles)}) to read a language mix.`, { titles: scope.titles }, 1)];
  }
  const out: (Insight | null)[] = [languageLeadInsight(languages)];
  const real = (l: (typeof languages)[number]) => l.language !== 'unknown' && l.language !== 'other';
  if (!real(shown[1])) {
    const [next, after] = shown.slice(1).filter(real);
    if (next) {
      out.push(
        insight(
          `${next.name} is the next known language, with ${int(next.count)} titles (${pct(next.share)})${after ? `, ahead of ${after.name} (${int(after.count)})` : ''}.`,
          { language: next.name, count: next.count, share: next.share },
          0.28,
        ),
      );
    }
  }
  const unknown = shown.find((l) => l.language === 'unknown');
  if (unknown) {
    out.push(
      insight(
        `${int(unknown.count)} titles (${pct(unknown.share)}) have no original language recorded: the "Unknown" bar.`,
        { count: unknown.count, share: unknown.share },
        0.25,
      ),
    );
  }
  const other = languages.find((l) => l.language === 'other');
  if (other && !shown.includes(other)) {
    out.push(
      insight(
        `Another ${int(other.count)} titles (${pct(other.share)}) are in languages outside the ${shown.length} shown.`,
        { count: other.count, share: other.share },
        0.2,
      ),
    );
  }
  return rankInsights(out);
}

function posterGrid(data: ExploreData): Insight[] {
  const top = data.topTitles.slice(0, EXPLORE_VIEW_LIMITS.posterCards);
  if (top.length === 0) return [insight(`No title here has an engagement score, so there are no cards.`, { titles: data.scope.titles }, 1)];
  if (top.length === 1) return [insight(`A single card: ${titleWithYear(top[0])} is the only title here.`, { title: top[0].title }, 1)];
  const n = top.length;
  const out: (Insight | null)[] = [];
  const rankOf = (t: TitleSummary) => top.indexOf(t) + 1;
  const dated = top.filter((t) => t.year !== null);
  if (dated.length >= 2) {
    const byYear = [...dated].sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || rankOf(a) - rankOf(b));
    const oldest = byYear[0];
    const newest = byYear[byYear.length - 1];
    const recent = dated.filter((t) => (t.year ?? 0) > (newest.year ?? 0) - 5).length;
    out.push(
      insight(
        `${recent} of the ${n} cards came out in ${(newest.year ?? 0) - 4}–${newest.year}; the oldest is #${rankOf(oldest)} ${oldest.title} (${oldest.year}).`,
        { title: oldest.title, year: oldest.year ?? 0, newestYear: newest.year ?? 0 },
        0.4,
      ),
    );
  }
  const byVotes = [...top].sort((a, b) => a.voteCount - b.voteCount || rankOf(a) - rankOf(b));
  const fewest = byVotes[0];
  const most = byVotes[byVotes.length - 1];
  if (most.voteCount > fewest.voteCount) {
    out.push(
      insight(
        `#${rankOf(fewest)} ${fewest.title} rests on only ${int(fewest.voteCount)} votes, the fewest of the ${n} cards; #${rankOf(most)} ${most.title} has the most (${int(most.voteCount)}).`,
        { title: fewest.title, voteCount: fewest.voteCount, mostVoted: most.title, mostVotes: most.voteCount },
        0.35,
      ),
    );
  }
  const byRating = [...top].sort((a, b) => b.voteAverage - a.voteAverage || rankOf(a) - rankOf(b));
  const best = byRating[0];
  const worst = byRating[byRating.length - 1];
  if (best.voteAverage > worst.voteAverage) {
    out.push(
      insight(
        `The best-rated card is #${rankOf(best)} ${best.title} (★ ${best.voteAverage.toFixed(1)}); the lowest is #${rankOf(worst)} ${worst.title} (★ ${worst.voteAverage.toFixed(1)}).`,
        { title: best.title, voteAverage: best.voteAverage, lowest: worst.title, lowestVote: worst.voteAverage },
        0.3,
      ),
    );
  }
  const untagged = top.filter((t) => t.genres.length === 0);
  if (untagged.length > 0) {
    out.push(
      insight(
        `${untagged.length === 1 ? 'One card has' : `${untagged.length} cards have`} no genre on TMDB: ${untagged.map((t) => `#${rankOf(t)} ${t.title}`).join(', ')}.`,
        { title: untagged[0].title },
        0.2,
      ),
    );
  }
  return rankInsights(out);
}

/**
 * The bullets about each of Explore's views (1–4 each; one "too little data" bullet when a view is thin). `asOf`: the
 * catalog's date (a part year's volume is said as a count so far).
 */
export function exploreDetails(data: ExploreData, limits: Limits, asOf: string): Record<ExploreView, Insight[]> {
  return {
    'genre-distribution': genreDistribution(data, limits),
    'quality-popularity': qualityPopularity(data, limits),
    'top-performers': topPerformers(data),
    'performance-matrix': performanceMatrix(data, limits),
    'release-volume': releaseVolume(data, asOf),
    'language-mix': languageMix(data, limits),
    'poster-grid': posterGrid(data),
  };
}

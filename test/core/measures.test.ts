import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  comparablePopularity,
  engagementOf,
  engagementScores,
  epochDay,
  hitFlags,
  hitThreshold,
  isUpcoming,
  lastFullYear,
  popularityScaleKey,
  velocityOf,
  voteCountP99,
  voteFactor,
} from '../../src/core/measures.ts';
import { title } from './fixtures.ts';

describe('comparable popularity', () => {
  it('is the mid-rank percentile within each scale: source × media type, or live ingest day × media type', () => {
    const titles = [
      title({ source: 'a', popularity: 10 }),
      title({ source: 'a', popularity: 30 }),
      title({ source: 'a', popularity: 20 }),
      title({ source: 'a', popularity: 20 }),
      title({ source: 'b', popularity: 13_121 }),
      title({ source: 'a', mediaType: 'tv', popularity: 1 }),
      title({ source: 'tmdb-api:movie/popular', collected: '2026-01-02', popularity: 5 }),
      title({ source: 'tmdb-api:discover/movie', collected: '2026-01-02', popularity: 50 }),
      title({ source: 'tmdb-api:discover/movie', collected: '2026-01-09', popularity: 1 }),
    ];
    // a: sorted 10, 20, 20, 30 → ranks 1, 2.5, 2.5, 4 → 100 × (rank − ½) / 4
    expect(Array.from(comparablePopularity(titles))).toEqual([12.5, (100 * 3.5) / 4, 50, 50, 50, 50, 25, 75, 50]);
    expect(popularityScaleKey(titles[6])).toBe(popularityScaleKey(titles[7]));
    expect(popularityScaleKey(titles[7])).not.toBe(popularityScaleKey(titles[8]));
    expect(popularityScaleKey(titles[0])).not.toBe(popularityScaleKey(titles[5]));
  });

  it('does not change when every popularity of one source is multiplied by a constant', () => {
    const row = fc.record({
      source: fc.constantFrom('top10k', 'discover_tv', 'lists'),
      mediaType: fc.constantFrom('movie' as const, 'tv' as const),
      popularity: fc.double({ min: 0, max: 1e4, noNaN: true }),
      voteAverage: fc.double({ min: 0, max: 10, noNaN: true }),
      voteCount: fc.integer({ min: 0, max: 1e5 }),
    });
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 60 }),
        fc.constantFrom('top10k', 'discover_tv', 'lists'),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (rows, scaled, factor) => {
          const titles = rows.map((r) => title(r));
          const rescaled = titles.map((t) => (t.source === scaled ? { ...t, popularity: t.popularity * factor } : t));
          // Scaling can merge or split ties only through floating-point rounding; compare ranks on distinct values.
          fc.pre(
            new Set(rescaled.map((t) => `${t.source}|${t.mediaType}|${t.popularity}`)).size ===
              new Set(titles.map((t) => `${t.source}|${t.mediaType}|${t.popularity}`)).size,
          );
          expect(Array.from(comparablePopularity(rescaled))).toEqual(Array.from(comparablePopularity(titles)));
          expect(Array.from(engagementScores(rescaled))).toEqual(Array.from(engagementScores(titles)));
        },
      ),
    );
  });
});

describe('engagement score', () => {
  it('is 0.4 × popularity percentile / 10 + 0.6 × vote average × log1p(votes)/log1p(P99 votes), per media type', () => {
    const titles = [
      title({ popularity: 10, voteAverage: 8, voteCount: 99 }),
      title({ popularity: 20, voteAverage: 6, voteCount: 0 }),
      title({ popularity: 5, voteAverage: 8, voteCount: 9 }),
      // TV has its own P99 and its own popularity scale: a single show with 9 votes gets the full rating.
      title({ mediaType: 'tv', popularity: 1, voteAverage: 5, voteCount: 9 }),
    ];
    // movie vote counts sorted [0, 9, 99]: P99 (nearest rank) = 99; movie percentiles: 5 → 16.7, 10 → 50, 20 → 83.3
    expect(voteCountP99(titles)).toEqual({ movie: 99, tv: 9 });
    const scores = Array.from(engagementScores(titles));
    expect(scores[0]).toBeCloseTo(0.4 * 5 + 0.6 * 8 * 1, 12);
    expect(scores[1]).toBeCloseTo(0.4 * (250 / 30) + 0, 12);
    expect(scores[2]).toBeCloseTo(0.4 * (50 / 30) + 0.6 * 8 * 0.5, 12); // log1p(9)/log1p(99) = ln10/ln100 = 0.5
    expect(scores[3]).toBeCloseTo(0.4 * 5 + 0.6 * 5, 12);
    for (const s of scores) expect(s).toBeLessThanOrEqual(10);
  });

  it('caps the vote factor at 1 and handles a catalog nobody voted on', () => {
    expect(voteFactor(10_000, 99)).toBe(1);
    expect(voteFactor(0, 0)).toBe(0);
    expect(voteFactor(3, 0)).toBe(1);
  });

  it('is monotone in popularity, vote average and vote count', () => {
    const input = fc.record({
      popularityPercentile: fc.double({ min: 0, max: 100, noNaN: true }),
      voteAverage: fc.double({ min: 0, max: 10, noNaN: true }),
      voteCount: fc.integer({ min: 0, max: 1e6 }),
    });
    fc.assert(
      fc.property(
        input,
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 1e5 }),
        (t, dp, dv, p99) => {
          const base = engagementOf(t, p99);
          expect(engagementOf({ ...t, popularityPercentile: Math.min(100, t.popularityPercentile + dp) }, p99)).toBeGreaterThanOrEqual(base);
          expect(engagementOf({ ...t, voteAverage: Math.min(10, t.voteAverage + dp / 10) }, p99)).toBeGreaterThanOrEqual(base);
          expect(engagementOf({ ...t, voteCount: t.voteCount + dv }, p99)).toBeGreaterThanOrEqual(base);
        },
      ),
    );
  });

  it('is stable under an outlier: a title with a billion votes barely moves the others', () => {
    const titles = Array.from({ length: 100 }, (_, k) => title({ voteCount: k + 1, popularity: 3, voteAverage: 7 }));
    const before = engagementScores(titles);
    const after = engagementScores([...titles, title({ voteCount: 1e9, popularity: 1e5, voteAverage: 9 })]);
    // P99 moves from 99.5 to 100 and each percentile by at most 100 / n: a small, bounded shift
    for (let k = 0; k < titles.length; k++) expect(Math.abs(after[k] - before[k]) / before[k]).toBeLessThan(0.02);
    // and how far the outlier's popularity lies above the rest makes no difference at all
    const modest = engagementScores([...titles, title({ voteCount: 1e9, popularity: 4, voteAverage: 9 })]);
    expect(Array.from(after)).toEqual(Array.from(modest));
  });
});

describe('velocity', () => {
  const asOf = '2024-12-31';
  it('is the popularity percentile per day since release, with a 30-day floor', () => {
    expect(velocityOf({ popularityPercentile: 60, releaseDate: '2024-12-01' }, asOf)).toBeCloseTo(2, 12); // 30 days
    expect(velocityOf({ popularityPercentile: 60, releaseDate: '2024-12-30' }, asOf)).toBeCloseTo(2, 12); // 1 day → floor 30
    expect(velocityOf({ popularityPercentile: 60, releaseDate: '2023-12-31' }, asOf)).toBeCloseTo(60 / 366, 12); // leap year
  });
  it('is undefined for unreleased or undated titles', () => {
    expect(velocityOf({ popularityPercentile: 60, releaseDate: '2025-01-05' }, asOf)).toBeNull();
    expect(velocityOf({ popularityPercentile: 60, releaseDate: null }, asOf)).toBeNull();
  });
});

describe('hit flags', () => {
  it('takes the top quarter of each cohort, ties at the threshold included', () => {
    expect(hitThreshold([1, 2, 3, 4, 5, 6, 7, 8])).toBe(7); // ⌈8/4⌉ = 2nd best
    expect(hitThreshold([5, 5, 5, 5, 5])).toBe(5);
  });

  it('judges by year when the year has 30+ titles, else by decade, else by media type', () => {
    const titles = [
      // 40 movies of 2020, engagement 1..40 → the 10 best are hits
      ...Array.from({ length: 40 }, (_, k) => title({ releaseDate: '2020-03-01', popularity: k + 1 })),
      // 30 movies of 2015 and 5 of 2019: 2015 alone, 2019 with its decade (35 titles)
      ...Array.from({ length: 30 }, (_, k) => title({ releaseDate: '2015-03-01', popularity: k + 1 })),
      ...Array.from({ length: 5 }, (_, k) => title({ releaseDate: '2019-03-01', popularity: 100 + k })),
      // 3 TV shows: only their media type
      ...Array.from({ length: 3 }, (_, k) => title({ mediaType: 'tv', releaseDate: '1999-01-01', popularity: k })),
    ];
    const engagement = Float64Array.from(titles, (t) => t.popularity);
    const flags = hitFlags(titles, '2024-12-31', engagement);
    expect(flags.basisCounts).toEqual({ year: 70, decade: 5, mediaType: 3, upcoming: 0 });
    expect(flags.cohort[0]).toBe('movie 2020');
    expect(flags.cohort[70]).toBe('movie 2010s');
    expect(flags.cohort[75]).toBe('tv (all years)');
    const hitsOf = (from: number, to: number) => Array.from(flags.hit.slice(from, to)).reduce((a, b) => a + b, 0);
    expect(hitsOf(0, 40)).toBe(10);
    expect(flags.hit[29]).toBe(0); // engagement 30 < threshold 31
    expect(flags.hit[30]).toBe(1);
    expect(hitsOf(40, 70)).toBe(8); // ⌈30/4⌉
    // 2019 is judged within the 2010s (35 titles: ⌈35/4⌉ = 9: 104..100 then 30, 29, 28, 27), so all five 2019 titles are hits
    expect(hitsOf(70, 75)).toBe(5);
    expect(flags.thresholds['movie 2010s']).toBe(27);
    expect(hitsOf(75, 78)).toBe(1); // ⌈3/4⌉ = 1
  });
});

describe('upcoming titles', () => {
  it('are released after the collection date, never hits, and take no part in any threshold', () => {
    const asOf = '2026-02-21';
    expect(isUpcoming({ releaseDate: '2026-02-22' }, asOf)).toBe(true);
    expect(isUpcoming({ releaseDate: '2026-02-21' }, asOf)).toBe(false);
    expect(isUpcoming({ releaseDate: null }, asOf)).toBe(false);
    const released = Array.from({ length: 40 }, (_, k) => title({ releaseDate: '2026-01-10', popularity: k + 1 }));
    const upcoming = Array.from({ length: 40 }, (_, k) => title({ releaseDate: '2026-06-10', popularity: 1000 + k }));
    const titles = [...released, ...upcoming];
    const engagement = Float64Array.from(titles, (t) => t.popularity);
    const flags = hitFlags(titles, asOf, engagement);
    expect(flags.basisCounts.upcoming).toBe(40);
    expect(Array.from(flags.hit.slice(40)).every((h) => h === 0)).toBe(true);
    expect(flags.cohort[40]).toBe('upcoming');
    // The released titles are judged among themselves: the upcoming titles' hype raises no threshold.
    expect(Array.from(flags.hit.slice(0, 40)).reduce((a, b) => a + b, 0)).toBe(10);
  });
});

describe('lastFullYear', () => {
  it('is the snapshot’s own year only on 31 December', () => {
    expect(lastFullYear('2026-02-21')).toBe(2025);
    expect(lastFullYear('2026-12-30')).toBe(2025);
    expect(lastFullYear('2026-12-31')).toBe(2026);
    expect(lastFullYear('2027-01-01')).toBe(2026);
  });
});

describe('epochDay', () => {
  it('matches Date.parse on any date', () => {
    expect(epochDay('1970-01-01')).toBe(0);
    expect(epochDay('2000-03-01')).toBe(11_017);
    expect(epochDay('1902-06-15')).toBe(Date.parse('1902-06-15T00:00:00Z') / 86_400_000);
    fc.assert(
      fc.property(fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(epochDay(iso)).toBe(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
      }),
    );
  });
});

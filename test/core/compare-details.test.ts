/** The compare stage's per-view bullets (`details`) on small hand-made catalogs. */
import { describe, expect, it } from 'vitest';
import { chartsFor } from '../../charts/index.ts';
import { chatForm } from '../../charts/chat-form.ts';
import { compareDetails, differenceMetrics, gapText } from '../../src/core/stages/compare-details.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import type { CompareData, CompareResult, CompareView } from '../../src/core/stages/types.ts';
import type { Title } from '../../src/data/title.ts';
import { catalogOf, expectWellFormedDetails, title } from './fixtures.ts';

const now = new Date('2025-01-01T00:00:00Z');

function run(titles: Title[], left: string, right: string): CompareResult {
  return validateAndRunStage('compare', { left, right }, { catalog: catalogOf(titles), now }) as CompareResult;
}

const texts = (r: Pick<CompareResult, 'details'>, view: CompareView) => r.details[view].map((i) => i.text);
const find = (r: CompareResult, view: CompareView, part: string) => r.details[view].find((i) => i.text.includes(part));

/**
 * All have 100 votes (= P99), so engagement = 0.4 × popularity + 0.6 × vote average. Drama: 8.8 and 15.6 (the hit);
 * Comedy: 12.5 twice. Comedy wins mean engagement (+2.4%), rating and recent velocity; Drama the hit rate (50% vs 0);
 * popularity and votes are tied; no budgets, so ROI is not compared.
 */
const small = [
  title({ title: 'D1', genres: ['Drama'], popularity: 10, voteAverage: 8, releaseDate: '2023-01-01' }),
  title({ title: 'D2', genres: ['Drama'], popularity: 30, voteAverage: 6, releaseDate: '2010-01-01' }),
  title({ title: 'C1', genres: ['Comedy'], popularity: 20, voteAverage: 7.5, releaseDate: '2024-06-01' }),
  title({ title: 'C2', genres: ['Comedy'], popularity: 20, voteAverage: 7.5, releaseDate: '2012-01-01' }),
];

describe('genre vs genre on thin groups', () => {
  const r = run(small, 'Drama', 'Comedy');

  it('winner: nothing is compared, and the thin sides are named with their sizes', () => {
    expectWellFormedDetails(r);
    expect(r.data.overall).toEqual({ winner: 'tie', score: 0, won: { left: 0, right: 0, ties: 0 }, compared: 0 });
    expect(r.data.metrics.filter((m) => m.test).every((m) => m.test?.thin && m.winner === null)).toBe(true);
    expect(texts(r, 'winner')).toEqual([
      'No metric could be compared between Drama and Comedy.',
      'Too thin to call 6 metrics: Drama has 1–2 and Comedy has 1–2 titles a metric, under the 50 needed.',
    ]);
    expect(r.insights.map((i) => i.text)).toEqual(texts(r, 'winner'));
  });

  it('differences: no widest gap is claimed on thin groups', () => {
    expect(texts(r, 'differences')).toHaveLength(1);
    expect(texts(r, 'differences')[0]).toBe('No bar marks a lead: every difference drawn rests on fewer than 50 titles a side.');
    expect(r.details.differences.some((i) => i.text.startsWith('Widest gap'))).toBe(false);
  });

  it('metrics table: the context and the rows nobody has', () => {
    expect(find(r, 'metrics-table', 'For context')?.text).toBe('For context, not scored (Drama vs Comedy): Titles 2 vs 2.');
    expect(find(r, 'metrics-table', 'Neither')?.text).toBe(
      'Neither Drama nor Comedy has Median ROI (revenue ÷ budget), Mean runtime (min) in the data: those rows show only dashes.',
    );
  });

  it('trend: one bullet when no year has 3 releases on both sides', () => {
    expect(texts(r, 'trend')).toEqual(['Too few years with at least 3 releases on both sides (0) to compare the trends.']);
  });
});

describe('trend view', () => {
  /** 3 releases a year 2015–2024 per genre: Drama 20 (50 in 2019), Comedy 10 until 2021, then 40 (60 in 2023). */
  const titles: Title[] = [];
  for (let year = 2015; year <= 2024; year++) {
    const drama = year === 2019 ? 50 : 20;
    const comedy = year === 2023 ? 60 : year >= 2022 ? 40 : 10;
    for (let k = 0; k < 3; k++) {
      titles.push(title({ genres: ['Drama'], popularity: drama, voteAverage: 0, voteCount: 0, releaseDate: `${year}-0${k + 3}-01` }));
      titles.push(title({ genres: ['Comedy'], popularity: comedy, voteAverage: 0, voteCount: 0, releaseDate: `${year}-0${k + 3}-01` }));
    }
  }
  const r = run(titles, 'Drama', 'Comedy');

  it('says when the lead changed hands, how each side grew and each side’s best year', () => {
    expectWellFormedDetails(r);
    expect(texts(r, 'trend')).toEqual([
      "In 2024, the latest full year with enough releases on both sides, Comedy's releases averaged more engagement (3.40 vs 2.30, 3 vs 3 titles, too few to call).",
      'The lead last changed hands in 2022, to Comedy, ahead every year since (3 years); over all 10 years, Drama led 7, Comedy 3.',
      // engagement = 0.4 × popularity percentile / 10 (no votes): 0.4 × the percentile of 10, 20, 40, 50, 60
      "From 2015 to 2024, Comedy's yearly mean engagement rose 4.9× (0.70 → 3.40), Drama's held level (2.30 → 2.30).",
      'Best years: Drama 2019 (3.70), Comedy 2023 (3.90).',
    ]);
    const best = find(r, 'trend', 'Best years');
    const peak = (side: 'left' | 'right') => Math.max(...r.data.trend.map((t) => t[side] ?? -Infinity));
    expect(best?.figures).toEqual({ leftYear: 2019, leftPeak: peak('left'), rightYear: 2023, rightPeak: peak('right') });
  });

  it('ends at the last full year: a snapshot of 21 Feb 2025 leaves out 2025 and says so', () => {
    // Seven weeks of 2025 in which Drama's releases engage far more: quoted, they would turn the latest-year bullet.
    const early = [0, 1, 2].map((k) => title({ genres: ['Drama'], popularity: 90, voteAverage: 0, voteCount: 0, releaseDate: `2025-0${k + 1}-10` }));
    const partly = [0, 1, 2].map((k) => title({ genres: ['Comedy'], popularity: 5, voteAverage: 0, voteCount: 0, releaseDate: `2025-0${k + 1}-10` }));
    const late = validateAndRunStage(
      'compare',
      { left: 'Drama', right: 'Comedy' },
      { catalog: catalogOf([...titles, ...early, ...partly], '2025-02-21'), now },
    ) as CompareResult;
    expect(late.data.trend.at(-1)?.year).toBe(2024);
    expect(late.data.trend).toHaveLength(r.data.trend.length);
    expect(texts(late, 'trend')[0]).toMatch(/^In 2024, the latest full year with enough releases on both sides, Comedy's releases/);
    expect(late.data.trendBasis).toContain('from 2005 to 2024, the last full year before the snapshot of 2025-02-21');
    // On 31 December the year is whole.
    expect(r.data.trendBasis).toContain('from 2005 to 2024 (movies and TV');
  });
});

describe('the latest year: a lead only beyond chance', () => {
  /** 60 Drama and 60 Comedy movies a year, 2021–2024, with popularity spread over the same or shifted ranges. */
  function market(comedyShift: number): Title[] {
    return [2021, 2022, 2023, 2024].flatMap((year) =>
      Array.from({ length: 60 }, (_, k) => [
        title({ genres: ['Drama'], popularity: 10 + k, voteAverage: 0, voteCount: 0, releaseDate: `${year}-0${(k % 9) + 1}-01` }),
        title({ genres: ['Comedy'], popularity: 10 + k + comedyShift, voteAverage: 0, voteCount: 0, releaseDate: `${year}-0${(k % 9) + 1}-02` }),
      ]).flat(),
    );
  }

  it('a clear gap is a lead, with its p and sizes', () => {
    const r = run(market(40), 'Drama', 'Comedy');
    expect(r.data.latestYear).toMatchObject({ year: 2024, n: { left: 60, right: 60 } });
    expect(texts(r, 'trend')[0]).toMatch(
      /^In 2024, the latest full year with enough releases on both sides, Comedy's releases averaged more engagement \([\d.]+ vs [\d.]+; p < 0\.001, 60 vs 60 titles\)\.$/,
    );
  });

  it('a gap chance could open is said as level, with its p', () => {
    const r = run(market(1), 'Drama', 'Comedy');
    expect(r.data.latestYear?.p).toBeGreaterThan(0.05);
    expect(texts(r, 'trend')[0]).toMatch(
      /^In 2024, the latest full year with enough releases on both sides, Comedy's and Drama's releases averaged about the same engagement \([\d.]+ vs [\d.]+; no significant difference, p [\d.]+, 60 vs 60 titles\)\.$/,
    );
  });
});

describe('title vs title', () => {
  const titles = [
    title({
      title: 'Big Hit',
      genres: ['Action'],
      popularity: 500,
      voteAverage: 7,
      voteCount: 1000,
      budget: 1e8,
      revenue: 9e8,
      runtime: 150,
      releaseDate: '2023-05-01',
    }),
    title({ title: 'Small One', genres: ['Drama'], popularity: 50, voteAverage: 8, voteCount: 5000, releaseDate: '2024-01-01' }),
  ];
  const r = run(titles, 'Big Hit', 'Small One');
  const metric = (m: string) => r.data.metrics.find((x) => x.metric === m);

  it('winner and differences: the margin, each side’s edge and who wins by more, on the scale the bars share', () => {
    expectWellFormedDetails(r);
    expect(r.data.overall).toMatchObject({ winner: 'left', won: { left: 4, right: 2, ties: 0 } });
    expect(find(r, 'winner', 'won 4 to 2')?.text).toBe('Big Hit won 4 to 2, a margin of 2 metrics.');
    // one value a side: every gap is the difference of the two titles' percentiles (0.75 vs 0.25 among two movies),
    // so the widest is the first by name among the equal gaps
    expect(r.data.metrics.filter((m) => m.test).every((m) => m.test?.method === 'percentile' && Math.abs(m.test.effect) === 0.5)).toBe(true);
    expect(texts(r, 'differences')[0]).toBe('Widest gap: Engagement percentile in cohort, Big Hit ahead (100% vs 50%).');
    // Small One wins votes and rating, both by the same percentile gap: the first by name is named
    // Each gap on the bars' scale: two titles' percentiles (0.75 vs 0.25) are 50 points apart, not "13% apart" (8 vs 7)
    expect(find(r, 'differences', 'biggest edge')?.text).toBe("Small One's biggest edge is Rating: 8.00 vs 7.00 (50.0 percentile points).");
    // every gap is 50 points: Big Hit's four wins are as wide as Small One's two, and the first side named is the left
    expect(find(r, 'differences', 'By size')?.text).toBe(
      "By size, Big Hit's 4 wins are wider: 50.0 percentile points on average, against 50.0 percentile points for Small One's 2.",
    );
    // The bars are the same gaps, signed right (Small One) ahead > 0, and say their scale (the chat form drawn by Slack
    // and Teams carries the PNG's values)
    const form = chatForm(r, 'compare.differences').form;
    if (form?.kind !== 'bar') throw new Error('expected the differences as native bars');
    expect(form.title).toBe('Gap by metric (percentile points)');
    expect(form.series[0].values).toEqual(differenceMetrics(r.data).map((m) => (m.winner === 'right' ? 50 : -50)));
    expect(chartsFor(r).find((c) => c.id === 'compare.differences')?.reading).toContain('in percentile points');
    expect(metric('popularity')?.winner).toBe('left');
  });

  it('metrics table: what one side lacks, and that every bold winner is clear', () => {
    expect(find(r, 'metrics-table', 'has no')?.text).toBe(
      'Small One has no Revenue (USD), ROI (revenue ÷ budget), Budget (USD), Runtime (min) in the data: those rows show a dash on its side.',
    );
    // the closest scored row is engagement (popularity percentiles of two titles are close once votes count)
    const engagement = metric('engagement');
    expect(find(r, 'metrics-table', 'Every bold winner')?.figures).toEqual({ metric: 'engagement', left: engagement?.left, right: engagement?.right });
    expect(find(r, 'metrics-table', 'For context')).toBeUndefined(); // budget and runtime are known for one side only
  });

  it('trend: the lines are the titles’ genres, and the latest-year bullet names the genre, not the title', () => {
    // Three more Action and three more Drama movies a year, 2020–2023: years both genre lines have.
    const more = [2020, 2021, 2022, 2023].flatMap((year) =>
      [0, 1, 2].flatMap((k) => [
        title({ genres: ['Action'], popularity: 300, voteAverage: 7, voteCount: 100, releaseDate: `${year}-0${k + 2}-01` }),
        title({ genres: ['Drama'], popularity: 10, voteAverage: 5, voteCount: 100, releaseDate: `${year}-0${k + 2}-01` }),
      ]),
    );
    const withGenres = run([...titles, ...more], 'Big Hit', 'Small One');
    expect(texts(withGenres, 'trend')[0]).toMatch(
      /^In 2023, the latest full year with enough releases on both sides, Action movies \(Big Hit's genre\) averaged more engagement \(/,
    );
  });
});

describe('nothing to compare', () => {
  it('gives one plain bullet per view', () => {
    const base = run(small, 'Drama', 'Comedy');
    const data: CompareData = {
      ...base.data,
      metrics: base.data.metrics.map((m) => ({ ...m, left: null, delta: null, winner: null, test: null })),
      overall: { winner: 'tie', score: 0, won: { left: 0, right: 0, ties: 0 }, compared: 0 },
      trend: base.data.trend.map((t) => ({ ...t, left: null })),
    };
    const details = compareDetails(data);
    expectWellFormedDetails({ stage: 'compare', params: base.params, data, details });
    expect(texts({ details }, 'winner')).toEqual(['No metric could be compared between Drama and Comedy.']);
    expect(texts({ details }, 'differences')).toEqual(['No scored metric is known for both sides, so there are no differences to draw.']);
    expect(texts({ details }, 'trend')).toHaveLength(1);
  });
});

describe('a vote lead carries its caveat', () => {
  it('an older title ahead on votes: the bullet says votes pile up with time and by how many years it is older', () => {
    const titles = [
      title({ title: 'Old Classic', genres: ['Drama'], popularity: 20, voteAverage: 6, voteCount: 9000, releaseDate: '2015-03-01' }),
      title({ title: 'New One', genres: ['Drama'], popularity: 400, voteAverage: 8, voteCount: 1000, releaseDate: '2023-03-01' }),
    ];
    const r = run(titles, 'Old Classic', 'New One');
    const votes = [...r.insights, ...Object.values(r.details).flat()].filter((i) => /Votes \(9,000 vs 1,000/.test(i.text));
    expect(votes.length).toBeGreaterThan(0);
    for (const v of votes) expect(v.text).toContain('Votes (9,000 vs 1,000; votes pile up with time and Old Classic is 8 years older)');
  });
});

describe('gap labels', () => {
  it('sign a gap, to hundredths of δ and tenths of a percentile point, and never say −0.0', () => {
    expect([gapText({ kind: 'genre' }, -0.271), gapText({ kind: 'genre' }, 0.09), gapText({ kind: 'genre' }, -0.001)]).toEqual(['−0.27', '+0.09', '0.00']);
    expect([gapText({ kind: 'title' }, 21.66), gapText({ kind: 'title' }, -0.04)]).toEqual(['+21.7', '0.0']);
  });
});

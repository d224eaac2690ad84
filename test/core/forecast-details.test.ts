/** The forecast stage's per-view bullets (`details`) on small hand-made catalogs. */
import { describe, expect, it } from 'vitest';
import type { GenreForecast, ModelPort, MonthlyPoint } from '../../src/core/model-port.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import type { ForecastResult, ForecastView } from '../../src/core/stages/types.ts';
import type { Title } from '../../src/data/title.ts';
import { catalogOf, expectWellFormedDetails, title } from './fixtures.ts';

const now = new Date('2025-01-01T00:00:00Z');

/** No votes: engagement = 0.4 × popularity. */
const t = (overrides: Partial<Title>) => title({ voteAverage: 0, voteCount: 0, ...overrides });

function run(titles: Title[], models?: ModelPort, params: Record<string, unknown> = {}): ForecastResult {
  return validateAndRunStage('forecast', params, { catalog: catalogOf(titles), models, now }) as ForecastResult;
}


const texts = (r: ForecastResult, view: ForecastView) => r.details[view].map((i) => i.text);
const find = (r: ForecastResult, view: ForecastView, part: string) => r.details[view].find((i) => i.text.includes(part));

/**
 * Monthly releases 2021-12 … 2024-11 (36 months, the months the chart draws), one per genre and month:
 * Drama 10 → 30 popularity in the last 12 months (+200%) with a one-off 1,000 in 2022-06; Comedy flat at 10 (0%);
 * Action 20 → 10 (−50%); Crime only 12 titles (thin) going 1 → 100 (the highest trend, but too few to argue from).
 */
function seriesMarket(): Title[] {
  const out: Title[] = [];
  for (let k = 0; k < 36; k++) {
    const month = `${2021 + Math.floor((k + 11) / 12)}-${String(((k + 11) % 12) + 1).padStart(2, '0')}`;
    const lastYear = k >= 24;
    out.push(t({ genres: ['Drama'], popularity: lastYear ? 30 : 10, releaseDate: `${month}-10` }));
    out.push(t({ genres: ['Comedy'], popularity: 10, releaseDate: `${month}-10` }));
    out.push(t({ genres: ['Action'], popularity: lastYear ? 10 : 20, releaseDate: `${month}-10` }));
    if (k >= 12 && k < 24 && k % 2 === 0) out.push(t({ genres: ['Crime'], popularity: 1, releaseDate: `${month}-12` }));
    if (k >= 24 && k % 2 === 0) out.push(t({ genres: ['Crime'], popularity: 100, releaseDate: `${month}-12` }));
  }
  out.push(t({ title: 'Spike', genres: ['Drama'], popularity: 1000, releaseDate: '2022-06-20' }));
  return out;
}

/** Forecasts at a constant level per genre, with the given backtests. */
function models(levels: Record<string, number>, backtests: Record<string, GenreForecast['backtest']>): ModelPort {
  return {
    copilot: () => {
      throw new Error('not used');
    },
    anomalies: () => [],
    metrics: () => [],
    forecast: (genre: string, history: readonly MonthlyPoint[], horizon: number): GenreForecast => ({
      genre,
      history: [...history],
      forecast: Array.from({ length: horizon }, (_, k) => ({ month: `2025-${String(k + 1).padStart(2, '0')}`, value: levels[genre] ?? 0, low: 0, high: 2 * (levels[genre] ?? 0) })),
      model: 'constant',
      backtest: backtests[genre] ?? null,
    }),
  };
}

describe('genre-forecasts view', () => {
  it('names the strongest trend, the weakest and the spike among the genres with enough titles', () => {
    const r = run(seriesMarket());
    expectWellFormedDetails(r);
    const trend = (g: string) => r.data.series.find((s) => s.genre === g)?.trend;
    expect(trend('Drama')).toBeCloseTo(2, 12);
    expect(trend('Action')).toBeCloseTo(-0.5, 12);
    expect(trend('Crime')).toBeGreaterThan(2); // the highest, but on 12 titles
    // the stage's bullet names Crime; the chart's bullets argue only from genres with 30+ titles
    expect(r.insights.some((i) => i.text.startsWith("Crime's release engagement"))).toBe(true);
    expect(find(r, 'genre-forecasts', 'release engagement')?.text).toBe("Drama's release engagement over the last 12 months is up 200% on the 12 before.");
    expect(find(r, 'genre-forecasts', 'trails')?.figures).toEqual({ genre: 'Action', trend: trend('Action') });
    expect(find(r, 'genre-forecasts', 'trails')?.text).toContain('−50%');
    const spike = find(r, 'genre-forecasts', 'spike');
    expect(spike?.figures).toMatchObject({ genre: 'Drama', month: '2022-06' });
    expect(spike?.figures.value).toBeCloseTo(0.4 * 1010, 9);
    expect(texts(r, 'genre-forecasts')).toContain('No trained models are loaded: the series are history only, with no forecast.');
    expect(texts(r, 'genre-forecasts').join(' ')).not.toContain('Crime');
  });

  it('names the strongest outlook among those genres, leaving out the thin one', () => {
    // last 12 months' mean: Drama 12, Comedy 4, Action 4, Crime 20; forecasts: Comedy doubles, Crime ×50 (thin).
    const r = run(seriesMarket(), models({ Drama: 12, Comedy: 8, Action: 4, Crime: 1000 }, {}));
    expectWellFormedDetails(r);
    expect(r.insights.find((i) => i.text.includes('strongest outlook'))?.text).toMatch(/^Crime /);
    const outlook = find(r, 'genre-forecasts', 'strongest outlook');
    expect(outlook?.text).toBe('Comedy has the strongest outlook: its forecast averages 8.00 monthly engagement over 2025-01 to 2025-12, up 100% on its last 12 months.');
    expect(outlook?.figures).toEqual({ genre: 'Comedy', from: '2025-01', to: '2025-12' });
    expect(texts(r, 'genre-forecasts').some((x) => x.startsWith('No trained models'))).toBe(false);
  });

  it('says so in one bullet when no genre has enough titles', () => {
    const r = run([t({ genres: ['Drama'], popularity: 10, releaseDate: '2024-03-01' }), t({ genres: ['Drama'], popularity: 20, releaseDate: '2024-04-01' })]);
    expectWellFormedDetails(r);
    expect(texts(r, 'genre-forecasts')).toEqual(['Too few releases to read the monthly series: the largest genre here, Drama, has 2 titles since 2009-01.']);
  });
});

/**
 * Releases of the last two years (ages to 2024-12-31): Action 10 × popularity 100 and "Fresh" (300, 10 days old);
 * Drama 20 × 10 and "Breakout" (400); Comedy 6 × 5 and "Old Timer" (1,000, 716 days old). Engagement per day:
 * Action's median 100/213, Drama's 10/213, Comedy's 5/213.
 */
function recentMarket(): Title[] {
  const out: Title[] = [];
  for (let k = 0; k < 10; k++) out.push(t({ title: `Action ${k}`, genres: ['Action'], popularity: 100, releaseDate: '2024-06-01' }));
  for (let k = 0; k < 20; k++) out.push(t({ title: `Drama ${k}`, genres: ['Drama'], popularity: 10, releaseDate: '2024-06-01' }));
  for (let k = 0; k < 6; k++) out.push(t({ title: `Comedy ${k}`, genres: ['Comedy'], popularity: 5, releaseDate: '2024-06-01' }));
  out.push(t({ title: 'Fresh', genres: ['Action'], popularity: 300, releaseDate: '2024-12-21' }));
  out.push(t({ title: 'Breakout', genres: ['Drama'], popularity: 400, releaseDate: '2024-06-01' }));
  out.push(t({ title: 'Old Timer', genres: ['Comedy'], popularity: 1000, releaseDate: '2023-01-15' }));
  return out;
}

describe('momentum view', () => {
  const r = run(recentMarket());

  it('names the leader, its margin over the runner-up, the slowest genre and the biggest genre’s rank', () => {
    expectWellFormedDetails(r);
    const leader = find(r, 'momentum', 'Momentum leader');
    expect(leader?.figures).toMatchObject({ genre: 'Action', titles: 11 });
    expect(leader?.figures.medianVelocity).toBeCloseTo(100 / 213, 12);
    expect(find(r, 'momentum', 'second')?.text).toBe('Action leads Drama, second, by 10.0× (0.47 vs 0.047 popularity/day).');
    const spread = find(r, 'momentum', 'spans');
    expect(spread?.figures.genre).toBe('Comedy');
    expect(spread?.text).toContain('20.0×');
    expect(find(r, 'momentum', 'volume is not speed')?.text).toBe('Drama has the most recent titles (21) yet ranks 2nd of 3 on momentum (0.047/day): volume is not speed.');
    expect(find(r, 'momentum', 'rests on only')).toBeUndefined(); // 4 bullets at most: the weakest is left out
  });

  it('says so in one bullet with a single genre, and with none', () => {
    const one = run(recentMarket().filter((x) => x.genres[0] === 'Drama'));
    expectWellFormedDetails(one);
    expect(texts(one, 'momentum')).toEqual([`Only Drama has enough titles from the last ${one.data.windowMonths} months (21) to measure: too few genres to rank momentum.`]);
    const none = run([t({ genres: ['Drama'], releaseDate: '2001-01-01' })]);
    expectWellFormedDetails(none);
    expect(texts(none, 'momentum')).toEqual(['Too few recent releases (last 60 months) to rank momentum.']);
  });
});

describe('velocity view', () => {
  const r = run(recentMarket());

  it('names the fastest title and its lead, the too-new title, the drop-off and the longest run', () => {
    expectWellFormedDetails(r);
    const fastest = r.details.velocity[0];
    expect(fastest.figures).toMatchObject({ title: 'Fresh', velocity: 10, runnerUp: 'Breakout' });
    expect(fastest.text).toBe('Fresh (2024) is fastest at 10.0 popularity/day, ahead of Breakout (1.88) by 5.3×.');
    expect(find(r, 'velocity', 'floor')?.text).toBe(
      'Fresh came out only 10 days before the data date: its 10.0/day is its popularity over the 30-day floor, so it may still settle.',
    );
    expect(find(r, 'velocity', 'falls off')?.text).toContain('no other title reaches half the leader');
    const old = find(r, 'velocity', 'Staying power');
    expect(old?.figures).toMatchObject({ title: 'Old Timer', daysSinceRelease: 716 });
  });

  it('says so in one bullet with fewer than 3 recent titles', () => {
    const thin = run([t({ genres: ['Drama'], releaseDate: '2024-06-01' }), t({ genres: ['Drama'], releaseDate: '2001-06-01' })]);
    expectWellFormedDetails(thin);
    expect(texts(thin, 'velocity')).toEqual([`Only 1 released title with a known date from the last ${thin.data.windowMonths} months: too few to rank velocity.`]);
  });
});

describe('rising-stars view', () => {
  const r = run(recentMarket());

  it('names the top star, where the list breaks, and the star that gains least in absolute terms', () => {
    expectWellFormedDetails(r);
    expect(r.data.risingStars.map((s) => s.title)).toEqual(['Old Timer', 'Breakout', 'Fresh']);
    expect(r.details['rising-stars'][0].text).toMatch(/^Rising star: Old Timer \(2023\) moves 59\.\d× faster than the Comedy median\.$/);
    // 59.6× → 40.0× → 21.3×: the bigger step is after the second
    expect(find(r, 'rising-stars', 'stand apart')?.figures).toMatchObject({ title: 'Fresh' });
    // Old Timer gains 1,000/716 = 1.40 a day, less than Breakout's 400/213 = 1.88 and Fresh's 10
    expect(find(r, 'rising-stars', 'Ratios are relative')?.figures).toMatchObject({ title: 'Old Timer', genre: 'Comedy' });
    expect(find(r, 'rising-stars', 'of the 3 stars (')).toBeUndefined(); // one star per genre
  });

  it('says so in one bullet when no title is far ahead of its genre', () => {
    const calm = run(recentMarket().filter((x) => !['Fresh', 'Breakout', 'Old Timer'].includes(x.title)));
    expectWellFormedDetails(calm);
    expect(texts(calm, 'rising-stars')).toEqual([`No title from the last ${calm.data.windowMonths} months moves 3.0× its genre's median velocity or more: no rising stars.`]);
  });
});

describe('accuracy view', () => {
  it('names the biggest edge, where the baseline wins, and the most and least predictable genres', () => {
    const backtests = {
      Drama: { smape: 20, baselineSmape: 40 }, // 50% better: the biggest edge, the lowest error
      Comedy: { smape: 30, baselineSmape: 33 },
      Action: { smape: 50, baselineSmape: 45 }, // the baseline wins
      Crime: { smape: 60, baselineSmape: 66 }, // the highest error
    };
    const r = run(seriesMarket(), models({ Drama: 1, Comedy: 1, Action: 1, Crime: 1 }, backtests));
    expectWellFormedDetails(r);
    expect(find(r, 'accuracy', 'biggest edge')?.figures).toEqual({ genre: 'Drama', smape: 20, baselineSmape: 40 });
    expect(find(r, 'accuracy', 'biggest edge')?.text).toContain('50% lower');
    expect(r.details.accuracy[0].text).toBe('In Action the baseline does as well or better (sMAPE 50.0, baseline 45.0): trust that forecast least.');
    expect(find(r, 'accuracy', 'most predictable')?.figures).toEqual({ genre: 'Drama', smape: 20, worstGenre: 'Crime', worstSmape: 60 });
    expect(find(r, 'accuracy', 'Even the best')).toBeUndefined(); // 20% is not rough
  });

  it('warns when even the best backtest is rough, and calls a slim edge slim', () => {
    const r = run(seriesMarket(), models({}, { Drama: { smape: 40, baselineSmape: 80 }, Comedy: { smape: 70, baselineSmape: 72 } }));
    expectWellFormedDetails(r);
    expect(find(r, 'accuracy', 'slim')?.figures).toMatchObject({ genre: 'Comedy' });
    expect(find(r, 'accuracy', 'Even the best')?.figures).toEqual({ genre: 'Drama', smape: 40 });
  });

  it('says so in one bullet without a backtest', () => {
    const r = run(seriesMarket());
    expect(texts(r, 'accuracy')).toEqual(['No backtest to show: the forecasting models are not loaded.']);
    const short = run(seriesMarket(), models({ Drama: 1 }, {}));
    expect(texts(short, 'accuracy')).toEqual(['No backtest to show: the series are too short to hold out 12 months.']);
  });
});

describe('details', () => {
  it('are deterministic', () => {
    expect(run(recentMarket()).details).toEqual(run(recentMarket()).details);
  });
});

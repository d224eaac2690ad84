/** The forecast stage's per-view bullets (`details`) on small hand-made catalogs. */
import { describe, expect, it } from 'vitest';
import type { BacktestScore, ForecastBacktest, ForecastMethod, GenreForecast, ModelPort, MonthlyPoint } from '../../src/core/model-port.ts';
import { shiftMonth } from '../../src/core/series.ts';
import { sampleSd } from '../../src/core/stats/summary.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import type { ForecastResult, ForecastView } from '../../src/core/stages/types.ts';
import type { Title } from '../../src/data/title.ts';
import { decisionFor } from '../../src/reply/decision.ts';
import { focusGenres } from '../../src/reply/followups.ts';
import { catalogOf, expectWellFormedDetails, title } from './fixtures.ts';
import { forChat } from '../../charts/chat-picture.ts';
import { genreForecasts } from '../../charts/forecast.ts';

const now = new Date('2025-01-01T00:00:00Z');

/** No votes: engagement = 0.4 × popularity percentile / 10. */
const t = (overrides: Partial<Title>) => title({ voteAverage: 0, voteCount: 0, ...overrides });

function run(titles: Title[], models?: ModelPort, params: Record<string, unknown> = {}): ForecastResult {
  return validateAndRunStage('forecast', params, { catalog: catalogOf(titles), models, now }) as ForecastResult;
}

const texts = (r: ForecastResult, view: ForecastView) => r.details[view].map((i) => i.text);
const find = (r: ForecastResult, view: ForecastView, part: string) => r.details[view].find((i) => i.text.includes(part));

/**
 * Releases 2019-07 … 2024-09 (as of 2024-12-31 the last complete quarter is 2024 Q3), 10 a month: Drama 5, Comedy
 * 3, Action 2 (Drama 50 %, Comedy 30 %, Action 20 % of releases every quarter), and Crime on one title in
 * three months of every year (a thin genre: 6 titles a year, under `minSeriesTitles` 30 in all).
 */
function seriesMarket(): Title[] {
  const out: Title[] = [];
  for (let m = 0; m < 63; m++) {
    const month = shiftMonth('2019-07', m);
    for (let k = 0; k < 10; k++)
      out.push(t({ genres: [k < 5 ? 'Drama' : k < 8 ? 'Comedy' : 'Action'], popularity: 10 + k, releaseDate: `${month}-1${k % 9}` }));
    if (m % 2 === 0 && m < 12) out.push(t({ genres: ['Crime'], popularity: 50, releaseDate: `${month}-05` }));
  }
  return out;
}

/** A backtest whose winner has `mase` and seasonal naive `baselineMase`; `others` adds candidates (sorted best first). */
function backtest(winner: ForecastMethod, mase: number, baselineMase: number, others: [ForecastMethod, number][] = []): ForecastBacktest {
  const scores: BacktestScore[] = [
    [winner, mase] as [ForecastMethod, number],
    ...(winner === 'seasonal-naive' ? [] : [['seasonal-naive', baselineMase] as [ForecastMethod, number]]),
    ...others,
  ]
    .map(([method, m]) => ({ method, mase: m, smape: 20 * m, mae: 2 * m }))
    .sort((x, y) => x.mase - y.mase);
  return {
    origins: 6,
    horizon: 4,
    firstOrigin: '2022-04',
    lastOrigin: '2023-07',
    scores,
    winner,
    mase,
    baselineMase,
    smape: 20 * mase,
    baselineSmape: 20 * baselineMase,
  };
}

/** Forecasts at a constant share per genre, presenting each backtest's winner. */
function models(levels: Record<string, number>, backtests: Record<string, ForecastBacktest | null>): ModelPort {
  return {
    copilot: () => {
      throw new Error('not used');
    },
    anomalies: () => [],
    metrics: () => [],
    forecast: (genre: string, history: readonly MonthlyPoint[], horizon: number, periodMonths: 1 | 3): GenreForecast => {
      const b = backtests[genre] ?? null;
      const last = history.at(-1)?.month ?? '2024-07';
      return {
        genre,
        periodMonths,
        history: [...history],
        forecast: Array.from({ length: horizon }, (_, k) => ({
          month: shiftMonth(last, (k + 1) * periodMonths),
          value: levels[genre] ?? 0,
          low: 0,
          high: 2 * (levels[genre] ?? 0),
        })),
        method: b?.winner ?? 'naive',
        model: b?.winner ?? 'naive',
        outlook: b?.winner === 'prophet',
        backtest: b,
      };
    },
  };
}

describe('genre-forecasts view', () => {
  it('says where the history ends, names the outlook that beat its baselines, the directions and the thin genre', () => {
    // Drama forecast 56 % (+6 points, typical error 2 × 0.5 = 1): up. Comedy 30 % (0): level. Action 14 % (−6, error 1.6): down.
    const bts = { Drama: backtest('prophet', 0.5, 0.9, [['mean', 0.8]]), Comedy: backtest('prophet', 0.6, 0.7), Action: backtest('naive', 0.8, 1.2) };
    const r = run(seriesMarket(), models({ Drama: 56, Comedy: 30, Action: 14, Crime: 10 }, bts), { genres: 'drama,comedy,action,crime' });
    expectWellFormedDetails(r);
    expect(r.data.coverage).toMatchObject({ granularity: 'quarter', last: '2024-07', end: '2024-09', asOf: '2024-12-31' });
    const drama = r.data.series.find((s) => s.genre === 'Drama');
    expect(drama).toMatchObject({ direction: 'up', typicalError: 1 });
    expect(drama?.change).toBeCloseTo(6, 9);
    expect(r.data.series.find((s) => s.genre === 'Comedy')).toMatchObject({ direction: 'flat' });
    expect(r.data.series.find((s) => s.genre === 'Action')).toMatchObject({ direction: 'down' });
    expect(texts(r, 'genre-forecasts')[0]).toBe(
      "As of 2024-12-31, the data's collection date: quarterly shares of releases run to 2024 Q3; forecasts cover 2024 Q4 to 2025 Q3; titles announced for later are the slate, not history.",
    );
    // Action's naive forecast lost nothing to its baseline but is a baseline: never the outlook
    expect(find(r, 'genre-forecasts', 'Outlook')?.text).toBe(
      'Outlook: Drama at 56.0% of releases in 2024 Q4–2025 Q3, +6.0 points on the last 12 months; Prophet won its backtest by 38% over the historical mean (MASE 0.50 vs 0.80).',
    );
    expect(find(r, 'genre-forecasts', 'Beyond')?.text).toBe("Beyond each forecast's typical backtest error: up Drama; down Action; level Comedy.");
    // Crime (6 titles) is left out of the chart's arguments
    expect(texts(r, 'genre-forecasts').join(' ')).not.toContain('Crime');
  });

  it('the chart puts the outlook the bullet names first, so a chat picture that keeps three panels shows it', () => {
    // Action (3rd by volume) is the only genre whose Prophet forecast beat every baseline.
    const bts = { Drama: backtest('naive', 0.8, 1.2), Comedy: backtest('seasonal-naive', 0.9, 0.9, [['prophet', 1.1]]), Action: backtest('prophet', 0.5, 0.9) };
    const r = run(seriesMarket(), models({ Drama: 56, Comedy: 30, Action: 14, Crime: 10 }, bts), { genres: 'drama,comedy,action,crime' });
    expect(r.data.series.map((s) => s.genre)).toEqual(['Drama', 'Comedy', 'Action', 'Crime']);
    expect(find(r, 'genre-forecasts', 'Outlook')?.text).toMatch(/^Outlook: Action /);
    // The panels' titles in drawing order, wherever the (desktop or chat) layout nests them.
    const panelTitles = (spec: unknown): string[] => {
      if (Array.isArray(spec)) return spec.flatMap(panelTitles);
      if (typeof spec !== 'object' || spec === null) return [];
      const own = (spec as { title?: { text?: unknown } }).title?.text;
      const mine = typeof own === 'string' && ['Drama', 'Comedy', 'Action', 'Crime'].includes(own) ? [own] : [];
      return [...mine, ...Object.entries(spec).flatMap(([key, value]) => (key === 'title' ? [] : panelTitles(value)))];
    };
    const chart = genreForecasts(r);
    expect(panelTitles(chart.spec)).toEqual(['Action', 'Drama', 'Comedy', 'Crime']);
    expect(panelTitles(forChat(chart).spec)).toEqual(['Action', 'Drama', 'Comedy']);
  });

  it('says there is no outlook when every backtest chose a baseline', () => {
    const r = run(
      seriesMarket(),
      models({ Drama: 50, Comedy: 30 }, { Drama: backtest('seasonal-naive', 0.9, 0.9, [['prophet', 1.1]]), Comedy: backtest('mean', 0.7, 1.0) }),
      { genres: 'drama,comedy' },
    );
    expectWellFormedDetails(r);
    const none = find(r, 'genre-forecasts', 'No outlook');
    expect(none?.text).toBe(
      "No outlook: in both genres' backtests a baseline did as well as Prophet or better, so the figures shown are baselines — Drama: seasonal naive, MASE 0.90.",
    );
    expect(r.insights.some((i) => i.text.startsWith('Outlook'))).toBe(false);
    // The decision line says there is no outlook; the chat bullets (not the dashboard's) leave the bullet out.
    expect(decisionFor(r)).toMatch(
      /; no outlook: a baseline did as well as Prophet or better in both genres' backtests, so the forecast figures are baselines\.$/,
    );
    expect(r.insights.find((i) => i.text.startsWith('No outlook'))?.headline).toBe(true);
  });

  it('says so in one bullet when no genre has enough titles', () => {
    const r = run([t({ genres: ['Drama'], popularity: 10, releaseDate: '2024-03-01' }), t({ genres: ['Drama'], popularity: 20, releaseDate: '2024-04-01' })]);
    expectWellFormedDetails(r);
    expect(texts(r, 'genre-forecasts')).toEqual(['Too few releases to read the shares: the largest genre here, Drama, has 2 titles since 2009-01.']);
  });
});

/**
 * Releases of the last two years (ages to 2024-12-31): Action 10 × popularity 100 and "Fresh" (300, 10 days old);
 * Drama 20 × 10 and "Breakout" (400); Comedy 6 × 5 and "Old Timer" (1,000, 716 days old). All 39 on one scale,
 * so popularity percentiles are mid-ranks of 39: Comedy's 5s 7.7, Drama's 10s 41.0, Action's 100s 79.5, Fresh
 * 93.6, Breakout 96.2, Old Timer 98.7 (`P`). Velocity = percentile / days (at least 30).
 */
const P = {
  comedy: (100 * 3) / 39,
  drama: (100 * 16) / 39,
  action: (100 * 31) / 39,
  fresh: (100 * 36.5) / 39,
  breakout: (100 * 37.5) / 39,
  oldTimer: (100 * 38.5) / 39,
};
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
    // 39 recent titles, under 50: the window widens to 60 months, 2019-12-31 to the as-of date
    expect(r.data.window).toEqual({ from: '2019-12-31', to: '2024-12-31' });
    const leader = find(r, 'momentum', 'most momentum');
    expect(leader?.text).toBe(
      'Rising as of 2024-12-31: Action has the most momentum among titles released since 2019-12-31, median velocity 0.37 popularity percentile/day across 11 titles, too few to call.',
    );
    expect(leader?.figures).toMatchObject({ genre: 'Action', titles: 11, from: '2019-12-31', to: '2024-12-31' });
    expect(leader?.figures.medianVelocity).toBeCloseTo(P.action / 213, 12);
    // Action 0.373 vs Drama 41.0/213 = 0.193: 1.94×
    expect(find(r, 'momentum', 'second')?.text).toBe('Action leads Drama, second, by 94% (0.37 vs 0.19 popularity percentile/day).');
    const spread = find(r, 'momentum', 'spans');
    expect(spread?.figures.genre).toBe('Comedy');
    expect(spread?.text).toContain(`${(P.action / P.comedy).toFixed(1)}×`); // 10.3×
    expect(find(r, 'momentum', 'volume is not speed')?.text).toBe(
      'Drama has the most recent titles (21) yet ranks 2nd of 3 on momentum (0.19/day): volume is not speed.',
    );
  });

  it('says beside a thin runner-up that it is too few to call, and offers no comparison with it', () => {
    // Drama keeps 10 of its 20 titles plus Breakout: 11, under 15, yet second on momentum.
    let dramas = 0;
    const thin = run(recentMarket().filter((x) => x.genres[0] !== 'Drama' || x.title === 'Breakout' || dramas++ < 10));
    const second = find(thin, 'momentum', 'second');
    expect(second?.figures).toMatchObject({ runnerUp: 'Drama', runnerUpTitles: 11 });
    expect(second?.text).toMatch(/; Drama on 11 titles, too few to call\)\.$/);
    expect(focusGenres({ stage: 'forecast', params: {}, confidence: 1, raw: '/forecast' }, thin)).toEqual(['Action']);
    expect(focusGenres({ stage: 'forecast', params: {}, confidence: 1, raw: '/forecast' }, r)).toEqual(['Action', 'Drama']);
  });

  it('says so in one bullet with a single genre, and with none', () => {
    const one = run(recentMarket().filter((x) => x.genres[0] === 'Drama'));
    expectWellFormedDetails(one);
    expect(texts(one, 'momentum')).toEqual([
      `Only Drama has enough titles from the last ${one.data.windowMonths} months (21) to measure: too few genres to rank momentum.`,
    ]);
    const none = run([t({ genres: ['Drama'], releaseDate: '2001-01-01' })]);
    expectWellFormedDetails(none);
    expect(texts(none, 'momentum')).toEqual(['Too few releases from 2019-12-31 to 2024-12-31 to rank momentum.']);
  });
});

describe('velocity view', () => {
  const r = run(recentMarket());

  it('names the fastest title and its lead, the too-new title and the drop-off', () => {
    expectWellFormedDetails(r);
    const fastest = r.details.velocity[0];
    // Fresh: percentile 93.6 over the 30-day floor = 3.12/day; Breakout 96.2 over 213 days = 0.45/day
    expect(fastest.figures).toMatchObject({ title: 'Fresh', runnerUp: 'Breakout' });
    expect(fastest.figures.velocity).toBeCloseTo(P.fresh / 30, 12);
    expect(fastest.text).toBe('Fresh (2024) is fastest at 3.12 popularity percentile/day, ahead of Breakout (0.45) by 6.9×.');
    expect(find(r, 'velocity', 'floor')?.text).toBe(
      'Fresh came out only 10 days before the data date: its 3.12/day is its popularity over the 30-day floor, so it may still settle.',
    );
    expect(find(r, 'velocity', 'falls off')?.text).toContain('no other title reaches half the leader');
    // Old Timer's 98.7 over 716 days (0.14/day) is below the 8 Action titles (0.37/day): not in the top 10
    expect(r.data.velocityRanking.slice(0, 10).some((x) => x.title === 'Old Timer')).toBe(false);
    expect(find(r, 'velocity', 'Staying power')).toBeUndefined();
  });

  it('says so in one bullet with fewer than 3 recent titles', () => {
    const thin = run([t({ genres: ['Drama'], releaseDate: '2024-06-01' }), t({ genres: ['Drama'], releaseDate: '2001-06-01' })]);
    expectWellFormedDetails(thin);
    expect(texts(thin, 'velocity')).toEqual([
      `Only 1 released title with a known date from the last ${thin.data.windowMonths} months: too few to rank velocity.`,
    ]);
  });
});

describe('rising-stars view', () => {
  const r = run(recentMarket());

  it('names the top star, where the list breaks, and the star that gains least in absolute terms', () => {
    expectWellFormedDetails(r);
    // Fresh 3.12 / Action's 0.373 = 8.4×; Old Timer 0.138 / Comedy's 0.036 = 3.8×; Breakout 0.45 / Drama's 0.19 = 2.3× (under 3)
    expect(r.data.risingStars.map((s) => s.title)).toEqual(['Fresh', 'Old Timer']);
    expect(r.data.risingStars[0].ratio).toBeCloseTo(P.fresh / 30 / (P.action / 213), 12);
    expect(r.details['rising-stars'][0].text).toBe('Rising star: Fresh (2024) moves 8.4× faster than the Action median of titles released since 2019-12-31.');
    expect(find(r, 'rising-stars', 'stands apart')?.figures).toMatchObject({ title: 'Old Timer' });
    expect(find(r, 'rising-stars', 'Ratios are relative')?.figures).toMatchObject({ title: 'Old Timer', genre: 'Comedy' });
  });

  it('says so in one bullet when no title is far ahead of its genre', () => {
    const calm = run(recentMarket().filter((x) => !['Fresh', 'Breakout', 'Old Timer'].includes(x.title)));
    expectWellFormedDetails(calm);
    expect(texts(calm, 'rising-stars')).toEqual([
      `No title from the last ${calm.data.windowMonths} months moves 3.0× its genre's median velocity or more: no rising stars.`,
    ]);
  });
});

describe('accuracy view', () => {
  it('names where Prophet wins and which baseline shows elsewhere, the biggest margin and where seasonal naive itself wins', () => {
    const bts = {
      Drama: backtest('prophet', 0.5, 1.0), // 50 % lower than seasonal naive: the biggest margin
      Comedy: backtest('mean', 0.8, 0.9),
      Action: backtest('seasonal-naive', 1.1, 1.1, [['prophet', 1.3]]), // nothing beats last year
    };
    const r = run(seriesMarket(), models({ Drama: 50, Comedy: 30, Action: 20 }, bts), { genres: 'drama,comedy,action' });
    expectWellFormedDetails(r);
    expect(r.details.accuracy[0].text).toBe(
      'Prophet wins the backtest in 1 of 3 genres (Drama); the rest show the baseline that won: Comedy the historical mean, Action seasonal naive.',
    );
    expect(find(r, 'accuracy', 'nothing beats')?.text).toBe('In Action nothing beats repeating last year (seasonal naive, MASE 1.10): no outlook there.');
    expect(find(r, 'accuracy', 'biggest margin')?.figures).toEqual({ genre: 'Drama', mase: 0.5, baselineMase: 1 });
    expect(find(r, 'accuracy', 'biggest margin')?.text).toContain('50% lower');
    expect(find(r, 'accuracy', 'most predictable')?.figures).toEqual({ genre: 'Drama', smape: 10, worstGenre: 'Action', worstSmape: 22 });
  });

  it('says so in one bullet without a backtest', () => {
    const r = run(seriesMarket());
    expect(texts(r, 'accuracy')).toEqual(['No backtest to show: the forecasting models are not loaded.']);
    const short = run(seriesMarket(), models({ Drama: 1 }, {}));
    expect(texts(short, 'accuracy')).toEqual(['No backtest to show: the series are too short for a rolling-origin backtest.']);
  });
});

describe('the trending bullet says how much the shares swing', () => {
  it('sampleSd is the sample standard deviation (Python statistics.stdev: 2.138089935299395)', () => {
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935299395, 12);
    expect(sampleSd([3])).toBe(0);
  });

  /** Drama and Comedy, 6 titles each a quarter from 2022 Q4 to 2024 Q3; Drama's popularity by quarter as given. */
  const market = (drama: (q: number) => number): Title[] =>
    Array.from({ length: 8 }, (_, q) => `${2022 + Math.floor((9 + 3 * q) / 12)}-${String(((9 + 3 * q) % 12) + 1).padStart(2, '0')}-15`).flatMap((date, q) =>
      Array.from({ length: 6 }, (_, k) => [
        t({ genres: ['Drama'], popularity: drama(q) + k, voteAverage: 0, voteCount: 0, releaseDate: date }),
        t({ genres: ['Comedy'], popularity: 50 + k, voteAverage: 0, voteCount: 0, releaseDate: date }),
      ]).flat(),
    );
  const trending = (titles: Title[]) => run(titles, undefined, { genres: 'drama,comedy' }).insights.find((i) => i.text.startsWith('Trending:'));

  it('a steady rise beyond the swing of the quarterly shares is a trend, said with the swing', () => {
    const rise = trending(market((q) => (q < 4 ? 10 : 90)));
    expect(rise?.text).toMatch(
      /^Trending: Drama's share of new releases' engagement moved \+[\d.]+ points in the 12 months to 2024-09 on the 12 before, the most of the genres shown \(its quarterly shares swing ±[\d.]+ points\)\.$/,
    );
  });

  it('one genre is not ranked: no "the most of the genres shown" among one', () => {
    const alone = run(
      market((q) => (q < 4 ? 10 : 90)),
      undefined,
      { genres: 'drama' },
    ).insights.find((i) => i.text.startsWith('Trending:'));
    expect(alone?.text).toMatch(
      /^Trending: Drama's share of new releases' engagement moved [+−-][\d.]+ points in the 12 months to 2024-09 on the 12 before( \(its quarterly shares swing ±[\d.]+ points\)|, but its quarterly shares swing ±[\d.]+ points: not a clear trend)\.$/,
    );
  });

  it('a share that swings up and down each quarter is not called a trend', () => {
    const swings = trending(market((q) => (q % 2 === 0 ? 90 : 10) + (q === 7 ? 5 : 0)));
    expect(swings?.text).toMatch(/, but its quarterly shares swing ±[\d.]+ points: not a clear trend\.$/);
    expect(Number(swings?.figures.swing)).toBeGreaterThan(Math.abs(Number(swings?.figures.engagementTrend)));
  });
});

describe('details', () => {
  it('are deterministic', () => {
    expect(run(recentMarket()).details).toEqual(run(recentMarket()).details);
  });
});

describe('the decision line: the momentum claim with, beside it, how far the forecasts can be trusted', () => {
  it('one genre asked, Prophet lost its backtest: no ranking, and the figures are a baseline', () => {
    const r = run(seriesMarket(), models({ Drama: 50 }, { Drama: backtest('naive', 0.9, 1.0, [['prophet', 1.2]]) }), { genres: 'drama' });
    expect(r.data.momentum.map((m) => m.genre)).toEqual(['Drama']);
    const line = decisionFor(r);
    expect(line).toMatch(
      /^Drama: median velocity [\d.]+ popularity percentile\/day, \d+ titles released in the 24 months to 2024-12-31 \(the only genre measured, so no ranking\); /,
    );
    expect(line).toMatch(/; no outlook: Prophet lost Drama's backtest to naive \(MASE 0\.90 vs 1\.20 for Prophet\), so the forecast figures are a baseline\.$/);
    expect(line).not.toMatch(/most momentum|beat/);
  });

  it('Prophet won one of two backtests: which genre is an outlook and that the other is a baseline', () => {
    const r = run(
      seriesMarket(),
      models({ Drama: 56, Comedy: 30 }, { Drama: backtest('prophet', 0.5, 0.8), Comedy: backtest('seasonal-naive', 0.9, 0.9, [['prophet', 1.1]]) }),
      { genres: 'drama,comedy' },
    );
    expect(decisionFor(r)).toMatch(
      /^\w+ has the most momentum of the 2 genres ranked \(.*\); Prophet beat every baseline in 1 of 2 genres' backtests \(Drama\); the other genres' figures are baselines\.$/,
    );
  });

  it('a leader on few titles is "too few to call" in the decision and its bullet; no models: the forecasts are unproven', () => {
    const r = run(recentMarket());
    expect(decisionFor(r)).toBe(
      'Action has the most momentum of the 3 genres ranked (median velocity 0.37 popularity percentile/day, 11 titles released in the 60 months to 2024-12-31, too few to call); no forecast here could be backtested, so treat the forecast figures as unproven.',
    );
    expect(r.insights.find((i) => i.text.includes('most momentum'))?.text).toMatch(/across 11 titles, too few to call\.$/);
  });
});

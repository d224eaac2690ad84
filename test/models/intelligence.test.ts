import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog, type Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { titleKey, type Title } from '../../src/data/title.ts';
import { labelledTitles, outOfTimeSplit } from '../../src/core/intelligence/dataset.ts';
import { buildFeatureSpec, inputFeatures, titleFeatures } from '../../src/core/intelligence/features.ts';
import { createPort, loadModelBundle, trainModels, type ModelBundle } from '../../src/core/intelligence/index.ts';
import { BUNDLE_FORMAT } from '../../src/core/intelligence/bundle.ts';
import { percentileOf, riskLevel } from '../../src/core/intelligence/rules.ts';
import { comparablePopularity, isUpcoming, RATED_MIN_VOTES } from '../../src/core/measures.ts';
import type { CopilotInput, ModelPort } from '../../src/core/model-port.ts';
import { chooseGranularity, genreShareSeries, monthNumber, shiftMonth } from '../../src/core/series.ts';
import { columnsOf } from '../../src/core/columns.ts';
import { topGenresByVolume } from '../../src/core/stages/forecast.ts';
import { CANONICAL_GENRES, type Genre } from '../../src/data/genres.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import { InputError } from '../../src/core/types.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

let catalog: Catalog;
/** The one real-snapshot training of the suite (fewer trees than the product's defaults, to stay fast). */
let bundle: ModelBundle;
let port: ModelPort;

beforeAll(async () => {
  catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
  bundle = trainModels(catalog, 42, { boosterTrees: 60, forestTrees: 40 });
  port = createPort(bundle);
});

/** A smaller catalog (every 6th title) for the tests that train more than once. */
function smallCatalog(): Catalog {
  return buildCatalog(
    catalog.titles.filter((_, i) => i % 6 === 0),
    { source: 'test subset', fetchedAt: new Date('2026-01-01T00:00:00Z'), asOf: catalog.meta.asOf },
  );
}
const quick = { boosterTrees: 20, forestTrees: 10, forecastSeries: () => [] };

const scifi: CopilotInput = { genre: 'Science Fiction', mediaType: 'movie', budgetLevel: 8, quarter: 3 };

describe('features: known before release only', () => {
  it("never change with the title's own votes, rating or popularity", () => {
    const spec = buildFeatureSpec(catalog.titles, 2025);
    const t = catalog.titles.find((x) => x.releaseDate && x.budget) as Title;
    const other = { ...t, voteCount: t.voteCount * 10 + 1, voteAverage: 1, popularity: t.popularity * 100 + 1 };
    expect(titleFeatures(spec, other)).toEqual(titleFeatures(spec, t));
    expect(spec.names.some((n) => /vote|popularity|rating/i.test(n))).toBe(false);
  });

  it('map budgets to deciles of movie budgets, and ignore budget for TV', () => {
    const spec = buildFeatureSpec(catalog.titles, 2025);
    expect(spec.budgetCuts).toHaveLength(9);
    const col = spec.names.indexOf('budget level');
    const levels = catalog.titles.filter((t) => t.mediaType === 'movie' && t.budget && t.releaseDate).map((t) => titleFeatures(spec, t)[col]);
    for (let level = 1; level <= 10; level++) {
      const share = levels.filter((l) => l === level).length / levels.length;
      expect(share).toBeGreaterThan(0.07);
      expect(share).toBeLessThan(0.13);
    }
    expect(inputFeatures(spec, { ...scifi, mediaType: 'tv' })[col]).toBe(0);
    expect(inputFeatures(spec, scifi)[col]).toBe(8);
  });

  it('target the comparable popularity percentile: scaling one source changes no target', () => {
    const data = labelledTitles(catalog);
    expect(Math.min(...data.y)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...data.y)).toBeLessThanOrEqual(100);
    const source = data.titles[0].source;
    const scaled = buildCatalog(
      catalog.titles.map((t) => (t.source === source ? { ...t, popularity: t.popularity * 1000 } : t)),
      {
        source: 'scaled',
        fetchedAt: new Date('2026-01-01T00:00:00Z'),
        asOf: catalog.meta.asOf,
      },
    );
    expect(labelledTitles(scaled).y).toEqual(data.y);
    // the target is exactly the measure the stages use
    const pct = comparablePopularity(catalog.titles);
    const byKey = new Map(catalog.titles.map((t, i) => [`${t.mediaType}:${t.id}`, pct[i]]));
    expect(data.y.slice(0, 50)).toEqual(data.titles.slice(0, 50).map((t) => byKey.get(`${t.mediaType}:${t.id}`)));
  });

  it('split out of time: every training title is released before every test title', () => {
    const split = outOfTimeSplit(labelledTitles(catalog));
    // upcoming titles have no outcome: never trained or tested on
    expect([split.train, split.validation, split.test].every((d) => d.titles.every((t) => !isUpcoming(t, catalog.meta.asOf)))).toBe(true);
    const lastTrain = split.validation.titles.at(-1)?.releaseDate as string;
    expect(lastTrain < `${split.cutoff}-01-01`).toBe(true);
    expect(split.test.titles.every((t) => (t.releaseDate as string) >= `${split.cutoff}-01-01`)).toBe(true);
    expect(split.test.titles.length / (split.train.titles.length + split.validation.titles.length + split.test.titles.length)).toBeLessThan(0.25);
  });
});

describe('decision rules', () => {
  it('risk from the interval width, with the stated thresholds', () => {
    expect(riskLevel(1.2)).toBe('LOW');
    expect(riskLevel(2.2)).toBe('MEDIUM');
    expect(riskLevel(3)).toBe('HIGH');
    expect(riskLevel(Number.NaN)).toBe('HIGH');
  });

  it('percentile of a value among sorted values', () => {
    expect(percentileOf([1, 2, 3, 4], 2.5)).toBe(50);
  });
});

describe('the models on the real snapshot', () => {
  it('evaluate every model out of time against its baseline', () => {
    const names = new Set(bundle.metrics.map((m) => m.name));
    for (const n of ['popularity-booster', 'popularity-fallback', 'hit-forest', 'anomaly-isolation-forest']) expect(names).toContain(n);
    // One row per backtested forecast genre.
    expect([...names].filter((n) => n.startsWith('forecast ')).length).toBe(bundle.forecasts.filter((f) => f.backtest).length);
    expect(bundle.forecasts.filter((f) => f.backtest).length).toBeGreaterThanOrEqual(6);
    for (const m of bundle.metrics) {
      expect(Number.isFinite(m.value)).toBe(true);
      expect(Number.isFinite(m.baseline)).toBe(true);
    }
    const auc = bundle.metrics.find((m) => m.name === 'hit-forest' && m.metric === 'ROC AUC');
    expect(auc?.value).toBeGreaterThan(0.55);
    expect(bundle.accuracyNotes.join(' ')).toMatch(/R² .* vs genre-median baseline/);
  });

  it('answer the copilot with an interval, risk, recommendation and drivers that add up', () => {
    const p = port.copilot(scifi);
    expect(p.popularity.low).toBeLessThanOrEqual(p.popularity.value);
    expect(p.popularity.high).toBeGreaterThanOrEqual(p.popularity.value);
    expect(p.hitProbability).toBeGreaterThan(0);
    expect(p.hitProbability).toBeLessThan(1);
    expect(['LOW', 'MEDIUM', 'HIGH']).toContain(p.risk);
    expect(['GREENLIGHT', 'CONSIDER', 'PASS']).toContain(p.recommendation);
    const sum = p.drivers.reduce((s, d) => s + d.contribution, p.baseValue);
    expect(sum).toBeCloseTo(p.popularity.value, 9);
    expect(p.driverUnits).toBe('popularity percentile points');
    expect(p.popularity.value).toBeGreaterThanOrEqual(0);
    expect(p.popularity.high).toBeLessThanOrEqual(100);
    expect(p.money).toBeNull(); // no dollar budget given
    expect(p.drivers[0].feature).toMatch(/: /);
    expect(Math.abs(p.drivers[0].contribution)).toBeGreaterThanOrEqual(Math.abs(p.drivers.at(-1)?.contribution ?? 0));
    expect(p.model).toMatch(/boosted trees/);
    expect(p.accuracyNotes.length).toBeGreaterThan(0);
  });

  it('reacts to the budget level for movies but not for TV', () => {
    const low = port.copilot({ ...scifi, budgetLevel: 1 });
    const high = port.copilot({ ...scifi, budgetLevel: 10 });
    expect(high.popularity.value).not.toBe(low.popularity.value);
    const tvLow = port.copilot({ ...scifi, mediaType: 'tv', budgetLevel: 1 });
    const tvHigh = port.copilot({ ...scifi, mediaType: 'tv', budgetLevel: 10 });
    expect(tvHigh).toEqual(tvLow);
  });

  it('reject bad parameters before any model runs', () => {
    for (const bad of [{ budgetLevel: 0 }, { budgetLevel: 11 }, { quarter: 5 }, { genre: 'Scifi-ish westerns' }]) {
      expect(() => port.copilot({ ...scifi, ...bad } as CopilotInput)).toThrow(InputError);
    }
  });

  it('flag about 2% of the rated titles as anomalous, and score no title whose rating rests on too few votes', () => {
    const flags = port.anomalies();
    const rated = new Set(catalog.titles.filter((t) => t.voteCount >= RATED_MIN_VOTES).map((t) => titleKey(t)));
    expect(rated.size).toBeLessThan(catalog.titles.length); // the snapshot has unrated titles: the rule is exercised
    expect(new Set(flags.map((f) => f.key))).toEqual(rated);
    const share = flags.filter((f) => f.anomalous).length / flags.length;
    expect(share).toBeGreaterThan(0.015);
    expect(share).toBeLessThan(0.025);
  });

  it('serve the precomputed forecasts and compute others once (memoised)', () => {
    const pre = bundle.forecasts[0];
    expect(port.forecast(pre.genre, pre.history, 4, 3)).toBe(pre);
    expect(pre.forecast).toHaveLength(4); // 12 months in quarters
    const short = pre.history.slice(-12);
    const a = port.forecast('Western', short, 2, 3);
    expect(a.model).toMatch(/too little history to backtest/);
    expect(port.forecast('Western', short, 2, 3)).toBe(a);
  });
});

describe('the revenue model on the real snapshot', () => {
  const plan: CopilotInput = { genre: 'Action', mediaType: 'movie', budgetLevel: 10, quarter: 3, budgetUsd: 150e6 };
  const reference = { breakEvenRate: 0.45, medianMultiple: 2.4, hitRate: 0.5, medianPopularity: 60 };

  it('is evaluated out of time in two windows against both baselines, with the verdict track record', () => {
    expect(bundle.revenue?.windows.map((w) => w.name)).toEqual(['pre-pandemic', 'recent']);
    for (const w of bundle.revenue?.windows ?? []) {
      expect(w.nTest).toBeGreaterThan(100);
      expect(w.breakEven.reliability.reduce((n, b) => n + b.count, 0)).toBe(w.nTest);
      expect(w.trackRecord.map((g) => g.recommendation)).toEqual(['GREENLIGHT', 'CONSIDER', 'PASS']);
    }
    const rows = bundle.metrics.filter((m) => ['revenue-booster', 'break-even', 'verdict-track-record'].includes(m.name));
    expect(rows.filter((m) => m.name === 'verdict-track-record')).toHaveLength(2);
    for (const m of rows) expect(Number.isFinite(m.value) && Number.isFinite(m.baseline), m.metric).toBe(true);
  });

  it('answers a movie budget in money: revenue interval, multiple, break-even odds, drivers adding up to log revenue', () => {
    const p = port.copilot(plan, reference);
    const money = p.money;
    expect(money).not.toBeNull();
    if (!money) return;
    expect(money.revenue.low).toBeLessThan(money.revenue.value);
    expect(money.revenue.high).toBeGreaterThan(money.revenue.value);
    expect(money.multiple.value).toBeCloseTo(money.revenue.value / 150e6, 9);
    expect(money.breakEvenProbability).toBeGreaterThanOrEqual(0);
    expect(money.breakEvenProbability).toBeLessThanOrEqual(1);
    expect(p.drivers.reduce((s, d) => s + d.contribution, p.baseValue)).toBeCloseTo(Math.log(money.revenue.value), 9);
    expect(p.driverUnits).toMatch(/^log revenue/);
    // Its hit probability carries the money model's own hit forest, measured on the held-out windows (the weakest).
    const windows = bundle.revenue?.windows ?? [];
    expect(windows.length).toBeGreaterThan(0);
    expect(p.hitModel?.auc).toBe(Math.min(...windows.map((w) => w.hit.auc)));
    expect(p.hitModel?.calibrationError).toBe(Math.max(...windows.map((w) => w.hit.ece)));
  });

  it('names only given or assumed inputs as drivers, and lists what it assumed', () => {
    const p = port.copilot(plan, reference);
    const given = [/^budget \$150M$/, /^genre: Action$/, /^release: Q3 \(\w+ assumed\)$/];
    for (const d of p.drivers) expect(given.some((g) => g.test(d.feature)) || /\(assumed\)|^no studio named$/.test(d.feature), d.feature).toBe(true);
    const assumed = p.assumptions.join('; ');
    for (const part of ['runtime', 'original language', 'an original', 'production company', 'release year', 'release month']) expect(assumed).toContain(part);
  });

  it('TV gets no money, no budget driver, and the same answer at every budget', () => {
    const tv = port.copilot({ ...plan, mediaType: 'tv', budgetUsd: undefined }, reference);
    expect(tv.money).toBeNull();
    expect(tv.drivers.some((d) => /budget/i.test(d.feature))).toBe(false);
    expect(tv.assumptions.join(' ')).not.toMatch(/budget|\$/);
  });

  it('counts the budget as a cost: twice the budget, a lower predicted multiple', () => {
    // The hurdle grows with the budget: the same predicted revenue at twice the budget has lower odds.
    const p = port.copilot(plan, reference);
    const money = p.money;
    if (!money) throw new Error('no money');
    const doubled = port.copilot({ ...plan, budgetUsd: 300e6 }, reference).money;
    expect(doubled?.multiple.value).toBeLessThan(money.multiple.value);
  });
});

describe('automatic fallback', () => {
  it('answers with the fallback when the booster fails, and says so', () => {
    const b = trainModels(smallCatalog(), 42, { ...quick, regressorOverrides: { booster: { maxBins: 1 } } });
    expect(b.regressor.answer).toBe('fallback');
    expect(b.regressor.reason).toMatch(/booster failed \(maxBins/);
    const p = createPort(b).copilot(scifi);
    expect(p.model).toMatch(/fallback/);
    expect(p.accuracyNotes[0]).toMatch(/fallback.*booster failed/);
    expect(b.metrics.some((m) => m.name === 'popularity-booster')).toBe(false);
  });

  it('answers with the fallback when the booster validates worse', () => {
    // A booster that may not split (min 10⁹ rows per leaf) can only predict the mean.
    const b = trainModels(smallCatalog(), 42, { ...quick, regressorOverrides: { booster: { minDataInLeaf: 1e9 } } });
    expect(b.regressor.answer).toBe('fallback');
    expect(b.regressor.reason).toMatch(/fallback validated better/);
    expect(createPort(b).copilot(scifi).model).toMatch(/fallback/);
  });
});

describe('determinism and the cache', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'greenlight-models-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('same catalog and seed give bit-identical predictions; the cache reloads them exactly', async () => {
    const small = smallCatalog();
    const a = createPort(trainModels(small, 42, quick));
    const b = createPort(trainModels(small, 42, quick));
    const inputs: CopilotInput[] = [
      scifi,
      { genre: 'Horror', mediaType: 'tv', budgetLevel: 3, quarter: 1 },
      { genre: 'Drama', mediaType: 'movie', budgetLevel: 5, quarter: 4 },
    ];
    const answers = inputs.map((i) => a.copilot(i));
    expect(inputs.map((i) => b.copilot(i))).toEqual(answers);

    // Through the JSON cache on disk: first trained, then reloaded, with the same answers.
    const first = await loadModelBundle(small, { dataDir: dir, trainOverrides: quick });
    const second = await loadModelBundle(small, { dataDir: dir, trainOverrides: quick });
    expect(first.source).toBe('trained');
    expect(second.source).toBe('cache');
    expect(await readdir(join(dir, 'models'))).toHaveLength(1);
    const fresh = createPort(first.bundle);
    const reloaded = createPort(second.bundle);
    expect(inputs.map((i) => reloaded.copilot(i))).toEqual(inputs.map((i) => fresh.copilot(i)));
    expect(reloaded.anomalies()).toEqual(fresh.anomalies());

    // A bundle cached by an older format (e.g. forecasts over the uncut series) is retrained over, not reused.
    const stale = { ...second.bundle, format: BUNDLE_FORMAT - 1 };
    await writeFile(second.path, JSON.stringify(stale));
    const third = await loadModelBundle(small, { dataDir: dir, trainOverrides: quick });
    expect(third.source).toBe('trained');
    expect(third.bundle.format).toBe(BUNDLE_FORMAT);
  });
});

describe('genre forecasts on the snapshot', () => {
  it('are precomputed for every genre with titles, at every granularity a question about it can use', () => {
    const genres = topGenresByVolume(columnsOf(catalog), CANONICAL_GENRES.length);
    const monthly = genres.filter((g) => chooseGranularity(catalog, [g]) === 'month');
    expect(genres.length).toBeGreaterThan(6);
    expect(bundle.forecasts.map((f) => `${f.genre}/${f.periodMonths}`)).toEqual([...genres.map((g) => `${g}/3`), ...monthly.map((g) => `${g}/1`)]);
  });

  it('run from the last complete quarter before the as-of date, the largest genres backtested, one eval row per backtest', () => {
    const asOf = catalog.meta.asOf;
    const { span } = genreShareSeries(
      catalog,
      bundle.forecasts.map((f) => f.genre as Genre),
    );
    expect(span.granularity).toBe('quarter');
    // The history ends within six months of the collection date.
    expect(monthNumber(asOf) - monthNumber(span.end)).toBeLessThanOrEqual(6);
    for (const f of bundle.forecasts.filter((x) => x.periodMonths === 3)) {
      expect(f.history.at(-1)?.month).toBe(span.last);
      expect(f.forecast[0].month).toBe(shiftMonth(span.last, 3));
      if (f.backtest) expect(f.backtest.winner).toBe(f.method);
      expect(f.outlook).toBe(f.method === 'prophet');
    }
    for (const f of bundle.forecasts.slice(0, 6)) expect(f.backtest?.origins, f.genre).toBeGreaterThanOrEqual(4);
    const rows = bundle.metrics.filter((m) => m.name.startsWith('forecast '));
    expect(rows.map((m) => m.backtest?.genre)).toEqual(bundle.forecasts.filter((f) => f.backtest).map((f) => f.genre));
    for (const row of rows) {
      expect(row.value).toBe(row.backtest?.scores[0].mase);
      expect(row.baseline).toBe(row.backtest?.scores.find((x) => x.method === 'seasonal-naive')?.mase);
    }
  });

  it('stay shares: every forecast point and band within 0–100 %', () => {
    for (const f of bundle.forecasts)
      for (const p of f.forecast) expect(p.low >= 0 && p.low <= p.value && p.value <= p.high && p.high <= 100, f.genre).toBe(true);
  });

  it('answer the forecast stage from the precomputed forecasts, as of the collection date', () => {
    const r = validateAndRunStage('forecast', {}, { catalog, models: port, now: new Date('2026-03-01T00:00:00Z') });
    expect(r.data.series.map((s) => s.genre)).toEqual(bundle.forecasts.slice(0, 6).map((f) => f.genre));
    r.data.series.forEach((s, i) => expect(s.forecast).toBe(bundle.forecasts[i]));
    // Any other genres, two at a time, are answered from the bundle too (no Prophet fit while a person waits).
    const pair = validateAndRunStage(
      'forecast',
      { genres: [bundle.forecasts[9].genre, bundle.forecasts[12].genre] },
      { catalog, models: port, now: new Date('2026-03-01T00:00:00Z') },
    );
    expect(pair.data.series.map((s) => s.forecast)).toEqual([bundle.forecasts[9], bundle.forecasts[12]]);
    pair.data.series.forEach((s, i) => expect(s.forecast).toBe([bundle.forecasts[9], bundle.forecasts[12]][i]));
    expect(r.insights[0].figures).toMatchObject({ asOf: catalog.meta.asOf });
  });
});

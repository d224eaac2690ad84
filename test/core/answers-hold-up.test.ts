/**
 * Issue 13's reproducible examples, on the real snapshot: every one answers correctly now. Plus the scope test
 * (stages × genres × media types) and the agreement test (a stage bullet about a chart quotes that chart's data).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { chartsFor } from '../../charts/index.ts';
import { chatForm } from '../../charts/chat-form.ts';
import { parse } from '../../intents/index.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import type { CompareResult, IdentifyResult, StageResult, UnderstandResult } from '../../src/core/stages/types.ts';
import { InputError, type Insight, type StageName } from '../../src/core/types.ts';
import { FEW_TITLES, withArticle } from '../../src/core/words.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { CANONICAL_GENRES } from '../../src/data/genres.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';
import { catalogOf, title } from './fixtures.ts';

const now = new Date('2026-03-01T00:00:00Z');
let catalog: Catalog;

beforeAll(async () => {
  catalog = await importSnapshot(SNAPSHOT_DIR, now);
}, 120_000);

/** A question as a user types it, through the parser, to the stage result. */
function askStage(text: string): StageResult {
  const parsed = parse(text, { catalog });
  if (parsed.kind !== 'intent') throw new Error(`'${text}' did not parse: ${JSON.stringify(parsed)}`);
  const { stage, params } = parsed.intent;
  if (stage === 'help') throw new Error(`'${text}' parsed as help`);
  return validateAndRunStage(stage, params, { catalog, now });
}

/** The canonical genres a bullet names, leaving out names inside its string figures that are not genres (titles). */
function genresNamed(i: Insight): string[] {
  let text = i.text;
  for (const v of Object.values(i.figures)) {
    if (typeof v === 'string' && v.length > 3 && !(CANONICAL_GENRES as readonly string[]).includes(v)) text = text.split(v).join(' ');
  }
  return CANONICAL_GENRES.filter((g) => new RegExp(`\\b${g}\\b`).test(text));
}

const texts = (r: StageResult) => r.insights.map((i) => i.text);

describe('1. one popularity scale across sources', () => {
  it('compare "Dune: Part Two" vs Oppenheimer shows popularity percentiles, not raw TMDB values of different dates', () => {
    const r = askStage('/compare "Dune: Part Two" vs Oppenheimer') as CompareResult;
    const pop = r.data.metrics.find((m) => m.metric === 'popularity');
    expect(pop?.label).toMatch(/percentile/);
    expect(pop?.left).toBeLessThanOrEqual(100);
    expect(pop?.right).toBeLessThanOrEqual(100);
    const raw = [r.data.left.title?.rawPopularity, r.data.right.title?.rawPopularity].filter((v): v is number => v !== undefined && v > 100);
    for (const i of r.insights) for (const v of raw) expect(i.text, i.text).not.toContain(String(Math.round(v)));
  });
});

describe('two titles: a lead is a gap worth naming', () => {
  for (const question of ['/compare Barbie vs Oppenheimer', '/compare "Dune: Part Two" vs Oppenheimer']) {
    it(`${question}: a metric is a tie when the titles are close on both its scales (percentile and value)`, () => {
      const r = askStage(question) as CompareResult;
      const { titleTieGap, titleTieRelative } = r.data.significance;
      for (const m of r.data.metrics.filter((x) => x.winner !== null && x.test?.method === 'percentile')) {
        const relative = Math.abs((m.right ?? 0) - (m.left ?? 0)) / Math.max(Math.abs(m.left ?? 0), Math.abs(m.right ?? 0));
        const close = Math.abs(m.test?.effect ?? 0) < titleTieGap && relative < titleTieRelative;
        expect(m.winner === 'tie', `${m.label}: ${m.left} vs ${m.right}`).toBe(close);
      }
    });
  }

  it('the winner’s own leads are named when the widest gap is the other title’s, and no lead is said twice', () => {
    const r = askStage('/compare Barbie vs Oppenheimer') as CompareResult;
    const { winner } = r.data.overall;
    if (winner === 'tie') throw new Error('expected a winner on the real snapshot');
    const widest = r.insights.find((i) => i.text.startsWith('Widest gap:'))?.text ?? '';
    const leads = r.data.metrics.filter((m) => m.winner === winner);
    if (!widest.includes(`${r.data[winner].title?.title} ahead`)) {
      const named = r.insights.find((i) => !i.headline && i.text.startsWith(`${r.data[winner].label} leads on`));
      for (const m of leads) expect(named?.text).toContain(m.label);
    }
    // Each metric is named by at most one bullet.
    for (const m of r.data.metrics) {
      const naming = r.insights.filter((i) => i.text.includes(`${m.label} (`) || i.text.includes(`${m.label},`));
      expect(naming.length, m.label).toBeLessThanOrEqual(1);
    }
  });
});

describe('2. answers stay in the asked scope', () => {
  it('"What drives success for horror movies?" talks about horror, its drivers first', () => {
    const r = askStage('What drives success for horror movies?') as UnderstandResult;
    expect(r.stage).toBe('understand');
    expect(r.insights[0].text).toMatch(/Horror/);
    for (const i of r.insights) for (const g of genresNamed(i)) expect(g, i.text).toBe('Horror');
    expect(r.data.drivers.map((d) => d.genre)).toEqual(['Horror']);
  });

  it('"When is the best month to release a family movie?" leads with the Family window', () => {
    const r = askStage('When is the best month to release a family movie?') as IdentifyResult;
    expect(r.stage).toBe('identify');
    expect(r.insights[0].text).toMatch(/^Best month to release Family: /);
    const family = r.data.releaseWindow.best.find((b) => b.genre === 'Family');
    expect(r.insights[0].figures).toMatchObject({ genre: 'Family', bestMonth: family?.bestMonth, bestLift: family?.bestLift });
    for (const i of r.insights) for (const g of genresNamed(i)) expect(g, i.text).toBe('Family');
  });

  it('/identify Animation leads with Animation, never with a co-genre', () => {
    const r = askStage('/identify Animation');
    expect(r.insights[0].text).toMatch(/^Animation titles vs all titles: /);
    for (const i of r.insights) for (const g of genresNamed(i)) expect(g, i.text).toBe('Animation');
  });
});

describe('3. stage bullets agree with their charts', () => {
  it('identify: the stage’s best window is the release-window chart’s', () => {
    const r = validateAndRunStage('identify', {}, { catalog, now });
    const stage = r.insights.find((i) => i.text.startsWith('Best window'));
    if (stage) expect(stage.text).toBe(r.details['release-window'][0].text);
  });

  it('understand: the seasonal bullet is the seasonal chart’s hit-rate line, not a second measure', () => {
    const r = validateAndRunStage('understand', {}, { catalog, now });
    const seasonal = r.insights.find((i) => i.view === 'seasonal');
    expect(seasonal).toBeDefined();
    expect(r.details.seasonal.map((i) => i.text)).toContain(seasonal?.text);
    expect(texts(r).some((t) => /releases engage most/.test(t))).toBe(false);
  });

  it('explore: the largest genre is quoted with the share its bar is labelled with', () => {
    const r = validateAndRunStage('explore', {}, { catalog, now });
    const lead = r.data.genres[0];
    const bullet = r.details['genre-distribution'][0];
    expect(bullet.figures.titleShare).toBe(lead.titleShare);
    const label = chartsFor(r, { surface: 'dashboard' }).find((c) => c.id === 'explore.genre-distribution');
    const rows = (label?.spec as { data: { values: { genre: string; label: string }[] } }).data.values;
    const bar = rows.find((row) => row.genre === lead.genre)?.label ?? '';
    expect(bullet.text).toContain(bar.split(' · ')[1]);
  });

  it('explore in a genre scope: the genre chart draws what else those titles are, not the asked genre at 100 %', () => {
    const r = validateAndRunStage('explore', { type: 'tv', genres: ['Animation'] }, { catalog, now });
    const chart = chartsFor(r, { surface: 'dashboard' }).find((c) => c.id === 'explore.genre-distribution');
    const rows = (chart?.spec as { data: { values: { genre: string }[] } }).data.values;
    const drawn = [...new Set(rows.map((row) => row.genre))];
    expect(drawn).not.toContain('Animation');
    expect(drawn.length).toBeGreaterThan(0);
    expect(chart?.title).toBe('Other genres of Animation titles');
    // The bullet names the first bar, and so does the chart Slack and Teams draw.
    expect(r.details['genre-distribution'][0].text).toMatch(new RegExp(`^Animation titles most often also carry ${drawn[0]}: `));
    const form = chatForm(r, 'explore.genre-distribution').form;
    expect(form?.kind === 'bar' ? [form.title, form.categories[0]] : null).toEqual(['Other genres of Animation titles', drawn[0]]);
  });

  it('understand: the correlation chart names the strongest link its bullet names, engagement with its own inputs aside', () => {
    const r = validateAndRunStage('understand', {}, { catalog, now });
    const bullet = r.insights.concat(r.details.correlation).find((i) => i.text.startsWith('Strongest link:'));
    const rho = Number(bullet?.figures.rho);
    expect(Number.isFinite(rho)).toBe(true);
    const chart = chartsFor(r, { surface: 'dashboard' }).find((c) => c.id === 'understand.correlation');
    // Engagement is built from popularity and votes: its ρ 0.89 with popularity is by construction, not a finding.
    expect(chart?.alt).toMatch(new RegExp(`engagement with its own inputs aside, the strongest link is [\\w ]+ with [\\w ]+ \\(ρ ${rho.toFixed(2)}\\)\\.$`));
  });

  it('understand: the top driver names a genre the drivers chart shows', () => {
    const r = validateAndRunStage('understand', {}, { catalog, now });
    const driver = r.insights.find((i) => i.view === 'drivers');
    if (driver) expect(r.data.drivers.slice(0, 4).map((d) => d.genre)).toContain(driver.figures.genre);
  });
});

describe('4. thin data is not stated as fact', () => {
  it('"Is animation or documentary the better bet?": every lead is tested and says its p and group sizes', () => {
    const r = askStage('Is animation or documentary the better bet?') as CompareResult;
    expect(r.stage).toBe('compare');
    for (const m of r.data.metrics) {
      if (m.winner === 'left' || m.winner === 'right') {
        expect(m.test?.significant, m.metric).toBe(true);
        expect(Math.min(m.test?.n.left ?? 0, m.test?.n.right ?? 0), m.metric).toBeGreaterThanOrEqual(r.data.significance.minGroup);
      }
    }
    const gap = r.insights.find((i) => i.text.startsWith('Widest gap'));
    if (gap) expect(gap.text).toMatch(/Cliff's δ \d\.\d\d, p (< 0\.001|\d\.\d+), [\d,]+ vs [\d,]+ titles/);
  });

  it('33 documentaries without hits: named as thin, no widest gap on the hit rate', () => {
    const titles = [
      ...Array.from({ length: 120 }, (_, k) =>
        title({ genres: ['Animation'], popularity: 10 + k, voteAverage: 7, releaseDate: `${2015 + (k % 8)}-0${1 + (k % 9)}-10` }),
      ),
      ...Array.from({ length: 33 }, (_, k) =>
        title({ genres: ['Documentary'], popularity: 1 + (k % 3), voteAverage: 5, releaseDate: `${2015 + (k % 8)}-05-10` }),
      ),
    ];
    const r = validateAndRunStage('compare', { left: 'Animation', right: 'Documentary' }, { catalog: catalogOf(titles), now }) as CompareResult;
    const hit = r.data.metrics.find((m) => m.metric === 'hitRate');
    expect(hit?.right).toBe(0);
    expect(hit?.test).toMatchObject({ thin: true, n: { left: 120, right: 33 } });
    expect(hit?.winner).toBeNull();
    expect(texts(r).some((t) => t.startsWith('Widest gap'))).toBe(false);
    expect(texts(r).join(' ')).toMatch(/Documentary has [\d–]*33 titles a metric, under the 50 needed/);
  });

  it('two genres drawn from one distribution: "no significant difference", never a headline', () => {
    const titles = ['Horror', 'Thriller'].flatMap((g) =>
      Array.from({ length: 80 }, (_, k) =>
        title({
          genres: [g],
          popularity: 5 + ((k * 37) % 80),
          voteAverage: 5 + (k % 5),
          voteCount: 50 + k,
          releaseDate: `${2016 + (k % 8)}-0${1 + (k % 9)}-10`,
        }),
      ),
    );
    const r = validateAndRunStage('compare', { left: 'Horror', right: 'Thriller' }, { catalog: catalogOf(titles), now }) as CompareResult;
    expect(r.data.overall.won).toMatchObject({ left: 0, right: 0 });
    expect(r.insights[0].text).toMatch(/^No significant difference between Horror and Thriller/);
    expect(texts(r).some((t) => t.startsWith('Widest gap'))).toBe(false);
  });
});

describe('4b. a caveat stands in the bullet of the claim it qualifies', () => {
  it('seasonal hit rates: each month with its releases, and a gap chance could make is called so', () => {
    const all = validateAndRunStage('understand', {}, { catalog, now });
    const big = all.insights.find((i) => i.view === 'seasonal')?.text ?? '';
    expect(big).toMatch(/^\w{3} releases become hits most often \(\d+% of [\d,]+\), \w{3} releases least \(\d+% of [\d,]+\)/);
    // Western: a few dozen titles a month, so the best and worst months' gap is within what chance gives 12 months.
    const thin = validateAndRunStage('understand', { genres: ['Western'] }, { catalog, now });
    const seasonal = [...thin.insights, ...thin.details.seasonal].find((i) => i.text.includes('become hits most often'));
    expect(seasonal?.text).toMatch(/ — a gap chance alone could open between the best and the worst month\.$/);
  });

  it('the best-converting genre: a lead chance could give the best of the genres ranked is called so', () => {
    const bullet = (params: Record<string, unknown>) => {
      const r = validateAndRunStage('explore', params, { catalog, now });
      return [...r.insights, ...Object.values(r.details).flat()].find((i) => i.text.includes('converts best'))?.text ?? '';
    };
    expect(bullet({})).toMatch(/^\w+ converts best: \d+% of its [\d,]+ titles are hits, against \d+% overall\.$/);
    // Within horror movies the co-genres are a few dozen titles each: the best of them is not told apart from chance.
    expect(bullet({ type: 'movie', genres: ['Horror'] })).toMatch(/ — a lead chance alone could give the best of the genres ranked\.$/);
  });

  it('the best release window: called only beyond chance — its month against its twelve, and against the genres charted', () => {
    const r = validateAndRunStage('identify', {}, { catalog, now });
    const bullet = r.insights.find((i) => i.view === 'release-window');
    const { genre, bestMonth } = bullet?.figures as { genre: string; bestMonth: number };
    const best = r.data.releaseWindow.best.find((b) => b.genre === genre && b.bestMonth === bestMonth);
    expect(best?.bestP).not.toBeNull();
    // Mann–Whitney's p of the month against the genre's other months, times twelve (the month was picked as the best).
    expect(bullet?.text).toContain(` over its twelve months`);
    if (bullet?.text.startsWith('Best window')) expect(bullet.text).toContain('beyond chance across the genres charted too');
    else {
      expect(bullet?.text).toMatch(
        /^No release month beats chance: the largest lift, [\w ]+ in \w{3}, is [\d.]+× its average \([\d,]+ titles(, too few to call)?; p [\d.<> ]+ over its twelve months(, before allowing for the genres compared)?\)\.$/,
      );
      // The genres compared are named only when they decide the call: significant alone, not among the genres.
      expect(bullet?.text.includes('before allowing for the genres compared')).toBe((best?.bestP ?? 1) < 0.05);
    }
  });

  it(`a release month resting on fewer than ${FEW_TITLES} titles is said to be too few to call, beside its lift`, () => {
    for (const params of [{ type: 'tv' }, {}, { genres: ['Western'] }]) {
      const r = validateAndRunStage('identify', params, { catalog, now });
      const cells = r.data.releaseWindow.cells;
      for (const bullet of [...r.insights, ...r.details['release-window']].filter((i) => /^(Best (window|month)|No (release )?month)/.test(i.text))) {
        const { genre, bestMonth, worstMonth } = bullet.figures as { genre: string; bestMonth: number; worstMonth: number };
        // "No release month beats chance" names only the largest lift; the other forms also the weakest month.
        for (const month of bullet.text.startsWith('No release month') ? [bestMonth] : [bestMonth, worstMonth]) {
          const titles = cells.find((c) => c.genre === genre && c.month === month)?.titles ?? 0;
          const quoted = `${titles.toLocaleString('en-US')} titles${titles < FEW_TITLES ? ', too few to call' : ''}`;
          // After "(" or ", ": the whole count, not the end of a larger one.
          expect(bullet.text.includes(`(${quoted}`) || bullet.text.includes(`, ${quoted}`), `${genre} month ${month}: ${bullet.text}`).toBe(true);
        }
      }
    }
  });
});

describe('5. the title-vs-title trend says whose lines they are', () => {
  it('/compare "Dune: Part Two" vs Oppenheimer: the lines are the titles’ genres, named as such', () => {
    const r = askStage('/compare "Dune: Part Two" vs Oppenheimer') as CompareResult;
    expect(r.data.trendLabels.left).toMatch(/^Science Fiction movies \(genre\)$/);
    expect(r.data.trendLabels.right).toMatch(/ \(genre\)\s*$/);
    expect(r.data.trendBasis).toMatch(/^These lines are genres, not the titles/);
    const chart = chartsFor(r).find((c) => c.id === 'compare.trend');
    expect(chart?.title).toMatch(/^Their genres over the years/);
    const legend = JSON.stringify(chart?.spec);
    expect(legend).toContain('Dune: Part Two itself'); // the title's own point, ringed at its release year
  });
});

describe('6. words', () => {
  it('articles: "an Animation series", "an Action movie", "a Drama movie"', () => {
    expect(withArticle('Animation series')).toBe('an Animation series');
    expect(withArticle('Action movie')).toBe('an Action movie');
    expect(withArticle('Drama movie')).toBe('a Drama movie');
    expect(withArticle('TV series')).toBe('a TV series');
  });

  it('no raw language code in a reply’s scope: "ko" is Korean', () => {
    const r = validateAndRunStage('explore', { type: 'tv', genre: 'drama', language: 'ko' }, { catalog, now });
    expect(r.data.scope.label).toBe('TV · Drama · Korean');
    for (const t of texts(r)) expect(t).not.toMatch(/\bko\b/);
  });

  it('no internal id when both sides are the same title', () => {
    const parsed = parse('/compare Avatar vs Avatar', { catalog });
    expect(parsed.kind).toBe('error');
    if (parsed.kind === 'error') {
      expect(parsed.message).toMatch(/^Both sides are the same title \(Avatar \(movie, \d{4}\)\)/);
      expect(parsed.message).not.toMatch(/movie:\d+/);
    }
  });

  it('/compare drama vs drama is refused: what was wrong, what is accepted, other genres as the fix', () => {
    const parsed = parse('/compare drama vs drama', { catalog });
    expect(parsed.kind).toBe('error');
    if (parsed.kind === 'error') {
      expect(parsed.field).toBe('right');
      expect(parsed.message).toBe(
        'Both sides are the same genre (Drama): a genre compared with itself ties on every metric. Compare two different genres, e.g. "Drama vs Comedy", or two titles.',
      );
      expect(parsed.suggestions.map((s) => s.command)).toEqual(['/compare drama vs Comedy', '/compare drama vs Thriller']);
    }
    expect(() => validateAndRunStage('compare', { left: 'Comedy', right: 'comedy' }, { catalog, now })).toThrow(/same genre \(Comedy\)/);
  });

  it('/compare Drama vs names the missing RIGHT side', () => {
    const parsed = parse('/compare Drama vs', { catalog });
    expect(parsed.kind).toBe('error');
    if (parsed.kind === 'error') {
      expect(parsed.field).toBe('right');
      expect(parsed.message).toBe('Name what to compare Drama with on the right, e.g. "Drama vs Comedy".');
    }
    expect(() => validateAndRunStage('compare', { left: 'Drama vs' }, { catalog, now })).toThrow(InputError);
  });
});

describe('7. "data as of" is the collection date', () => {
  it('is not taken from titles released after collection', () => {
    const newestRelease = catalog.titles.reduce((m, t) => (t.releaseDate && t.releaseDate > m ? t.releaseDate : m), '');
    expect(catalog.meta.asOf < newestRelease).toBe(true);
    const r = validateAndRunStage('explore', {}, { catalog, now });
    expect(r.asOf).toBe(catalog.meta.asOf);
  });
});

// ------------------------------------------------------------------ scope test

const SCOPE_GENRES = ['Horror', 'Family', 'Animation', 'Drama', 'Documentary'] as const;
const MEDIA = ['movie', 'tv', 'all'] as const;
const SCOPED_STAGES = ['explore', 'understand', 'identify'] as const satisfies readonly StageName[];

describe('scope: every genre a scoped bullet names is the scope’s', () => {
  for (const stage of SCOPED_STAGES) {
    for (const genre of SCOPE_GENRES) {
      it.each(MEDIA)(`${stage} ${genre} %s`, (mediaType) => {
        let r: StageResult;
        try {
          r = validateAndRunStage(stage, { genres: [genre], mediaType }, { catalog, now });
        } catch (e) {
          // a scope with no titles is an input error, said plainly; nothing else may throw
          expect(e).toBeInstanceOf(InputError);
          return;
        }
        expect(r.insights.length).toBeGreaterThan(0);
        for (const i of r.insights) {
          for (const g of genresNamed(i)) expect(g, `${stage} ${genre} ${mediaType}: ${i.text}`).toBe(genre);
        }
        // the scope is set against its market, explicitly ("Horror movies vs all movies"), by explore and identify
        const market = (r.data as { market: { label: string } | null }).market;
        expect(market?.label).toMatch(/^all /);
        if (stage !== 'understand')
          expect(
            r.insights.some((i) => i.text.includes(market?.label ?? '?')),
            texts(r).join('\n'),
          ).toBe(true);
      });
    }
  }
});

/**
 * Understand's details: the bullets about each view of its data, one view per chart (`understand.<view>`),
 * computed from what that chart draws. The sentences the stage-level insights share with a view are built here once.
 */
import { insight, int, num, pct, pWords, rankInsights, times, titleWithYear } from '../insights.ts';
import { RATED_MIN_VOTES } from '../measures.ts';
import { PICKED_GAP_ALPHA, pickedGapP } from '../stats/tests.ts';
import type { Insight } from '../types.ts';
import type { UNDERSTAND_LIMITS } from './understand.ts';
import type { CorrelationCell, DriverRow, Scope, SeasonRow, UnderstandData, UnderstandView } from './types.ts';

/**
 * How much of the data each chart draws: `charts/understand.ts` draws with these, and the bullets speak only of
 * what is drawn.
 */
export const UNDERSTAND_VIEW_LIMITS = {
  /** Genres in the drivers chart (the first of the stage's driver genres, the largest). */
  driverGenres: 4,
  /** A month needs this many releases before its engagement or hit rate is compared. */
  minMonthReleases: 10,
  /** A window with fewer releases than this is too thin for monthly trends. */
  minWindowReleases: 30,
} as const;

type Limits = Pick<typeof UNDERSTAND_LIMITS, 'alpha' | 'negligible' | 'minDriverTitles'>;

/** Words for the measures and driver characteristics (the charts' axis names, charts/format.ts, say the same). */
export const LABELS: Record<string, string> = {
  popularity: 'popularity',
  voteAverage: 'rating',
  voteCount: 'vote count',
  engagement: 'engagement',
  runtime: 'runtime',
  budget: 'budget',
  revenue: 'revenue',
  releaseYear: 'release year',
  genreCount: 'number of genres',
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// ------------------------------------------------------------ sentences shared with the stage insights

/** Off-diagonal cells (x < y) with a ρ, less engagement against its own inputs (linked by construction). */
function linkCells(cells: readonly CorrelationCell[]): CorrelationCell[] {
  const own = new Set(['popularity', 'voteAverage', 'voteCount']);
  return cells.filter((c) => c.x < c.y && c.rho !== null && c.p !== null && !(c.x === 'engagement' && own.has(c.y)) && !(c.y === 'engagement' && own.has(c.x)));
}

/** The strongest link between two measures (not engagement with its own inputs): what the bullet and the chart name. */
export function strongestLink(cells: readonly CorrelationCell[]): (CorrelationCell & { rho: number; p: number }) | null {
  const strongest = [...linkCells(cells)].sort((a, b) => Math.abs(b.rho ?? 0) - Math.abs(a.rho ?? 0) || a.x.localeCompare(b.x))[0];
  return strongest && strongest.rho !== null && strongest.p !== null ? { ...strongest, rho: strongest.rho, p: strongest.p } : null;
}

/** The strongest link between two measures (not engagement with its own inputs). */
export function strongestLinkInsight(cells: readonly CorrelationCell[]): Insight | null {
  const strongest = strongestLink(cells);
  if (!strongest) return null;
  return insight(
    `Strongest link: ${LABELS[strongest.x]} and ${LABELS[strongest.y]} (Spearman ρ ${strongest.rho.toFixed(2)}, ${pWords(strongest.p)}, ${strongest.n.toLocaleString('en-US')} titles).`,
    { x: strongest.x, y: strongest.y, rho: strongest.rho, p: strongest.p, n: strongest.n },
    0.5 + Math.abs(strongest.rho) * 0.4,
    'correlation',
  );
}

/** Budget against engagement, or that too few budgets are known to say. */
export function budgetInsight(cells: readonly CorrelationCell[]): Insight | null {
  const budgetCell = cells.find((c) => c.x === 'budget' && c.y === 'engagement');
  if (!budgetCell) return null;
  if (budgetCell.rho === null) {
    return insight(
      budgetCell.n === 0
        ? 'No title here has a budget (TMDB has no budgets for TV and for many snapshot movies), so budget cannot be correlated with engagement.'
        : `Budget is known for only ${int(budgetCell.n)} titles here (TMDB has no budgets for TV and for many snapshot movies), too few to correlate with engagement.`,
      { n: budgetCell.n },
      0.55,
      'correlation',
    );
  }
  return insight(
    `Bigger budgets go with ${budgetCell.rho >= 0 ? 'higher' : 'lower'} engagement (ρ ${budgetCell.rho.toFixed(2)} over ${int(budgetCell.n)} titles with a known budget).`,
    { rho: budgetCell.rho, n: budgetCell.n },
    0.4 + Math.abs(budgetCell.rho) * 0.3,
    'correlation',
  );
}

/** Months of the year with enough releases to compare their engagement or hit rate. */
export function comparableMonths(season: readonly SeasonRow[]): SeasonRow[] {
  return season.filter((s) => s.meanEngagement !== null && s.releases >= UNDERSTAND_VIEW_LIMITS.minMonthReleases);
}

/** The months with the highest and the lowest hit rate among those with enough releases (ties: earlier month). */
function hitExtremes(months: readonly SeasonRow[]): { best: SeasonRow; worst: SeasonRow } {
  const best = [...months].sort((a, b) => (b.hitRate ?? 0) - (a.hitRate ?? 0) || a.month - b.month)[0];
  const worst = [...months].sort((a, b) => (a.hitRate ?? 0) - (b.hitRate ?? 0) || a.month - b.month)[0];
  return { best, worst };
}

/**
 * Whether the best and worst months' hit rates differ by more than chance: a two-proportion test, its p multiplied by
 * the month pairs the two were picked from (Bonferroni: the extremes of 12 months differ even when no month matters).
 */
function extremesGap(best: SeasonRow, worst: SeasonRow, months: number): { chance: boolean } {
  const hits = (m: SeasonRow) => Math.round((m.hitRate ?? 0) * m.releases);
  return { chance: pickedGapP(hits(best), best.releases, hits(worst), worst.releases, (months * (months - 1)) / 2) >= PICKED_GAP_ALPHA };
}

/** The month whose releases become hits most and least often: what the seasonal chart's hit-rate line shows. */
export function seasonalHitInsight(season: readonly SeasonRow[], scope: Scope): Insight | null {
  const months = comparableMonths(season);
  if (months.length < 2) return null;
  const { best, worst } = hitExtremes(months);
  if ((best.hitRate ?? 0) <= (worst.hitRate ?? 0)) return null;
  const gap = extremesGap(best, worst, months.length);
  return insight(
    `${best.name} releases become hits most often (${pct(best.hitRate ?? 0)} of ${int(best.releases)}), ${worst.name} releases least (${pct(worst.hitRate ?? 0)} of ${int(worst.releases)}), against ${pct(scope.hitRate)} of all titles here` +
      `${gap.chance ? ' — a gap chance alone could open between the best and the worst month' : ''}.`,
    { bestMonth: best.name, hitRate: best.hitRate ?? 0, worstMonth: worst.name, worstHitRate: worst.hitRate ?? 0, overallHitRate: scope.hitRate },
    0.55,
    'seasonal',
  );
}

/** The genres the drivers chart shows (the first of the stage's driver genres). */
export function driverGenresShown(rows: readonly DriverRow[]): DriverRow[] {
  return rows.slice(0, UNDERSTAND_VIEW_LIMITS.driverGenres);
}

/** Said when the asked genres have no significant engagement driver (or too few titles to measure one). */
export function noDriverInsight(data: UnderstandData, limits: Limits): Insight {
  const names = data.market?.focus.join(', ') ?? 'this scope';
  const row = data.drivers[0];
  if (!row) {
    return insight(
      `${names} has fewer than ${limits.minDriverTitles} titles here: too few to measure what goes with engagement.`,
      { titles: data.scope.titles, minDriverTitles: limits.minDriverTitles },
      1,
      'drivers',
    );
  }
  return insight(
    `No characteristic clearly drives engagement in ${row.genre} (no |ρ| ≥ ${limits.negligible} with p < ${limits.alpha} over ${int(row.titles)} titles).`,
    { genre: row.genre, titles: row.titles, negligible: limits.negligible, alpha: limits.alpha },
    1,
    'drivers',
  );
}

/** Said instead of a seasonal pattern when fewer than two months have enough releases. */
export function seasonThinInsight(scope: Scope): Insight {
  return insight(`Too few dated releases (${int(scope.titles)} titles in scope) to read a seasonal pattern.`, { titles: scope.titles }, 0.5);
}

/** The clearest significant engagement driver among the genres' strongest ones (undefined: none is significant). */
export function clearestDriver(rows: readonly DriverRow[], limits: Limits) {
  return rows
    .flatMap((d) => d.drivers.slice(0, 1).map((r) => ({ genre: d.genre, ...r })))
    .filter((r) => r.p < limits.alpha && Math.abs(r.rho) >= limits.negligible)
    .sort((a, b) => Math.abs(b.rho) - Math.abs(a.rho) || a.genre.localeCompare(b.genre))[0];
}

/** The clearest significant engagement driver among the genres' strongest ones. */
export function topDriverInsight(rows: readonly DriverRow[], limits: Limits): Insight | null {
  const top = clearestDriver(rows, limits);
  if (!top) return null;
  return insight(
    `In ${top.genre}, ${LABELS[top.variable]} is the clearest engagement driver (ρ ${top.rho.toFixed(2)}, ${int(top.n)} titles).`,
    { genre: top.genre, variable: top.variable, rho: top.rho, n: top.n },
    0.45 + Math.abs(top.rho) * 0.3,
    'drivers',
  );
}

/** How many titles the isolation forest flags, and the most unusual one. */
export function anomalyCountInsight(anomalies: UnderstandData['anomalies']): Insight | null {
  const a = anomalies.titles[0];
  if (!anomalies.available || !a) return null;
  return insight(
    `${int(anomalies.count)} of the ${int(anomalies.scored)} titles rated by ${RATED_MIN_VOTES}+ voters (${pct(anomalies.rate)}) are anomalous; the most unusual is ${titleWithYear(a)}.`,
    { count: anomalies.count, scored: anomalies.scored, rate: anomalies.rate, title: a.title },
    0.42,
    'anomalies',
  );
}

// ------------------------------------------------------------ views

function correlation(data: UnderstandData, limits: Limits): Insight[] {
  const { scope, correlation: corr } = data;
  const known = corr.cells.filter((c) => c.x < c.y && c.rho !== null);
  if (known.length === 0) {
    return [
      insight(
        `Too few titles here (${int(scope.titles)}) to correlate any two measures: each pair needs ${corr.minPairs}.`,
        { titles: scope.titles, minPairs: corr.minPairs },
        1,
      ),
    ];
  }
  const out: (Insight | null)[] = [strongestLinkInsight(corr.cells), budgetInsight(corr.cells)];
  const opposed = linkCells(corr.cells)
    .filter((c) => (c.rho ?? 0) <= -limits.negligible && (c.p ?? 1) < limits.alpha)
    .sort((a, b) => (a.rho ?? 0) - (b.rho ?? 0) || a.x.localeCompare(b.x))[0];
  if (opposed && opposed.rho !== null) {
    out.push(
      insight(
        `The strongest opposite link: higher ${LABELS[opposed.x]} goes with lower ${LABELS[opposed.y]} (ρ ${opposed.rho.toFixed(2)}, ${int(opposed.n)} titles).`,
        { x: opposed.x, y: opposed.y, rho: opposed.rho, n: opposed.n },
        0.45,
      ),
    );
  }
  // How many titles each measure is known for: the diagonal cells' n.
  const sparse = corr.cells.filter((c) => c.x === c.y && c.n < scope.titles / 2).sort((a, b) => a.n - b.n || a.x.localeCompare(b.x));
  if (sparse.length > 0 && sparse.length < corr.variables.length) {
    const names = sparse.map((c) => LABELS[c.x]);
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    const lo = sparse[0].n;
    const hi = sparse[sparse.length - 1].n;
    out.push(
      insight(
        `${capital(list)} ${names.length === 1 ? 'is' : 'are'} known for only ${lo === hi ? int(lo) : `${int(lo)}–${int(hi)}`} of the ${int(scope.titles)} titles: their cells rest on those alone.`,
        { n: lo, titles: scope.titles },
        0.35,
      ),
    );
  }
  return rankInsights(out);
}

function drivers(data: UnderstandData, limits: Limits): Insight[] {
  const shown = data.drivers.slice(0, UNDERSTAND_VIEW_LIMITS.driverGenres);
  const bars = shown.flatMap((g) => g.drivers.map((d) => ({ genre: g.genre, ...d })));
  if (bars.length === 0) {
    return [
      insight(
        `No genre here has the ${limits.minDriverTitles} titles with known values needed to measure what goes with engagement.`,
        { titles: data.scope.titles },
        1,
      ),
    ];
  }
  const out: (Insight | null)[] = [topDriverInsight(shown, limits)];
  const significant = (d: { p: number; rho: number }) => d.p < limits.alpha && Math.abs(d.rho) >= limits.negligible;
  const variables = [...new Set(bars.map((b) => b.variable))].sort();
  if (shown.length >= 2) {
    // A characteristic that goes with engagement the same way in every genre shown.
    const steady = variables
      .map((v) => ({ v, rows: bars.filter((b) => b.variable === v) }))
      .filter(({ rows }) => rows.length === shown.length && rows.every(significant) && (rows.every((r) => r.rho > 0) || rows.every((r) => r.rho < 0)))
      .map(({ v, rows }) => ({ v, rows: [...rows].sort((a, b) => Math.abs(a.rho) - Math.abs(b.rho) || a.genre.localeCompare(b.genre)) }))
      .sort((a, b) => Math.abs(b.rows[0].rho) - Math.abs(a.rows[0].rho) || a.v.localeCompare(b.v))[0];
    if (steady) {
      const lo = steady.rows[0];
      const hi = steady.rows[steady.rows.length - 1];
      out.push(
        insight(
          `${capital(LABELS[steady.v])} goes with ${hi.rho > 0 ? 'more' : 'less'} engagement in all ${shown.length} genres shown, from ρ ${lo.rho.toFixed(2)} in ${lo.genre} to ${hi.rho.toFixed(2)} in ${hi.genre}.`,
          { variable: steady.v, lowGenre: lo.genre, lowRho: lo.rho, highGenre: hi.genre, highRho: hi.rho },
          0.42,
        ),
      );
    }
    // The characteristic whose link differs most between the genres shown.
    const split = variables
      .map((v) => {
        const rows = bars.filter((b) => b.variable === v).sort((a, b) => b.rho - a.rho || a.genre.localeCompare(b.genre));
        return { v, hi: rows[0], lo: rows[rows.length - 1] };
      })
      .filter((s) => s.hi !== s.lo && s.hi.rho - s.lo.rho >= 0.1)
      .sort((a, b) => b.hi.rho - b.lo.rho - (a.hi.rho - a.lo.rho) || a.v.localeCompare(b.v))[0];
    if (split) {
      out.push(
        insight(
          `${capital(LABELS[split.v])} matters most in ${split.hi.genre} (ρ ${split.hi.rho.toFixed(2)}) and least in ${split.lo.genre} (ρ ${split.lo.rho.toFixed(2)}${significant(split.lo) ? '' : ', not significant'}).`,
          { variable: split.v, genre: split.hi.genre, rho: split.hi.rho, lowGenre: split.lo.genre, lowRho: split.lo.rho },
          0.4,
        ),
      );
    }
  }
  const faded = bars.filter((b) => b.p >= limits.alpha);
  if (faded.length > 0) {
    const weakest = [...faded].sort((a, b) => b.p - a.p || a.genre.localeCompare(b.genre) || a.variable.localeCompare(b.variable))[0];
    out.push(
      insight(
        `${faded.length} of the ${bars.length} bars are faded (p ≥ ${limits.alpha}); the least telling is ${LABELS[weakest.variable]} in ${weakest.genre} (ρ ${weakest.rho.toFixed(2)}, ${pWords(weakest.p)}, ${int(weakest.n)} titles).`,
        { variable: weakest.variable, genre: weakest.genre, rho: weakest.rho, p: weakest.p, n: weakest.n },
        0.3,
      ),
    );
  }
  return rankInsights(out);
}

function seasonal(data: UnderstandData): Insight[] {
  const { scope, seasonal: season } = data;
  const months = comparableMonths(season);
  if (months.length < 2) return [seasonThinInsight(scope)];
  const out: (Insight | null)[] = [];
  const byShare = [...season].sort((a, b) => b.releases - a.releases || a.month - b.month);
  const busiest = byShare[0];
  const quietest = [...season].sort((a, b) => a.releases - b.releases || a.month - b.month)[0];
  out.push(
    insight(
      `${busiest.name} is the busiest month with ${pct(busiest.share)} of dated releases (${int(busiest.releases)}), against ${pct(1 / 12)} for an even spread; ${quietest.name} is the quietest (${pct(quietest.share)}).`,
      { busiestMonth: busiest.name, share: busiest.share, releases: busiest.releases, quietestMonth: quietest.name, quietestShare: quietest.share },
      0.5,
    ),
  );
  const { best, worst } = hitExtremes(months);
  out.push(seasonalHitInsight(season, scope));
  if (busiest !== best && busiest !== worst && busiest.hitRate !== null && months.includes(busiest) && scope.hitRate > 0) {
    out.push(
      insight(
        `${busiest.name}, the busiest month, converts ${busiest.hitRate >= scope.hitRate ? 'above' : 'below'} average: ${pct(busiest.hitRate)} of its releases are hits, against ${pct(scope.hitRate)} overall.`,
        { month: busiest.name, hitRate: busiest.hitRate, overallHitRate: scope.hitRate },
        0.4,
      ),
    );
  }
  const q4 = season.filter((s) => s.month >= 10).reduce((s, m) => s + m.share, 0);
  const q1 = season.filter((s) => s.month <= 3).reduce((s, m) => s + m.share, 0);
  if (Math.abs(q4 - q1) >= 0.02) {
    out.push(
      insight(
        `${q4 > q1 ? 'Oct–Dec' : 'Jan–Mar'} draws ${pct(Math.max(q4, q1))} of dated releases against ${pct(Math.min(q4, q1))} for ${q4 > q1 ? 'Jan–Mar' : 'Oct–Dec'}.`,
        { titles: scope.titles },
        0.3,
      ),
    );
  }
  return rankInsights(out);
}

function monthly(data: UnderstandData): Insight[] {
  const { scope, monthly: rows, monthlyYears: years } = data;
  const total = rows.reduce((s, m) => s + m.releases, 0);
  if (total === 0) return [insight(`None of the ${int(scope.titles)} titles here came out in the last ${years} years.`, { titles: scope.titles, years }, 1)];
  if (total < UNDERSTAND_VIEW_LIMITS.minWindowReleases) {
    return [
      insight(
        `Only ${int(total)} of the ${int(scope.titles)} titles here came out in the last ${years} years: too few to read monthly trends.`,
        { titles: scope.titles, years },
        1,
      ),
    ];
  }
  const out: (Insight | null)[] = [];
  const busiest = [...rows].sort((a, b) => b.releases - a.releases || a.month.localeCompare(b.month))[0];
  const perMonth = total / rows.length;
  out.push(
    insight(
      `The busiest month was ${busiest.month} with ${int(busiest.releases)} releases, ${times(busiest.releases / perMonth)} the monthly average of ${num(perMonth)}.`,
      { month: busiest.month, releases: busiest.releases },
      0.45,
    ),
  );
  const engTotal = rows.reduce((s, m) => s + (m.meanEngagement ?? 0) * m.releases, 0);
  const meanEng = engTotal / total;
  const solid = rows.filter((m) => m.meanEngagement !== null && m.releases >= UNDERSTAND_VIEW_LIMITS.minMonthReleases);
  if (solid.length >= 2 && meanEng > 0) {
    const peak = [...solid].sort((a, b) => (b.meanEngagement ?? 0) - (a.meanEngagement ?? 0) || a.month.localeCompare(b.month))[0];
    out.push(
      insight(
        `${peak.month} stands out: its ${int(peak.releases)} releases average ${num(peak.meanEngagement ?? 0)} engagement, ${times((peak.meanEngagement ?? 0) / meanEng)} the window's ${num(meanEng)}.`,
        { month: peak.month, releases: peak.releases, meanEngagement: peak.meanEngagement ?? 0 },
        0.5,
      ),
    );
  }
  const half = Math.floor(rows.length / 2);
  const sum = (list: typeof rows) => list.reduce((s, m) => s + m.releases, 0);
  const earlier = rows.slice(0, half);
  const later = rows.slice(half);
  const r1 = sum(earlier);
  const r2 = sum(later);
  if (r1 > 0 && r2 > 0 && r1 !== r2) {
    const mean = (list: typeof rows, n: number) => list.reduce((s, m) => s + (m.meanEngagement ?? 0) * m.releases, 0) / n;
    out.push(
      insight(
        `Since ${later[0].month}, ${int(r2)} releases against ${int(r1)} in the ${half} months before (the newest months are still filling in), averaging ${num(mean(later, r2))} engagement against ${num(mean(earlier, r1))}.`,
        { since: later[0].month, from: earlier[0].month },
        0.4,
      ),
    );
  }
  const empty = rows.filter((m) => m.releases === 0);
  if (empty.length > 0) {
    out.push(
      insight(
        `${empty.length} of the ${rows.length} months have no release at all; the latest is ${empty[empty.length - 1].month}.`,
        { month: empty[empty.length - 1].month },
        0.25,
      ),
    );
  }
  return rankInsights(out);
}

function anomalies(data: UnderstandData): Insight[] {
  const { scope, anomalies: a } = data;
  if (!a.available) {
    return [insight(`No anomaly model is loaded for this answer, so none of the ${int(scope.titles)} titles is scored.`, { titles: scope.titles }, 1)];
  }
  if (a.titles.length === 0) {
    return [
      insight(
        `The isolation forest flags none of the ${int(a.scored)} titles here rated by ${RATED_MIN_VOTES}+ voters as unusual (titles with fewer votes are not scored).`,
        { scored: a.scored, count: a.count },
        1,
      ),
    ];
  }
  const listed = a.titles;
  const n = listed.length;
  const out: (Insight | null)[] = [anomalyCountInsight(a)];
  if (scope.tv > 0 && scope.movie > 0) {
    const tv = listed.filter((t) => t.mediaType === 'tv').length;
    out.push(
      insight(
        `${tv} of the ${n} most unusual titles ${tv === 1 ? 'is a TV series' : 'are TV series'}, against ${pct(scope.tv / scope.titles)} TV among all titles here.`,
        { tv: scope.tv, titles: scope.titles },
        0.38,
      ),
    );
  }
  const hits = listed.filter((t) => t.hit).length;
  out.push(
    insight(
      `${hits === n ? `All ${n}` : `${hits} of the ${n}`} most unusual titles are hits, against ${pct(scope.hitRate)} of all titles here.`,
      { hitRate: scope.hitRate, hits: scope.hits },
      0.34,
    ),
  );
  if (n >= 2) {
    const byVote = [...listed].sort((x, y) => x.voteAverage - y.voteAverage || x.key.localeCompare(y.key));
    const lo = byVote[0];
    const hi = byVote[n - 1];
    if (hi.voteAverage > lo.voteAverage) {
      out.push(
        insight(
          `Their ratings run from ${lo.title} (${lo.voteAverage.toFixed(1)}, popularity percentile ${num(lo.popularity)}) to ${hi.title} (${hi.voteAverage.toFixed(1)}).`,
          { title: lo.title, voteAverage: lo.voteAverage, popularity: lo.popularity, topRated: hi.title, topVote: hi.voteAverage },
          0.3,
        ),
      );
    }
  }
  return rankInsights(out);
}

/** The bullets about each of Understand's views (1–4 each; one "too little data" bullet when a view is thin). */
export function understandDetails(data: UnderstandData, limits: Limits): Record<UnderstandView, Insight[]> {
  return {
    correlation: correlation(data, limits),
    drivers: drivers(data, limits),
    seasonal: seasonal(data),
    monthly: monthly(data),
    anomalies: anomalies(data),
  };
}

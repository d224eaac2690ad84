/**
 * Identify's details: bullets about each view of its data, one view per chart (`charts/identify.ts`).
 *
 * - saturation: the zones of the genres with enough titles (the bubbles: supply share × hit rate);
 * - share-gap: share of hits against share of titles, in points (`SHARE_GAP_GENRES` of them: the largest gains and the largest shortfalls);
 * - pareto: how concentrated engagement is over all titles (the curve);
 * - pareto-by-genre: the same per genre with enough titles (the `PARETO_GENRES` most concentrated);
 * - release-window: month lifts of the `WINDOW_GENRES` largest genres with enough titles (the heatmap).
 *
 * Each view selects its genres with the function its chart calls (`solidGenres`, `shareGapGenres`,
 * `paretoGenres`, `windowGenres`), so the bullets speak of what the reader sees. The sentences the stage-level
 * insights share with a view (zones, the Pareto share, the best window) are built here once and used by both.
 */
import type { Genre } from '../../data/genres.ts';
import type { MediaType } from '../../data/title.ts';
import { insight, int, monthName, pct, pWords, rankInsights, times } from '../insights.ts';
import { listOf, mediaPopulation, tooFewNote } from '../words.ts';
import type { Insight } from '../types.ts';
import type { IdentifyData, IdentifyView, SaturationRow } from './types.ts';

/** Genres the share-gap chart shows: half the largest gains of hit share over title share, half the largest shortfalls. */
export const SHARE_GAP_GENRES = 12;
/** Genres the Pareto-by-genre chart shows (the most concentrated). */
export const PARETO_GENRES = 14;
/** Genres the release-window heatmap shows (the largest). */
export const WINDOW_GENRES = 10;

type Sat = IdentifyData['saturation'];
type BestWindow = IdentifyData['releaseWindow']['best'][number];

/** Genres with enough titles for their zone to be argued from, in the result's order (by index). */
export function solidGenres(sat: Sat): SaturationRow[] {
  return sat.genres.filter((g) => !g.thin);
}

const gapOf = (g: SaturationRow) => g.hitShare - g.supplyShare;
/** Percentage points of a difference of shares: 0.127 → "12.7". */
const points = (share: number) => (Math.abs(share) * 100).toFixed(1);

// ------------------------------------------------------------------ sentences shared with the stage's insights

/** The GREEN genre with the lowest index; or that none reaches GREEN; or that every genre is too thin to zone. */
export function zoneInsight(data: IdentifyData): Insight {
  const sat = data.saturation;
  const solid = solidGenres(sat);
  const g0 = solid.find((g) => g.zone === 'GREEN');
  if (g0) {
    return insight(
      `${g0.genre} is in the GREEN zone: ${pct(g0.supplyShare)} of titles, ${pct(g0.hitShare)} of hits (index ${(g0.index ?? 0).toFixed(2)}).`,
      { genre: g0.genre, supplyShare: g0.supplyShare, hitShare: g0.hitShare, index: g0.index ?? 0 },
      0.9,
      'saturation',
    );
  }
  if (solid.length > 0) {
    return insight(
      `No genre with ${sat.thresholds.minTitles}+ titles reaches the GREEN zone (index ≤ ${sat.thresholds.green}) here.`,
      { green: sat.thresholds.green, minTitles: sat.thresholds.minTitles },
      0.7,
    );
  }
  return insight(
    `Every genre here has fewer than ${sat.thresholds.minTitles} titles: too thin to call zones.`,
    { minTitles: sat.thresholds.minTitles, titles: data.scope.titles },
    1,
  );
}

/** The most crowded RED genre (the largest supply share), or null when no genre with enough titles is RED. */
export function crowdedInsight(sat: Sat): Insight | null {
  const red = solidGenres(sat).filter((g) => g.zone === 'RED');
  const r0 = [...red].sort((a, b) => b.supplyShare - a.supplyShare || a.genre.localeCompare(b.genre))[0];
  if (!r0) return null;
  return insight(
    r0.index !== null
      ? `${r0.genre} is crowded (RED): ${pct(r0.supplyShare)} of titles but only ${pct(r0.hitShare)} of hits (index ${r0.index.toFixed(2)}).`
      : `${r0.genre} is crowded (RED): ${pct(r0.supplyShare)} of titles and no hits.`,
    { genre: r0.genre, supplyShare: r0.supplyShare, hitShare: r0.hitShare },
    0.8,
    'saturation',
  );
}

/** The share of titles holding 80% of all engagement. */
export function paretoInsight(pareto: IdentifyData['pareto']): Insight {
  const { titleShareFor80, titles } = pareto.overall;
  return insight(
    `${pct(titleShareFor80)} of titles hold 80% of all engagement${titleShareFor80 <= 0.3 ? ': a classic long tail' : ''}.`,
    { titleShareFor80, titles },
    0.6,
    'pareto',
  );
}

/** A genre's best and worst months, when both are known and differ. */
function isWindow(b: BestWindow): b is BestWindow & { bestMonth: number; worstMonth: number; bestLift: number; worstLift: number } {
  return b.bestLift !== null && b.bestMonth !== null && b.worstLift !== null && b.worstMonth !== null && b.bestMonth !== b.worstMonth;
}

/**
 * A release-window cell's size, to stand beside its lift: a month's mean engagement over a few titles moves with one
 * hit, so under `FEW_TITLES` it is said to be too few to call ("8 titles, too few to call").
 */
function windowCellSize(win: IdentifyData['releaseWindow'], genre: string): (month: number) => string {
  return (month) => {
    const titles = win.cells.find((c) => c.genre === genre && c.month === month)?.titles ?? 0;
    return `${int(titles)} titles${tooFewNote(titles)}`;
  };
}

/** The significance level a release window is called at (its p adjusted for the months, and genres, it was picked from). */
const WINDOW_ALPHA = 0.05;

/**
 * The strongest release window (the highest best-month lift) among the given genres — called a window only when its
 * month beats the genre's other months beyond the luck of picking the highest of all the genre-months looked at.
 */
export function bestWindowInsight(win: IdentifyData['releaseWindow'], among: readonly Genre[]): Insight | null {
  const keep = new Set<string>(among);
  const pool = win.best.filter(isWindow).filter((b) => keep.has(b.genre));
  const w0 = [...pool].sort((a, b) => b.bestLift - a.bestLift || a.genre.localeCompare(b.genre))[0];
  if (!w0) return null;
  const size = windowCellSize(win, w0.genre);
  // `bestP` allows for the twelve months; the best of several genres' best months also allows for the genres.
  const p = w0.bestP;
  const beyond = p !== null && Math.min(1, p * pool.length) < WINDOW_ALPHA;
  const test =
    p === null
      ? ''
      : // Against several genres' best months: said when it decides the call (significant alone, not among them).
        `; ${pWords(p)} over its twelve months${pool.length > 1 ? (beyond ? ', beyond chance across the genres charted too' : p < WINDOW_ALPHA ? ', before allowing for the genres compared' : '') : ''}`;
  const figures = { genre: w0.genre, bestMonth: w0.bestMonth, bestLift: w0.bestLift, worstMonth: w0.worstMonth, worstLift: w0.worstLift };
  if (!beyond) {
    return insight(
      `No release month beats chance: the largest lift, ${w0.genre} in ${monthName(w0.bestMonth)}, is ${times(w0.bestLift)} its average (${size(w0.bestMonth)}${test}).`,
      figures,
      0.5,
      'release-window',
    );
  }
  return insight(
    `Best window: ${w0.genre} released in ${monthName(w0.bestMonth)} engages ${times(w0.bestLift)} its average (${size(w0.bestMonth)}${test}); its weakest month is ${monthName(w0.worstMonth)} (${times(w0.worstLift)}, ${size(w0.worstMonth)}).`,
    figures,
    0.5,
    'release-window',
  );
}

/** "Animation movies", "Drama TV series", "Family titles". */
const focusWords = (genre: string, mediaType: MediaType | 'all' | undefined) => `${genre} ${mediaPopulation(mediaType)}`;

/** What a saturation zone says of a genre, in words. */
export function zoneMeaning(zone: SaturationRow['zone']): string {
  return zone === 'GREEN' ? 'under-served and strong' : zone === 'RED' ? 'crowded for what it delivers' : 'in between';
}

/** An asked genre's zone among all genres of its market (or that it is too thin to zone). */
export function focusZoneInsight(data: IdentifyData, genre: Genre, mediaType: MediaType | 'all' | undefined, weight: number): Insight {
  const sat = data.saturation;
  const market = data.market?.label ?? 'all titles';
  const row = sat.genres.find((g) => g.genre === genre);
  if (!row) return insight(`No ${focusWords(genre, mediaType)} among ${market}: no zone to call.`, { genre }, weight, 'saturation');
  if (row.thin) {
    return insight(
      `Only ${int(row.titles)} ${focusWords(genre, mediaType)} among ${market}: under the ${sat.thresholds.minTitles} needed to call a zone.`,
      { genre, titles: row.titles, minTitles: sat.thresholds.minTitles },
      weight,
      'saturation',
    );
  }
  const what = zoneMeaning(row.zone);
  return insight(
    `${focusWords(genre, mediaType)} vs ${market}: ${row.zone} (${what}): ${pct(row.supplyShare)} of titles, ${pct(row.hitShare)} of hits${row.index === null ? '' : ` (index ${row.index.toFixed(2)})`}; hit rate ${pct(row.hitRate)} vs ${pct(sat.overallHitRate)}.`,
    {
      genre,
      zone: row.zone,
      supplyShare: row.supplyShare,
      hitShare: row.hitShare,
      hitRate: row.hitRate,
      overallHitRate: sat.overallHitRate,
      ...(row.index === null ? {} : { index: row.index }),
    },
    weight,
    'saturation',
  );
}

/** An asked genre's best and worst release months (the heatmap's row for it), or that its months are too thin. */
export function focusWindowInsight(win: IdentifyData['releaseWindow'], genre: Genre, weight: number): Insight {
  const b = win.best.find((x) => x.genre === genre);
  if (!b || !isWindow(b)) {
    return insight(
      `${genre} has fewer than two release months with ${win.minCell}+ titles: too few to name a best month.`,
      { genre, minCell: win.minCell },
      weight,
      'release-window',
    );
  }
  const size = windowCellSize(win, genre);
  // The best of twelve months: its test allows for the twelve looked at.
  const p = b.bestP;
  const test = p === null ? '' : `, ${pWords(p)} over its twelve months`;
  if (p === null || p >= WINDOW_ALPHA) {
    return insight(
      `No month stands out for ${genre} beyond chance: the best, ${monthName(b.bestMonth)}, is ${times(b.bestLift)} its average engagement (${size(b.bestMonth)}${test}); the weakest ${monthName(b.worstMonth)} (${times(b.worstLift)}, ${size(b.worstMonth)}).`,
      { genre, bestMonth: b.bestMonth, bestLift: b.bestLift, worstMonth: b.worstMonth, worstLift: b.worstLift },
      weight,
      'release-window',
    );
  }
  return insight(
    `Best month to release ${genre}: ${monthName(b.bestMonth)}, ${times(b.bestLift)} its average engagement (${size(b.bestMonth)}${test}); the weakest is ${monthName(b.worstMonth)} (${times(b.worstLift)}, ${size(b.worstMonth)}).`,
    { genre, bestMonth: b.bestMonth, bestLift: b.bestLift, worstMonth: b.worstMonth, worstLift: b.worstLift },
    weight,
    'release-window',
  );
}

/** How concentrated the asked scope's engagement is (the Pareto curve, drawn over the scope). */
export function scopeParetoInsight(data: IdentifyData, mediaType: MediaType | 'all' | undefined): Insight {
  const { titleShareFor80, titles } = data.pareto.overall;
  const name = data.market ? `${listOf(data.market.focus)} ${mediaPopulation(mediaType)}` : 'titles';
  return insight(
    `${pct(titleShareFor80)} of the ${int(titles)} ${name} hold 80% of their engagement${titleShareFor80 <= 0.3 ? ': a few hits carry the genre' : ''}.`,
    { titleShareFor80, titles },
    0.6,
    'pareto',
  );
}

// ------------------------------------------------------------------ views

/** The bubbles: which zone the genres fall in, how far hit rates spread, which genre is about to change zone. */
function saturationView(data: IdentifyData): Insight[] {
  const sat = data.saturation;
  const { minTitles, green, red } = sat.thresholds;
  const solid = solidGenres(sat);
  if (solid.length === 0) return [zoneInsight(data)];
  if (solid.length === 1) {
    const only = solid[0];
    return [
      insight(
        `Only ${only.genre} has ${minTitles}+ titles here: saturation zones need at least two genres to compare.`,
        { genre: only.genre, titles: only.titles, minTitles },
        1,
      ),
    ];
  }
  const focus = data.market?.focus ?? [];
  const out: (Insight | null)[] = [
    ...focus.map((g) => focusZoneInsight(data, g, undefined, 1)),
    focus.length > 0 ? null : zoneInsight(data),
    crowdedInsight(sat),
  ];

  // The largest GREEN genre, when it is not the strongest one already named: a big genre that still over-delivers.
  const greens = solid.filter((g) => g.zone === 'GREEN');
  const bigGreen = [...greens].sort((a, b) => b.titles - a.titles || a.genre.localeCompare(b.genre))[0];
  if (bigGreen && bigGreen !== greens[0] && sat.overallHitRate > 0) {
    out.push(
      insight(
        `${bigGreen.genre} is the largest GREEN genre: ${int(bigGreen.titles)} titles (${pct(bigGreen.supplyShare)} of supply) still hit at ${pct(bigGreen.hitRate)}, ${times(bigGreen.hitRate / sat.overallHitRate)} the overall ${pct(sat.overallHitRate)}.`,
        { genre: bigGreen.genre, titles: bigGreen.titles, supplyShare: bigGreen.supplyShare, hitRate: bigGreen.hitRate, overallHitRate: sat.overallHitRate },
        0.7,
      ),
    );
  }

  // The AMBER genre closest to a zone line.
  const edge = solid
    .filter((g): g is SaturationRow & { index: number } => g.zone === 'AMBER' && g.index !== null)
    .map((g) => ({ g, toGreen: g.index - green, toRed: red - g.index }))
    .map((e) => ({ ...e, distance: Math.min(e.toGreen, e.toRed) }))
    .sort((a, b) => a.distance - b.distance || a.g.genre.localeCompare(b.g.genre))[0];
  if (edge) {
    const { g } = edge;
    out.push(
      insight(
        edge.toRed <= edge.toGreen
          ? `${g.genre} is closest to turning RED: index ${g.index.toFixed(2)} against the ${red} line, with ${pct(g.supplyShare)} of titles and a ${pct(g.hitRate)} hit rate.`
          : `${g.genre} is closest to turning GREEN: index ${g.index.toFixed(2)} against the ${green} line, with a ${pct(g.hitRate)} hit rate on ${pct(g.supplyShare)} of titles.`,
        { genre: g.genre, index: g.index, line: edge.toRed <= edge.toGreen ? red : green, supplyShare: g.supplyShare, hitRate: g.hitRate },
        0.6,
      ),
    );
  }

  // How far hit rates spread around the overall rate.
  const byRate = [...solid].sort((a, b) => b.hitRate - a.hitRate || a.genre.localeCompare(b.genre));
  const hi = byRate[0];
  const lo = byRate[byRate.length - 1];
  out.push(
    insight(
      `Hit rates of genres with ${minTitles}+ titles run from ${pct(lo.hitRate)} (${lo.genre}) to ${pct(hi.hitRate)} (${hi.genre}), against ${pct(sat.overallHitRate)} over all titles.`,
      { low: lo.hitRate, lowGenre: lo.genre, high: hi.hitRate, highGenre: hi.genre, overallHitRate: sat.overallHitRate, minTitles },
      0.5,
    ),
  );
  return rankInsights(out);
}

/**
 * The genres the share-gap chart shows, largest gain first: both ends of the gap — the largest gains and the
 * largest shortfalls, half the chart each (all genres when they fit).
 */
export function shareGapGenres(sat: Sat): SaturationRow[] {
  const sorted = [...solidGenres(sat)].sort((a, b) => gapOf(b) - gapOf(a) || a.genre.localeCompare(b.genre));
  if (sorted.length <= SHARE_GAP_GENRES) return sorted;
  const half = SHARE_GAP_GENRES / 2;
  return [...sorted.slice(0, half), ...sorted.slice(-half)];
}

/** The dot pairs: who gains most hit share for its size, who falls furthest short, where the largest genre stands. */
function shareGapView(data: IdentifyData): Insight[] {
  const sat = data.saturation;
  const shown = shareGapGenres(sat);
  if (shown.length < 2) {
    return [
      insight(
        `Fewer than two genres here have ${sat.thresholds.minTitles}+ titles: too thin to compare shares of hits with shares of titles.`,
        { minTitles: sat.thresholds.minTitles, titles: data.scope.titles },
        1,
      ),
    ];
  }
  const out: (Insight | null)[] = [];
  const lead = shown[0];
  out.push(
    gapOf(lead) > 0
      ? insight(
          `${lead.genre} gains most: ${pct(lead.hitShare)} of hits from ${pct(lead.supplyShare)} of titles, ${points(gapOf(lead))} points more than its size.`,
          { genre: lead.genre, hitShare: lead.hitShare, supplyShare: lead.supplyShare },
          0.9,
        )
      : insight(
          `No genre charted wins a larger share of hits than of titles; ${lead.genre} comes closest (${pct(lead.hitShare)} of hits, ${pct(lead.supplyShare)} of titles).`,
          { genre: lead.genre, hitShare: lead.hitShare, supplyShare: lead.supplyShare },
          0.9,
        ),
  );

  // The furthest short among all genres with enough titles; the chart keeps only the largest gains, so say when
  // it is not among them.
  const solid = solidGenres(sat);
  const last = [...solid].sort((a, b) => gapOf(a) - gapOf(b) || a.genre.localeCompare(b.genre))[0];
  if (last && last !== lead && gapOf(last) < 0) {
    const charted = shown.includes(last);
    out.push(
      insight(
        `${last.genre} falls furthest short: ${pct(last.supplyShare)} of titles, ${pct(last.hitShare)} of hits, ${points(gapOf(last))} points below its size${charted ? '' : ` (not among the ${SHARE_GAP_GENRES} charted)`}.`,
        { genre: last.genre, supplyShare: last.supplyShare, hitShare: last.hitShare },
        0.8,
      ),
    );
  }

  // The largest genre charted, when it is not the leader: does size come with a matching share of hits?
  const big = [...shown].sort((a, b) => b.supplyShare - a.supplyShare || a.genre.localeCompare(b.genre))[0];
  if (big && big !== lead && big !== last) {
    const gap = gapOf(big);
    const verdict = Math.abs(gap) < 0.005 ? 'about even' : `${points(gap)} points ${gap > 0 ? 'more' : 'less'} than its size`;
    out.push(
      insight(
        `${big.genre}, the largest genre charted (${pct(big.supplyShare)} of titles), takes ${pct(big.hitShare)} of hits: ${verdict}.`,
        { genre: big.genre, supplyShare: big.supplyShare, hitShare: big.hitShare },
        0.6,
      ),
    );
  }
  return rankInsights(out);
}

/** The curve: the 80% share, and how much the very top and the best half hold. */
function paretoView(data: IdentifyData): Insight[] {
  const { curve, titles } = data.pareto.overall;
  if (titles < 10 || curve.length < 101) {
    return [insight(`Only ${int(titles)} titles here: too few to measure how concentrated engagement is.`, { titles }, 1)];
  }
  const out: (Insight | null)[] = [data.market ? scopeParetoInsight(data, undefined) : paretoInsight(data.pareto)];
  const top = (p: number) => curve[p].y;
  if (titles >= 100) {
    out.push(
      insight(
        `The top 1% of titles (${int(Math.round(titles / 100))}) hold ${pct(top(1))} of all engagement; the top 10% hold ${pct(top(10))}.`,
        { top1: top(1), top10: top(10), titles },
        0.55,
      ),
    );
  } else {
    out.push(insight(`The top 10% of titles (${int(Math.round(titles / 10))}) hold ${pct(top(10))} of all engagement.`, { top10: top(10), titles }, 0.55));
  }
  out.push(
    insight(
      `The classic top 20% of titles hold ${pct(top(20))} of engagement here, ${top(20) >= 0.8 ? 'at least' : 'short of'} the 80% of an 80/20 rule.`,
      { top20: top(20) },
      0.5,
    ),
  );
  out.push(
    insight(
      `The best half of titles hold ${pct(top(50))} of engagement, leaving ${pct(1 - top(50))} to the other ${int(titles - Math.round(titles / 2))}.`,
      { top50: top(50), titles },
      0.45,
    ),
  );
  return rankInsights(out);
}

/** The genres the Pareto-by-genre chart shows: those with enough titles, most concentrated first (its cut). */
export function paretoGenres(data: IdentifyData): IdentifyData['pareto']['byGenre'] {
  const minTitles = data.saturation.thresholds.minTitles;
  return data.pareto.byGenre
    .filter((g) => g.titles >= minTitles)
    .sort((a, b) => a.titleShareFor80 - b.titleShareFor80)
    .slice(0, PARETO_GENRES);
}

/** The bars: the most and least concentrated genres, how many beat the catalog's concentration, the largest one. */
function paretoByGenreView(data: IdentifyData): Insight[] {
  const minTitles = data.saturation.thresholds.minTitles;
  const overall = data.pareto.overall.titleShareFor80;
  const shown = paretoGenres(data);
  if (shown.length < 2) {
    return [
      insight(
        `Fewer than two genres here have ${minTitles}+ titles: too thin to compare how concentrated genres are.`,
        { minTitles, titles: data.scope.titles },
        1,
      ),
    ];
  }
  const out: (Insight | null)[] = [];
  const first = shown[0];
  const last = shown[shown.length - 1];
  out.push(
    insight(
      `${first.genre} is the most hit-driven genre: ${pct(first.titleShareFor80)} of its titles hold 80% of its engagement, against ${pct(overall)} for all titles.`,
      { genre: first.genre, titleShareFor80: first.titleShareFor80, overall },
      0.8,
    ),
  );
  if (first.titleShareFor80 > 0 && last.titleShareFor80 > first.titleShareFor80) {
    out.push(
      insight(
        `Attention is most spread out in ${last.genre} of the genres charted: it takes ${pct(last.titleShareFor80)} of its titles to reach 80%, ${times(last.titleShareFor80 / first.titleShareFor80)} ${first.genre}'s share.`,
        { genre: last.genre, titleShareFor80: last.titleShareFor80, mostConcentrated: first.titleShareFor80 },
        0.7,
      ),
    );
  }
  const eligible = data.pareto.byGenre.filter((g) => g.titles >= minTitles);
  const tighter = eligible.filter((g) => g.titleShareFor80 < overall).length;
  out.push(
    insight(
      `${tighter} of the ${eligible.length} genres with ${minTitles}+ titles are more concentrated than the catalog as a whole, where ${pct(overall)} of titles hold 80%.`,
      { overall, minTitles },
      0.5,
    ),
  );
  const big = [...shown].sort((a, b) => b.titles - a.titles || a.genre.localeCompare(b.genre))[0];
  if (big && big !== first && big !== last) {
    const d = big.titleShareFor80 - overall;
    const how = Math.abs(d) < 0.01 ? 'about as concentrated as' : d < 0 ? 'more concentrated than' : 'less concentrated than';
    out.push(
      insight(
        `The largest genre charted, ${big.genre} (${int(big.titles)} titles), needs ${pct(big.titleShareFor80)} of its titles for 80%: ${how} the catalog (${pct(overall)}).`,
        { genre: big.genre, titles: big.titles, titleShareFor80: big.titleShareFor80, overall },
        0.6,
      ),
    );
  }
  return rankInsights(out);
}

/** The genres the release-window heatmap shows: the asked genres first, then the largest with enough titles. */
export function windowGenres(data: Pick<IdentifyData, 'saturation' | 'market'>): Genre[] {
  const focus = (data.market?.focus ?? []).filter((g) => data.saturation.genres.some((r) => r.genre === g));
  const largest = solidGenres(data.saturation)
    .sort((a, b) => b.titles - a.titles)
    .map((g) => g.genre)
    .filter((g) => !focus.includes(g));
  return [...focus, ...largest].slice(0, Math.max(WINDOW_GENRES, focus.length));
}

/** The heatmap: the strongest window, the months that lift or sink most genres, the least seasonal genre. */
function releaseWindowView(data: IdentifyData): Insight[] {
  const win = data.releaseWindow;
  const { minTitles } = data.saturation.thresholds;
  const genres = windowGenres(data);
  if (genres.length === 0) {
    return [insight(`No genre here has ${minTitles}+ titles: too thin to compare release months.`, { minTitles, titles: data.scope.titles }, 1)];
  }
  const charted = new Set<string>(genres);
  const windows = win.best.filter(isWindow).filter((b) => charted.has(b.genre));
  if (windows.length === 0) {
    return [insight(`No genre charted has two months with ${win.minCell}+ releases: too few to compare release months.`, { minCell: win.minCell }, 1)];
  }
  const focus = data.market?.focus ?? [];
  const out: (Insight | null)[] = focus.length > 0 ? focus.map((g) => focusWindowInsight(win, g, 1)) : [bestWindowInsight(win, genres)];

  // The months that lift (or sink) the most genres at once.
  const above = new Array<number>(13).fill(0);
  const below = new Array<number>(13).fill(0);
  for (const c of win.cells) {
    if (!charted.has(c.genre) || c.lift === null) continue;
    if (c.lift > 1) above[c.month]++;
    else if (c.lift < 1) below[c.month]++;
  }
  const argmax = (counts: number[]) => counts.reduce((best, v, m) => (m > 0 && v > counts[best] ? m : best), 1);
  const up = argmax(above);
  const down = argmax(below);
  if (genres.length >= 2 && above[up] >= 2 && below[down] >= 2) {
    out.push(
      insight(
        `${monthName(up)} lifts ${above[up]} of the ${genres.length} genres charted above their average, more than any month; ${monthName(down)} leaves ${below[down]} below it.`,
        { bestMonth: up, worstMonth: down },
        0.45,
      ),
    );
  }

  // The least seasonal genre: the narrowest range between its best and worst months.
  const strongest = [...windows].sort((a, b) => b.bestLift - a.bestLift || a.genre.localeCompare(b.genre))[0];
  const flat = [...windows].sort((a, b) => a.bestLift - a.worstLift - (b.bestLift - b.worstLift) || a.genre.localeCompare(b.genre))[0];
  if (windows.length >= 2 && flat !== strongest) {
    // two decimals when one would show the same ratio twice
    const fine = times(flat.worstLift) === times(flat.bestLift);
    const [lo, hi] = [flat.worstLift, flat.bestLift].map((v) => (fine ? `${v.toFixed(2)}×` : times(v)));
    out.push(
      insight(
        `${flat.genre} is the least seasonal genre charted: its months stay between ${lo} (${monthName(flat.worstMonth)}) and ${hi} (${monthName(flat.bestMonth)}) its average.`,
        { genre: flat.genre, worstLift: flat.worstLift, worstMonth: flat.worstMonth, bestLift: flat.bestLift, bestMonth: flat.bestMonth },
        0.4,
      ),
    );
  }

  // The deepest dip of another genre than the strongest window's (whose weakest month is already named).
  const dip = windows.filter((b) => b !== strongest && b !== flat).sort((a, b) => a.worstLift - b.worstLift || a.genre.localeCompare(b.genre))[0];
  if (dip && dip.worstLift < 1) {
    out.push(
      insight(
        `The deepest dip: ${dip.genre} released in ${monthName(dip.worstMonth)} engages only ${times(dip.worstLift)} its average.`,
        { genre: dip.genre, worstMonth: dip.worstMonth, worstLift: dip.worstLift },
        0.35,
      ),
    );
  }
  return rankInsights(out);
}

/** The bullets about each view of identify's data (one view per chart). */
export function identifyDetails(data: IdentifyData): Record<IdentifyView, Insight[]> {
  return {
    saturation: saturationView(data),
    'share-gap': shareGapView(data),
    pareto: paretoView(data),
    'pareto-by-genre': paretoByGenreView(data),
    'release-window': releaseWindowView(data),
  };
}

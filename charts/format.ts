/**
 * Number formatting, once, in both places numbers are drawn: `formatNumber` for text built in TypeScript (alt
 * text, labels baked into data) and `NUMBER_EXPR` for Vega expressions (axes and text marks), which follow the
 * same rules: three significant digits, k / M / B above a thousand (1.2k, 45.3M, 2.1B), percentages as 45%.
 */

/** Three significant digits, trailing zeros trimmed: 1234 → "1.23k", 0.4567 → "0.457", 12 → "12". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const units: [number, string][] = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) {
    if (abs >= size * 0.9995) return `${trim((value / size).toPrecision(3))}${suffix}`;
  }
  if (abs === 0) return '0';
  return trim(value.toPrecision(3));
}

/** A share (0..1) as a whole percentage, or with one decimal below 10%: 0.45 → "45%", 0.042 → "4.2%". */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '–';
  const pct = share * 100;
  return `${Math.abs(pct) < 10 && pct !== 0 ? trim(pct.toFixed(1)) : Math.round(pct).toString()}%`;
}

function trim(text: string): string {
  return text.includes('.') && !text.includes('e') ? text.replace(/\.?0+$/, '') : text;
}

/** A Vega expression formatting `expr` like `formatNumber` (d3's SI prefixes, with G spelled B). */
export function numberExpr(expr: string): string {
  return `abs(${expr}) >= 999.5 ? replace(format(${expr}, '.3~s'), 'G', 'B') : format(${expr}, '.3~r')`;
}

/** Axis label expression for quantities (counts, money, popularity). */
export const NUMBER_LABEL_EXPR = numberExpr('datum.value');

/** d3 format string for shares on axes and in tooltips. */
export const PERCENT_FORMAT = '.0%';

/** The caption line under every chart title. */
export function captionLine(asOf: string): string {
  return `Data as of ${asOf} · Source: TMDB`;
}

/** "Title (2019)", or the bare title when the year is unknown. */
export function titleWithYear(t: { title: string; year: number | null }): string {
  return t.year === null ? t.title : `${t.title} (${t.year})`;
}

/** A title's first genre (its colour in charts), or "Other". */
export function firstGenre(t: { genres: readonly string[] }): string {
  return t.genres[0] ?? 'Other';
}

/** Readable names of the measures the core reports (correlations, drivers, profiles, comparisons). */
export const MEASURE_LABELS: Readonly<Record<string, string>> = {
  popularity: 'Popularity',
  voteAverage: 'Rating',
  voteCount: 'Votes',
  engagement: 'Engagement',
  runtime: 'Runtime',
  budget: 'Budget',
  revenue: 'Revenue',
  releaseYear: 'Release year',
  genreCount: 'No. of genres',
  hitRate: 'Hit rate',
  velocity: 'Velocity',
};

export function measureLabel(name: string): string {
  return MEASURE_LABELS[name] ?? name;
}

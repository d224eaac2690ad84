/**
 * Building insight bullets: a sentence, the figures it cites (values present in the stage result) and a weight.
 * Stages compute candidate insights from their numbers; `rankInsights` keeps the 3–4 that matter most.
 */
import type { Figure, Insight } from './types.ts';

/** A bullet; `view` names the chart it is about when it is about one (its numbers are that chart's). */
export function insight(text: string, figures: Record<string, Figure>, weight: number, view?: string): Insight {
  const out: Insight = { text, figures, weight: Math.max(0, Math.min(1, weight)) };
  if (view !== undefined) out.view = view;
  return out;
}

/** The insight marked as its stage's headline claim (see `Insight.headline`); null stays null. */
export function asHeadline(i: Insight | null): Insight | null {
  return i && { ...i, headline: true };
}

/**
 * Highest weight first (ties: text order, for determinism), at most `max` besides the headline claims: a reply's
 * decision line states those, so its bullets are the `max` others (`Insight.headline`).
 */
export function rankInsights(candidates: readonly (Insight | null)[], max = 4): Insight[] {
  let others = 0;
  return candidates
    .filter((i): i is Insight => i !== null)
    .sort((a, b) => b.weight - a.weight || a.text.localeCompare(b.text))
    .filter((i) => i.headline === true || (others += 1) <= max);
}

/** 0.1234 → "12%" (one decimal under 10%: "4.5%"). */
export function pct(share: number): string {
  const p = share * 100;
  return `${Math.abs(p) < 10 && p !== 0 ? p.toFixed(1).replace(/\.0$/, '') : Math.round(p)}%`;
}

/** 1234.5 → "1,235"; 12.345 → "12.3"; 0.1234 → "0.12". */
export function num(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A count with thousands separators: 12345 → "12,345". */
export function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export { titleWithYear } from './words.ts';

/** 1 → "1st", 2 → "2nd", 11 → "11th", 43 → "43rd". */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
}

/**
 * A p-value as every reply says it: "p < 0.001", "p 0.034" (three decimals under 0.1, so that 0.046 and 0.054 do
 * not both read "0.05" beside a 0.05 test), "p 0.42".
 */
export function pWords(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** "×2.3" style ratio. */
export function times(value: number): string {
  return `${value.toFixed(1)}×`;
}

export const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? '?';
}

/**
 * Types every stage shares. The core is pure: functions take a catalog and parameters (and `now` where time
 * matters) and return a `StageResult`; nothing here knows about chat, charts' pixels or HTTP.
 */

export const STAGES = ['explore', 'understand', 'identify', 'predict', 'forecast', 'compare'] as const;
export type StageName = (typeof STAGES)[number];

/** A figure an insight cites: a named number (or label) that is present in the stage result it came from. */
export type Figure = number | string;

/** One computed insight bullet: the sentence and the figures it cites, ranked by `weight` (higher first). */
export interface Insight {
  text: string;
  figures: Record<string, Figure>;
  /** How much the insight matters, used only to order bullets (0..1). */
  weight: number;
  /**
   * The view (chart) a stage-level bullet is about, when it is about one: its numbers are that chart's own
   * (the agreement test checks every number of such a bullet against the chart's data).
   */
  view?: string;
  /**
   * The stage's headline claim: a reply's decision line states it, with its caveat, so the reply's bullets leave it
   * out (the dashboard, which has no decision line, keeps it).
   */
  headline?: true;
}

/**
 * What every stage returns: its name, echo of validated parameters, insights, and stage-specific data. `V` names
 * the views of the data a stage offers (one per chart: `explore.genre-distribution` is the view
 * `genre-distribution`), and `details` holds the bullets about each view.
 */
export interface StageResultBase<S extends StageName, P, D, V extends string> {
  stage: S;
  params: P;
  /** 3–4 bullets, most important first; a "too little data" bullet instead of a guess when data is thin. */
  insights: Insight[];
  /**
   * Bullets about each view of the data, computed from what that view shows (the dashboard puts them beside its
   * chart): 1–4 per view, most important first; a "too little data" bullet when the view has too little to say.
   */
  details: Readonly<Record<V, Insight[]>>;
  data: D;
  /** The catalog's date (`meta.asOf`) and fingerprint, for captions and caches. */
  asOf: string;
  /** Notes on what was measured and how (definitions, thresholds, what was left out). */
  notes: string[];
}

/**
 * Input a person can fix: an unknown genre, an empty filter, a title not in the catalog, an inverted range.
 * `message` says what was wrong and what is accepted; `suggestions` are the nearest valid values, which chat
 * surfaces turn into buttons ("Did you mean Science Fiction?").
 */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly field: string,
    readonly suggestions: readonly string[] = [],
  ) {
    super(message);
  }
}

/**
 * The chat form of a chart's picture: a pure pass over the same Vega-Lite spec the dashboard draws, for the PNG a
 * chat client shows about 480 px wide (a Slack or Teams thread, a digest, a link preview). Shrinking the desktop
 * drawing (600 wide, rasterised at 1200) to 480 px sets its 11-px text at under 9 px; this pass lays the chart out
 * for the width it is shown at instead, and the renderer draws it at 2× (a 960-px-wide PNG):
 *
 * - Fewer categories: a band axis (rows of genres, titles, metrics) of more than `CHAT_CATEGORIES` values keeps the first ones in the builder's order (the builders sort what matters first) and the chart says
 *   so in its subtitle ("top 8 of 19 genres"); small multiples keep their first `CHAT_PANELS` panels ("3 of 6
 *   genres"). The dashboard keeps them all.
 * - Then the phone pass (charts/phone.ts) at `CHAT_WIDTH`, and no text under the theme's label size (11 px):
 *   labels that would collide thinned, long labels ending in an ellipsis, legends under the plot, small multiples
 *   stacked, long titles wrapped. A builder's own phone form (`ChartSpec.phone`: labels placed again for a narrow
 *   plot) is the starting point where it has one.
 *
 * The alt text travels with the picture and keeps naming everything the full chart shows.
 */
import type { TopLevelSpec } from 'vega-lite';
import { GENRE_COLORS } from './palette.ts';
import { forPhone, PHONE_SCATTER_HEIGHT, PHONE_SCATTER_PLOT } from './phone.ts';
import { FONT_SIZE } from './theme.ts';
import { withoutMarkDescriptions, type ChartSpec } from './spec.ts';

/** The width (CSS px) chat clients show a picture at in a thread; the PNG is drawn at `SIZE.scale` × this. */
export const CHAT_WIDTH = 480;
/** The least height of a chat picture (4:3 at `CHAT_WIDTH`): a chart with a few rows is not drawn as a strip. */
export const CHAT_HEIGHT = 360;
/** Categories a chat picture keeps on a band axis or a colour key; the rest are folded (and the chart says so). */
export const CHAT_CATEGORIES = 8;
/** The least text size (px) of a chat picture as shown: the theme's label size. */
export const CHAT_MIN_TEXT = FONT_SIZE.label;
/** Small multiples a chat picture keeps, one under another (six would make a picture three screens tall). */
export const CHAT_PANELS = 3;

type Json = Record<string, unknown>;

const COMPOSITE_KEYS = ['hconcat', 'vconcat', 'concat'] as const;
const BAND_TYPES = new Set(['nominal', 'ordinal']);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How a folded field's values are named in the note ("top 8 of 19 genres"). */
const NOUNS: Readonly<Record<string, string>> = { genre: 'genres', title: 'titles', name: 'titles', metric: 'metrics', variable: 'variables' };

interface Fold {
  field: string;
  /** Every value in the builder's order, and the ones kept. */
  all: string[];
  kept: Set<string>;
}

/** Every unit of a spec (layers and concatenated panels flattened) with the data it reads. */
function unitsWithData(view: Json, inherited: Json | undefined, out: { unit: Json; data: Json | undefined }[] = []) {
  const data = isObject(view.data) ? view.data : inherited;
  for (const key of ['layer', ...COMPOSITE_KEYS]) {
    if (Array.isArray(view[key])) for (const child of view[key] as Json[]) unitsWithData(child, data, out);
  }
  if (isObject(view.encoding) || view.mark !== undefined) out.push({ unit: view, data });
  return out;
}

const rowsOf = (data: Json | undefined): Json[] => (isObject(data) && Array.isArray(data.values) ? (data.values as Json[]) : []);

/** A field's values in the order the chart draws them: its explicit sort (or scale domain), else first seen in the rows. */
function orderedValues(def: Json, rows: readonly Json[]): string[] {
  const field = def.field as string;
  const present = [
    ...new Set(
      rows
        .map((r) => r[field])
        .filter((v) => v !== null && v !== undefined)
        .map(String),
    ),
  ];
  const explicit = Array.isArray(def.sort) ? def.sort : isObject(def.scale) && Array.isArray(def.scale.domain) ? def.scale.domain : null;
  if (!explicit) return present;
  const order = (explicit as unknown[]).map(String).filter((v) => present.includes(v));
  return [...order, ...present.filter((v) => !order.includes(v))];
}

/**
 * The field to fold: a band axis (y rows, or x columns of names) with more than `max` values. Columns that are an
 * order (months, years: ordinal) are never folded (leaving some out would break the sequence), nor are the points
 * of a scatter (each is placed by its values; its labels and legends are placed for the phone's plot already).
 */
function foldFor(top: Json, max: number): Fold | null {
  for (const { unit, data } of unitsWithData(top, undefined)) {
    const encoding = isObject(unit.encoding) ? unit.encoding : {};
    const candidates: [string, Json][] = [];
    for (const channel of ['y', 'x']) {
      const def = encoding[channel];
      if (!isObject(def) || typeof def.field !== 'string' || !BAND_TYPES.has(String(def.type))) continue;
      if (channel === 'x' && def.type !== 'nominal') continue;
      candidates.push([channel, def]);
    }
    for (const [, def] of candidates) {
      const all = orderedValues(def, rowsOf(data));
      if (all.length > max) return { field: def.field as string, all, kept: new Set(all.slice(0, max)) };
    }
  }
  return null;
}

/** A channel definition with its sort order and scale domain (and the domain's colours) cut to the kept values. */
function foldedDef(def: Json, keep: (value: string) => boolean): Json {
  const out: Json = { ...def };
  if (Array.isArray(def.sort)) out.sort = (def.sort as unknown[]).filter((v) => keep(String(v)));
  if (isObject(def.scale) && Array.isArray(def.scale.domain)) {
    const domain = def.scale.domain as unknown[];
    const kept = domain.map((v) => keep(String(v)));
    const scale: Json = { ...def.scale, domain: domain.filter((_, i) => kept[i]) };
    if (Array.isArray(def.scale.range) && def.scale.range.length === domain.length) scale.range = (def.scale.range as unknown[]).filter((_, i) => kept[i]);
    out.scale = scale;
  }
  return out;
}

/**
 * A channel after the fold: the folded field keeps its kept values; another categorical field (a colour key by
 * genre) loses the values only the folded rows had, so its legend lists only what is drawn.
 */
function channelAfterFold(def: Json, fold: Fold, before: readonly Json[], after: readonly Json[]): Json {
  if (typeof def.field !== 'string') return def;
  if (def.field === fold.field) return foldedDef(def, (v) => fold.kept.has(v));
  const field = def.field;
  const had = new Set(before.map((r) => String(r[field])));
  if (had.size === 0 || (!(isObject(def.scale) && Array.isArray(def.scale.domain)) && !Array.isArray(def.sort))) return def;
  const still = new Set(after.map((r) => String(r[field])));
  return foldedDef(def, (v) => !had.has(v) || still.has(v));
}

/** The spec with only the kept values' rows (in every dataset that has the field) and scales cut to match. */
function folded(view: Json, fold: Fold, inherited?: { before: Json[]; after: Json[] }): Json {
  const out: Json = { ...view };
  let data = inherited ?? { before: [], after: [] };
  if (isObject(view.data) && Array.isArray(view.data.values)) {
    const rows = view.data.values as Json[];
    const after = rows.filter((r) => !(fold.field in r) || fold.kept.has(String(r[fold.field])));
    data = { before: rows, after };
    if (after.length !== rows.length) out.data = { ...view.data, values: after };
  }
  if (isObject(view.encoding)) {
    out.encoding = Object.fromEntries(
      Object.entries(view.encoding).map(([channel, def]) => [channel, isObject(def) ? channelAfterFold(def, fold, data.before, data.after) : def]),
    );
  }
  for (const key of ['layer', ...COMPOSITE_KEYS]) {
    if (Array.isArray(view[key])) out[key] = (view[key] as Json[]).map((child) => folded(child, fold, data));
  }
  return out;
}

const titleOf = (view: Json): string =>
  typeof view.title === 'string' ? view.title : isObject(view.title) && typeof view.title.text === 'string' ? view.title.text : '';

/** Small multiples cut to the first `max` panels (the builders put what matters first), with the note saying so. */
function foldPanels(top: Json, max: number): { view: Json; note: string } | null {
  const key = COMPOSITE_KEYS.find((k) => Array.isArray(top[k]));
  const panels = key ? (top[key] as Json[]) : [];
  if (!key || panels.length <= max) return null;
  const noun = panels.every((p) => titleOf(p) in GENRE_COLORS) ? 'genres' : 'panels';
  return { view: { ...top, [key]: panels.slice(0, max) }, note: `${max} of ${panels.length} ${noun}` };
}

/** A note ("top 8 of 19 genres") added to the chart's subtitle. */
function withNote(top: Json, note: string): Json {
  const title = top.title;
  if (!isObject(title)) return { ...top, title: { text: typeof title === 'string' ? title : '', subtitle: note } };
  const subtitle = typeof title.subtitle === 'string' && title.subtitle ? `${title.subtitle} · ${note}` : note;
  return { ...top, title: { ...title, subtitle } };
}

/**
 * The spec with at most `maxPanels` small multiples and `max` categories on its band axis (see the module comment),
 * and the notes its subtitle gained for what was left out (none: nothing was).
 */
export function foldCategories(spec: TopLevelSpec, max: number = CHAT_CATEGORIES, maxPanels: number = CHAT_PANELS): { spec: TopLevelSpec; notes: string[] } {
  let top = spec as unknown as Json;
  const notes: string[] = [];
  const panels = foldPanels(top, maxPanels);
  if (panels) {
    top = panels.view;
    notes.push(panels.note);
  }
  const fold = foldFor(top, max);
  if (fold) {
    top = folded(top, fold);
    notes.push(`top ${fold.kept.size} of ${fold.all.length} ${NOUNS[fold.field] ?? 'categories'}`);
  }
  return { spec: (notes.length > 0 ? withNote(top, notes.join(', ')) : top) as unknown as TopLevelSpec, notes };
}

/** A single view at least `CHAT_HEIGHT` tall (the phone pass keeps the built height, which is for 16:9). */
function atChatHeight(spec: TopLevelSpec): TopLevelSpec {
  const top = spec as unknown as Json;
  if (COMPOSITE_KEYS.some((k) => Array.isArray(top[k])) || typeof top.height !== 'number' || top.height >= CHAT_HEIGHT) return spec;
  return { ...top, height: CHAT_HEIGHT } as unknown as TopLevelSpec;
}

const FONT_SIZE_KEYS = new Set(['fontSize', 'labelFontSize', 'titleFontSize', 'subtitleFontSize']);

/** Every font size the spec sets (marks, axes, legends, titles) at least `min`: builders set some secondary labels a pixel smaller. */
export function withTextAtLeast<T>(node: T, min: number): T {
  if (Array.isArray(node)) return node.map((n: unknown) => withTextAtLeast(n, min)) as T;
  if (!isObject(node)) return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === 'data' ? value : FONT_SIZE_KEYS.has(key) && typeof value === 'number' ? Math.max(value, min) : withTextAtLeast(value, min),
    ]),
  ) as T;
}

/**
 * The plot a builder that places its own labels lays them out for in its `chat` form. The chat picture's scatter
 * plot is about 410 × 250 (`PHONE_SCATTER_HEIGHT` tall, `CHAT_WIDTH` wide, legends below); labels are laid out for
 * a tenth less, because the chat pass sets their text at `CHAT_MIN_TEXT`, a pixel above the size they are measured at.
 */
export const CHAT_SCATTER_PLOT = { width: 365, height: 225 };

type Plot = { width: number; height: number };

/**
 * A scatter that places its own labels (`at` builds it with them placed for a plot): drawn for `desktop`, with its
 * phone and chat forms laid out again for their own plots, tall enough for the legends under them.
 */
export function withPlacedForms(at: (plot: Plot) => ChartSpec, desktop: Plot): ChartSpec {
  const chart = at(desktop);
  if (!('width' in chart.spec)) return chart;
  const tall = (plot: Plot) => ({ ...at(plot).spec, height: PHONE_SCATTER_HEIGHT }) as ChartSpec['spec'];
  return { ...chart, phone: tall(PHONE_SCATTER_PLOT), chat: tall(CHAT_SCATTER_PLOT) };
}

/** The chat form of a chart (see the module comment). Pure: the chart is not changed. */
export function forChat(chart: ChartSpec): ChartSpec {
  const { spec } = foldCategories(chart.chat ?? chart.phone ?? chart.spec);
  return { ...chart, spec: withoutMarkDescriptions(withTextAtLeast(forPhone(atChatHeight(spec), CHAT_WIDTH), CHAT_MIN_TEXT)) };
}

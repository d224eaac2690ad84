/**
 * The rules every chart keeps (docs/charts.md, "Rules"), checked on what Vega actually lays out: a spec is run
 * through a headless Vega view (renderer 'none', the product's DejaVu Sans metrics) at a given size and its
 * scenegraph — every text, symbol and bar with its pixel bounds — is inspected.
 *
 *  - `overlap`: no two visible text items overlap.
 *  - `outside`: no item falls outside the drawing; no point or bar outside its plot.
 *  - `unexplained`: every colour or size scale has a legend, or each of its values is written on the chart.
 *  - `colour`: within one reply, one title or genre has one colour (`coloursOf` + `colourClashes`).
 *  - `shortened`: a label is shortened only with an ellipsis, and its full text is in the alt text (chat) or a
 *    tooltip (dashboard).
 *  - `dominated`: no bar chart where one bar flattens the rest (the second longest under a quarter of the longest)
 *    on a linear scale.
 *  - `small`: no text smaller than a minimum as displayed (`tooSmall`: a chat picture is shown about 480 px wide).
 */
import * as vega from 'vega';
import { renderVegaSvg } from '../../charts/render.ts';
import { isBold, measureText } from '../../charts/text-metrics.ts';

export type RuleName = 'overlap' | 'outside' | 'unexplained' | 'shortened' | 'dominated' | 'colour' | 'small';
export interface Violation {
  rule: RuleName;
  detail: string;
}

interface Bounds {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
interface SceneItem {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  bounds?: Bounds;
  opacity?: number;
  fillOpacity?: number;
  strokeOpacity?: number;
  text?: unknown;
  limit?: number;
  ellipsis?: string;
  fontSize?: number;
  fontWeight?: string | number;
  fill?: string;
  stroke?: string;
  tooltip?: unknown;
  datum?: Record<string, unknown>;
  items?: SceneMark[];
  mark?: SceneMark;
}
interface SceneMark {
  marktype: string;
  role?: string;
  name?: string;
  clip?: boolean;
  items: SceneItem[];
}

/** A visible item with its bounds in drawing (canvas) coordinates. */
interface Placed {
  item: SceneItem;
  mark: SceneMark;
  box: Bounds;
  /** The plot (enclosing group) box in canvas coordinates, and whether a clip applies. */
  plot: Bounds;
  clipped: boolean;
}

/** What one chart's drawing at one size gave: the scenegraph's visible items and the canvas size. */
export interface Scene {
  width: number;
  height: number;
  items: Placed[];
  view: vega.View;
  spec: vega.Spec;
}

const visible = (item: SceneItem): boolean => (item.opacity ?? 1) > 0 && !((item.fillOpacity ?? 1) === 0 && (item.strokeOpacity ?? 1) === 0 && !item.text);

function walk(mark: SceneMark, origin: [number, number], plot: Bounds, clipped: boolean, out: Placed[]): void {
  for (const item of mark.items ?? []) {
    if (!visible(item)) continue;
    if (mark.marktype === 'group') {
      const gx = origin[0] + (item.x ?? 0);
      const gy = origin[1] + (item.y ?? 0);
      // Offset groups (grouped bars) have no size of their own: their marks belong to the plot around them.
      const sized = (item.width ?? 0) > 0 && (item.height ?? 0) > 0;
      const inner = sized ? { x1: gx, y1: gy, x2: gx + (item.width ?? 0), y2: gy + (item.height ?? 0) } : plot;
      for (const child of item.items ?? []) walk(child, [gx, gy], inner, clipped || Boolean(mark.clip), out);
      continue;
    }
    const b = item.bounds;
    if (!b || !Number.isFinite(b.x1) || b.x2 < b.x1) continue;
    out.push({
      item,
      mark,
      box: { x1: b.x1 + origin[0], y1: b.y1 + origin[1], x2: b.x2 + origin[0], y2: b.y2 + origin[1] },
      plot,
      clipped: clipped || Boolean(mark.clip),
    });
  }
}

/** Runs a Vega spec headless at `size` (or its own) and collects its visible items. */
export async function sceneOf(spec: vega.Spec, size?: { width: number; height: number }): Promise<Scene> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logLevel: 0 });
  if (size) view.width(size.width).height(size.height);
  await view.runAsync();
  const svg = await renderVegaSvg(spec, size ? { size } : {});
  const width = Number(/<svg[^>]*\bwidth="([\d.]+)"/.exec(svg)?.[1] ?? 0);
  const height = Number(/<svg[^>]*\bheight="([\d.]+)"/.exec(svg)?.[1] ?? 0);
  const [ox, oy] = view.origin();
  const items: Placed[] = [];
  const root = (view.scenegraph() as unknown as { root: SceneMark }).root;
  walk(root, [ox, oy], { x1: 0, y1: 0, x2: width, y2: height }, false, items);
  return { width, height, items, view, spec };
}

/** An item's text on one line (multi-line labels joined with spaces). */
const textOf = (p: Placed): string => (Array.isArray(p.item.text) ? p.item.text.join(' ') : String(p.item.text ?? '')).replace(/\s+/g, ' ').trim();
const texts = (scene: Scene): Placed[] => scene.items.filter((p) => p.mark.marktype === 'text' && textOf(p) !== '');
const overlapArea = (a: Bounds, b: Bounds, slack: number): number =>
  Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) - slack) * Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) - slack);

/** No two visible text items overlap (1 px of slack for anti-aliased edges). */
export function overlapping(scene: Scene): Violation[] {
  const list = texts(scene);
  const out: Violation[] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      if (overlapArea(list[i].box, list[j].box, 1) > 0) {
        out.push({ rule: 'overlap', detail: `"${textOf(list[i])}" overlaps "${textOf(list[j])}"` });
      }
    }
  }
  return out;
}

const describe = (p: Placed): string => (p.mark.marktype === 'text' ? `text "${textOf(p)}"` : `${p.mark.marktype} ${p.mark.name ?? p.mark.role ?? ''}`.trim());

/** Nothing outside the canvas; no data point (its centre) or bar outside its plot. Clipped marks are exempt. */
export function outside(scene: Scene): Violation[] {
  const out: Violation[] = [];
  // A pixel of slack: text bounds include the line's leading above the glyphs.
  const tol = 1;
  for (const p of scene.items) {
    if (p.clipped) continue;
    const b = p.box;
    if (b.x1 < -tol || b.y1 < -tol || b.x2 > scene.width + tol || b.y2 > scene.height + tol) {
      out.push({
        rule: 'outside',
        detail: `${describe(p)} at [${b.x1.toFixed(0)},${b.y1.toFixed(0)}–${b.x2.toFixed(0)},${b.y2.toFixed(0)}] leaves the ${scene.width}×${scene.height} drawing`,
      });
      continue;
    }
    if (p.mark.role !== 'mark') continue;
    if (p.mark.marktype === 'symbol') {
      const cx = (b.x1 + b.x2) / 2;
      const cy = (b.y1 + b.y2) / 2;
      if (cx < p.plot.x1 - 1 || cx > p.plot.x2 + 1 || cy < p.plot.y1 - 1 || cy > p.plot.y2 + 1) {
        out.push({ rule: 'outside', detail: `${describe(p)} (${JSON.stringify(p.item.datum ?? {}).slice(0, 80)}) is drawn outside its plot` });
      }
    } else if (p.mark.marktype === 'rect') {
      if (b.x1 < p.plot.x1 - 1 || b.x2 > p.plot.x2 + 1 || b.y1 < p.plot.y1 - 1 || b.y2 > p.plot.y2 + 1) {
        out.push({ rule: 'outside', detail: `${describe(p)} (${JSON.stringify(p.item.datum ?? {}).slice(0, 80)}) leaves its plot` });
      }
    }
  }
  return out;
}

type Json = Record<string, unknown>;
const CHANNELS = ['fill', 'stroke', 'size'] as const;

/** Scales a Vega spec uses for colour or size (any mark), and the scales its legends show. */
function encodedScales(spec: vega.Spec): { used: Map<string, Set<string>>; legended: Set<string> } {
  const used = new Map<string, Set<string>>();
  const legended = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const o = node as Json;
    if (Array.isArray(o.legends)) {
      for (const legend of o.legends as Json[]) {
        for (const key of ['fill', 'stroke', 'size', 'shape', 'opacity', 'strokeDash'])
          if (typeof legend[key] === 'string') legended.add(legend[key] as string);
      }
    }
    if (typeof o.type === 'string' && o.encode && typeof o.encode === 'object' && typeof o.name === 'string') {
      for (const set of Object.values(o.encode as Json)) {
        if (!set || typeof set !== 'object') continue;
        for (const channel of CHANNELS) {
          const rules = (set as Json)[channel];
          for (const rule of Array.isArray(rules) ? rules : [rules]) {
            if (rule && typeof rule === 'object' && typeof (rule as Json).scale === 'string') {
              const name = (rule as Json).scale as string;
              if (!used.has(name)) used.set(name, new Set());
              used.get(name)?.add(o.name);
            }
          }
        }
      }
    }
    Object.entries(o).forEach(([key, value]) => key !== 'data' && visit(value));
  };
  visit(spec);
  return { used, legended };
}

/**
 * Every colour or size scale has a legend, or is explained on the chart itself: each value of a categorical scale
 * is written somewhere (an axis label, a direct label), and a continuous colour is printed in its marks (as many
 * text items as coloured marks). A size scale needs a legend.
 */
export function unexplained(scene: Scene): Violation[] {
  const { used, legended } = encodedScales(scene.spec);
  const written = texts(scene).map(textOf);
  const out: Violation[] = [];
  for (const [name, marks] of used) {
    if (legended.has(name)) continue;
    let scale: (((v: unknown) => unknown) & { domain: () => unknown[]; bandwidth?: unknown; interpolate?: unknown }) | undefined;
    try {
      scale = scene.view.scale(name) as typeof scale;
    } catch {
      scale = undefined;
    }
    if (!scale) continue;
    const isSize = [...marks].some((m) => JSON.stringify(findMark(scene.spec, m)?.encode ?? {}).includes(`"size":{"scale":"${name}"`));
    if (isSize) {
      out.push({ rule: 'unexplained', detail: `size scale '${name}' has no legend` });
      continue;
    }
    const domain = scale.domain();
    const categorical = domain.every((d) => typeof d === 'string');
    if (categorical) {
      const missing = (domain as string[]).filter((value) => !written.some((t) => t.includes(value)));
      if (missing.length > 0)
        out.push({
          rule: 'unexplained',
          detail: `colour scale '${name}' has no legend and does not write ${missing.map((m) => `"${m}"`).join(', ')} on the chart`,
        });
    } else {
      const coloured = scene.items.filter((p) => p.mark.role === 'mark' && p.mark.marktype !== 'text' && marks.has(p.mark.name ?? '')).length;
      const printed = scene.items.filter((p) => p.mark.role === 'mark' && p.mark.marktype === 'text' && textOf(p) !== '').length;
      if (printed < coloured)
        out.push({
          rule: 'unexplained',
          detail: `continuous colour scale '${name}' has no legend and ${coloured - printed} of its ${coloured} marks carry no printed value`,
        });
    }
  }
  return out;
}

function findMark(node: unknown, name: string): Json | undefined {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = findMark(n, name);
      if (found) return found;
    }
    return undefined;
  }
  if (!node || typeof node !== 'object') return undefined;
  const o = node as Json;
  if (o.name === name && o.encode) return o;
  for (const [key, value] of Object.entries(o)) {
    if (key === 'data') continue;
    const found = findMark(value, name);
    if (found) return found;
  }
  return undefined;
}

/** Whether Vega draws this text shortened (a line wider than its `limit`; Vega cuts each line of a multi-line text). */
function isShortened(p: Placed): boolean {
  const limit = p.item.limit ?? 0;
  const lines = Array.isArray(p.item.text) ? p.item.text.map(String) : [textOf(p)];
  return limit > 0 && lines.some((line) => measureText(line.trim(), p.item.fontSize ?? 11, isBold(p.item.fontWeight)) > limit + 0.5);
}

const tooltipText = (scene: Scene): string =>
  scene.items
    .map((p) => p.item.tooltip)
    .filter((t) => t !== undefined && t !== null)
    .map((t) => (typeof t === 'object' ? Object.values(t as Json).join(' | ') : String(t)))
    .join('\n');

/**
 * A label is shortened only with an ellipsis, and the full text can be read: in `alt` (chat: the alt text travels
 * with the image) or, on the dashboard, in a tooltip of the chart. Labels shortened before drawing (ending in "…")
 * need their start in the alt or a tooltip.
 */
export function shortened(scene: Scene, readable: { alt?: string; tooltips?: boolean }): Violation[] {
  const out: Violation[] = [];
  const tips = readable.tooltips ? tooltipText(scene) : '';
  const oneLine = (text: string) => text.replace(/\s+/g, ' ');
  const findable = (full: string) => oneLine(readable.alt ?? '').includes(full) || oneLine(tips).includes(full);
  for (const p of texts(scene)) {
    const text = textOf(p);
    if (isShortened(p)) {
      if (p.item.ellipsis === '') out.push({ rule: 'shortened', detail: `"${text}" is cut without an ellipsis` });
      else if (!findable(text)) out.push({ rule: 'shortened', detail: `"${text}" is shortened and its full text is in neither the alt text nor a tooltip` });
    } else if (/(…|\.\.\.)$/.test(text) && !findable(text.replace(/(…|\.\.\.)$/, ''))) {
      out.push({ rule: 'shortened', detail: `"${text}" is shortened and its full text is in neither the alt text nor a tooltip` });
    }
  }
  return out;
}

/**
 * One bar must not flatten the rest: in a bar mark of 3+ bars on a linear scale, the second longest is at least a
 * quarter of the longest. (A log scale compresses lengths and passes; so does a broken axis, which shortens the
 * outlier's bar.) Bands spanning the whole plot (zone backgrounds) and heatmap cells are not bars.
 */
export function dominated(scene: Scene): Violation[] {
  const out: Violation[] = [];
  const byMark = new Map<SceneMark, Placed[]>();
  for (const p of scene.items) {
    if (p.mark.role !== 'mark' || p.mark.marktype !== 'rect') continue;
    byMark.set(p.mark, [...(byMark.get(p.mark) ?? []), p]);
  }
  for (const [mark, bars] of byMark) {
    if (bars.length < 3) continue;
    const widths = bars.map((b) => b.box.x2 - b.box.x1);
    const heights = bars.map((b) => b.box.y2 - b.box.y1);
    const same = (values: number[]) => Math.max(...values) - Math.min(...values) < 0.5;
    if (same(widths) && same(heights)) continue; // cells
    const plot = bars[0].plot;
    // Bands spanning the whole plot one way (zone backgrounds) are not bars.
    if (widths.every((w) => w >= plot.x2 - plot.x1 - 1) || heights.every((h) => h >= plot.y2 - plot.y1 - 1)) continue;
    const horizontal = same(heights);
    const lengths = (horizontal ? widths : heights).sort((a, b) => b - a);
    if (lengths[0] > 20 && lengths[1] < lengths[0] / 4) {
      out.push({
        rule: 'dominated',
        detail: `bar mark ${mark.name ?? ''}: the longest bar (${lengths[0].toFixed(0)} px) is over 4× the next (${lengths[1].toFixed(0)} px)`,
      });
    }
  }
  return out;
}

/** Per mark name, the fields its fill or stroke is coloured by through a categorical scale. */
function colourFields(scene: Scene): Map<string, Set<string>> {
  const fields = new Map<string, Set<string>>();
  const categorical = (name: string): boolean => {
    try {
      return (scene.view.scale(name) as unknown as { domain: () => unknown[] }).domain().every((d) => typeof d === 'string');
    } catch {
      return false;
    }
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const o = node as Json;
    if (typeof o.type === 'string' && typeof o.name === 'string' && o.encode && typeof o.encode === 'object') {
      for (const set of Object.values(o.encode as Json)) {
        for (const channel of ['fill', 'stroke']) {
          const rules = set && typeof set === 'object' ? (set as Json)[channel] : undefined;
          for (const rule of Array.isArray(rules) ? rules : [rules]) {
            const r = rule as Json | undefined;
            if (r && typeof r.scale === 'string' && typeof r.field === 'string' && categorical(r.scale)) {
              if (!fields.has(o.name)) fields.set(o.name, new Set());
              fields.get(o.name)?.add(r.field);
            }
          }
        }
      }
    }
    Object.entries(o).forEach(([key, value]) => key !== 'data' && visit(value));
  };
  visit(scene.spec);
  return fields;
}

/**
 * The colour each title and each genre is drawn in: a mark coloured by a categorical field gives the title of its
 * datum (`name`/`title` field) that colour, and, when the field is `genre`, the genre too.
 */
export function coloursOf(scene: Scene): Map<string, Set<string>> {
  const byMark = colourFields(scene);
  const colours = new Map<string, Set<string>>();
  const add = (key: string, colour: string) => {
    if (!colours.has(key)) colours.set(key, new Set());
    colours.get(key)?.add(colour);
  };
  for (const p of scene.items) {
    const fields = byMark.get(p.mark.name ?? '');
    if (p.mark.role !== 'mark' || !fields || p.mark.marktype === 'text') continue;
    const colour = (p.item.fill && p.item.fill !== 'transparent' ? p.item.fill : p.item.stroke)?.toLowerCase();
    const datum = p.item.datum ?? {};
    if (!colour) continue;
    for (const field of ['name', 'title']) if (typeof datum[field] === 'string') add(`title ${String(datum[field])}`, colour);
    if (fields.has('genre') && typeof datum.genre === 'string') add(`genre ${datum.genre}`, colour);
  }
  return colours;
}

/** Titles or genres drawn in more than one colour across the charts of one reply. */
export function colourClashes(charts: readonly { id: string; colours: Map<string, Set<string>> }[]): Violation[] {
  const seen = new Map<string, Map<string, string[]>>();
  for (const chart of charts) {
    for (const [key, colours] of chart.colours) {
      if (!seen.has(key)) seen.set(key, new Map());
      for (const colour of colours) seen.get(key)?.set(colour, [...(seen.get(key)?.get(colour) ?? []), chart.id]);
    }
  }
  return [...seen.entries()]
    .filter(([, colours]) => colours.size > 1)
    .map(([key, colours]) => ({
      rule: 'colour' as const,
      detail: `${key} is drawn in ${[...colours].map(([c, ids]) => `${c} (${[...new Set(ids)].join(', ')})`).join(' and ')}`,
    }));
}

/**
 * No text under `min` px as displayed: a drawing wider than `displayWidth` is shown scaled down to it (chat clients
 * show a picture about 480 px wide), one narrower at its own size.
 */
export function tooSmall(scene: Scene, display: { width: number; min: number }): Violation[] {
  const scale = scene.width > display.width ? display.width / scene.width : 1;
  return texts(scene)
    .filter((p) => (p.item.fontSize ?? 11) * scale < display.min - 0.01)
    .map((p) => ({
      rule: 'small' as const,
      detail: `"${textOf(p)}" is ${((p.item.fontSize ?? 11) * scale).toFixed(1)} px as displayed ${display.width} px wide (under ${display.min})`,
    }));
}

/** Every single-chart rule on one drawing. */
export function checkScene(scene: Scene, readable: { alt?: string; tooltips?: boolean }): Violation[] {
  return [...overlapping(scene), ...outside(scene), ...unexplained(scene), ...shortened(scene, readable), ...dominated(scene)];
}

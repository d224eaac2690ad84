/**
 * `renderChart`: the I/O edge of the charts room. Vega-Lite spec → Vega (compiled) → a headless Vega view
 * (renderer 'none', no DOM, no browser) → SVG → sharp (librsvg, fonts through fontconfig) → PNG.
 *
 * A desktop PNG is exactly `SIZE.width·scale × SIZE.height·scale` (1200×675), a chat picture 960 wide (its chat
 * form, charts/chat-picture.ts): a chart whose layout came out a few pixels larger or smaller (concatenated views
 * size themselves) is fitted onto a canvas of the theme's background. A spec that fails to compile or render is reported by its id, never as a blank image.
 */
import type * as Vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from './spec.ts';
import { CHAT_HEIGHT, CHAT_WIDTH, forChat } from './chat-picture.ts';
import { isBold, measureText } from './text-metrics.ts';
import { COLORS, SIZE } from './theme.ts';

/** The part of vega-scenegraph's (untyped) text metrics the renderer replaces. */
interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
  text?: unknown;
}
interface TextMetrics {
  width: (item: TextItem, text: unknown) => number;
}

/**
 * Node has no canvas to measure text, so Vega would guess 0.8 em per character; measure DejaVu Sans instead
 * (the font librsvg draws). A label with a `limit` measures at most the limit (Vega truncates it to fit).
 */
function installTextMetrics(vega: typeof Vega): void {
  const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  metrics.width = (item, text) => {
    const value = text == null ? '' : String(text).trim();
    const width = measureText(value, item.fontSize ?? 11, isBold(item.fontWeight));
    return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
}

/** vega, vega-lite's compiler and sharp: loaded on the first drawing, not with the module. */
interface Engine {
  vega: typeof Vega;
  compile: typeof import('vega-lite').compile;
  sharp: typeof import('sharp').default;
}
let engine: Promise<Engine> | undefined;

/**
 * The drawing libraries, loaded once, on first use. They weigh ≈ 110 MB in a thread (vega-lite ≈ 50, vega ≈ 40,
 * sharp ≈ 20): a thread that never draws — `serve`'s main thread when worker threads draw — never loads them.
 */
function loadEngine(): Promise<Engine> {
  engine ??= Promise.all([import('vega'), import('vega-lite'), import('sharp')]).then(([vega, vegaLite, sharp]): Engine => {
    installTextMetrics(vega as typeof Vega);
    return { vega: vega as typeof Vega, compile: vegaLite.compile, sharp: sharp.default };
  });
  return engine;
}

/** vega-lite's compiler, loaded on first use (`loadEngine`). */
export async function vegaLiteCompiler(): Promise<typeof import('vega-lite').compile> {
  return (await loadEngine()).compile;
}

export interface RenderedChart {
  png: Buffer;
  svg: string;
  width: number;
  height: number;
  alt: string;
}

export const PNG_WIDTH = SIZE.width * SIZE.scale;
export const PNG_HEIGHT = Math.round(SIZE.height * SIZE.scale);

function isChartSpec(input: ChartSpec | TopLevelSpec): input is ChartSpec {
  return 'spec' in input && 'id' in input && 'alt' in input;
}

/** Vega-Lite → SVG text, headless. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { compile } = await loadEngine();
  return renderVegaSvg(compile(spec).spec);
}

export interface VegaSvgOptions {
  /** Draw at this size (as `view.width/height` set it in a browser), not the spec's own. */
  size?: { width: number; height: number };
  /**
   * Give the SVG's own element ids (vega's clip paths and gradients) this prefix: SVGs inlined in one page share
   * one id space, and a `url(#clip1)` would otherwise find another chart's clip.
   */
  idPrefix?: string;
}

/**
 * Vega → SVG text, headless. With `idPrefix` the ids are also numbered from the start for every drawing, so the same
 * spec always gives the same SVG (vega counts its ids across the process).
 */
export async function renderVegaSvg(spec: Vega.Spec, options: VegaSvgOptions = {}): Promise<string> {
  const { vega } = await loadEngine();
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logLevel: 0 });
  try {
    if (options.size) view.width(options.size.width).height(options.size.height);
    if (options.idPrefix === undefined) return await view.toSVG();
    vega.resetSVGDefIds();
    return prefixIds(await view.toSVG(), options.idPrefix);
  } finally {
    view.finalize();
  }
}

/** `id="x"` and every reference to it (`url(#x)`, `href="#x"`) → `<prefix>x`. */
function prefixIds(svg: string, prefix: string): string {
  const ids = new Set([...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
  if (ids.size === 0) return svg;
  return svg.replace(/(\bid="|url\(#|href="#)([^")]+)/g, (whole, lead: string, id: string) => (ids.has(id) ? `${lead}${prefix}${id}` : whole));
}

/**
 * The pixel size of an SVG drawn at `scale`, read from its root element's whole-number `width` and `height` (what
 * vega writes) without parsing the document a second time; null when they are missing or fractional (then ask librsvg).
 */
export function svgPixelSize(svg: string, scale: number): { width: number; height: number } | null {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = /\swidth="(\d+)"/.exec(root)?.[1];
  const height = /\sheight="(\d+)"/.exec(root)?.[1];
  return width && height ? { width: Number(width) * scale, height: Number(height) * scale } : null;
}

/** The PNG a drawing goes onto (pixels at the chart scale). */
export interface Canvas {
  width: number;
  height: number;
  /** A taller drawing makes the canvas taller instead of being scaled down (chat pictures: text keeps its size). */
  growHeight?: boolean;
}

/** The desktop picture: 1200×675 (the gallery, the bench). */
export const DESKTOP_CANVAS: Canvas = { width: PNG_WIDTH, height: PNG_HEIGHT };
/** A chat picture (charts/chat-picture.ts): 960 wide, at least 720 tall, shown at 480 px. */
export const CHAT_CANVAS: Canvas = { width: CHAT_WIDTH * SIZE.scale, height: CHAT_HEIGHT * SIZE.scale, growHeight: true };

/**
 * SVG text → PNG at the chart scale on `canvas`: a smaller drawing (a composite laid out by its panels) is centred
 * on the background without resampling; only a larger one is scaled down to fit (or, with `growHeight`, one only
 * taller than the canvas gets a taller canvas).
 */
export async function rasterise(svg: string, canvas: Canvas = DESKTOP_CANVAS): Promise<{ png: Buffer; width: number; height: number }> {
  const { sharp } = await loadEngine();
  const image = sharp(Buffer.from(svg), { density: 72 * SIZE.scale });
  const { width = 0, height = 0 } = svgPixelSize(svg, SIZE.scale) ?? (await image.metadata());
  const W = canvas.width;
  const H = canvas.growHeight && width <= W ? Math.max(canvas.height, height) : canvas.height;
  // Flatten onto the background: a fractional SVG size leaves a half-transparent edge row or column.
  image.flatten({ background: COLORS.background });
  const png = { compressionLevel: 3 } as const;
  if (width === W && height === H) return { png: await image.png(png).toBuffer(), width: W, height: H };
  if (width <= W && height <= H) {
    const left = Math.floor((W - width) / 2);
    const top = Math.floor((H - height) / 2);
    const out = await image
      .extend({ left, right: W - width - left, top, bottom: H - height - top, background: COLORS.background })
      .png(png)
      .toBuffer();
    return { png: out, width: W, height: H };
  }
  return { png: await image.resize(W, H, { fit: 'contain', background: COLORS.background }).png(png).toBuffer(), width: W, height: H };
}

export async function renderChart(input: ChartSpec | TopLevelSpec, canvas: Canvas = DESKTOP_CANVAS): Promise<RenderedChart> {
  const spec = isChartSpec(input) ? input.spec : input;
  const label = isChartSpec(input) ? input.id : 'chart';
  let svg: string;
  try {
    svg = await renderSvg(spec);
  } catch (error) {
    throw new Error(`chart ${label} failed to render: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const { png, width, height } = await rasterise(svg, canvas);
  const alt = isChartSpec(input) ? input.alt : titleText(spec);
  return { png, svg, width, height, alt };
}

/** A chart's chat picture (Slack, Teams, digests, link previews): its chat form drawn for a 480-px display. */
export function renderChatPicture(chart: ChartSpec): Promise<RenderedChart> {
  return renderChart(forChat(chart), CHAT_CANVAS);
}

/** A chart's chat picture drawn only as far as SVG (a dry run of `renderChatPicture`: nothing is rasterised). */
export function renderChatSvg(chart: ChartSpec): Promise<string> {
  return renderSvg(forChat(chart).spec);
}

function titleText(spec: TopLevelSpec): string {
  const title = spec.title;
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object' && 'text' in title && typeof title.text === 'string') return title.text;
  return 'Chart';
}

// Renders the stage's ChartSpecs with vega-embed (loaded as the global `vegaEmbed`), each in a card with its
// "how to read this" sentence and its insights. Charts render one after another so the first appears early;
// each card records its state (`data-state`, `data-marks`) so tests and the bench can see what was drawn.

/** @typedef {{ text: string }} Insight */
/** @typedef {{ id: string, title: string, reading: string, insights: Insight[], alt: string, spec: Record<string, unknown> }} ChartSpec */

const EMBED_OPTIONS = {
  actions: { export: true, source: false, compiled: false, editor: false },
  tooltip: { theme: 'dark' },
  renderer: 'svg',
};

/** Specs with more rows than this are drawn on a canvas: thousands of SVG nodes slow the page down. */
const CANVAS_ABOVE_ROWS = 1500;

/** @param {string} tag @param {Record<string, string>} [attrs] @param {(Node | string)[]} [children] */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

/** @param {Record<string, unknown>} spec */
function rowCount(spec) {
  const data = /** @type {{ values?: unknown[] } | undefined} */ (spec.data);
  return Array.isArray(data?.values) ? data.values.length : 0;
}

const CONTINUOUS = new Set(['quantitative', 'temporal']);
const ZOOMABLE_MARKS = new Set(['point', 'circle', 'square', 'line', 'area', 'tick', 'trail']);

/**
 * Zoom and pan (scroll to zoom, drag to pan, double-click to reset) where the chart allows it: a single view or
 * layer whose x and y are both continuous and whose marks are points or lines. Other charts (bars, heatmaps,
 * concatenations) are left as they are.
 * @param {Record<string, unknown>} spec
 */
export function withZoom(spec) {
  const layers = /** @type {Record<string, unknown>[] | undefined} */ (spec.layer);
  const units = layers ?? [spec];
  const zoomable = units.find((unit) => {
    const mark = unit.mark;
    const type = typeof mark === 'string' ? mark : /** @type {{ type?: string } | undefined} */ (mark)?.type;
    const enc = /** @type {Record<string, { type?: string }> | undefined} */ (unit.encoding ?? spec.encoding);
    return ZOOMABLE_MARKS.has(type ?? '') && CONTINUOUS.has(enc?.x?.type ?? '') && CONTINUOUS.has(enc?.y?.type ?? '');
  });
  if (!zoomable || 'hconcat' in spec || 'vconcat' in spec || 'facet' in spec || 'repeat' in spec) return spec;
  const hasParams = units.some((unit) => Array.isArray(unit.params) && unit.params.length > 0);
  if (hasParams) return spec;
  const zoom = { name: 'zoom', select: 'interval', bind: 'scales' };
  /** Zoomed marks must not spill over the axes. @param {Record<string, unknown>} unit */
  const clipped = (unit) => ({ ...unit, mark: typeof unit.mark === 'string' ? { type: unit.mark, clip: true } : { ...(/** @type {object} */ (unit.mark)), clip: true } });
  if (!layers) return { ...clipped(spec), params: [zoom] };
  return { ...spec, layer: layers.map((unit) => ({ ...clipped(unit), ...(unit === zoomable ? { params: [zoom] } : {}) })) };
}

const MAX_WIDTH = 960;
/** Heights grow less than widths: a bar chart of three genres need not become a wall. */
const MAX_HEIGHT_GROWTH = 1.25;

/**
 * Scales a single-view chart to the width of its card (capped so a wide screen does not blow a chart up).
 * Concatenations keep the size their builder chose here and are scaled as a picture once drawn (`scaleDrawn`).
 * @param {Record<string, unknown>} spec @param {number} available
 */
export function fitWidth(spec, available) {
  const { width, height } = spec;
  if (typeof width !== 'number' || typeof height !== 'number' || available <= 0) return spec;
  const scale = Math.min(available, MAX_WIDTH) / width;
  return { ...spec, width: Math.round(width * scale), height: Math.round(height * Math.min(scale, MAX_HEIGHT_GROWTH)) };
}

/**
 * Scales a drawn SVG up to the card's width (vector, so it stays crisp; vega picks marks by their elements, so
 * tooltips still work). Used for concatenated charts, which have no single width to set.
 * @param {HTMLElement} target
 */
function scaleDrawn(target) {
  const svg = target.querySelector('svg.marks');
  if (!svg) return;
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const scale = Math.min(target.clientWidth, MAX_WIDTH) / width;
  if (!(scale > 1.05)) return;
  svg.setAttribute('width', String(Math.round(width * scale)));
  svg.setAttribute('height', String(Math.round(height * scale)));
}

/**
 * Hover tooltips for charts whose builder chose none: every mark shows its encoded fields.
 * @param {Record<string, unknown>} spec
 */
export function withTooltips(spec) {
  if (JSON.stringify(spec).includes('"tooltip"')) return spec;
  const config = /** @type {Record<string, Record<string, unknown>>} */ (spec.config ?? {});
  return { ...spec, config: { ...config, mark: { ...config.mark, tooltip: { content: 'encoding' } } } };
}

/** @param {Record<string, unknown>} spec */
function zooms(spec) {
  return JSON.stringify(spec).includes('"bind":"scales"');
}

/** Marks drawn in a vega view's scenegraph (axes, legends and titles are not counted). @param {unknown} node */
function countMarks(node) {
  const item = /** @type {{ items?: unknown[], marktype?: string, role?: string }} */ (node);
  if (!item || typeof item !== 'object') return 0;
  let count = 0;
  if (item.marktype && item.marktype !== 'group' && item.role === 'mark') count += item.items?.length ?? 0;
  for (const child of item.items ?? []) count += countMarks(child);
  return count;
}

/** @param {ChartSpec} chart */
function card(chart) {
  const insights = chart.insights.map((i) => el('li', {}, [i.text]));
  const aside = el('aside', {}, [
    el('h3', {}, ['How to read this']),
    el('p', {}, [chart.reading]),
    ...(insights.length ? [el('h3', {}, ['Insights']), el('ul', {}, insights)] : []),
  ]);
  const vis = el('div', { class: 'vis', role: 'img', 'aria-label': chart.alt });
  return el('article', { class: 'card chart-card', 'data-chart': chart.id, 'data-state': 'pending' }, [vis, aside]);
}

/** Views of the charts on screen, finalized before the next render so their listeners go away. */
let views = [];

/**
 * Renders `charts` into `container`, replacing what was there. Resolves when every chart has rendered.
 * @param {HTMLElement} container @param {ChartSpec[]} charts @param {number} generation render number
 * @param {() => number} current the latest render number: an outdated render stops early
 */
export async function renderCharts(container, charts, generation, current) {
  for (const view of views) view.finalize();
  views = [];
  const cards = charts.map(card);
  container.replaceChildren(...cards);
  let first = true;
  for (const [index, chart] of charts.entries()) {
    if (generation !== current()) return;
    const target = /** @type {HTMLElement} */ (cards[index].querySelector('.vis'));
    try {
      const fitted = fitWidth(chart.spec, target.clientWidth);
      const spec = withTooltips(withZoom(fitted));
      cards[index].dataset.zoom = String(zooms(spec));
      const renderer = rowCount(spec) > CANVAS_ABOVE_ROWS ? 'canvas' : EMBED_OPTIONS.renderer;
      const result = await window.vegaEmbed(target, spec, { ...EMBED_OPTIONS, renderer });
      if (fitted === chart.spec && !zooms(spec)) scaleDrawn(target);
      views.push(result.view);
      cards[index].dataset.marks = String(countMarks(result.view.scenegraph().root));
      cards[index].dataset.state = 'rendered';
      if (first) performance.mark('greenlight:first-chart');
      first = false;
    } catch (error) {
      cards[index].dataset.state = 'error';
      target.replaceChildren(el('p', { class: 'chart-error' }, [`This chart could not be drawn: ${String(error)}`]));
    }
  }
  performance.mark('greenlight:all-charts');
}

// Makes a view's charts live: the server sends each chart's card (fragments.ts) — on a page's first load with the
// chart already drawn as an SVG picture — and this module draws the chart with vega-embed in its card, replacing
// the picture once the live chart is there. Charts are drawn one after another so the first is live early; each
// card records its state (`data-state`, `data-marks`) so tests and the bench can see what was drawn.

/** @typedef {{ text: string }} Insight */
/**
 * A chart as `/api/stage/<stage>` sends it (charts/dashboard.ts): already interactive and compiled to Vega on the
 * server, so the page needs neither vega-lite nor a compile step; `phone` is its phone form (charts/phone.ts).
 * @typedef {{ vega: Record<string, unknown>, size?: { width: number, height: number } }} ChartForm
 * @typedef {{ id: string, title: string, reading: string, insights: Insight[], alt: string,
 *   vega: Record<string, unknown>, size?: { width: number, height: number }, zoom: boolean, rows: number,
 *   phone: ChartForm }} DashboardChart
 */

/**
 * Screens on which the page draws the charts' phone forms: the desktop forms' labels need a wider card. The same
 * breakpoint as the CSS that picks which server-drawn picture shows (dashboard.css).
 */
export const PHONE_QUERY = '(max-width: 640px)';

/** The form of a chart to draw on this screen. @param {DashboardChart} chart @returns {ChartForm & { phone: boolean }} */
export function formFor(chart) {
  const phone = window.matchMedia(PHONE_QUERY).matches;
  return phone ? { ...chart.phone, phone } : { vega: chart.vega, size: chart.size, phone };
}

const EMBED_OPTIONS = {
  mode: 'vega',
  actions: { export: true, source: false, compiled: false, editor: false },
  tooltip: { theme: 'dark' },
  // Hover encode sets are a Vega feature Vega-Lite's output does not use: no need to listen for them.
  hover: false,
  // Expressions are interpreted, not compiled with `new Function`: the page's CSP needs no 'unsafe-eval'.
  ast: true,
};

/** Charts with more rows than this are drawn on a canvas: thousands of SVG nodes slow the page down. */
const CANVAS_ABOVE_ROWS = 1500;

/** @param {string} tag @param {Record<string, string>} [attrs] @param {(Node | string)[]} [children] */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

const MAX_WIDTH = 960;
/** vega-embed's right padding for its "…" menu (`.vega-embed.has-actions`): the drawing stays left of it. */
const MENU_GUTTER = 38;
/** Heights grow less than widths: a bar chart of three genres need not become a wall. */
const MAX_HEIGHT_GROWTH = 1.25;

/**
 * The size to draw a single-view chart at: the width of its card (capped so a wide screen does not blow a chart
 * up). Concatenations have no single size (undefined): they are drawn as built and scaled as a picture
 * (`scaleDrawn`).
 * @param {{ size?: { width: number, height: number } }} chart @param {number} available
 * @returns {{ width: number, height: number } | undefined}
 */
export function fittedSize(chart, available) {
  if (!chart.size || available <= 0) return undefined;
  const scale = Math.min(available, MAX_WIDTH) / chart.size.width;
  return { width: Math.round(chart.size.width * scale), height: Math.round(chart.size.height * Math.min(scale, MAX_HEIGHT_GROWTH)) };
}

/**
 * The size to draw a phone form at: the card's width and the form's own height, which never shrinks with the
 * width (charts/phone.ts lays the chart out for a narrow card).
 * @param {{ size?: { width: number, height: number } }} form @param {number} available
 */
function phoneSize(form, available) {
  if (!form.size || available <= 0) return undefined;
  return { width: Math.round(available), height: Math.round(form.size.height) };
}

/**
 * Names the chart's "…" menu for assistive technology (vega-embed leaves its summary unnamed) and hides the
 * drawing from it: the card's own sentence describes the chart, and its marks are not meant to be read one by one.
 * @param {HTMLElement} target @param {string} title
 */
function forAssistiveTechnology(target, title) {
  const summary = target.querySelector('.vega-embed details > summary');
  if (summary) summary.setAttribute('aria-label', `Export or open “${title}”`);
  for (const drawing of target.querySelectorAll('.chart-wrapper, svg.marks, canvas.marks')) drawing.setAttribute('aria-hidden', 'true');
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

/** Marks drawn in a vega view's scenegraph (axes, legends and titles are not counted). @param {unknown} node */
function countMarks(node) {
  const item = /** @type {{ items?: unknown[], marktype?: string, role?: string }} */ (node);
  if (!item || typeof item !== 'object') return 0;
  let count = 0;
  if (item.marktype && item.marktype !== 'group' && item.role === 'mark') count += item.items?.length ?? 0;
  for (const child of item.items ?? []) count += countMarks(child);
  return count;
}

/** @type {(failure: Error | undefined) => void} */
let vegaSettled = () => {};
/** Resolves once `loadVega` has loaded vega (with the error if it could not). @type {Promise<Error | undefined>} */
const vegaLoaded = new Promise((resolve) => {
  vegaSettled = resolve;
});
let vegaRequested = false;

/**
 * Loads vega and vega-embed (classic scripts that set the globals `vega` and `vegaEmbed`), in order, once. Until
 * then `drawCharts` waits. @param {string[]} urls
 */
export function loadVega(urls) {
  if (vegaRequested) return;
  vegaRequested = true;
  Promise.all(
    urls.map(
      (url) =>
        new Promise((resolve, reject) => {
          const script = el('script', { src: url });
          script.async = false; // run in the order given, as soon as each has arrived
          script.addEventListener('load', resolve);
          script.addEventListener('error', () => reject(new Error(`${url} did not load`)));
          document.head.append(script);
        }),
    ),
  ).then(
    () => vegaSettled(undefined),
    (error) => vegaSettled(error),
  );
}

/** Views of the charts on screen, finalized before the next render so their listeners go away. */
let views = [];

/**
 * Draws `charts` live in the cards of `container` (one card per chart, `data-chart` = its id). Resolves when every
 * chart is drawn.
 * @param {HTMLElement} container @param {DashboardChart[]} charts @param {number} generation render number
 * @param {() => number} current the latest render number: an outdated render stops early
 */
export async function drawCharts(container, charts, generation, current) {
  const vegaFailure = await vegaLoaded;
  if (generation !== current()) return;
  for (const view of views) view.finalize();
  views = [];
  const cards = charts.map((chart) => /** @type {HTMLElement} */ (container.querySelector(`[data-chart="${window.CSS.escape(chart.id)}"]`)));
  // Every card of the grid is as wide as the first: read it once (one layout, not one forced layout per chart),
  // less the gutter vega-embed keeps for the chart's "…" menu.
  const width = cards.length ? /** @type {HTMLElement} */ (cards[0].querySelector('.vis')).clientWidth - MENU_GUTTER : 0;
  let first = true;
  for (const [index, chart] of charts.entries()) {
    if (generation !== current()) return;
    const card = cards[index];
    const vis = /** @type {HTMLElement} */ (card.querySelector('.vis'));
    const picture = vis.querySelector('.picture');
    // A live chart drawn before (in the other form, before the screen crossed the phone breakpoint) goes once this one is there.
    const previous = [...vis.querySelectorAll('.live')];
    // Drawn beside the picture, unseen, then swapped in: the chart never blinks out.
    const target = el('div', picture || previous.length ? { class: 'live drawing' } : { class: 'live' });
    vis.append(target);
    try {
      if (vegaFailure) throw vegaFailure;
      const form = formFor(chart);
      const size = form.phone ? phoneSize(form, width) : fittedSize(form, width);
      const renderer = chart.rows > CANVAS_ABOVE_ROWS ? 'canvas' : 'svg';
      const result = await window.vegaEmbed(target, form.vega, { ...EMBED_OPTIONS, ...size, renderer });
      picture?.remove();
      for (const node of previous) node.remove();
      target.classList.remove('drawing');
      card.dataset.form = form.phone ? 'phone' : 'desktop';
      forAssistiveTechnology(target, chart.title);
      if (!size && !form.phone) scaleDrawn(target);
      views.push(result.view);
      card.dataset.marks = String(countMarks(result.view.scenegraph().root));
      card.dataset.state = 'rendered';
      performance.mark(`greenlight:chart:${chart.id}`);
      if (first) performance.mark('greenlight:first-chart');
      first = false;
    } catch (error) {
      card.dataset.state = 'error';
      target.remove();
      // The server's picture, where there is one, still shows the chart: keep it and say what is missing.
      const note = picture
        ? `The interactive chart could not be drawn (${String(error)}); this is the chart as the server drew it.`
        : `This chart could not be drawn: ${String(error)}`;
      vis.append(el('p', { class: 'chart-error' }, [note]));
    }
  }
  performance.mark('greenlight:all-charts');
}

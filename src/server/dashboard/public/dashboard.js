// One stage page: the URL's query is the state. The server sends the page with its view in it (insights, chart
// cards with the charts drawn as pictures, notes); on load this module asks the JSON API for the same view
// (preloaded) and makes its charts live. On every control change it asks the API for `{ charts, state, html }`
// with the new query, writes the query back into the URL (pushState, so Back works), swaps in the view's markup
// (written by the server: fragments.ts) and draws its charts — no full reload.

import { drawCharts, el, loadVega } from './charts.js';
import { attachTitleSearch, formToQuery, incomplete, queryToForm, refresh } from './controls.js';
import { onFormChange } from './layout.js';

performance.mark('greenlight:scripts');

/** @type {{ stage: string, api: string, titles: string, stages: { stage: string, keys: string[] }[], vega: string[], defaults: string }} */
const page = JSON.parse(/** @type {HTMLElement} */ (document.getElementById('greenlight-page')).textContent ?? '{}');
/** What each control shows when the URL does not say. */
const defaults = new window.URLSearchParams(page.defaults);
const form = /** @type {HTMLFormElement} */ (document.getElementById('controls'));
const status = /** @type {HTMLElement} */ (document.getElementById('status'));
const insights = /** @type {HTMLElement} */ (document.getElementById('stage-insights'));
const chartsBox = /** @type {HTMLElement} */ (document.getElementById('charts'));
const notes = /** @type {HTMLElement} */ (document.getElementById('notes'));

let generation = 0;

/** The state to show: the URL's query without the link signature (the session cookie carries access on). */
function currentQuery() {
  return new window.URLSearchParams(window.location.search);
}

function stateQuery(/** @type {URLSearchParams} */ query) {
  const clean = new window.URLSearchParams(query);
  clean.delete('exp');
  clean.delete('sig');
  return clean;
}

/** Navigation keeps the filters the other pages understand (media type, genres, years, language). */
function updateNav(/** @type {URLSearchParams} */ query) {
  for (const link of /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll('nav.stages a[data-stage]'))) {
    const target = page.stages.find((s) => s.stage === link.dataset.stage);
    const carried = new window.URLSearchParams();
    for (const [key, value] of query) if (target?.keys.includes(key)) carried.append(key, value);
    const search = carried.toString();
    link.href = `${link.dataset.stage}${search ? `?${search}` : ''}`;
  }
}

/** @param {{ message: string, field?: string, suggestions?: string[] }} error */
function showError(error) {
  const buttons = (error.suggestions ?? []).map((suggestion) => {
    const button = el('button', { type: 'button', class: 'secondary' }, [suggestion]);
    // The suggestion replaces the parameter the core named; the answer's canonical state then resets the form.
    button.addEventListener('click', () => {
      const query = formToQuery(form);
      if (error.field) query.set(error.field, suggestion);
      update('push', query);
    });
    return button;
  });
  status.replaceChildren(el('div', { class: 'error', role: 'alert' }, [el('p', {}, [error.message]), ...buttons]));
}

/**
 * Shows the state the server computed: the form takes the canonical parameters (aliases resolved, defaults
 * filled; title keys shown by their labels) and, unless the address is a signed link, so does the URL.
 * @param {{ query: string, labels: Record<string, string> }} state
 */
function applyState(state) {
  const canonical = new window.URLSearchParams(state.query);
  queryToForm(form, canonical, defaults);
  for (const [name, label] of Object.entries(state.labels)) {
    const field = form.querySelector(`[name="${name}"]:not(:disabled)`);
    if (field && 'value' in field) field.value = label;
  }
  updateNav(canonical);
  if (!currentQuery().has('sig')) window.history.replaceState(null, '', `${window.location.pathname}?${state.query}`);
}

/**
 * Loads and draws the state in `query`. `mode` says what happens to the URL: `push` (a control changed) or `none`
 * (first load — a signed link stays as it was given — or Back/Forward, which already moved it).
 * @param {'push' | 'none'} mode @param {URLSearchParams} [query]
 */
async function update(mode, query = formToQuery(form)) {
  const mine = ++generation;
  const formBefore = formToQuery(form).toString();
  const state = stateQuery(query);
  const search = state.toString();
  const url = `${window.location.pathname}${search ? `?${search}` : ''}`;
  if (mode === 'push' && url !== `${window.location.pathname}${window.location.search}`) window.history.pushState(null, '', url);
  updateNav(state);
  // On first load the page arrives with its view drawn: keep it on screen (undimmed) while the charts go live.
  const drawn = mine === 1 && chartsBox.hasAttribute('data-drawn');
  document.body.dataset.state = 'loading';
  if (!drawn) chartsBox.setAttribute('aria-busy', 'true');
  // On first load this is the URL the page preloads (same query, same order).
  const response = await fetch(search ? `${page.api}?${search}` : page.api, { credentials: 'same-origin' });
  const body = await response.json();
  performance.mark('greenlight:data');
  if (mine !== generation) return;
  chartsBox.removeAttribute('aria-busy');
  if (!response.ok) {
    // The previous answer is not this question's: clear it, so the error is the only thing the page says.
    clearView();
    showError(body.error ?? { message: `The dashboard could not load this view (HTTP ${response.status}).` });
    document.body.dataset.state = 'error';
    return;
  }
  lastCharts = body.charts;
  status.replaceChildren();
  // A control changed while this view was loading (its update is still waiting): keep what the person set.
  if (formToQuery(form).toString() === formBefore) applyState(body.state);
  if (!drawn) {
    insights.innerHTML = body.html.insights;
    chartsBox.innerHTML = body.html.charts;
    notes.innerHTML = body.html.notes;
  }
  await drawCharts(chartsBox, body.charts, mine, () => generation);
  if (mine !== generation) return;
  document.body.dataset.renders = String(Number(document.body.dataset.renders ?? '0') + 1);
  document.body.dataset.state = 'ready';
}

/** The charts on screen, to redraw in the other form when the screen crosses the phone breakpoint. */
let lastCharts = [];

/** Empties the view: what is on screen belongs to a question that is no longer the one asked. */
function clearView() {
  ++generation;
  lastCharts = [];
  insights.replaceChildren();
  chartsBox.replaceChildren();
  notes.replaceChildren();
}

let debounce = 0;
form.addEventListener('input', (event) => {
  refresh(form);
  const target = /** @type {HTMLElement} */ (event.target);
  // A switch of mode (genres ↔ titles) leaves a question half asked: the old answer goes until it is complete.
  if (target.getAttribute('name') === 'kind' && incomplete(form)) {
    clearView();
    status.replaceChildren(el('p', { class: 'hint' }, ['Pick a title on each side to compare them.']));
    return;
  }
  if (target.hasAttribute('data-suggest') || incomplete(form)) return; // titles update when one is picked
  window.clearTimeout(debounce);
  debounce = window.setTimeout(() => update('push'), target.getAttribute('type') === 'number' ? 400 : 150);
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  update('push');
});
window.addEventListener('popstate', () => {
  queryToForm(form, currentQuery(), defaults);
  update('none', currentQuery());
});
attachTitleSearch(form, page.titles, () => {
  if (!incomplete(form)) update('push');
});

/** The first view: the URL's parameters, then the form's defaults for the keys the URL does not name. */
function initialQuery() {
  const query = stateQuery(currentQuery());
  const given = new Set(query.keys());
  for (const [key, value] of formToQuery(form)) if (!given.has(key)) query.append(key, value);
  return query;
}

onFormChange(() => {
  if (lastCharts.length) drawCharts(chartsBox, lastCharts, generation, () => generation);
});

queryToForm(form, currentQuery(), defaults);
update('none', initialQuery());
// vega is ~600 kB of script to compile and run: start it once the server-drawn charts have been painted, so that
// neither it nor the server (drawing them, on the same few cores) holds up what the person sees first.
window.requestAnimationFrame(() => setTimeout(() => loadVega(page.vega)));

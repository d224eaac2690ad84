/**
 * The HTML of a stage page: the header with the data's date, the stage navigation, the controls (one form whose
 * field names are the URL's query keys), empty boxes the browser module fills from the JSON API, and the footer
 * with the TMDB attribution. Also the refusal page. All interpolation goes through Hono's escaping `html` tag.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Catalog } from '../../data/catalog.ts';
import { CANONICAL_GENRES } from '../../data/genres.ts';
import { languageName } from '../../data/languages.ts';
import { releaseYear } from '../../data/title.ts';
import { TMDB_ATTRIBUTION } from '../../reply/reply.ts';
import type { StageName } from '../../core/types.ts';
import { DENIAL_MESSAGES, type Denial } from './access.ts';
import { assetUrl } from './assets.ts';
import type { DrawnPage } from './service.ts';
import { defaultOf, PAGES, pageOf, pageState, sharedKeys, type ControlName } from './pages.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** What the controls offer, from the catalog: its languages (most titles first) and its range of years. */
export interface Facets {
  languages: { code: string; name: string; count: number }[];
  years: { min: number; max: number };
}

const facetCache = new WeakMap<Catalog, Facets>();

export function facetsOf(catalog: Catalog): Facets {
  const cached = facetCache.get(catalog);
  if (cached) return cached;
  const counts = new Map<string, number>();
  let min = Infinity;
  let max = -Infinity;
  for (const t of catalog.titles) {
    if (t.originalLanguage) counts.set(t.originalLanguage, (counts.get(t.originalLanguage) ?? 0) + 1);
    const year = releaseYear(t);
    if (year !== null) {
      min = Math.min(min, year);
      max = Math.max(max, year);
    }
  }
  const languages = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([code, count]) => ({ code, name: languageName(code), count }));
  const facets = { languages, years: Number.isFinite(min) ? { min, max } : { min: 1900, max: 2100 } };
  facetCache.set(catalog, facets);
  return facets;
}

const number = new Intl.NumberFormat('en');

function segmented(name: string, label: string, options: readonly [string, string][], checked: string): Html {
  return html`<div class="segmented" role="radiogroup" aria-label="${label}">${options.map(
    ([value, label]) => html`<label><input type="radio" name="${name}" value="${value}" ${value === checked ? 'checked' : ''}><span>${label}</span></label>`,
  )}</div>`;
}

function genreOptions(selected: string): Html[] {
  return CANONICAL_GENRES.map((g) => html`<option value="${g}" ${g === selected ? 'selected' : ''}>${g}</option>`);
}

/** A labelled control; one without a single field to label (`id`) is a named group of the fields inside it. */
function control(label: string, body: Html, id?: string): Html {
  if (id) return html`<div class="control"><label for="${id}">${label}</label>${body}</div>`;
  const labelId = `label-${label.toLowerCase().replace(/\W+/g, '-')}`;
  return html`<div class="control" role="group" aria-labelledby="${labelId}"><span class="label" id="${labelId}">${label}</span>${body}</div>`;
}

/**
 * One control, set to `state` (the page's query with the controls' defaults filled in: `pageState`), so the page
 * arrives showing what it shows; dashboard.js then writes the canonical state in (aliases resolved, title labels).
 */
function controlHtml(name: ControlName, facets: Facets, state: URLSearchParams): Html {
  const value = (key: string): string => state.get(key) ?? '';
  switch (name) {
    case 'mediaType':
      return control(
        'Type',
        segmented(
          'mediaType',
          'Type',
          [
            ['all', 'All'],
            ['movie', 'Movies'],
            ['tv', 'TV'],
          ],
          value('mediaType'),
        ),
      );
    case 'genres': {
      // In the menu's order, as controls.js writes the summary.
      const chosen = CANONICAL_GENRES.filter((g) => state.getAll('genres').includes(g));
      return control(
        'Genres',
        html`<details class="dropdown"><summary data-empty="All genres">${chosen.length ? chosen.join(', ') : 'All genres'}</summary><div class="menu">${CANONICAL_GENRES.map(
          (g) => html`<label><input type="checkbox" name="genres" value="${g}" ${chosen.includes(g) ? 'checked' : ''}>${g}</label>`,
        )}</div></details>`,
      );
    }
    case 'years':
      return control(
        'Years',
        html`<div class="range-row">
        <input type="number" id="yearFrom" name="yearFrom" aria-label="First year" min="${facets.years.min}" max="${facets.years.max}" placeholder="from" value="${value('yearFrom')}">
        <span aria-hidden="true">–</span>
        <input type="number" id="yearTo" name="yearTo" aria-label="Last year" min="${facets.years.min}" max="${facets.years.max}" placeholder="to" value="${value('yearTo')}">
      </div>`,
      );
    case 'language':
      return control(
        'Language',
        html`<select id="language" name="language"><option value="">All languages</option>${facets.languages.map(
          (l) => html`<option value="${l.code}" ${l.code === value('language') ? 'selected' : ''}>${l.name} (${number.format(l.count)})</option>`,
        )}</select>`,
        'language',
      );
    case 'copilot': {
      const budget = value('budgetLevel');
      const quarter = value('quarter');
      return html`${control('Genre', html`<select id="genre" name="genre">${genreOptions(value('genre'))}</select>`, 'genre')}
        ${control(
          'Type',
          segmented(
            'mediaType',
            'Type',
            [
              ['movie', 'Movie'],
              ['tv', 'TV'],
            ],
            value('mediaType'),
          ),
        )}
        ${control('Budget level', html`<div class="range-row"><input type="range" id="budgetLevel" name="budgetLevel" min="1" max="10" step="1" value="${budget}"><output for="budgetLevel">${budget}</output><span class="label">of 10</span></div>`, 'budgetLevel')}
        ${control('Release quarter', html`<select id="quarter" name="quarter">${['1', '2', '3', '4'].map((q) => html`<option value="${q}" ${q === quarter ? 'selected' : ''}>Q${q}</option>`)}</select>`, 'quarter')}`;
    }
    case 'horizon':
      return control(
        'Months ahead',
        html`<input type="number" id="horizonMonths" name="horizonMonths" min="1" max="36" value="${value('horizonMonths')}">`,
        'horizonMonths',
      );
    case 'compare': {
      // Titles travel as keys (movie:872585): their pickers get the labels once the page has the view's state.
      const titles = value('kind') === 'title';
      return html`${control(
        'Compare',
        segmented(
          'kind',
          'Compare',
          [
            ['genre', 'Genres'],
            ['title', 'Titles'],
          ],
          value('kind'),
        ),
      )}
        <fieldset data-mode="kind=genre" ${titles ? 'disabled' : ''}>
          ${control('Left', html`<select id="left-genre" name="left">${genreOptions(titles ? defaultOf(name, 'left') : value('left'))}</select>`, 'left-genre')}
          <span class="versus">vs</span>
          ${control('Right', html`<select id="right-genre" name="right">${genreOptions(titles ? defaultOf(name, 'right') : value('right'))}</select>`, 'right-genre')}
        </fieldset>
        <fieldset data-mode="kind=title" ${titles ? '' : 'disabled'}>
          ${control('Left title', html`<div class="suggest"><input type="search" id="left-title" name="left" data-suggest autocomplete="off" role="combobox" aria-autocomplete="list" aria-expanded="false" placeholder="Start typing a title…"></div>`, 'left-title')}
          <span class="versus">vs</span>
          ${control('Right title', html`<div class="suggest"><input type="search" id="right-title" name="right" data-suggest autocomplete="off" role="combobox" aria-autocomplete="list" aria-expanded="false" placeholder="Start typing a title…"></div>`, 'right-title')}
        </fieldset>`;
    }
  }
}

/** The top of every page: head (with what else it loads: `extra`), header and, on stage pages, the navigation. */
function layoutStart(title: string, catalog: Catalog, current?: StageName, extra: Html = html``): Html {
  const { asOf, counts } = catalog.meta;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Greenlight</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetUrl('dashboard.css')}">
${extra}
</head>
<body data-state="loading">
<a class="skip-link" href="#content">Skip to content</a>
<header class="top">
  <a class="brand" href="explore">Green<span>light</span></a>
  <span class="tagline">Content intelligence</span>
  <span class="asof" id="asof">Data as of ${asOf} · ${number.format(counts.total)} titles (${number.format(counts.movie)} movies, ${number.format(counts.tv)} TV)</span>
</header>
${
  current
    ? html`<div class="stages-wrap"><nav class="stages" aria-label="Stages">${PAGES.map(
        (p, i) =>
          html`<a href="${p.stage}" data-stage="${p.stage}" ${p.stage === current ? html`aria-current="page"` : ''}><small>${i + 1} · ${p.stage}</small>${p.title}</a>`,
      )}</nav><span class="stages-more" aria-hidden="true">›</span></div>`
    : ''
}`;
}

function layoutEnd(catalog: Catalog): Html {
  return html`<footer>
  <span>${TMDB_ATTRIBUTION}</span>
  <span>Data as of ${catalog.meta.asOf} · Source: TMDB</span>
</footer>
</body>
</html>`;
}

/** JSON for a `<script type="application/json">` block: `<` escaped so no string can close the script. */
function scriptJson(value: unknown): HtmlEscapedString {
  return raw(JSON.stringify(value).replace(/</g, '\\u003c'));
}

/**
 * A stage page, in the order the server sends it (`state`: the view it shows, the query with the controls'
 * defaults filled in): `start` at once (head, header, navigation, controls: the
 * browser starts loading the scripts), then `view(content)` once the view is drawn — its insights, chart cards
 * with the charts as SVG pictures, notes, and the charts and state the browser makes live (so it does not ask the
 * API for the same view); empty boxes when there is none (the page then asks the API, which says what was wrong)
 * — then `end`. The browser module (`dashboard.js`) makes the charts live and redraws from `/api/stage/<stage>`
 * when a control changes. URLs are relative to the page (`/dashboard/<stage>`), so the dashboard also works
 * behind a proxy that adds a path prefix.
 */
export function stagePage(
  stage: StageName,
  catalog: Catalog,
  query: URLSearchParams,
): { state: URLSearchParams; start: Html; board: (content?: DrawnPage) => Html; end: Html } {
  const page = pageOf(stage);
  const facets = facetsOf(catalog);
  const state = pageState(page, query);
  const api = `../api/stage/${stage}`;
  const config = {
    stage,
    api,
    titles: '../api/titles',
    stages: PAGES.map((p) => ({ stage: p.stage, keys: sharedKeys(p) })),
    // Loaded by dashboard.js once the server-drawn charts are on screen (see there).
    vega: [assetUrl('vega.min.js'), assetUrl('vega-embed.min.js')],
    // What each control shows when the URL does not say (the form itself arrives in the page's state).
    defaults: pageState(page, new URLSearchParams()).toString(),
  };
  const scripts = html`${config.vega.map((url) => html`<link rel="preload" href="${url}" as="script">`)}
<link rel="modulepreload" href="assets/charts.js">
<link rel="modulepreload" href="assets/controls.js">
<link rel="modulepreload" href="assets/layout.js">
<script type="module" src="${assetUrl('dashboard.js')}"></script>`;
  const start = html`${layoutStart(page.title, catalog, stage, scripts)}
<main id="content" tabindex="-1">
  <section class="intro"><h1>${page.title}</h1><p>${page.summary}</p></section>
  <form class="controls" id="controls" autocomplete="off" aria-label="${page.title} settings">${page.controls.map((c) => controlHtml(c, facets, state))}</form>
  <div class="status" id="status" aria-live="polite"></div>`;
  const board = (content?: DrawnPage) => html`
  <section class="stage-insights" id="stage-insights" aria-label="Key insights">${raw(content?.html.insights ?? '')}</section>
  <section class="charts" id="charts" ${content ? html`data-drawn` : html`aria-busy="true"`}>${raw(content?.html.charts ?? '')}</section>
  ${content ? html`<script src="${assetUrl('drawn.js')}"></script>` : ''}
  <section class="notes" id="notes">${raw(content?.html.notes ?? '')}</section>
  ${content ? html`<script type="application/json" id="greenlight-board">${raw(content.data)}</script>` : ''}
</main>`;
  const end = html`<script type="application/json" id="greenlight-page">${scriptJson(config)}</script>
${layoutEnd(catalog)}`;
  return { state, start, board, end };
}

const DENIAL_TITLES: Readonly<Record<Denial, string>> = {
  missing: 'Signed link needed',
  expired: 'Link expired',
  forged: 'Link not valid',
};

/** The page shown instead of a view the visitor was not given (HTTP 403). */
export function deniedPage(reason: Denial, catalog: Catalog): Html {
  const body = html`<main id="content" tabindex="-1"><section class="card denied" data-reason="${reason}">
  <h1>${DENIAL_TITLES[reason]}</h1>
  <p>${DENIAL_MESSAGES[reason]}</p>
</section></main>`;
  return html`${layoutStart(DENIAL_TITLES[reason], catalog)}${body}${layoutEnd(catalog)}`;
}

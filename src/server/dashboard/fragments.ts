/**
 * The markup of a view: the verdict and key insights, one card per chart ("how to read this", the chart's own
 * bullets, the box the chart is drawn in) and the notes. The server is the one place this markup is written:
 * the page carries it on first load (with each chart already drawn as an SVG picture), and the API sends it
 * (without pictures) for the page to swap in when a control changes. The browser only makes the charts live.
 * All interpolation goes through Hono's escaping `html` tag; pictures are SVG vega drew on this server.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { DashboardChart } from '../../../charts/index.ts';
import type { StageResult } from '../../core/stages/types.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The three parts of a stage page that change with its view. */
export interface BoardHtml {
  insights: string;
  charts: string;
  notes: string;
}

const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** The verdict at the top of the decision pages: the copilot's recommendation, or Head-to-Head's winner. */
export function verdictOf(result: StageResult): { badge: string; kind: 'go' | 'stop' | 'wait'; sentence: string } | null {
  if (result.stage === 'predict' && result.data.prediction) {
    const p = result.data.prediction;
    const kind = p.recommendation === 'GREENLIGHT' ? 'go' : p.recommendation === 'PASS' ? 'stop' : 'wait';
    const { value, low, high } = p.popularity;
    return {
      badge: p.recommendation,
      kind,
      sentence:
        `Hit probability ${percent.format(p.hitProbability)} · ${p.risk} risk · predicted popularity ` +
        `${decimal.format(value)} (${decimal.format(low)}–${decimal.format(high)})`,
    };
  }
  if (result.stage === 'compare') {
    const { overall: o, left, right } = result.data;
    if (o.winner === 'tie') return { badge: 'TIE', kind: 'wait', sentence: `${left.label} and ${right.label} win ${o.won.left} metrics each of ${o.compared}` };
    const winner = o.winner === 'left' ? left : right;
    return {
      badge: `${winner.label} wins`,
      kind: 'go',
      sentence: `${o.won[o.winner]} of ${o.compared} metrics (score ${percent.format(o.score)}); ${o.won.ties} tied`,
    };
  }
  return null;
}

function bullets(items: readonly { text: string }[]): Html {
  return html`<ul>${items.map((i) => html`<li>${i.text}</li>`)}</ul>`;
}

function insightsHtml(result: StageResult): Html {
  const call = verdictOf(result);
  return html`${call ? html`<p class="verdict"><span class="badge badge-${call.kind}">${call.badge}</span>${call.sentence}</p>` : ''}${
    result.insights.length ? html`<h2>Key insights</h2>${bullets(result.insights)}` : ''
  }`;
}

/** A chart drawn on the server as SVG markup, in its desktop and its phone form (the page shows the one that fits). */
export interface Picture {
  desktop: string;
  phone: string;
}

/**
 * One chart's card: its title as a heading (the page outline names the charts; the drawing repeats it for
 * sighted readers), the sentence that describes the drawing for assistive technology (the drawings themselves
 * are hidden from it: their marks are not meant to be read one by one), the drawing with its "…" menu, and the
 * chart's reading and bullets. `picture` is the chart drawn on the server, shown until the browser has drawn the
 * live chart in its place; without it the box stays empty until then.
 */
function cardHtml(chart: DashboardChart, picture?: Picture): Html {
  return html`<article class="card chart-card" data-chart="${chart.id}" data-state="pending" data-zoom="${String(chart.zoom)}" aria-labelledby="title-${chart.id}">
<h2 class="visually-hidden" id="title-${chart.id}">${chart.title}</h2>
<p class="visually-hidden">${chart.alt}</p>
<div class="vis">${picture ? html`<div class="picture" aria-hidden="true"><div class="form-desktop">${raw(picture.desktop)}</div><div class="form-phone">${raw(picture.phone)}</div></div>` : ''}</div>
<aside><h3>How to read this</h3><p>${chart.reading}</p>${chart.insights.length ? html`<h3>Insights</h3>${bullets(chart.insights)}` : ''}</aside>
</article>`;
}

function notesHtml(notes: readonly string[]): Html {
  return notes.length ? html`<strong>Notes</strong>${bullets(notes.map((text) => ({ text })))}` : html``;
}

/** The markup of a view; `pictures[i]`, when given, is chart i drawn as SVG. */
export async function boardHtml(board: { result: StageResult; charts: readonly DashboardChart[] }, pictures?: readonly Picture[]): Promise<BoardHtml> {
  const [insights, charts, notes] = await Promise.all([
    insightsHtml(board.result),
    html`${board.charts.map((chart, i) => cardHtml(chart, pictures?.[i]))}`,
    notesHtml(board.result.notes),
  ]);
  return { insights: insights.toString(), charts: charts.toString(), notes: notes.toString() };
}

/** The widest a single-view chart is drawn (charts.js `MAX_WIDTH`), and how much less its height may grow. */
const MAX_WIDTH = 960;
const MAX_HEIGHT_GROWTH = 1.25;

/**
 * The size the page draws a chart at on a card at least 960 px wide — what charts.js's `fittedSize` gives there
 * (test/dashboard/fragments.test.ts holds the two to each other) — so a picture drawn at it is the live chart's
 * twin on a desktop screen, and is scaled down as a picture on narrower ones. Concatenations keep their own size.
 */
export function pictureSize(chart: Pick<DashboardChart, 'size'>): { width: number; height: number } | undefined {
  if (!chart.size) return undefined;
  const scale = MAX_WIDTH / chart.size.width;
  return { width: MAX_WIDTH, height: Math.round(chart.size.height * Math.min(scale, MAX_HEIGHT_GROWTH)) };
}

/**
 * `npx tsx bench/chat-mock.ts [OUT_DIR]`: answers one question per stage on the real catalog, renders each
 * reply's Slack message and Teams card the way the clients lay them out (a simplified mock: blocks top to bottom,
 * native charts drawn as plain SVG, pictures shown at Slack's ~480 px), and screenshots both with Chromium into
 * OUT_DIR (default `out/chat-mock`). For looking at replies as people see them; not a test.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { isNative, type ChatForm, type NativeChart } from '../charts/chat-form.ts';
import { slackChannel } from '../src/adapters/slack/channel.ts';
import { teamsChannel } from '../src/adapters/teams/channel.ts';
import { loadConfig } from '../src/config.ts';
import { loadModels } from '../src/core/intelligence/index.ts';
import { openCatalog } from '../src/data/open.ts';
import { ask } from '../src/reply/answer.ts';
import type { Reply } from '../src/reply/reply.ts';

const QUESTIONS: Record<string, string> = {
  explore: '/explore movies drama years 2000-2024',
  understand: '/understand movies',
  identify: '/identify movies years 2005-2024',
  predict: 'should we greenlight a sci-fi movie for Q3 with a big budget?',
  forecast: "what's rising?",
  compare: '/compare drama vs comedy',
};

/** The platforms' JSON, read loosely: this mock draws what it finds. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Payload = Record<string, any>;

const esc = (s: unknown) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
const mrkdwn = (s: string) =>
  esc(s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'))
    .replace(/\*([^*\n]+)\*/g, '<b>$1</b>')
    .replace(/\n/g, '<br>');
const PALETTE = ['#4A90D9', '#E8912D', '#2BAC76', '#CD2553', '#8E5CC7', '#8B8B8B'];

/** A native chart as a plain SVG (what matters here is the data and the labels, not Slack's exact styling). */
function svgChart(form: NativeChart, width = 460, height = 220): string {
  if (form.kind === 'pie') {
    const total = form.segments.reduce((a, s) => a + s.value, 0);
    let angle = -Math.PI / 2;
    const arcs = form.segments.map((s, i) => {
      const a0 = angle;
      angle += (s.value / total) * 2 * Math.PI;
      const [x0, y0, x1, y1] = [110 + 90 * Math.cos(a0), 110 + 90 * Math.sin(a0), 110 + 90 * Math.cos(angle), 110 + 90 * Math.sin(angle)];
      return `<path d="M110,110 L${x0},${y0} A90,90 0 ${angle - a0 > Math.PI ? 1 : 0},1 ${x1},${y1} Z" fill="${PALETTE[i]}"/><text x="230" y="${30 + i * 20}" font-size="12"><tspan fill="${PALETTE[i]}">■</tspan> ${esc(s.label)}</text>`;
    });
    return `<svg width="${width}" height="${height}">${arcs.join('')}</svg>`;
  }
  const values = form.series.flatMap((s) => s.values);
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  // Category labels wider than the space each shown one has are set at an angle (as chart clients do), not overlapping.
  const step = form.categories.length <= 12 ? 1 : Math.ceil(form.categories.length / 10);
  const slanted =
    !(form.kind === 'bar' && form.horizontal) && Math.max(...form.categories.map((c) => c.length)) * 5.5 > ((width - 50) / form.categories.length) * step;
  const left = form.horizontal && form.kind === 'bar' ? 130 : slanted ? 90 : 40;
  const plotW = width - left - 10;
  const plotH = height - (slanted ? 110 : 60);
  const scale = (v: number) => ((v - min) / (max - min || 1)) * (form.horizontal && form.kind === 'bar' ? plotW : plotH);
  const parts: string[] = [];
  const n = form.categories.length;
  if (form.kind === 'bar' && form.horizontal) {
    const band = plotH / n;
    form.categories.forEach((c, i) => {
      parts.push(`<text x="${left - 4}" y="${20 + band * i + band / 2 + 4}" font-size="11" text-anchor="end">${esc(c)}</text>`);
      form.series.forEach((s, j) => {
        const h = (band * 0.8) / form.series.length;
        const x0 = left + scale(0);
        const x1 = left + scale(s.values[i]);
        parts.push(`<rect x="${Math.min(x0, x1)}" y="${20 + band * i + band * 0.1 + h * j}" width="${Math.abs(x1 - x0)}" height="${h}" fill="${PALETTE[j]}"/>`);
      });
    });
  } else {
    const band = plotW / n;
    const y = (v: number) => 20 + plotH - scale(v);
    form.categories.forEach((c, i) => {
      if (i % step === 0)
        parts.push(
          slanted
            ? `<text transform="translate(${left + band * i + band / 2},${28 + plotH}) rotate(-35)" font-size="10" text-anchor="end">${esc(c)}</text>`
            : `<text x="${left + band * i + band / 2}" y="${height - 25}" font-size="10" text-anchor="middle">${esc(c)}</text>`,
        );
    });
    form.series.forEach((s, j) => {
      if (form.kind === 'bar') {
        const w = (band * 0.8) / form.series.length;
        s.values.forEach((v, i) =>
          parts.push(
            `<rect x="${left + band * i + band * 0.1 + w * j}" y="${Math.min(y(v), y(0))}" width="${w}" height="${Math.abs(y(v) - y(0))}" fill="${PALETTE[j]}"/>`,
          ),
        );
      } else {
        const pts = s.values.map((v, i) => `${left + band * i + band / 2},${y(v)}`).join(' ');
        if (form.kind === 'area')
          parts.push(`<polygon points="${left + band / 2},${y(0)} ${pts} ${left + band * (n - 1) + band / 2},${y(0)}" fill="${PALETTE[j]}" opacity="0.35"/>`);
        parts.push(`<polyline points="${pts}" fill="none" stroke="${PALETTE[j]}" stroke-width="2"/>`);
      }
    });
    parts.push(
      `<text x="4" y="14" font-size="10">${esc(max.toPrecision(3))}</text><text x="4" y="${20 + plotH}" font-size="10">${esc(min.toPrecision(3))}</text>`,
    );
  }
  const legend = form.series.map((s, j) => `<tspan fill="${PALETTE[j]}">■</tspan> ${esc(s.name)}  `).join('');
  return `<svg width="${width}" height="${height}"><line x1="${left}" y1="20" x2="${left}" y2="${20 + plotH}" stroke="#ccc"/>${parts.join('')}<text x="${left}" y="${height - 6}" font-size="11">${legend}${form.yLabel ? ` — ${esc(form.yLabel)}` : ''}</text></svg>`;
}

function slackHtml(reply: Reply): string {
  const message = slackChannel.render(reply) as { blocks: Payload[] };
  const pictures = new Map(reply.images.map((i) => [i.id, `data:image/png;base64,${i.png.toString('base64')}`]));
  const body = message.blocks.map((b) => {
    switch (b.type) {
      case 'header':
        return `<h3>${esc(b.text.text)}</h3>`;
      case 'section':
        return b.fields
          ? `<div class="fields">${b.fields.map((f: { text: string }) => `<div>${mrkdwn(f.text)}</div>`).join('')}</div>`
          : `<p>${mrkdwn(b.text.text)}</p>`;
      case 'context': {
        // An image the preview could not upload is described in words; the mock shows the PNG Slack would.
        const text = b.elements.map((e: { text: string }) => e.text).join(' ');
        const chart = reply.charts?.find((c) => c.image && text.includes(esc(c.title).replace(/&amp;/g, '&amp;')));
        if (chart?.image && text.startsWith(':bar_chart:'))
          return `<div class="img"><div class="cap">${esc(chart.title)}</div><img src="${pictures.get(chart.id)}" width="480"></div>`;
        return `<div class="ctx">${mrkdwn(text)}</div>`;
      }
      case 'data_visualization':
        return `<div class="dv"><div class="cap">${esc(b.title)}</div>${svgChart(toForm(b))}</div>`;
      case 'table':
        return `<table>${b.rows.map((r: { text: string }[], i: number) => `<tr>${r.map((c) => (i === 0 ? `<th>${esc(c.text)}</th>` : `<td>${esc(c.text)}</td>`)).join('')}</tr>`).join('')}</table>`;
      case 'actions':
        return `<div class="btns">${b.elements.map((e: { text: { text: string }; style?: string }) => `<span class="btn ${e.style ?? ''}">${esc(e.text.text)}</span>`).join('')}</div>`;
      default:
        return `<pre>${esc(b.type)}</pre>`;
    }
  });
  return `<div class="slack"><div class="who"><b>Greenlight</b> <span class="app">APP</span></div>${body.join('')}</div>`;
}

/** A data_visualization block back to the chart form (to draw it). */
function toForm(b: Payload): NativeChart {
  const c = b.chart;
  if (c.type === 'pie') return { kind: 'pie', title: b.title, segments: c.segments };
  return {
    kind: c.type,
    title: b.title,
    categories: c.axis_config.categories,
    series: c.series.map((s: { name: string; data: { value: number }[] }) => ({ name: s.name, values: s.data.map((d) => d.value) })),
    ...(c.axis_config.y_label ? { yLabel: c.axis_config.y_label } : {}),
    horizontal: false,
  };
}

function teamsHtml(reply: Reply): string {
  const pictures = (image: { png: Buffer }) => `data:image/png;base64,${image.png.toString('base64')}`;
  const activity = teamsChannel.render(reply, pictures, { inlined: true }) as { attachments: { content: { body: Payload[]; actions: Payload[] } }[] };
  const card = activity.attachments[0].content;
  const forms = new Map((reply.charts ?? []).filter((c) => isNative(c.native)).map((c) => [c.native!.title, c.native as ChatForm]));
  const body = card.body.map((e) => {
    if (e.type === 'TextBlock')
      return `<p class="${e.weight === 'Bolder' ? 'strong' : ''} ${e.isSubtle ? 'subtle' : ''} ${e.size === 'Small' ? 'small' : ''}">${mrkdwn(String(e.text).replace(/\*\*([^*]+)\*\*/g, '*$1*'))}</p>`;
    if (e.type === 'FactSet')
      return `<div class="facts">${e.facts.map((f: { title: string; value: string }) => `<div><b>${esc(f.title)}</b></div><div>${esc(f.value)}</div>`).join('')}</div>`;
    if (e.type === 'Image') return `<img src="${e.url}" width="520">`;
    if (e.type === 'Table')
      return `<table>${e.rows.map((r: { cells: { items: { text: string }[] }[] }, i: number) => `<tr>${r.cells.map((c) => (i === 0 ? `<th>${esc(c.items[0].text)}</th>` : `<td>${esc(c.items[0].text)}</td>`)).join('')}</tr>`).join('')}</table>`;
    if (String(e.type).startsWith('Chart.')) {
      const form = forms.get(e.title);
      return `<div class="dv"><div class="cap">${esc(e.title)} <span class="tag">${esc(e.type)}</span></div>${form && isNative(form) ? svgChart({ ...form, ...(e.type === 'Chart.HorizontalBar' ? {} : { horizontal: false }) } as NativeChart, 520, 230) : ''}</div>`;
    }
    return `<pre>${esc(e.type)}</pre>`;
  });
  const actions = card.actions.map((a) => `<span class="btn">${esc(a.title)}</span>`).join('');
  return `<div class="teams">${body.join('')}<div class="btns">${actions}</div></div>`;
}

const CSS = `body{margin:0;font-family:Lato,Helvetica,Arial,sans-serif;font-size:15px;color:#1d1c1d;background:#fff}
.slack{width:560px;padding:12px 20px}.who{margin-bottom:4px}.app{font-size:10px;background:#eee;padding:1px 3px;border-radius:2px;color:#555}
.slack p{margin:4px 0;line-height:1.45}.ctx{font-size:12px;color:#616061;margin:4px 0}.fields{display:grid;grid-template-columns:1fr 1fr;gap:6px;margin:6px 0}
.dv,.img{border:1px solid #ddd;border-radius:8px;padding:8px;margin:8px 0;width:480px}.cap{font-weight:bold;font-size:13px;margin-bottom:4px}.tag{font-weight:normal;color:#888;font-size:11px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
.btns{margin:8px 0}.btn{display:inline-block;border:1px solid #bbb;border-radius:4px;padding:3px 10px;margin:2px;font-size:13px;font-weight:bold}.btn.primary{background:#007a5a;color:#fff;border-color:#007a5a}
.teams{width:600px;margin:12px;padding:14px;border:1px solid #e1dfdd;border-radius:6px;font-family:'Segoe UI',Helvetica,sans-serif;background:#fff}.teams p{margin:4px 0}.strong{font-weight:600;font-size:17px}.subtle{color:#616161}.small{font-size:12px}
.facts{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:6px 0;font-size:14px}`;

async function main(): Promise<void> {
  const out = process.argv[2] ?? 'out/chat-mock';
  await mkdir(out, { recursive: true });
  const config = loadConfig(process.env);
  const catalog = await openCatalog(config, (m) => console.error(m));
  const deps = { catalog, config, now: () => new Date(), models: () => loadModels(catalog, { dataDir: config.GREENLIGHT_DATA_DIR }), log: () => {} };
  const browser = await chromium.launch({ executablePath: process.env.GREENLIGHT_CHROMIUM ?? '/usr/bin/chromium' });
  const page = await browser.newPage({ viewport: { width: 660, height: 400 }, deviceScaleFactor: 1 });
  for (const [stage, question] of Object.entries(QUESTIONS)) {
    const forSlack = await ask(question, deps, { nativeCharts: slackChannel.nativeCharts });
    const forTeams = await ask(question, deps);
    for (const [name, html] of [
      ['slack', slackHtml(forSlack)],
      ['teams', teamsHtml(forTeams)],
    ] as const) {
      await page.setContent(`<!doctype html><meta charset="utf-8"><style>${CSS}</style>${html}`);
      const file = join(out, `${stage}.${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await writeFile(join(out, `${stage}.${name}.html`), html);
      console.log(file);
    }
  }
  await browser.close();
}

await main();

/**
 * `toAdaptiveCard(reply, imageUrl)`: a channel-neutral `Reply` as an Adaptive Card (schema 1.5) for Teams — the
 * decision line first, what was asked, a FactSet of key figures, bullets, the charts (those with a native form
 * as Teams `Chart.*` elements whose `fallback` is the same chart's `Image`; the rest as `Image` elements by URL,
 * served by Greenlight, never inlined), compare's metrics as a `Table`, `Action.OpenUrl` to the dashboard,
 * `Action.Submit` follow-ups (Subscribe among them) that post the command back into the conversation, and "How
 * sure are we?" as an `Action.ShowCard` holding the diagnostics. Pure. Teams caps a message at about 28 KB; the
 * card is kept under `MAX_CARD_BYTES` by shortening the least important parts first.
 */
import pTimeout from 'p-timeout';
import type { NativeChart, TableForm } from '../../../charts/chat-form.ts';
import type { Reply, ReplyChart, ReplyImage } from '../../reply/reply.ts';
import { SUBSCRIBE_LABEL, chatActions, clip, textBesideDecision, type ChatAction } from '../conversation.ts';

export interface CardElement {
  type: string;
  [key: string]: unknown;
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions: CardElement[];
  msteams?: { width: 'Full' };
}

/** What `Action.Submit` sends back as the activity's `value` (and, through messageBack, as its text). */
export interface SubmitData {
  greenlight: string;
  msteams: { type: 'messageBack'; text: string; displayText: string };
}

export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** Below Teams' ~28 KB message limit, with room for the activity envelope. */
export const MAX_CARD_BYTES = 24 * 1024;

export type ImageUrl = (image: ReplyImage) => string | undefined;
/**
 * Makes an image reachable by URL (the server stores it where every replica can serve it) and resolves to that
 * URL, or to undefined when it is not served; rejects when storing failed. The bot resolves a reply's images with it
 * before building the card (`cardImageUrls` in `bot.ts`), so the card itself stays pure.
 */
export type ServedImageUrl = (image: ReplyImage) => Promise<string | undefined>;

/** `imageUrl`, rejecting once `ms` have passed: a hanging image store must not hold up a card (it then describes the chart in words). */
export function imageUrlWithin(imageUrl: ServedImageUrl, ms: number): ServedImageUrl {
  return (image) => pTimeout(imageUrl(image), { milliseconds: ms, message: `storing the image took over ${Math.round(ms)} ms` });
}

interface Budget {
  /** Whether charts with a native form are drawn as `Chart.*` elements (else as their pictures). */
  native: boolean;
  /** Whether pictures (and picture fallbacks) are included. */
  pictures: boolean;
  bullets: number;
  footnotes: number;
  images: number;
  textChars: number;
}

const text = (value: string, extra: Record<string, unknown> = {}): CardElement => ({ type: 'TextBlock', text: value, wrap: true, ...extra });

/** A native chart as the matching Teams chart element (without its fallback). */
export function chartElement(native: NativeChart): CardElement {
  const common = { title: native.title, showTitle: true };
  if (native.kind === 'pie') return { type: 'Chart.Pie', ...common, data: native.segments.map((s) => ({ legend: s.label, value: s.value })) };
  const axes = { ...(native.xLabel ? { xAxisTitle: native.xLabel } : {}), ...(native.yLabel ? { yAxisTitle: native.yLabel } : {}) };
  const points = (values: readonly number[]) => native.categories.map((x, i) => ({ x, y: values[i] }));
  if (native.kind === 'line' || native.kind === 'area') {
    return { type: 'Chart.Line', ...common, ...axes, data: native.series.map((s) => ({ legend: s.name, values: points(s.values) })) };
  }
  if (native.series.length > 1) {
    return {
      type: 'Chart.VerticalBar.Grouped',
      ...common,
      ...axes,
      showLegend: true,
      data: native.series.map((s) => ({ legend: s.name, values: points(s.values) })),
    };
  }
  const [only] = native.series;
  return native.horizontal
    ? { type: 'Chart.HorizontalBar', ...common, ...axes, data: points(only.values) }
    : { type: 'Chart.VerticalBar', ...common, ...axes, data: points(only.values) };
}

/** Compare's metrics as a Teams `Table` (first row as headers). */
export function tableElement(table: TableForm): CardElement {
  const cell = (value: string, align: 'left' | 'right', bold = false): CardElement => ({
    type: 'TableCell',
    items: [text(clip(value, 200), { horizontalAlignment: align === 'right' ? 'Right' : 'Left', ...(bold ? { weight: 'Bolder' } : {}) })],
  });
  return {
    type: 'Table',
    firstRowAsHeaders: true,
    showGridLines: true,
    columns: table.columns.map((_, i) => ({ width: i === 0 ? 2 : 1 })),
    rows: [table.columns, ...table.rows].map((row, r) => ({ type: 'TableRow', cells: row.map((v, i) => cell(v, table.align[i] ?? 'left', r === 0)) })),
  };
}

/** The reply's charts, most important first (answers built before chat forms carry only images). */
function cardCharts(reply: Reply): ReplyChart[] {
  return reply.charts ?? reply.images.map((image) => ({ id: image.id, title: image.title, alt: image.alt, importance: 0.5, image }));
}

/** One chart: a native element with its picture as fallback, else its picture, else its description. */
function chartElements(chart: ReplyChart, imageUrl: ImageUrl, native: boolean): CardElement[] {
  const url = chart.image ? imageUrl(chart.image) : undefined;
  const picture: CardElement | undefined = url ? { type: 'Image', url, altText: clip(chart.alt, 400), size: 'Stretch', spacing: 'Medium' } : undefined;
  const words = text(`**${clip(chart.title, 200)}**: ${clip(chart.alt, 400)}`, { size: 'Small' });
  if (native && chart.native) {
    // A native chart's caveat stands under it (the picture fallback shows it drawn in).
    const note = chart.native.note ? [text(clip(chart.native.note, 400), { size: 'Small', isSubtle: true, spacing: 'None' })] : [];
    return [{ ...chartElement(chart.native), spacing: 'Medium', fallback: picture ?? words }, ...note];
  }
  if (picture) return [picture, text(clip(chart.title, 200), { size: 'Small', isSubtle: true, spacing: 'None' })];
  return [words];
}

function action(a: ChatAction): CardElement {
  if (a.kind === 'reveal') {
    // Shown in place, for whoever asks: the card needs no round trip.
    return {
      type: 'Action.ShowCard',
      title: clip(a.label, 60),
      card: { type: 'AdaptiveCard', body: a.lines.map((l) => text(clip(l, 300), { size: 'Small' })) },
    };
  }
  if (a.kind === 'link') return { type: 'Action.OpenUrl', title: clip(a.label, 60), url: a.url };
  const data: SubmitData = { greenlight: a.command, msteams: { type: 'messageBack', text: a.command, displayText: a.command } };
  return {
    type: 'Action.Submit',
    title: clip(a.label, 60),
    data,
    ...(a.style === 'primary' ? { style: 'positive' } : a.style === 'danger' ? { style: 'destructive' } : {}),
  };
}

function build(reply: Reply, imageUrl: ImageUrl, budget: Budget): AdaptiveCard {
  const body: CardElement[] = [];
  const color = reply.kind === 'error' ? { color: 'Attention' } : {};
  if (reply.decision) {
    body.push(text(clip(reply.decision, 400), { size: 'Medium', weight: 'Bolder', style: 'heading' }));
    if (reply.title) body.push(text(clip(reply.title, 200), { isSubtle: true, spacing: 'None' }));
    const rest = textBesideDecision(reply);
    if (rest) body.push(text(clip(rest, budget.textChars), { size: 'Small', isSubtle: true, spacing: 'None' }));
  } else {
    if (reply.title) body.push(text(clip(reply.title, 200), { size: 'Large', weight: 'Bolder', style: 'heading', ...color }));
    if (reply.text) body.push(text(clip(reply.text, budget.textChars)));
  }
  if (reply.facts && reply.facts.length > 0) {
    body.push({ type: 'FactSet', facts: reply.facts.slice(0, 12).map((f) => ({ title: clip(f.label, 80), value: clip(f.value, 200) })) });
  }
  const bullets = reply.bullets.slice(0, budget.bullets);
  if (bullets.length > 0) body.push(text(bullets.map((b) => `- ${clip(b, budget.textChars)}`).join('\n')));
  const urlOf: ImageUrl = budget.pictures ? imageUrl : () => undefined;
  for (const chart of cardCharts(reply).slice(0, budget.images)) body.push(...chartElements(chart, urlOf, budget.native));
  if (reply.table) body.push(tableElement(reply.table));
  // With "How sure are we?" the diagnostics are behind the button; the footer keeps the data's date and source.
  const footer = (reply.diagnostics ? reply.footnotes.filter((f) => !reply.diagnostics!.includes(f)) : reply.footnotes).slice(0, budget.footnotes);
  if (footer.length > 0) body.push(text(footer.map((f) => clip(f, 300)).join('\n\n'), { size: 'Small', isSubtle: true, separator: true }));

  // Up to six buttons; "How sure are we?" and "Subscribe" (the last two) always among them.
  const all = chatActions(reply);
  const fixed = all.filter((a) => a.kind === 'reveal' || (a.kind === 'command' && a.label === SUBSCRIBE_LABEL));
  const actions: CardElement[] = [...all.filter((a) => !fixed.includes(a)).slice(0, 6 - fixed.length), ...fixed].map(action);
  return { type: 'AdaptiveCard', $schema: ADAPTIVE_CARD_SCHEMA, version: '1.5', body, actions, msteams: { width: 'Full' } };
}

export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

export function toAdaptiveCard(reply: Reply, imageUrl: ImageUrl = () => undefined, maxBytes = MAX_CARD_BYTES): AdaptiveCard {
  const budget: Budget = { native: true, pictures: true, bullets: 6, footnotes: 6, images: 4, textChars: 2000 };
  let card = build(reply, imageUrl, budget);
  // Give up detail in order of least harm until it fits.
  const cuts: ((b: Budget) => boolean)[] = [
    (b) => (b.footnotes > 2 ? ((b.footnotes = 2), true) : false),
    (b) => (b.images > 2 ? ((b.images = 2), true) : false),
    (b) => (b.textChars > 500 ? ((b.textChars = 500), true) : false),
    (b) => (b.bullets > 3 ? ((b.bullets = 3), true) : false),
    (b) => (b.textChars > 150 ? ((b.textChars = 150), true) : false),
    // Last: charts go as their native elements with words as fallback (no picture URLs), then not at all.
    (b) => (b.pictures ? ((b.pictures = false), true) : false),
    (b) => (b.images > 0 ? ((b.images = 0), true) : false),
  ];
  for (const cut of cuts) {
    if (cardBytes(card) <= maxBytes) break;
    if (cut(budget)) card = build(reply, imageUrl, budget);
  }
  return card;
}

/** A one-line summary for notifications and clients that cannot show cards. */
export function cardSummary(reply: Reply): string {
  return clip([reply.title, reply.text].filter(Boolean).join(': '), 300);
}

/**
 * `toAdaptiveCard(reply, imageUrl)`: a channel-neutral `Reply` as an Adaptive Card (schema 1.5) for Teams —
 * title, text, a FactSet of key figures, bullets, charts as `Image` elements by URL (served by Greenlight, never
 * inlined), footnotes, `Action.OpenUrl` to the dashboard and `Action.Submit` follow-ups that post the command
 * back into the conversation. Pure. Teams caps a message at about 28 KB; the card is kept under
 * `MAX_CARD_BYTES` by shortening the least important parts first.
 */
import pTimeout from 'p-timeout';
import type { Reply, ReplyImage } from '../../reply/reply.ts';
import { clip, replyActions } from '../conversation.ts';

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
  bullets: number;
  footnotes: number;
  images: number;
  textChars: number;
}

const text = (value: string, extra: Record<string, unknown> = {}): CardElement => ({ type: 'TextBlock', text: value, wrap: true, ...extra });

function build(reply: Reply, imageUrl: ImageUrl, budget: Budget): AdaptiveCard {
  const body: CardElement[] = [];
  const color = reply.kind === 'error' ? { color: 'Attention' } : {};
  if (reply.title) body.push(text(clip(reply.title, 200), { size: 'Large', weight: 'Bolder', style: 'heading', ...color }));
  if (reply.text) body.push(text(clip(reply.text, budget.textChars)));
  if (reply.facts && reply.facts.length > 0) {
    body.push({ type: 'FactSet', facts: reply.facts.slice(0, 12).map((f) => ({ title: clip(f.label, 80), value: clip(f.value, 200) })) });
  }
  const bullets = reply.bullets.slice(0, budget.bullets);
  if (bullets.length > 0) body.push(text(bullets.map((b) => `- ${clip(b, budget.textChars)}`).join('\n')));
  for (const image of reply.images.slice(0, budget.images)) {
    const url = imageUrl(image);
    if (url) {
      body.push({ type: 'Image', url, altText: clip(image.alt, 400), size: 'Stretch', spacing: 'Medium' });
      body.push(text(clip(image.title, 200), { size: 'Small', isSubtle: true, spacing: 'None' }));
    } else {
      body.push(text(`**${clip(image.title, 200)}**: ${clip(image.alt, 400)}`, { size: 'Small' }));
    }
  }
  const footnotes = reply.footnotes.slice(0, budget.footnotes);
  if (footnotes.length > 0) body.push(text(footnotes.map((f) => clip(f, 300)).join('\n\n'), { size: 'Small', isSubtle: true, separator: true }));

  const actions: CardElement[] = replyActions(reply).slice(0, 6).map((action) => {
    if (action.kind === 'link') return { type: 'Action.OpenUrl', title: clip(action.label, 60), url: action.url };
    const data: SubmitData = { greenlight: action.command, msteams: { type: 'messageBack', text: action.command, displayText: action.command } };
    return { type: 'Action.Submit', title: clip(action.label, 60), data, ...(action.style === 'primary' ? { style: 'positive' } : action.style === 'danger' ? { style: 'destructive' } : {}) };
  });
  return { type: 'AdaptiveCard', $schema: ADAPTIVE_CARD_SCHEMA, version: '1.5', body, actions, msteams: { width: 'Full' } };
}

export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

export function toAdaptiveCard(reply: Reply, imageUrl: ImageUrl = () => undefined, maxBytes = MAX_CARD_BYTES): AdaptiveCard {
  const budget: Budget = { bullets: 6, footnotes: 6, images: 4, textChars: 2000 };
  let card = build(reply, imageUrl, budget);
  // Give up detail in order of least harm until it fits.
  const cuts: ((b: Budget) => boolean)[] = [
    (b) => (b.footnotes > 2 ? ((b.footnotes = 2), true) : false),
    (b) => (b.images > 2 ? ((b.images = 2), true) : false),
    (b) => (b.textChars > 500 ? ((b.textChars = 500), true) : false),
    (b) => (b.bullets > 3 ? ((b.bullets = 3), true) : false),
    (b) => (b.textChars > 150 ? ((b.textChars = 150), true) : false),
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

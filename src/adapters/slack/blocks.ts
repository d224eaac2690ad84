/**
 * `toBlockKit(reply)`: a channel-neutral `Reply` as a Slack message — header, text, bullets, one image block per
 * chart, the follow-up buttons and a context footer. Pure: files are uploaded by `send.ts`, which passes the
 * Slack file ids in; without them an image is described by its alt text so nothing is lost.
 * Limits honoured (Block Kit reference): header 150 chars, section text 3000, button label 75, button value
 * 2000, 25 elements per actions block, 10 per context block, 50 blocks per message.
 */
import type { types } from '@slack/bolt';
import type { Reply, ReplyAction, ReplyImage } from '../../reply/reply.ts';
import { clip, replyActions } from '../conversation.ts';

export type SlackBlock = types.KnownBlock;

/** Action ids: buttons that run a command start with this; link buttons with `LINK_ACTION_PREFIX`. */
export const COMMAND_ACTION_PREFIX = 'greenlight_cmd_';
export const LINK_ACTION_PREFIX = 'greenlight_link_';

export interface BlockKitOptions {
  /** Uploaded Slack file id for each `ReplyImage.id` (see `files.uploadV2`). */
  files?: ReadonlyMap<string, string>;
  /** Public URL for an image, when it is served over HTTPS instead of uploaded. */
  imageUrl?: (image: ReplyImage) => string | undefined;
}

export interface SlackMessage {
  /** Notification and accessibility fallback. */
  text: string;
  blocks: SlackBlock[];
}

const MAX_BLOCKS = 50;

/** Slack's mrkdwn needs only these three escaped; `*`, `_` and backticks in our texts are meant as formatting. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(escapeMrkdwn(text), 3000) } };
}

function button(action: ReplyAction, index: number): types.Button {
  const text = { type: 'plain_text' as const, text: clip(action.label, 75), emoji: true };
  if (action.kind === 'link') {
    return { type: 'button', action_id: `${LINK_ACTION_PREFIX}${index}`, text, url: action.url };
  }
  return {
    type: 'button',
    action_id: `${COMMAND_ACTION_PREFIX}${index}`,
    text,
    value: clip(action.command, 2000),
    ...(action.style ? { style: action.style } : {}),
  };
}

function imageBlock(image: ReplyImage, options: BlockKitOptions): SlackBlock {
  const fileId = options.files?.get(image.id);
  const url = fileId ? undefined : options.imageUrl?.(image);
  const title = { type: 'plain_text' as const, text: clip(image.title || image.alt, 2000) };
  const alt_text = clip(image.alt || image.title, 2000);
  if (fileId) return { type: 'image', slack_file: { id: fileId }, alt_text, title };
  if (url) return { type: 'image', image_url: url, alt_text, title };
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(`:bar_chart: *${escapeMrkdwn(image.title)}*: ${escapeMrkdwn(image.alt)}`, 3000) }] };
}

export function toBlockKit(reply: Reply, options: BlockKitOptions = {}): SlackMessage {
  const head: SlackBlock[] = [];
  const icon = reply.kind === 'error' ? ':warning: ' : '';
  if (reply.title) head.push({ type: 'header', text: { type: 'plain_text', text: clip(`${icon}${reply.title}`, 150), emoji: true } });
  if (reply.text) head.push(section(reply.text));
  if (reply.facts && reply.facts.length > 0) {
    head.push({
      type: 'section',
      fields: reply.facts.slice(0, 10).map((f) => ({ type: 'mrkdwn' as const, text: clip(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, 2000) })),
    });
  }
  if (reply.bullets.length > 0) head.push(section(reply.bullets.map((b) => `• ${b}`).join('\n')));

  const tail: SlackBlock[] = [];
  const actions = replyActions(reply);
  for (let start = 0; start < actions.length; start += 25) {
    tail.push({ type: 'actions', elements: actions.slice(start, start + 25).map((a, i) => button(a, start + i)) });
  }
  if (reply.footnotes.length > 0) {
    tail.push({ type: 'context', elements: reply.footnotes.slice(0, 10).map((f) => ({ type: 'mrkdwn' as const, text: clip(escapeMrkdwn(f), 3000) })) });
  }
  // Slack takes at most 50 blocks: the text, buttons and footer always fit; images fill what is left.
  const images = reply.images.slice(0, Math.max(0, MAX_BLOCKS - head.length - tail.length)).map((image) => imageBlock(image, options));
  const fallback = [reply.title, reply.text].filter(Boolean).join(': ');
  return { text: clip(fallback || 'Greenlight', 3000), blocks: [...head, ...images, ...tail] };
}

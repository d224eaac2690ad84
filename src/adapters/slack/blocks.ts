/**
 * `toBlockKit(reply)`: a channel-neutral `Reply` as one Slack message — the decision line first (with how sure we
 * are), what was asked, key figures, bullets, the charts (the two most important that map drawn natively as
 * `data_visualization` blocks, the rest as image blocks), the compare metrics as a `table` block, the follow-up
 * buttons ("How sure are we?" and "Subscribe" among them) and one context line. Pure: files are uploaded by
 * `send.ts`, which passes the Slack file ids in; without them an image is described by its alt text.
 * Limits honoured (Block Kit reference): header 150 chars, section text 3000, button label 75, button value
 * 2000, 25 elements per actions block, 10 per context block, 50 blocks per message, two data visualization
 * blocks per message (title ≤ 50 chars, ≤ 6 series over ≤ 20 categories), one table (≤ 100 rows, ≤ 20 cells).
 */
import type { types } from '@slack/bolt';
import { pickNative, type NativeChart, type TableForm } from '../../../charts/chat-form.ts';
import type { Reply, ReplyChart, ReplyImage } from '../../reply/reply.ts';
import { chatActions, clip, textBesideDecision, type ChatAction } from '../conversation.ts';

/** Slack's data visualization block (June 2026); not yet in `@slack/types`. */
export interface DataVisualizationBlock {
  type: 'data_visualization';
  block_id?: string;
  title: string;
  chart:
    | { type: 'pie'; segments: { label: string; value: number }[] }
    | {
        type: 'bar' | 'line' | 'area';
        series: { name: string; data: { label: string; value: number }[] }[];
        axis_config: { categories: string[]; x_label?: string; y_label?: string };
      };
}

export type SlackBlock = types.KnownBlock | DataVisualizationBlock;

/** Slack draws at most this many data visualization blocks in one message. */
export const MAX_NATIVE_CHARTS = 2;
/** The action id of "How sure are we?": its value carries the diagnostics, posted in the thread when pressed. */
export const SURE_ACTION_ID = 'greenlight_sure';

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

function button(action: ChatAction, index: number): types.Button {
  const text = { type: 'plain_text' as const, text: clip(action.label, 75), emoji: true };
  if (action.kind === 'reveal') {
    return { type: 'button', action_id: SURE_ACTION_ID, text, value: clip(action.lines.join('\n'), 2000) };
  }
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

/** A native chart as Slack's data visualization block. */
export function dataVisualization(native: NativeChart): DataVisualizationBlock {
  const title = clip(native.title, 50);
  if (native.kind === 'pie') return { type: 'data_visualization', title, chart: { type: 'pie', segments: native.segments } };
  return {
    type: 'data_visualization',
    title,
    chart: {
      type: native.kind,
      series: native.series.map((s) => ({ name: s.name, data: native.categories.map((label, i) => ({ label, value: s.values[i] })) })),
      axis_config: {
        categories: native.categories,
        ...(native.xLabel ? { x_label: native.xLabel } : {}),
        ...(native.yLabel ? { y_label: native.yLabel } : {}),
      },
    },
  };
}

/** Compare's metrics as a table block: a header row, then one row per metric. */
export function tableBlock(table: TableForm): SlackBlock {
  const cell = (text: string) => ({ type: 'raw_text' as const, text: clip(text, 2000) });
  return {
    type: 'table',
    rows: [table.columns, ...table.rows].slice(0, 100).map((row) => row.slice(0, 20).map(cell)),
    column_settings: table.align.slice(0, 20).map((align) => ({ align, is_wrapped: true })),
  };
}

/** The reply's charts in Slack's order: most important first; which of them Slack draws natively. */
export function slackCharts(reply: Reply): { charts: ReplyChart[]; native: Set<string> } {
  const charts: ReplyChart[] = reply.charts ?? reply.images.map((image) => ({ id: image.id, title: image.title, alt: image.alt, importance: 0.5, image }));
  return { charts, native: pickNative(charts, MAX_NATIVE_CHARTS) };
}

/** A native chart's caveat, as a context line under it. */
const noteBlock = (note: string): SlackBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(escapeMrkdwn(note), 3000) }] });

/** A native chart as Slack draws it: its data visualization block, and its caveat under it when it has one. */
const nativeBlocks = (native: NativeChart): SlackBlock[] => [dataVisualization(native), ...(native.note ? [noteBlock(native.note)] : [])];

function chartBlocks(chart: ReplyChart, native: boolean, options: BlockKitOptions): SlackBlock[] {
  if (native && chart.native) return nativeBlocks(chart.native);
  if (chart.image) return [imageBlock(chart.image, options)];
  return [];
}

export function toBlockKit(reply: Reply, options: BlockKitOptions = {}): SlackMessage {
  const head: SlackBlock[] = [];
  const icon = reply.kind === 'error' ? ':warning: ' : '';
  if (reply.decision) {
    // The decision first, then what was asked and how it was read, small.
    head.push(section(`*${reply.decision}*`));
    const asked = [reply.title, textBesideDecision(reply)].filter(Boolean).join(' · ');
    if (asked) head.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(escapeMrkdwn(asked), 3000) }] });
  } else {
    if (reply.title) head.push({ type: 'header', text: { type: 'plain_text', text: clip(`${icon}${reply.title}`, 150), emoji: true } });
    if (reply.text) head.push(section(reply.text));
  }
  if (reply.facts && reply.facts.length > 0) {
    head.push({
      type: 'section',
      fields: reply.facts.slice(0, 10).map((f) => ({ type: 'mrkdwn' as const, text: clip(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, 2000) })),
    });
  }
  if (reply.bullets.length > 0) head.push(section(reply.bullets.map((b) => `• ${b}`).join('\n')));

  const tail: SlackBlock[] = [];
  if (reply.table) tail.push(tableBlock(reply.table));
  const actions = chatActions(reply);
  for (let start = 0; start < actions.length; start += 25) {
    tail.push({ type: 'actions', elements: actions.slice(start, start + 25).map((a, i) => button(a, start + i)) });
  }
  // With a "How sure are we?" button the diagnostics wait behind it: the footer keeps only the data's date and source.
  const footer = reply.diagnostics ? reply.footnotes.filter((f) => !reply.diagnostics!.includes(f)) : reply.footnotes;
  if (footer.length > 0) {
    tail.push({ type: 'context', elements: footer.slice(0, 10).map((f) => ({ type: 'mrkdwn' as const, text: clip(escapeMrkdwn(f), 3000) })) });
  }
  // Slack takes at most 50 blocks: the text, buttons and footer always fit; charts fill what is left.
  const { charts, native } = slackCharts(reply);
  const drawn = charts.flatMap((c) => chartBlocks(c, native.has(c.id), options));
  const room = Math.max(0, MAX_BLOCKS - head.length - tail.length);
  // The notification: what it is about, then the decision (or the text).
  const fallback = [reply.title, reply.decision ?? reply.text].filter(Boolean).join(': ');
  return { text: clip(fallback || 'Greenlight', 3000), blocks: [...head, ...drawn.slice(0, room), ...tail] };
}

/**
 * A link preview (`chat.unfurl`): the view's decision line, its most important chart drawn natively (or its
 * description), and what the view is. Unfurls upload nothing.
 */
export function unfurlBlocks(reply: Reply): SlackBlock[] {
  const { charts } = slackCharts(reply);
  const drawn = pickNative(charts, 1);
  const chart = charts.find((c) => drawn.has(c.id)) ?? charts[0];
  const blocks: SlackBlock[] = [section(`*${reply.decision ?? reply.title}*`)];
  if (chart?.native && drawn.has(chart.id)) blocks.push(...nativeBlocks(chart.native));
  else if (chart)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: clip(`:bar_chart: *${escapeMrkdwn(chart.title)}*: ${escapeMrkdwn(chart.alt)}`, 3000) }],
    });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(escapeMrkdwn(reply.title), 3000) }] });
  return blocks;
}

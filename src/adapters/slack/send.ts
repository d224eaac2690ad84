/**
 * Posting a `Reply` into a Slack thread as exactly one message. Slack's documented `files.completeUploadExternal`
 * behaviour: with `channel_id` (and `thread_ts`) the file is *shared* there, which posts it as a message of its
 * own; without, the file stays private to the uploader. So the chart PNGs that are not drawn natively go up
 * privately (`files.getUploadURLExternal` → upload → `files.completeUploadExternal` without a channel, via
 * `files.uploadV2`), and the one Block Kit message shows them by `slack_file` id. The upload completes
 * asynchronously: until Slack has processed a fresh file an image block referencing it is `invalid_blocks`, so the
 * post is retried briefly, then sent with the charts described instead of failing.
 * Rate limits (429 + Retry-After) are honoured by the WebClient's own retry policy, see `app.ts`.
 */
import type { webApi } from '@slack/bolt';
import type { Reply, ReplyImage } from '../../reply/reply.ts';
import { slackCharts, toBlockKit } from './blocks.ts';

type WebClient = webApi.WebClient;

export interface SlackTarget {
  channel: string;
  /** The thread to answer in; a top-level message when absent. */
  threadTs?: string;
}

export interface SendOptions {
  /** Waits between attempts while Slack processes new files (ms). */
  fileReadyDelays?: readonly number[];
}

const DEFAULT_FILE_READY_DELAYS = [500, 1500];

/** The PNGs the message shows as pictures: the reply's charts that Slack does not draw natively. */
export function picturesToUpload(reply: Reply): ReplyImage[] {
  const { charts, native } = slackCharts(reply);
  return charts.flatMap((c) => (c.image && !native.has(c.id) ? [c.image] : []));
}

/**
 * Uploads the images privately (no channel: nothing is posted) and returns Slack file id by `ReplyImage.id`.
 * The message that shows them shares them with its channel.
 */
export async function uploadImages(client: WebClient, images: readonly ReplyImage[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (images.length === 0) return ids;
  const result = await client.files.uploadV2({
    file_uploads: images.map((image) => ({
      file: image.png,
      filename: `${image.id}.png`,
      title: image.title,
      alt_text: image.alt,
    })),
  });
  const completions = (result as { files?: { files?: { id?: string }[] }[] }).files ?? [];
  const uploaded = completions.flatMap((c) => c.files ?? []).map((f) => f.id);
  images.forEach((image, i) => {
    const id = uploaded[i];
    if (id) ids.set(image.id, id);
  });
  return ids;
}

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** Posts `reply` into the target as one message (uploading its pictures privately first) and returns its `ts`. */
export async function sendSlackReply(client: WebClient, target: SlackTarget, reply: Reply, options: SendOptions = {}): Promise<string> {
  const files = await uploadImages(client, picturesToUpload(reply));
  const post = (message: ReturnType<typeof toBlockKit>) =>
    client.chat.postMessage({
      channel: target.channel,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
  const delays = options.fileReadyDelays ?? DEFAULT_FILE_READY_DELAYS;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const posted = await post(toBlockKit(reply, { files }));
      return posted.ts ?? '';
    } catch (error) {
      if (files.size === 0 || slackErrorCode(error) !== 'invalid_blocks') throw error;
      const delay = delays[attempt];
      if (delay === undefined) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  // Slack has not processed the files in time: describe those charts in words (the native ones still draw).
  const posted = await post(toBlockKit(reply));
  return posted.ts ?? '';
}

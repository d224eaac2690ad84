/**
 * Posting a `Reply` into a Slack thread: the chart PNGs go up first through the v2 upload flow
 * (`files.getUploadURLExternal` → upload → `files.completeUploadExternal`, via `files.uploadV2`) *with*
 * `channel_id` and `thread_ts`, so the files are shared where the message is; then the Block Kit message
 * references them by id. Slack may take a moment to process a fresh file before an image block can show it
 * (`invalid_blocks`): the post is retried briefly, then sent with the charts described instead of failing.
 * Rate limits (429 + Retry-After) are honoured by the WebClient's own retry policy, see `app.ts`.
 */
import type { webApi } from '@slack/bolt';
import type { Reply } from '../../reply/reply.ts';
import { toBlockKit } from './blocks.ts';

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

/** Uploads the reply's images into the target and returns Slack file id by `ReplyImage.id`. */
export async function uploadImages(client: WebClient, target: SlackTarget, reply: Reply): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (reply.images.length === 0) return ids;
  const result = await client.files.uploadV2({
    channel_id: target.channel,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    file_uploads: reply.images.map((image) => ({
      file: image.png,
      filename: `${image.id}.png`,
      title: image.title,
      alt_text: image.alt,
    })),
  });
  const completions = (result as { files?: { files?: { id?: string }[] }[] }).files ?? [];
  const uploaded = completions.flatMap((c) => c.files ?? []).map((f) => f.id);
  reply.images.forEach((image, i) => {
    const id = uploaded[i];
    if (id) ids.set(image.id, id);
  });
  return ids;
}

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** Posts `reply` into the target (uploading its charts first) and returns the message's `ts`. */
export async function sendSlackReply(client: WebClient, target: SlackTarget, reply: Reply, options: SendOptions = {}): Promise<string> {
  const files = await uploadImages(client, target, reply);
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
  // The files are in the thread already; describe the charts instead of embedding them.
  const posted = await post(toBlockKit(reply));
  return posted.ts ?? '';
}

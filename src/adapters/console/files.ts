/**
 * The console's rendering of a `Reply`: `reply.json` (the reply itself, each image as `{ file, alt }` pointing
 * at its PNG beside it) plus the PNGs, written into a directory — for development, demos and tests.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Reply } from '../../reply/reply.ts';

export interface ConsoleImage {
  id: string;
  /** File name inside the output directory. */
  file: string;
  alt: string;
  title: string;
  width: number;
  height: number;
}

/** A chart in the JSON: its native form as it is, its picture as the file name of its PNG. */
export type ConsoleChart = Omit<NonNullable<Reply['charts']>[number], 'image'> & { file?: string };

/** `Reply` as JSON: images as files instead of bytes. */
export type ReplyJson = Omit<Reply, 'images' | 'charts'> & { images: ConsoleImage[]; charts?: ConsoleChart[] };

/** A file-name-safe form of a chart id (`explore.genre-distribution` stays as it is). */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'chart';
}

export function toReplyJson(reply: Reply): ReplyJson {
  const images = reply.images.map((img, i) => ({
    id: img.id,
    file: `${String(i + 1).padStart(2, '0')}-${safeName(img.id)}.png`,
    alt: img.alt,
    title: img.title,
    width: img.width,
    height: img.height,
  }));
  const { charts, ...rest } = reply;
  return {
    ...rest,
    images,
    ...(charts
      ? {
          charts: charts.map(({ image, ...chart }) => {
            const file = image ? images.find((i) => i.id === image.id)?.file : undefined;
            return { ...chart, ...(file ? { file } : {}) };
          }),
        }
      : {}),
  };
}

/** Writes `reply.json` and the PNGs into `dir` (created if missing); returns the JSON written. */
export async function writeReplyFiles(reply: Reply, dir: string): Promise<ReplyJson> {
  const out = resolve(dir);
  await mkdir(out, { recursive: true });
  const json = toReplyJson(reply);
  await Promise.all(reply.images.map((img, i) => writeFile(join(out, json.images[i].file), img.png)));
  await writeFile(join(out, 'reply.json'), `${JSON.stringify(json, null, 2)}\n`);
  return json;
}

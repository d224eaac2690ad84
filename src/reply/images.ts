/**
 * Charts rendered to PNG for replies — a stage's chat charts, a digest's section charts — concurrently but bounded
 * (two at a time: the machine has two cores and rasterising is CPU-bound). A chart that fails is left out and
 * logged; the reply still goes out.
 *
 * Rendered sets are kept in a small LRU keyed by what determines them (catalog fingerprint, stage, validated
 * parameters, whether models answered), and concurrent requests for the same key share one rendering — so a
 * question asked again, or fired by many people at once, skips the rasteriser.
 */
import pLimit from 'p-limit';
import { chartsFor, renderChatPicture, renderChatSvg, type ChartSpec } from '../../charts/index.ts';
import { chatForm, isNative, pickNative, shownInChat } from '../../charts/chat-form.ts';
import type { StageResult } from '../core/stages/types.ts';
import type { ReplyChart, ReplyImage } from './reply.ts';

const RENDER_CONCURRENCY = 2;
/** Rendered chart sets kept (each is 1–3 PNGs of ~100 KB). */
const CACHE_ENTRIES = 48;

const limit = pLimit(RENDER_CONCURRENCY);
const cache = new Map<string, Promise<ChatCharts>>();

/** Chart specs → their chat pictures (PNGs), in order, leaving out any that fail: `renderImages`, here or in a worker. */
export type DrawPicturesFn = (specs: readonly ChartSpec[]) => Promise<ReplyImage[]>;

export interface Rendered {
  images: ReplyImage[];
  /** False when a chart failed (the set is then not cached). */
  complete: boolean;
}

/** Renders charts as reply images (their chat pictures, drawn for ~480 px), in order, leaving out (and logging) any that fail. Used by replies and digests. */
export async function renderImages(specs: readonly ChartSpec[], log: (message: string, error?: unknown) => void): Promise<Rendered> {
  const rendered = await Promise.all(
    specs.map((spec) =>
      limit(async (): Promise<ReplyImage | null> => {
        try {
          const r = await renderChatPicture(spec);
          return { id: spec.id, png: r.png, width: r.width, height: r.height, alt: r.alt, title: spec.title };
        } catch (error) {
          log(`chart ${spec.id} could not be rendered`, error);
          return null;
        }
      }),
    ),
  );
  const images = rendered.filter((x): x is ReplyImage => x !== null);
  return { images, complete: images.length === specs.length };
}

/** Draws the charts' chat forms as far as SVG and keeps nothing: a dry run's pictures (no rasterising, which is native code with nothing to warm). */
async function drawWithoutPictures(specs: readonly ChartSpec[]): Promise<void> {
  for (const spec of specs) await renderChatSvg(spec);
}

/**
 * The result's chat charts with their chat forms, most important first. The `nativeCharts` most important ones
 * that have a native form are not rendered: the channel draws them itself.
 */
async function render(
  result: StageResult,
  log: (message: string, error?: unknown) => void,
  nativeCharts: number,
  dryRun = false,
): Promise<ChatCharts & { complete: boolean }> {
  const all = chartsFor(result, { surface: 'chat' }).filter((spec) => shownInChat(spec.id));
  // A "not enough data" card says nothing a chat reply needs to show: it is left out, and why goes in the notes.
  const specs = all.filter((spec) => spec.missing === undefined);
  const notDrawn = all.flatMap((spec) => (spec.missing === undefined ? [] : [`${spec.title}: not drawn — ${spec.missing}.`]));
  const charts: ReplyChart[] = specs
    .map((spec) => {
      const entry = chatForm(result, spec.id);
      return { id: spec.id, title: spec.title, alt: spec.alt, importance: entry.importance, ...(isNative(entry.form) ? { native: entry.form } : {}) };
    })
    .sort((a, b) => b.importance - a.importance);
  const drawnByChannel = pickNative(charts, nativeCharts);
  if (dryRun) {
    await drawWithoutPictures(specs.filter((spec) => !drawnByChannel.has(spec.id)));
    return { charts: charts.filter((chart) => drawnByChannel.has(chart.id)), notDrawn, complete: false };
  }
  const { images, complete } = await renderImages(
    specs.filter((spec) => !drawnByChannel.has(spec.id)),
    log,
  );
  const imageOf = new Map<string, ReplyImage>(images.map((image) => [image.id, image]));
  // A chart neither drawn natively nor rendered is left out; the reply still goes out.
  const shown = charts.flatMap((chart): ReplyChart[] => {
    if (drawnByChannel.has(chart.id)) return [chart];
    const image = imageOf.get(chart.id);
    return image ? [{ ...chart, image }] : [];
  });
  return { charts: shown, notDrawn, complete };
}

/** A reply's charts for chat, and a line for each chart left out because it had nothing to draw. */
export interface ChatCharts {
  charts: ReplyChart[];
  notDrawn: string[];
}

/**
 * The chat charts of `result` (see `render`). `key` names everything the charts depend on; without it nothing is
 * cached. A set with a failed chart is not kept, so the next ask tries again. A `dryRun` draws the pictures only
 * as far as SVG, returns the natively drawn charts alone and is never cached (see `AskOptions.dryRun`).
 */
export function chatCharts(
  result: StageResult,
  log: (message: string, error?: unknown) => void,
  key?: string,
  nativeCharts = 0,
  dryRun = false,
): Promise<ChatCharts> {
  if (key === undefined || dryRun) return render(result, log, nativeCharts, dryRun);
  const fullKey = `${key}|native:${nativeCharts}`;
  const hit = cache.get(fullKey);
  if (hit) {
    cache.delete(fullKey);
    cache.set(fullKey, hit);
    return hit;
  }
  const pending = render(result, log, nativeCharts).then(({ complete, ...drawn }) => {
    if (!complete) cache.delete(fullKey);
    return drawn;
  });
  pending.catch(() => cache.delete(fullKey));
  cache.set(fullKey, pending);
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return pending;
}

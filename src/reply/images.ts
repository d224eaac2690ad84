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
import { chartsFor, renderChart, type ChartSpec } from '../../charts/index.ts';
import type { StageResult } from '../core/stages/types.ts';
import type { ReplyImage } from './reply.ts';

const RENDER_CONCURRENCY = 2;
/** Rendered chart sets kept (each is 1–3 PNGs of ~100 KB). */
const CACHE_ENTRIES = 48;

const limit = pLimit(RENDER_CONCURRENCY);
const cache = new Map<string, Promise<ReplyImage[]>>();

export interface Rendered {
  images: ReplyImage[];
  /** False when a chart failed (the set is then not cached). */
  complete: boolean;
}

/** Renders charts as reply images, in order, leaving out (and logging) any that fail. */
export async function renderImages(specs: readonly ChartSpec[], log: (message: string, error?: unknown) => void): Promise<Rendered> {
  const rendered = await Promise.all(
    specs.map((spec) =>
      limit(async (): Promise<ReplyImage | null> => {
        try {
          const r = await renderChart(spec);
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

const render = (result: StageResult, log: (message: string, error?: unknown) => void) => renderImages(chartsFor(result, { surface: 'chat' }), log);

/**
 * The chat images of `result`. `key` names everything the charts depend on; without it nothing is cached. A
 * set with a failed chart is not kept, so the next ask tries again.
 */
export function chatImages(result: StageResult, log: (message: string, error?: unknown) => void, key?: string): Promise<ReplyImage[]> {
  if (key === undefined) return render(result, log).then((r) => r.images);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const pending = render(result, log).then(({ images, complete }) => {
    if (!complete) cache.delete(key);
    return images;
  });
  pending.catch(() => cache.delete(key));
  cache.set(key, pending);
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return pending;
}

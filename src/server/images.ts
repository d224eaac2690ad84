/**
 * Chart PNGs served at `/images/<id>.png` for surfaces that show images by URL (Teams cards fetch them from
 * Greenlight rather than carrying them inline). Ids are content hashes: unguessable, stable for the same bytes.
 * In memory, bounded by bytes with the oldest dropped first; a card's images are fetched within seconds of
 * posting, and a re-asked question re-renders them.
 */
import { createHash } from 'node:crypto';

export interface ImageStore {
  /** Stores a PNG and returns its id (`[0-9a-f]{32}`). */
  put(png: Buffer): string;
  get(id: string): Buffer | undefined;
}

export const IMAGE_ID = /^[0-9a-f]{32}$/;

export class MemoryImageStore implements ImageStore {
  private readonly images = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes = 128 * 1024 * 1024) {}

  put(png: Buffer): string {
    const id = createHash('sha256').update(png).digest('hex').slice(0, 32);
    const existing = this.images.get(id);
    if (existing) {
      // Refresh its place in the eviction order.
      this.images.delete(id);
      this.images.set(id, existing);
      return id;
    }
    this.images.set(id, png);
    this.bytes += png.length;
    for (const [oldId, old] of this.images) {
      if (this.bytes <= this.maxBytes || oldId === id) break;
      this.images.delete(oldId);
      this.bytes -= old.length;
    }
    return id;
  }

  get(id: string): Buffer | undefined {
    return IMAGE_ID.test(id) ? this.images.get(id) : undefined;
  }
}

/** An image URL maker for cards: stores the PNG and points at `/images/<id>.png` under the public base URL. */
export function servedImageUrl(store: ImageStore, baseUrl: string): (image: { png: Buffer }) => string {
  const base = baseUrl.replace(/\/+$/, '');
  return (image) => `${base}/images/${store.put(image.png)}.png`;
}

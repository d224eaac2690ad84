/**
 * Chart PNGs served at `/images/<id>.png` for surfaces that show images by URL (Teams cards and `/api/ask` fetch
 * them from Greenlight rather than carrying them inline; Slack uploads its charts as files and does not use this).
 * Ids are content hashes: unguessable, stable for the same bytes.
 *
 * The images live on the shared state backend (`KvBackend`: embedded SQLite, or Redis with
 * `GREENLIGHT_REDIS_URL`), so whichever replica Teams asks for an image can serve it, not only the one that drew it.
 * They are kept `IMAGE_TTL_MS` (14 days) after the last time they were stored — a card scrolled back to two weeks
 * later still shows its charts — and an image over `MAX_IMAGE_BYTES` is not stored (the card describes it in words).
 */
import { createHash } from 'node:crypto';
import type { KvBackend } from './backend.ts';

export interface ImageStore {
  /** Stores a PNG (or refreshes its expiry) and returns its id (`[0-9a-f]{32}`). */
  put(png: Buffer): Promise<string>;
  /** The PNG, or undefined for an unknown, expired or malformed id. */
  get(id: string): Promise<Buffer | undefined>;
}

export const IMAGE_ID = /^[0-9a-f]{32}$/;
/** How long a served image stays reachable after it was last stored. */
export const IMAGE_TTL_MS = 14 * 24 * 3600_000;
/** Largest PNG stored; chat charts are 50–80 KB. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

const KEY = 'image:';

/** The id of a PNG: the first 128 bits of its SHA-256, in hex. */
export function imageId(png: Buffer): string {
  return createHash('sha256').update(png).digest('hex').slice(0, 32);
}

export class ImageTooLargeError extends Error {
  override name = 'ImageTooLargeError';
}

export interface SharedImageStoreOptions {
  ttlMs?: number;
  maxBytes?: number;
}

/** Images on the shared state backend, base64 in the value (both backends hold strings). */
export class SharedImageStore implements ImageStore {
  private readonly ttlMs: number;
  private readonly maxBytes: number;

  constructor(
    private readonly backend: Pick<KvBackend, 'get' | 'put'>,
    options: SharedImageStoreOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? IMAGE_TTL_MS;
    this.maxBytes = options.maxBytes ?? MAX_IMAGE_BYTES;
  }

  async put(png: Buffer): Promise<string> {
    if (png.length > this.maxBytes) {
      throw new ImageTooLargeError(`a ${png.length}-byte image is over the ${this.maxBytes}-byte limit for served images`);
    }
    const id = imageId(png);
    // Rewritten even when present: the write restarts its expiry, so an image still being shown stays.
    await this.backend.put(KEY + id, png.toString('base64'), this.ttlMs);
    return id;
  }

  async get(id: string): Promise<Buffer | undefined> {
    if (!IMAGE_ID.test(id)) return undefined;
    const stored = await this.backend.get(KEY + id);
    return stored === undefined ? undefined : Buffer.from(stored, 'base64');
  }
}

/**
 * An image URL maker for cards: stores the PNG and resolves to `/images/<id>.png` under the public base URL once
 * the image is stored (so it can be fetched from any replica as soon as the card is sent). Rejects when it could
 * not be stored; callers describe that chart in words instead.
 */
export function servedImageUrl(store: ImageStore, baseUrl: string): (image: { png: Buffer }) => Promise<string> {
  const base = baseUrl.replace(/\/+$/, '');
  return async (image) => `${base}/images/${await store.put(image.png)}.png`;
}

/**
 * Content encoding for the dashboard's responses. vega's browser build is 581 kB and a view's JSON 50–180 kB; both
 * shrink 3–10× compressed, which is what a person on a remote network waits for. Static assets are compressed once
 * (brotli and gzip, kept beside the original); a JSON view is gzipped once, when it is computed.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip';
/** Bytes a response can carry (not a view of shared memory). */
export type Bytes = Uint8Array<ArrayBuffer>;

/** Bodies smaller than this are sent as they are: compression would save less than its headers cost. */
const MIN_BYTES = 1024;

/** The codings an `Accept-Encoding` header accepts (a `q=0` refuses one). */
function acceptedCodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(name.trim());
  }
  return accepted;
}

/** The encoding to answer a static asset with: brotli, then gzip, if accepted; undefined for identity. */
export function acceptedEncoding(header: string | undefined): Encoding | undefined {
  const accepted = acceptedCodings(header);
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return undefined;
}

/** A static body with its compressed forms, made once. */
export interface Precompressed {
  identity: Bytes;
  br?: Bytes;
  gzip?: Bytes;
}

export function precompress(body: Bytes): Precompressed {
  if (body.byteLength < MIN_BYTES) return { identity: body };
  // Brotli quality 5: within 3 % of the best size at a fortieth of the time (36 ms for vega).
  return {
    identity: body,
    br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
    gzip: gzipSync(body, { level: 9 }),
  };
}

/** The form of `body` to send for `header`, and its `Content-Encoding` (none for identity). */
export function pick(body: Precompressed, header: string | undefined): { body: Bytes; encoding?: Encoding } {
  const encoding = acceptedEncoding(header);
  const encoded = encoding && body[encoding];
  return encoded ? { body: encoded, encoding } : { body: body.identity };
}

/** True when the client accepts gzip (views are sent gzipped, or as they are). */
export function acceptsGzip(header: string | undefined): boolean {
  return acceptedCodings(header).has('gzip');
}

/** A view's JSON, gzipped once when it is computed (≈ 3 ms for 180 kB, 8–10× smaller). */
export function gzipJson(json: string): Bytes {
  return gzipSync(json, { level: 6 });
}

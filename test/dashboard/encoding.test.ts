/** Content negotiation for the dashboard's responses (src/server/dashboard/encoding.ts). */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptedEncoding, acceptsGzip, gzipJson, pick, precompress } from '../../src/server/dashboard/encoding.ts';

describe('acceptedEncoding', () => {
  it('prefers brotli, then gzip, among what the client accepts', () => {
    expect(acceptedEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(acceptedEncoding('gzip, deflate')).toBe('gzip');
    expect(acceptedEncoding('GZIP;q=0.5')).toBe('gzip');
  });

  it('honours a refusal (q=0) and answers identity when nothing it has is accepted', () => {
    expect(acceptedEncoding('br;q=0, gzip')).toBe('gzip');
    expect(acceptedEncoding('br;q=0, gzip;q=0')).toBeUndefined();
    expect(acceptedEncoding('deflate')).toBeUndefined();
    expect(acceptedEncoding('')).toBeUndefined();
    expect(acceptedEncoding(undefined)).toBeUndefined();
  });
});

describe('precompress and pick', () => {
  const text = Buffer.from('vega '.repeat(2000));

  it('keeps brotli and gzip forms that decode to the original', () => {
    const body = precompress(text);
    expect(brotliDecompressSync(body.br ?? Buffer.alloc(0)).equals(text)).toBe(true);
    expect(gunzipSync(body.gzip ?? Buffer.alloc(0)).equals(text)).toBe(true);
    expect(pick(body, 'gzip, br')).toMatchObject({ encoding: 'br', body: body.br });
    expect(pick(body, 'gzip')).toMatchObject({ encoding: 'gzip', body: body.gzip });
    expect(pick(body, undefined)).toEqual({ body: text });
  });

  it('sends a small body as it is', () => {
    const small = precompress(Buffer.from('tiny'));
    expect(small.br).toBeUndefined();
    expect(pick(small, 'br')).toEqual({ body: small.identity });
  });
});

describe('views', () => {
  const json = JSON.stringify({ rows: Array.from({ length: 200 }, (_, i) => ({ i, genre: 'Drama' })) });

  it('are gzipped once, to bytes that decode to the JSON, and sent so only to clients that accept gzip', () => {
    const gz = gzipJson(json);
    expect(gz.byteLength).toBeLessThan(json.length / 4);
    expect(gunzipSync(gz).toString('utf8')).toBe(json);
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br')).toBe(false);
    expect(acceptsGzip('gzip;q=0, br')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

/** Content negotiation for the dashboard's responses (src/server/dashboard/encoding.ts). */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptedEncoding, encodeJson, pick, precompress } from '../../src/server/dashboard/encoding.ts';

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

describe('encodeJson', () => {
  const json = JSON.stringify({ rows: Array.from({ length: 200 }, (_, i) => ({ i, genre: 'Drama' })) });

  it('gzips a JSON body for a client that accepts gzip, and only then', () => {
    const gz = encodeJson(json, 'gzip, deflate, br');
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.body as Uint8Array).toString('utf8')).toBe(json);
    expect(encodeJson(json, 'br')).toEqual({ body: json });
    expect(encodeJson(json, 'gzip;q=0')).toEqual({ body: json });
    expect(encodeJson('{"a":1}', 'gzip')).toEqual({ body: '{"a":1}' });
  });
});

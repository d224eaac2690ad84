/**
 * The dashboard's HTTP surface over the real core and the real snapshot: the JSON API validates like chat (the
 * same messages), signed links are enforced when a secret is set, and refusals are clear pages, never traces.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { validateParams } from '../../src/core/params.ts';
import { InputError, STAGES } from '../../src/core/types.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { TMDB_ATTRIBUTION } from '../../src/reply/reply.ts';
import { dashboardLink } from '../../src/reply/links.ts';
import { SESSION_COOKIE, ExposedWithoutSecretError } from '../../src/server/dashboard/access.ts';
import { createDashboardApp, type ApiError } from '../../src/server/dashboard/app.ts';
import type { StageBoard } from '../../src/server/dashboard/service.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const now = new Date('2026-01-01T12:00:00Z');
const secret = 'dashboard-test-secret-0123456789';
let catalog: Catalog;

beforeAll(async () => {
  catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
});

function app(env: Record<string, string> = {}) {
  return createDashboardApp({ catalog: () => catalog, config: loadConfig(env), now: () => now });
}

/** The message the core gives chat for the same raw parameters. */
function coreMessage(stage: Parameters<typeof validateParams>[0], raw: Record<string, unknown>): InputError {
  try {
    validateParams(stage, raw, catalog);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`validateParams accepted ${JSON.stringify(raw)}`);
}

describe('JSON API', () => {
  it('answers a stage with its result, every dashboard chart and the canonical state', async () => {
    const res = await app().request('/api/stage/explore?mediaType=movies&genres=sci-fi');
    expect(res.status).toBe(200);
    const view = (await res.json()) as StageBoard;
    expect(view.result.stage).toBe('explore');
    expect(view.result.params).toMatchObject({ mediaType: 'movie', genres: ['Science Fiction'] });
    expect(view.result.insights.length).toBeGreaterThanOrEqual(1);
    expect(view.charts.length).toBeGreaterThanOrEqual(3);
    for (const chart of view.charts) {
      expect(chart.id.startsWith('explore.')).toBe(true);
      expect(chart.reading.length).toBeGreaterThan(10);
      // Compiled to Vega on the server: the browser neither loads vega-lite nor compiles.
      expect(chart.vega).toHaveProperty('$schema', 'https://vega.github.io/schema/vega/v6.json');
      expect(chart.vega).toHaveProperty('marks');
    }
    expect(view.state.query).toBe('genres=Science%20Fiction&mediaType=movie');
    // The markup the page swaps in on a filter change: a card per chart, without pictures (the page draws them).
    expect(view.html.charts.match(/<article class="card chart-card"/g)).toHaveLength(view.charts.length);
    expect(view.html.charts).not.toContain('class="picture"');
    expect(view.html.insights).toContain('Key insights');
  });

  it.each([
    ['explore', 'genres=scifiz', { genres: 'scifiz' }],
    ['explore', 'yearFrom=2020&yearTo=2010', { yearFrom: '2020', yearTo: '2010' }],
    ['explore', 'mediaType=radio', { mediaType: 'radio' }],
    ['predict', 'genre=Drama&budgetLevel=11&quarter=3', { genre: 'Drama', budgetLevel: '11', quarter: '3' }],
    ['predict', 'genre=Drama&budgetLevel=5&quarter=Q5', { genre: 'Drama', budgetLevel: '5', quarter: 'Q5' }],
    ['compare', 'kind=title&left=Oppenheimerr%20Zzz&right=Barbie', { kind: 'title', left: 'Oppenheimerr Zzz', right: 'Barbie' }],
    // JavaScript built-in names (issue 20): looked up in Maps, they are unknown words, not Object's properties.
    ['explore', 'genres=constructor', { genres: 'constructor' }],
    ['explore', 'mediaType=__proto__', { mediaType: '__proto__' }],
    ['predict', 'genre=Drama&budgetLevel=toString&quarter=3', { genre: 'Drama', budgetLevel: 'toString', quarter: '3' }],
  ] as const)("refuses bad %s parameters (%s) with 400 and the core's own message", async (stage, query, raw) => {
    const res = await app().request(`/api/stage/${stage}?${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ApiError;
    const expected = coreMessage(stage, raw);
    expect(body.error).toEqual({ message: expected.message, field: expected.field, suggestions: [...expected.suggestions] });
  });

  it('keys Head-to-Head titles in the state and labels them for the pickers', async () => {
    const res = await app().request('/api/stage/compare?left=Oppenheimer&right=Barbie');
    const view = (await res.json()) as StageBoard;
    expect(view.state.query).toMatch(/^kind=title&left=movie%3A\d+&right=movie%3A\d+$/);
    expect(view.state.labels).toEqual({ left: 'Oppenheimer (movie, 2023)', right: 'Barbie (movie, 2023)' });
  });

  it('names the stages for an unknown one', async () => {
    const res = await app().request('/api/stage/guess');
    expect(res.status).toBe(404);
    expect(((await res.json()) as ApiError).error.suggestions).toEqual([...STAGES]);
  });

  it('finds titles as you type, most voted first, with labels the core resolves back', async () => {
    const res = await app().request('/api/titles?q=oppenh');
    const body = (await res.json()) as { titles: { label: string; value: string; mediaType: string }[] };
    expect(body.titles[0]).toMatchObject({ label: 'Oppenheimer', mediaType: 'movie' });
    const params = validateParams('compare', { kind: 'title', left: body.titles[0].value, right: 'Barbie' }, catalog);
    expect(params.left).toMatch(/^movie:\d+$/);
    const none = (await (await app().request('/api/titles?q=o')).json()) as { titles: unknown[] };
    expect(none.titles).toEqual([]);
  });
});

describe('pages', () => {
  it('sends a streamed page and the API with the security headers: CSP without eval or inline scripts, no referrer, no sniffing, no caching', async () => {
    for (const path of ['/dashboard/explore?genres=Drama', '/api/stage/explore?genres=Drama']) {
      const res = await app().request(path);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self';");
      expect(csp, path).not.toContain('unsafe-eval');
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('cache-control'), path).toContain('no-store');
      await res.arrayBuffer();
    }
    const page = await app().request('/dashboard/explore');
    expect(page.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    // No inline script the CSP would block: scripts are files, the only inline block is JSON data.
    const html = await page.text();
    expect(html.match(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>/g)).toBeNull();
  });

  it('serves each of the six stages with the data date, the attribution and all six in the navigation', async () => {
    for (const stage of STAGES) {
      const res = await app().request(`/dashboard/${stage}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`Data as of ${catalog.meta.asOf}`);
      expect(html).toContain(TMDB_ATTRIBUTION);
      expect(html.match(/data-stage="/g)).toHaveLength(6);
      expect(html).toContain(`aria-current="page"><small>${STAGES.indexOf(stage) + 1} · ${stage}`);
    }
  });

  it('serves the vega builds from node_modules, cacheable for good under their versioned URL', async () => {
    const html = await (await app().request('/dashboard/explore')).text();
    // Preloaded by the page, run once its server-drawn charts are painted (the versioned URL is in its config too).
    const versioned = /<link rel="preload" href="(assets\/vega-embed\.min\.js\?v=[\w-]+)" as="script">/.exec(html)?.[1];
    expect(versioned).toBeDefined();
    expect(html).toContain(`"${versioned}"`);
    const res = await app().request(`/dashboard/${versioned}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(await res.text()).toContain('vegaEmbed');
    const again = await app().request('/dashboard/assets/vega-embed.min.js', { headers: { 'if-none-match': res.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
    expect((await app().request('/dashboard/assets/..%2Fapp.ts')).status).toBe(404);
  });
  it('sends assets and views compressed to a browser that accepts it, each encoding with its own tag', async () => {
    const plain = await app().request('/dashboard/assets/vega.min.js');
    const source = await plain.text();
    expect(plain.headers.get('content-encoding')).toBeNull();
    const br = await app().request('/dashboard/assets/vega.min.js', { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('accept-encoding');
    const bytes = Buffer.from(await br.arrayBuffer());
    expect(bytes.length).toBeLessThan(source.length / 3);
    expect(brotliDecompressSync(bytes).toString('utf8')).toBe(source);
    expect(br.headers.get('etag')).not.toBe(plain.headers.get('etag'));
    const gz = await app().request('/dashboard/assets/vega.min.js', { headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8')).toBe(source);

    const view = await app().request('/api/stage/explore?mediaType=tv', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(view.status).toBe(200);
    expect(view.headers.get('content-encoding')).toBe('gzip');
    const json = JSON.parse(gunzipSync(Buffer.from(await view.arrayBuffer())).toString('utf8')) as StageBoard;
    expect(json.result.params).toMatchObject({ mediaType: 'tv' });
    const identity = await app().request('/api/stage/explore?mediaType=tv');
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(((await identity.json()) as StageBoard).charts.length).toBe(json.charts.length);
  });

  it('redirects the root to the first page', async () => {
    const root = await app().request('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('dashboard/explore');
  });
});

describe('failures', () => {
  it('answers a failure with a plain sentence, never a stack trace', async () => {
    const broken = createDashboardApp({
      catalog: () => Promise.reject(new Error('catalog file unreadable at /secret/path')),
      config: loadConfig({}),
      now: () => now,
    });
    const api = await broken.request('/api/stage/explore');
    expect(api.status).toBe(500);
    const text = await api.text();
    expect(JSON.parse(text).error.message).toMatch(/could not compute this view/);
    expect(text).not.toMatch(/unreadable|\/secret|\n\s+at /);
    const page = await broken.request('/dashboard/explore');
    expect(page.status).toBe(500);
    expect(await page.text()).not.toMatch(/unreadable|\n\s+at /);
  });

  it('answers the model stages without models when they cannot load, and says so', async () => {
    const modelless = createDashboardApp({
      catalog: () => catalog,
      models: () => Promise.reject(new Error('no model bundle')),
      config: loadConfig({}),
      now: () => now,
    });
    const res = await modelless.request('/api/stage/predict?genre=Drama&quarter=2&budgetLevel=4');
    expect(res.status).toBe(200);
    const view = (await res.json()) as StageBoard;
    expect(view.result.stage === 'predict' && view.result.data.prediction).toBeNull();
    expect(view.result.notes.join(' ')).toMatch(/model/i);
  });
});

describe('signed links', () => {
  const signed = app({ GREENLIGHT_LINK_SECRET: secret });
  const link = (ttlSeconds = 3600, at = now) =>
    new URL(
      dashboardLink(
        'explore',
        { mediaType: 'movie', genres: ['Science Fiction', 'Drama'], yearFrom: 2010 },
        { baseUrl: 'http://127.0.0.1', secret, now: at, ttlSeconds },
      ),
    );

  it('opens a good link, sets a short-lived session cookie, and the session then carries in-page changes', async () => {
    const url = link();
    const page = await signed.request(`${url.pathname}${url.search}`);
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=\\d+\\.[\\w-]+; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax`));
    const session = cookie.split(';')[0];
    const api = await signed.request('/api/stage/explore?mediaType=tv&genres=Horror', { headers: { cookie: session } });
    expect(api.status).toBe(200);
    expect(((await api.json()) as StageBoard).result.params).toMatchObject({ mediaType: 'tv', genres: ['Horror'] });
    const apiByLink = await signed.request(`/api/stage/explore${url.search}`);
    expect(apiByLink.status).toBe(200);
  });

  it('refuses a missing signature with a clear 403 page (no stack trace) and JSON for the API', async () => {
    const page = await signed.request('/dashboard/explore');
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(html).toContain('Signed link needed');
    expect(html).toContain('Open dashboard');
    expect(html).not.toMatch(/Error:|\n\s+at /);
    const api = await signed.request('/api/stage/explore');
    expect(api.status).toBe(403);
    expect(((await api.json()) as ApiError).error.reason).toBe('missing');
    expect((await signed.request('/api/titles?q=dune')).status).toBe(403);
  });

  it('refuses a forged link: a changed parameter, a pushed expiry, a forged session cookie', async () => {
    const url = link();
    url.searchParams.set('yearFrom', '1990');
    const page = await signed.request(`${url.pathname}${url.search}`);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('Link not valid');
    const pushed = link();
    pushed.searchParams.set('exp', String(Number(pushed.searchParams.get('exp')) + 86_400 * 365));
    expect((await signed.request(`/api/stage/explore${pushed.search}`)).status).toBe(403);
    const fake = `${SESSION_COOKIE}=${Math.floor(now.getTime() / 1000) + 3600}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
    expect((await signed.request('/api/stage/explore', { headers: { cookie: fake } })).status).toBe(403);
  });

  it('refuses an expired link with a page saying so', async () => {
    const url = link(60, new Date(now.getTime() - 3600_000));
    const page = await signed.request(`${url.pathname}${url.search}`);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('Link expired');
    const api = await signed.request(`/api/stage/explore${url.search}`);
    expect(((await api.json()) as ApiError).error.reason).toBe('expired');
  });

  it('refuses to start exposed beyond localhost without a secret', () => {
    expect(() => app({ GREENLIGHT_HOST: '0.0.0.0' })).toThrow(ExposedWithoutSecretError);
    expect(() => app({ GREENLIGHT_PUBLIC_URL: 'https://greenlight.example.com' })).toThrow(/GREENLIGHT_LINK_SECRET/);
    expect(() => app({ GREENLIGHT_HOST: '0.0.0.0', GREENLIGHT_LINK_SECRET: secret })).not.toThrow();
  });
});

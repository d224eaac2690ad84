/**
 * The dashboard in Debian's Chromium (playwright-core), over the real core and snapshot, with link signing on:
 * each of the six pages opens from a bot-style signed link and draws every chart; filters, the copilot's
 * controls and the Head-to-Head title pickers update the page in place; screenshots land in out/dashboard/.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { loadModels } from '../../src/core/intelligence/index.ts';
import type { ModelPort } from '../../src/core/model-port.ts';
import { validateParams } from '../../src/core/params.ts';
import { STAGES, type StageName } from '../../src/core/types.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { TMDB_ATTRIBUTION } from '../../src/reply/reply.ts';
import { dashboardLink } from '../../src/reply/links.ts';
import { createDashboardApp } from '../../src/server/dashboard/app.ts';
import { listen, type RunningDashboard } from '../../src/server/dashboard/standalone.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';
import { chartStates, launchChromium, screenshot, settled } from './browser.ts';

const SHOTS = resolve(process.env.GREENLIGHT_SCREENSHOTS ?? 'out/dashboard');
/** Trained models are cached here by catalog fingerprint: the first run trains (~20 s), later runs reload. */
const MODELS_DIR = resolve('.greenlight/test');
const secret = 'browser-test-secret-0123456789abcdef';
const now = new Date('2026-01-01T12:00:00Z');
/** Generous: two shared cores can be very busy; a page normally settles in about a second. */
const TEST_TIMEOUT = 90_000;
const POLL = { timeout: 20_000 };

/** What a chat reply would link to for each stage (parameters as the bot's intents carry them). */
const ASKED: Record<StageName, Record<string, unknown>> = {
  explore: { type: 'movies', genres: 'Drama, Comedy', years: '2000-2025' },
  understand: { genres: 'Thriller' },
  identify: { type: 'movie', years: '2010-2025' },
  predict: { genre: 'sci-fi', type: 'movie', budget: 7, quarter: 'Q3' },
  forecast: { genres: 'Horror, Drama, Comedy' },
  compare: { left: 'Drama', right: 'Comedy' },
};

let catalog: Catalog;
let server: RunningDashboard;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
  const models: Promise<ModelPort> = loadModels(catalog, { dataDir: MODELS_DIR });
  await models;
  const config = loadConfig({ GREENLIGHT_LINK_SECRET: secret });
  const app = createDashboardApp({ catalog: () => catalog, models: () => models, config, now: () => now });
  server = await listen(app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function botLink(stage: StageName): string {
  const params = validateParams(stage, ASKED[stage], catalog);
  return dashboardLink(stage, params, { baseUrl: server.url, secret, now: new Date(), ttlSeconds: 600 });
}

/** A fresh browser (no session cookie) on `url`, with page errors and the URLs it requested collected. */
async function open(url: string): Promise<{ page: Page; errors: string[]; requested: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const errors: string[] = [];
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  return { page, errors, requested };
}

async function expectAllChartsDrawn(page: Page): Promise<string[]> {
  const charts = await chartStates(page);
  expect(charts.length).toBeGreaterThanOrEqual(1);
  for (const chart of charts) {
    expect(chart, chart.id).toMatchObject({ state: 'rendered', drawn: true, error: '' });
    expect(chart.marks, `${chart.id} marks`).toBeGreaterThan(0);
  }
  expect(await page.locator('#status .error').count()).toBe(0);
  return charts.map((c) => c.fingerprint);
}

function changed(before: string[], after: string[]): number {
  return after.filter((f, i) => f !== before[i]).length;
}

describe('the six pages from bot-style signed links', { timeout: TEST_TIMEOUT }, () => {
  it.each(STAGES.map((s, i) => [i + 1, s] as const))('page %i, %s, draws every chart from the page alone', async (_n, stage) => {
    const link = botLink(stage);
    const { page, errors, requested } = await open(link);
    expect(await settled(page)).toBe('ready');
    await expectAllChartsDrawn(page);
    // The page carried its view's charts and state: the browser did not fetch the view again.
    expect(requested.filter((url) => url.includes('/api/stage/'))).toEqual([]);
    const text = await page.locator('body').innerText();
    expect(text).toContain(`Data as of ${catalog.meta.asOf}`);
    expect(text).toContain(TMDB_ATTRIBUTION);
    expect(await page.locator('nav.stages a[aria-current="page"]').getAttribute('data-stage')).toBe(stage);
    expect(await page.locator('#stage-insights li').count()).toBeGreaterThanOrEqual(1);
    expect(page.url()).toBe(link);
    expect(errors).toEqual([]);
    await screenshot(page, { path: join(SHOTS, `${STAGES.indexOf(stage) + 1}-${stage}.png`), fullPage: true });
  });
});

describe('charts drawn on the server', { timeout: TEST_TIMEOUT }, () => {
  it('a page arrives with every chart drawn and its own bullets, shown even without JavaScript; the live charts replace the pictures', async () => {
    const link = botLink('explore');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, javaScriptEnabled: false });
    contexts.push(context);
    const still = await context.newPage();
    await still.goto(link);
    const cards = await still.$$eval('.chart-card', (nodes) =>
      nodes.map((card) => ({
        id: (card as HTMLElement).dataset.chart ?? '',
        marks: card.querySelectorAll('.vis .picture svg path, .vis .picture svg text').length,
        bullets: Array.from(card.querySelectorAll('aside li'), (li) => li.textContent ?? ''),
      })),
    );
    expect(cards.map((c) => c.id)).toEqual((await import('../../charts/index.ts')).chartCatalog('explore').map((c) => c.id));
    for (const card of cards) {
      expect(card.marks, card.id).toBeGreaterThan(0);
      expect(card.bullets.length, card.id).toBeGreaterThanOrEqual(1);
    }
    // Each chart speaks of what it shows: no two cards carry the same bullets.
    expect(new Set(cards.map((c) => c.bullets.join('|'))).size).toBe(cards.length);
    // The controls arrive showing the link's filters too (movies, Drama and Comedy, 2000–2025).
    const form = await still.$eval('#controls', (f) => ({
      type: (f.querySelector('input[name="mediaType"]:checked') as HTMLInputElement | null)?.value,
      genres: Array.from(f.querySelectorAll('input[name="genres"]:checked'), (i) => (i as HTMLInputElement).value),
      years: [(f.querySelector('#yearFrom') as HTMLInputElement).value, (f.querySelector('#yearTo') as HTMLInputElement).value],
      summary: f.querySelector('details.dropdown summary')?.textContent,
    }));
    expect(form).toEqual({ type: 'movie', genres: ['Comedy', 'Drama'], years: ['2000', '2025'], summary: 'Comedy, Drama' });
    await screenshot(still, { path: join(SHOTS, '1-explore-without-javascript.png') });

    const { page, errors } = await open(link);
    expect(await settled(page)).toBe('ready');
    await expectAllChartsDrawn(page);
    expect(await page.locator('.chart-card .picture').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('when vega cannot load', { timeout: TEST_TIMEOUT }, () => {
  it('keeps the server-drawn charts and says on each that it is not interactive', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    await context.route(/assets\/vega(-embed)?\.min\.js/, (route) => route.fulfill({ status: 503, body: 'unavailable' }));
    const page = await context.newPage();
    await page.goto(botLink('compare'));
    await page.waitForFunction(() => document.querySelectorAll('.chart-card[data-state="error"]').length === document.querySelectorAll('.chart-card').length);
    const cards = await page.$$eval('.chart-card', (nodes) =>
      nodes.map((card) => ({ picture: card.querySelector('.picture svg') !== null, note: card.querySelector('.chart-error')?.textContent ?? '' })),
    );
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) {
      expect(card.picture).toBe(true);
      expect(card.note).toMatch(/^The interactive chart could not be drawn \(Error: .*vega.* did not load\); this is the chart as the server drew it\.$/);
    }
  });
});

describe('interaction without reloads', { timeout: TEST_TIMEOUT }, () => {
  it('a filter change updates the URL and the charts in place, and Back restores the view', async () => {
    const link = botLink('explore');
    const { page } = await open(link);
    await settled(page);
    const before = await expectAllChartsDrawn(page);
    const firstInsight = await page.locator('#stage-insights li').first().innerText();
    await page.evaluate(() => ((window as unknown as { marker: boolean }).marker = true));
    await page.locator('label:has(input[name="mediaType"][value="tv"])').click();
    await settled(page, 2);
    expect(new URL(page.url()).searchParams.get('mediaType')).toBe('tv');
    expect(new URL(page.url()).searchParams.has('sig')).toBe(false);
    const after = await expectAllChartsDrawn(page);
    expect(changed(before, after)).toBeGreaterThanOrEqual(Math.ceil(before.length / 2));
    expect(await page.locator('#stage-insights li').first().innerText()).not.toBe(firstInsight);
    // Same document: no full reload happened.
    expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBe(true);
    // The navigation carries the filters to the pages that share them.
    expect(await page.locator('nav a[data-stage="identify"]').getAttribute('href')).toContain('mediaType=tv');
    expect(await page.locator('nav a[data-stage="predict"]').getAttribute('href')).toBe('predict');

    await page.goBack();
    await settled(page, 3);
    expect(page.url()).toBe(link);
    expect(await page.locator('input[name="mediaType"][value="movie"]').isChecked()).toBe(true);
  });

  it('hover shows a tooltip, and scatter charts zoom with the wheel', async () => {
    const { page } = await open(botLink('explore'));
    await settled(page);
    const bar = page.locator('.chart-card').first().locator('.vis svg.marks g.mark-rect.role-mark path').first();
    await bar.hover();
    await expect.poll(() => page.locator('#vg-tooltip-element.visible').count(), POLL).toBe(1);
    expect((await page.locator('#vg-tooltip-element').innerText()).length).toBeGreaterThan(3);

    const zoomable = await page.evaluate(() => document.querySelectorAll('.chart-card[data-zoom="true"]').length);
    expect(zoomable).toBeGreaterThanOrEqual(1);
    const card = page.locator('.chart-card[data-zoom="true"]').first();
    await card.scrollIntoViewIfNeeded();
    const axisBefore = await card.locator('.vis svg.marks .role-axis-label').first().innerHTML();
    const box = await card.locator('.vis svg.marks').boundingBox();
    if (!box) throw new Error('the zoomable chart has no box');
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
    await page.mouse.wheel(0, -400);
    await expect.poll(() => card.locator('.vis svg.marks .role-axis-label').first().innerHTML(), POLL).not.toBe(axisBefore);
  });

  it('the copilot answers again when its controls change', async () => {
    const { page } = await open(botLink('predict'));
    await settled(page);
    const before = await expectAllChartsDrawn(page);
    const insights = await page.locator('#stage-insights').innerText();
    await page.selectOption('#genre', 'Horror');
    await page.locator('#budgetLevel').evaluate((input) => {
      (input as HTMLInputElement).value = '2';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.selectOption('#quarter', '4');
    await page.waitForFunction(() => new URL(window.location.href).searchParams.get('quarter') === '4');
    await page.waitForFunction(() => document.body.dataset.state === 'ready' && new URL(window.location.href).searchParams.get('budgetLevel') === '2');
    const query = new URL(page.url()).searchParams;
    expect(query.get('genre')).toBe('Horror');
    expect(await page.locator('output[for="budgetLevel"]').innerText()).toBe('2');
    const after = await expectAllChartsDrawn(page);
    expect(changed(before, after)).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#stage-insights').innerText()).not.toBe(insights);
    await screenshot(page, { path: join(SHOTS, '4-predict-changed.png'), fullPage: true });
  });

  it('Head-to-Head compares two titles picked with search-as-you-type', async () => {
    const { page } = await open(botLink('compare'));
    await settled(page);
    await page.locator('label:has(input[name="kind"][value="title"])').click();
    for (const [field, typed, expected] of [
      ['#left-title', 'oppenh', 'Oppenheimer'],
      ['#right-title', 'barbi', 'Barbie'],
    ] as const) {
      await page.locator(field).pressSequentially(typed, { delay: 30 });
      const option = page.locator(`${field}-options li`).first();
      await expect.poll(() => option.textContent(), POLL).toContain(expected);
      await option.dispatchEvent('mousedown');
    }
    await page.waitForFunction(() => new URL(window.location.href).searchParams.get('kind') === 'title' && document.body.dataset.state === 'ready');
    await settled(page, 2);
    const query = new URL(page.url()).searchParams;
    expect(query.get('left')).toMatch(/^movie:\d+$/);
    expect(query.get('right')).toMatch(/^movie:\d+$/);
    expect(await page.locator('#left-title').inputValue()).toMatch(/^Oppenheimer \(movie, \d{4}\)$/);
    await expectAllChartsDrawn(page);
    await screenshot(page, { path: join(SHOTS, '6-compare-titles.png'), fullPage: true });
  });

  it("a bad filter shows the core's message with its suggestion, which fixes the view", async () => {
    const { page } = await open(botLink('explore'));
    await settled(page);
    await page.fill('#yearFrom', '2024');
    await page.fill('#yearTo', '2001');
    await page.waitForFunction(() => document.body.dataset.state === 'error');
    expect(await page.locator('#status .error').innerText()).toContain('The year range 2024-2001 is inverted');
    await page.locator('#status .error button').first().click();
    await settled(page, 2);
    expect(new URL(page.url()).searchParams.get('yearFrom')).toBe('2001');
  });
});

describe('refusals', { timeout: TEST_TIMEOUT }, () => {
  it('an unsigned or forged link gets a clear page', async () => {
    const { page } = await open(`${server.url}/dashboard/explore?mediaType=movie`);
    expect(await page.locator('h1').innerText()).toBe('Signed link needed');
    await screenshot(page, { path: join(SHOTS, '0-refused.png') });
    const forged = botLink('predict').replace('budgetLevel=7', 'budgetLevel=10');
    const second = await open(forged);
    expect(await second.page.locator('h1').innerText()).toBe('Link not valid');
  });
});

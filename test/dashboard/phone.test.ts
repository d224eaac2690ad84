/**
 * The dashboard on a phone (390×844) and on a desktop (1440×900), in Debian's Chromium, over the real core and
 * snapshot: on every page nothing scrolls sideways, no chart text is drawn below 9 px on screen, no two chart
 * labels overlap, and axe-core (run in the page) finds no serious or critical accessibility violation. Also: the
 * stage tabs say when there are more, Escape closes menus, and the compare page never shows a previous answer
 * beside a refusal or a half-asked question. Screenshots land in out/dashboard/ (`phone-*.png`, `desktop-*.png`).
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { loadModels } from '../../src/core/intelligence/index.ts';
import type { ModelPort } from '../../src/core/model-port.ts';
import { STAGES } from '../../src/core/types.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { createDashboardApp } from '../../src/server/dashboard/app.ts';
import { listen, type RunningDashboard } from '../../src/server/dashboard/standalone.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';
import { launchChromium, screenshot, settled } from './browser.ts';

const SHOTS = resolve(process.env.GREENLIGHT_SCREENSHOTS ?? 'out/dashboard');
const MODELS_DIR = resolve('.greenlight/test');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const now = new Date('2026-01-01T12:00:00Z');
const TEST_TIMEOUT = 180_000;

const SIZES = [
  { name: 'phone', width: 390, height: 844, form: 'phone' },
  { name: 'desktop', width: 1440, height: 900, form: 'desktop' },
] as const;

let catalog: Catalog;
let server: RunningDashboard;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
  const models: Promise<ModelPort> = loadModels(catalog, { dataDir: MODELS_DIR });
  await models;
  // No link secret: the dashboard on localhost, as `greenlight serve` runs it by default.
  const app = createDashboardApp({ catalog: () => catalog, models: () => models, config: loadConfig({}), now: () => now });
  server = await listen(app);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(size: (typeof SIZES)[number], path: string): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  // axe-core is injected as a script: the page's CSP (script-src 'self') would refuse it.
  const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/dashboard/${path}`, { waitUntil: 'domcontentloaded' });
  return { page, errors, close: () => context.close() };
}

/** What a page shows of its charts' text, measured on screen: sizes below 9 px and overlapping label pairs. */
function measureChartText(page: Page) {
  return page.evaluate(() => {
    const small: string[] = [];
    const overlaps: string[] = [];
    for (const card of Array.from(document.querySelectorAll<HTMLElement>('.chart-card'))) {
      const boxes: { text: string; box: DOMRect }[] = [];
      for (const text of Array.from(card.querySelectorAll<SVGTextElement>('.vis .live svg text'))) {
        const content = (text.textContent ?? '').trim();
        const box = text.getBoundingClientRect();
        if (content === '' || box.width === 0 || getComputedStyle(text).visibility === 'hidden' || Number(text.getAttribute('opacity') ?? '1') === 0) continue;
        const matrix = text.getScreenCTM();
        const px = Number.parseFloat(getComputedStyle(text).fontSize) * (matrix ? Math.hypot(matrix.a, matrix.b) : 1);
        if (px < 9) small.push(`${card.dataset.chart}: "${content}" ${px.toFixed(1)}px`);
        boxes.push({ text: content, box });
      }
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i].box;
          const b = boxes[j].box;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          // Glyph boxes include line spacing: a pair overlaps when their boxes share more than a sliver.
          if (w > 2 && h > 3) overlaps.push(`${card.dataset.chart}: "${boxes[i].text}" × "${boxes[j].text}"`);
        }
      }
    }
    return { small, overlaps, forms: Array.from(document.querySelectorAll<HTMLElement>('.chart-card')).map((c) => c.dataset.form ?? '') };
  });
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`);
}

describe.each(SIZES)('the six pages at $width×$height', (size) => {
  it.each(STAGES.map((stage, i) => [i + 1, stage] as const))(
    `page %i, %s: no sideways scroll, chart text ≥ 9 px, no overlapping labels, no serious axe violations (${size.name})`,
    async (n, stage) => {
      const { page, errors, close } = await openPage(size, stage);
      try {
        expect(await settled(page)).toBe('ready');
        const scroll = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
        expect(scroll.scroll).toBeLessThanOrEqual(scroll.view);
        const text = await measureChartText(page);
        expect(text.forms.every((f) => f === size.form)).toBe(true);
        expect(text.small).toEqual([]);
        expect(text.overlaps).toEqual([]);
        expect(await axeViolations(page)).toEqual([]);
        expect(errors).toEqual([]);
        await screenshot(page, { path: join(SHOTS, `${size.name}-${n}-${stage}.png`), fullPage: true });
      } finally {
        await close();
      }
    },
    TEST_TIMEOUT,
  );
});

describe('controls on a phone', () => {
  const phone = SIZES[0];

  it(
    'the stage tabs scroll sideways with a cue that there are more, showing the current tab',
    async () => {
      const { page, close } = await openPage(phone, 'forecast');
      try {
        await settled(page);
        const tabs = await page.evaluate(() => {
          const nav = document.querySelector('nav.stages') as HTMLElement;
          const current = nav.querySelector('[aria-current="page"]')!.getBoundingClientRect();
          return {
            overflows: nav.scrollWidth > nav.clientWidth,
            more: nav.parentElement!.dataset.more ?? '',
            currentVisible: current.left >= 0 && current.right <= window.innerWidth,
          };
        });
        expect(tabs.overflows).toBe(true);
        expect(tabs.more).not.toBe('');
        expect(tabs.currentVisible).toBe(true);
      } finally {
        await close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'the genre picker is one column inside the screen, and Escape closes it',
    async () => {
      const { page, close } = await openPage(phone, 'explore');
      try {
        await settled(page);
        await page.locator('details.dropdown summary').click();
        const menu = await page.evaluate(() => {
          const box = document.querySelector('details.dropdown .menu')!;
          const labels = Array.from(box.querySelectorAll('label')).map((l) => l.getBoundingClientRect());
          return { columns: new Set(labels.map((l) => Math.round(l.left))).size, right: box.getBoundingClientRect().right, width: window.innerWidth };
        });
        expect(menu.columns).toBe(1);
        expect(menu.right).toBeLessThanOrEqual(menu.width);
        await page.keyboard.press('Escape');
        expect(await page.locator('details.dropdown[open]').count()).toBe(0);
      } finally {
        await close();
      }
    },
    TEST_TIMEOUT,
  );
});

describe('consistent states on the compare page', () => {
  const desktop = SIZES[1];

  it(
    'a failed lookup clears the previous result, and the message names no internal id',
    async () => {
      const { page, close } = await openPage(desktop, 'compare?kind=genre&left=Drama&right=Comedy');
      try {
        await settled(page);
        expect(await page.locator('.chart-card').count()).toBeGreaterThan(0);
        // Back to a view whose right side the catalog does not have (as an old link or a hand-edited URL would be).
        await page.evaluate(() => {
          window.history.pushState(null, '', '?kind=genre&left=Drama&right=Nonsense');
          window.dispatchEvent(new PopStateEvent('popstate'));
        });
        await page.waitForFunction(() => document.body.dataset.state === 'error');
        expect(await page.locator('.chart-card').count()).toBe(0);
        expect(await page.locator('#stage-insights li').count()).toBe(0);
        const message = await page.locator('#status .error').innerText();
        expect(message).not.toMatch(/(movie|tv):\d+/);
      } finally {
        await close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'switching from genres to titles clears the genre answer until two titles are picked',
    async () => {
      const { page, close } = await openPage(desktop, 'compare?kind=genre&left=Drama&right=Comedy');
      try {
        await settled(page);
        expect(await page.locator('.chart-card').count()).toBeGreaterThan(0);
        await page.locator('.segmented label:has-text("Titles")').click();
        await page.waitForFunction(() => document.querySelectorAll('.chart-card').length === 0);
        expect(await page.locator('#status').innerText()).toContain('Pick a title on each side');
      } finally {
        await close();
      }
    },
    TEST_TIMEOUT,
  );
});
